"""Program rules: who may join a program, and who gets into its cohort. Pure functions, no ORM.

The pipeline is ``parse_rules`` (the JSON document stored on a program -> ``ProgramRules``),
``evaluate`` (one person's facts -> an ``Evaluation`` with one ``Reason`` per rule checked),
``score`` (a transparent 0..100 score) and ``select_cohort`` (eligible people -> one ``Decision``
each). Services load ``PersonFacts`` from the database and store what comes back; nothing here
touches the database, the clock (``today`` is passed in) or the active language.

Texts. Every ``Reason`` and ``Decision`` carries an Indonesian and an English sentence, both
produced whatever language is active, because they are stored as the record of a decision. They
are built from the template table ``_TEXTS``: one (Indonesian, English) pair per kind of
sentence, with ``%(name)s`` placeholders. The English templates are wrapped in ``gettext_noop``
so that ``makemessages`` extracts them (for later use by the UI), but ``text_id`` always comes
from the explicit Indonesian template, so it is right before the catalogue is translated and does
not change when it is. Numbers are formatted here, not by the locale: Indonesian "1.200" and
"72,5", English "1,200" and "72.5"; years are never grouped ("1990").

Errors. ``parse_rules`` collects every problem in the document and raises ``RulesError`` once;
its messages are for the person editing the rules, so they are translated into the active
language with ``gettext`` (English source strings naming the key, e.g. ``min_followers.x``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, NamedTuple

from django.utils.translation import gettext, gettext_noop, ngettext

PLATFORMS: Final = ("instagram", "facebook", "x", "tiktok", "youtube", "linkedin", "threads")
PLATFORM_LABELS: Final[Mapping[str, str]] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "threads": "Threads",
}
PLATFORM_ALIASES: Final[Mapping[str, str]] = {"twitter": "x"}

# Generation -> (first birth year, last birth year), oldest first.
GENERATIONS: Final[Mapping[str, tuple[int, int]]] = {
    "boomer": (1946, 1964),
    "gen_x": (1965, 1980),
    "millennial": (1981, 1996),
    "gen_z": (1997, 2012),
}

FOLLOWERS_MODES: Final = ("all", "any")
COUNT_SOURCES: Final = ("declared", "verified")
BIRTH_YEAR_RANGE: Final = (1900, 2100)
UNIT_SEPARATOR: Final = " / "

# Score weights: they add up to 100. A new part (screening, training) gets a weight and a
# function in SCORE_PARTS, and the existing weights are scaled down to make room.
REACH_WEIGHT: Final = 70.0
VERIFICATION_WEIGHT: Final = 30.0
FULL_REACH_FOLLOWERS: Final = 1_000_000

KNOWN_KEYS: Final = (
    "min_followers",
    "followers_mode",
    "count_source",
    "birth_year",
    "min_tenure_months",
    "units_included",
    "units_excluded",
    "require_code_of_conduct",
    "cohort_size",
    "max_per_unit",
    "unit_level",
    "generation_mix",
)


# --- data -------------------------------------------------------------------------------------


class RulesError(ValueError):
    """The rules document is invalid; ``messages`` lists every problem, one sentence each."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages: list[str] = list(messages)
        super().__init__(" ".join(self.messages))


@dataclass(frozen=True)
class ProgramRules:
    min_followers: dict[str, int] = field(default_factory=dict)
    followers_mode: str = "all"
    count_source: str = "declared"
    birth_year_min: int | None = None
    birth_year_max: int | None = None
    min_tenure_months: int | None = None
    units_included: tuple[str, ...] = ()
    units_excluded: tuple[str, ...] = ()
    require_code_of_conduct: bool = False
    cohort_size: int | None = None
    max_per_unit: int | None = None
    unit_level: int | None = None
    generation_mix: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowerFact:
    count: int | None
    verified_count: int | None
    handle: str = ""


@dataclass(frozen=True)
class PersonFacts:
    employee_id: str
    name: str
    unit_path: tuple[str, ...]
    birth_date: date | None
    joined_on: date | None
    followers: dict[str, FollowerFact]
    code_of_conduct_accepted: bool = False


@dataclass(frozen=True)
class Reason:
    """One rule checked for one person.

    ``decisive`` is False for the per-platform reasons in followers mode "any": they say how each
    platform fared (``passed`` may be False) but only the overall "followers_mode" reason decides.
    ``Evaluation.eligible`` is computed from the decisive reasons only.
    """

    rule: str
    passed: bool
    text_id: str
    text_en: str
    decisive: bool = True


@dataclass(frozen=True)
class Evaluation:
    employee_id: str
    eligible: bool
    reasons: tuple[Reason, ...]

    @property
    def failed_reasons(self) -> tuple[Reason, ...]:
        """The reasons that make the person ineligible (empty when eligible)."""
        return tuple(reason for reason in self.reasons if reason.decisive and not reason.passed)


@dataclass(frozen=True)
class Decision:
    employee_id: str
    chosen: bool
    score: float
    score_parts: dict[str, float]
    unit: str
    generation: str | None
    reason_id: str
    reason_en: str


# --- texts ------------------------------------------------------------------------------------


class _Both(NamedTuple):
    """A value already written in both languages."""

    id: str
    en: str


_TEXTS: Final[Mapping[str, tuple[str, str]]] = {
    "followers.met": (
        "Pengikut %(platform)s %(count)s ≥ %(minimum)s",
        gettext_noop("%(platform)s followers %(count)s ≥ %(minimum)s"),
    ),
    "followers.below": (
        "Pengikut %(platform)s %(count)s < %(minimum)s",
        gettext_noop("%(platform)s followers %(count)s < %(minimum)s"),
    ),
    "followers.missing": (
        "Akun %(platform)s atau jumlah pengikutnya tidak tercatat",
        gettext_noop("No %(platform)s account or follower count recorded"),
    ),
    "followers.verified_met": (
        "Pengikut %(platform)s %(count)s ≥ %(minimum)s (terverifikasi)",
        gettext_noop("%(platform)s followers %(count)s ≥ %(minimum)s (verified)"),
    ),
    "followers.verified_below": (
        "Pengikut %(platform)s %(count)s < %(minimum)s (terverifikasi)",
        gettext_noop("%(platform)s followers %(count)s < %(minimum)s (verified)"),
    ),
    "followers.unverified": (
        "Pengikut %(platform)s %(count)s belum diverifikasi",
        gettext_noop("%(platform)s followers %(count)s not verified yet"),
    ),
    "followers.verified_below_unverified": (
        "Pengikut %(platform)s terverifikasi %(verified)s < %(minimum)s; %(count)s belum diverifikasi",
        gettext_noop("%(platform)s verified followers %(verified)s < %(minimum)s; %(count)s not verified yet"),
    ),
    "followers_mode.met": (
        "Minimal pengikut terpenuhi di %(platforms)s",
        gettext_noop("Follower minimum met on %(platforms)s"),
    ),
    "followers_mode.unmet": (
        "Minimal pengikut tidak terpenuhi di platform mana pun",
        gettext_noop("Follower minimum not met on any platform"),
    ),
    "birth_year.missing": ("Tanggal lahir tidak tercatat", gettext_noop("Birth date not recorded")),
    "birth_year.within": (
        "Tahun lahir %(year)s dalam rentang %(first)s–%(last)s",
        gettext_noop("Birth year %(year)s within %(first)s–%(last)s"),
    ),
    "birth_year.outside": (
        "Tahun lahir %(year)s di luar rentang %(first)s–%(last)s",
        gettext_noop("Birth year %(year)s outside %(first)s–%(last)s"),
    ),
    "birth_year.min_met": ("Tahun lahir %(year)s ≥ %(first)s", gettext_noop("Birth year %(year)s ≥ %(first)s")),
    "birth_year.min_below": ("Tahun lahir %(year)s < %(first)s", gettext_noop("Birth year %(year)s < %(first)s")),
    "birth_year.max_met": ("Tahun lahir %(year)s ≤ %(last)s", gettext_noop("Birth year %(year)s ≤ %(last)s")),
    "birth_year.max_above": ("Tahun lahir %(year)s > %(last)s", gettext_noop("Birth year %(year)s > %(last)s")),
    "tenure.missing": ("Tanggal mulai bekerja tidak tercatat", gettext_noop("Start date not recorded")),
    "tenure.met": ("Masa kerja %(tenure)s ≥ %(minimum)s", gettext_noop("Tenure %(tenure)s ≥ %(minimum)s")),
    "tenure.below": ("Masa kerja %(tenure)s < %(minimum)s", gettext_noop("Tenure %(tenure)s < %(minimum)s")),
    "units_included.missing": ("Unit kerja tidak tercatat", gettext_noop("Work unit not recorded")),
    "units_included.within": ("Unit %(unit)s termasuk %(path)s", gettext_noop("Unit %(unit)s is within %(path)s")),
    "units_included.outside": (
        "Unit %(unit)s di luar unit yang diikutkan: %(units)s",
        gettext_noop("Unit %(unit)s is outside the included units: %(units)s"),
    ),
    "units_excluded.missing": (
        "Tanpa unit kerja, tidak termasuk unit yang dikecualikan",
        gettext_noop("No work unit, so not within an excluded unit"),
    ),
    "units_excluded.outside": (
        "Unit %(unit)s tidak termasuk unit yang dikecualikan",
        gettext_noop("Unit %(unit)s is not within an excluded unit"),
    ),
    "units_excluded.within": (
        "Unit %(unit)s termasuk unit yang dikecualikan: %(path)s",
        gettext_noop("Unit %(unit)s is within the excluded unit %(path)s"),
    ),
    "code_of_conduct.accepted": (
        "Kode etik bermedia sosial sudah disetujui",
        gettext_noop("Social media code of conduct accepted"),
    ),
    "code_of_conduct.missing": (
        "Kode etik bermedia sosial belum disetujui",
        gettext_noop("Social media code of conduct not accepted yet"),
    ),
    "decision.chosen": (
        "Terpilih: skor %(score)s, peringkat %(rank)s",
        gettext_noop("Chosen: score %(score)s, rank %(rank)s"),
    ),
    "decision.cohort_full": (
        "Tidak terpilih: angkatan sudah %(size)s",
        gettext_noop("Not chosen: the cohort already has %(size)s"),
    ),
    "decision.unit_full": (
        "Tidak terpilih: unit %(unit)s sudah %(count)s (maksimum %(maximum)s)",
        gettext_noop("Not chosen: unit %(unit)s already has %(count)s (maximum %(maximum)s)"),
    ),
    "decision.no_unit_full": (
        "Tidak terpilih: sudah %(count)s tanpa unit kerja (maksimum %(maximum)s)",
        gettext_noop("Not chosen: already %(count)s without a work unit (maximum %(maximum)s)"),
    ),
    "decision.generation_full": (
        "Tidak terpilih: kuota generasi %(generation)s penuh",
        gettext_noop("Not chosen: the %(generation)s quota is full"),
    ),
}

_GENERATION_LABELS: Final[Mapping[str, _Both]] = {
    "boomer": _Both("baby boomer", "baby boomer"),
    "gen_x": _Both("X", "Gen X"),
    "millennial": _Both("milenial", "millennial"),
    "gen_z": _Both("Z", "Gen Z"),
}


def format_number(value: float, language: str, *, decimals: int = 0) -> str:
    """Group thousands and write decimals the way ``language`` ("id" or "en") does.

    >>> format_number(1200, "id"), format_number(1200, "en"), format_number(72.5, "id", decimals=1)
    ('1.200', '1,200', '72,5')
    """
    text = f"{value:,.{decimals}f}"
    if language == "id":
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _months(count: int) -> _Both:
    unit = "month" if count == 1 else "months"
    return _Both(f"{format_number(count, 'id')} bulan", f"{format_number(count, 'en')} {unit}")


def _people(count: int) -> _Both:
    unit = "person" if count == 1 else "people"
    return _Both(f"{format_number(count, 'id')} orang", f"{format_number(count, 'en')} {unit}")


def _localize(value: object, language: str) -> object:
    if isinstance(value, _Both):
        return value.id if language == "id" else value.en
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, language)
    if isinstance(value, float):
        return format_number(value, language, decimals=1)
    return value


def _render(key: str, **values: object) -> tuple[str, str]:
    """Both sentences of ``_TEXTS[key]``. Pass years as ``str`` so that they are not grouped."""
    template_id, template_en = _TEXTS[key]
    return (
        template_id % {name: _localize(value, "id") for name, value in values.items()},
        template_en % {name: _localize(value, "en") for name, value in values.items()},
    )


def _reason(rule: str, passed: bool, key: str, *, decisive: bool = True, **values: object) -> Reason:
    text_id, text_en = _render(key, **values)
    return Reason(rule=rule, passed=passed, text_id=text_id, text_en=text_en, decisive=decisive)


# --- small pure helpers -----------------------------------------------------------------------


def generation_of(birth_year: int) -> str | None:
    """The generation key for a birth year, or None outside 1946–2012."""
    for key, (first, last) in GENERATIONS.items():
        if first <= birth_year <= last:
            return key
    return None


def _add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - date(year, month, 1)).days
    return date(year, month, min(day.day, last_day))


def tenure_months(joined_on: date, today: date) -> int:
    """Whole months from ``joined_on`` to ``today`` (0 if not started yet).

    A month is complete on the same day of a later month, or on its last day when that month is
    shorter: joined 31 January, one month on 28 February.
    """
    months = (today.year - joined_on.year) * 12 + today.month - joined_on.month
    if months > 0 and _add_months(joined_on, months) > today:
        months -= 1
    return max(months, 0)


def _unit_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def split_unit_path(text: str) -> tuple[str, ...]:
    """``"Sekretariat Jenderal /  Biro Humas"`` -> ``("Sekretariat Jenderal", "Biro Humas")``."""
    return tuple(" ".join(part.split()) for part in text.split("/"))


def unit_label(unit_path: Sequence[str]) -> str:
    return UNIT_SEPARATOR.join(unit_path)


def unit_within(unit_path: Sequence[str], rule_path: str) -> bool:
    """True when the unit at ``unit_path`` is the unit ``rule_path`` names, or inside it.

    A path of several names ("Sekretariat Jenderal / Biro Humas") is read from the top of the
    tree. A single name ("Biro Humas") names every unit of that name at any depth, so a program
    can name a unit without spelling out its parents. Names compare without regard to case or
    repeated spaces, and whole names only ("Biro" is not "Biro Humas").
    """
    person = [_unit_key(name) for name in unit_path]
    rule = [_unit_key(name) for name in split_unit_path(rule_path)]
    if not person or not rule or not all(rule):
        return False
    if len(rule) == 1:
        return rule[0] in person
    return person[: len(rule)] == rule


def cohort_unit(unit_path: Sequence[str], unit_level: int | None) -> tuple[str, ...]:
    """The unit a person counts against for ``max_per_unit``.

    ``unit_level`` None: the person's own unit. Level n: the person's ancestor at depth n (0 = top
    level); a person whose own unit lies above that depth counts against their own unit.
    """
    if unit_level is None:
        return tuple(unit_path)
    return tuple(unit_path[: unit_level + 1])


def generation_quotas(generation_mix: Mapping[str, float], size: int) -> dict[str, int]:
    """Most people per generation in a cohort of ``size``: floor(share * size), at least 1.

    Generations not in the mix (and people with no birth date) have no limit.
    """
    return {key: max(1, math.floor(round(share * size, 9))) for key, share in generation_mix.items() if share > 0}


# --- parsing ----------------------------------------------------------------------------------


def _show(value: object) -> str:
    """A value as the person wrote it in JSON, shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole_number(value: object, key: str, minimum: int, errors: list[str]) -> int | None:
    """``value`` when it is an int of at least ``minimum``; None (no rule) for null."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    errors.append(
        gettext("%(key)s must be a whole number of at least %(minimum)s, got %(got)s.")
        % {"key": key, "minimum": minimum, "got": _show(value)}
    )
    return None


def _choice(value: object, key: str, choices: Sequence[str], default: str, errors: list[str]) -> str:
    if value is None:
        return default
    if isinstance(value, str) and value in choices:
        return value
    errors.append(
        gettext("%(key)s must be one of %(choices)s, got %(got)s.")
        % {"key": key, "choices": ", ".join(f'"{choice}"' for choice in choices), "got": _show(value)}
    )
    return default


def _min_followers(value: object, errors: list[str]) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(
            gettext('min_followers must be an object such as {"instagram": 500}, got %(got)s.') % {"got": _show(value)}
        )
        return {}
    found: dict[str, int] = {}
    written_as: dict[str, str] = {}
    for raw_key, minimum in value.items():
        key = f"min_followers.{raw_key}"
        name = str(raw_key).strip().lower()
        platform = PLATFORM_ALIASES.get(name, name)
        if platform not in PLATFORMS:
            errors.append(
                gettext("%(key)s is not a known platform; known platforms: %(known)s (twitter is accepted for x).")
                % {"key": key, "known": ", ".join(PLATFORMS)}
            )
            continue
        if platform in written_as:
            errors.append(
                gettext("%(key)s and %(other)s name the same platform; keep one.")
                % {"key": key, "other": f"min_followers.{written_as[platform]}"}
            )
            continue
        written_as[platform] = str(raw_key)
        if minimum is None:
            errors.append(
                gettext("%(key)s must be a whole number of at least %(minimum)s, got %(got)s.")
                % {"key": key, "minimum": 0, "got": _show(minimum)}
            )
            continue
        number = _whole_number(minimum, key, 0, errors)
        if number is not None:
            found[platform] = number
    return {platform: found[platform] for platform in PLATFORMS if platform in found}


def _birth_year(value: object, errors: list[str]) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if not isinstance(value, dict):
        errors.append(
            gettext('birth_year must be an object such as {"min": 1981, "max": 1996}, got %(got)s.')
            % {"got": _show(value)}
        )
        return None, None
    for unknown in (str(key) for key in value if key not in ("min", "max")):
        errors.append(gettext("%(key)s is not a known key; known keys: min, max.") % {"key": f"birth_year.{unknown}"})
    first, last = BIRTH_YEAR_RANGE
    years: list[int | None] = []
    for bound in ("min", "max"):
        year = value.get(bound)
        if year is None:
            years.append(None)
            continue
        if isinstance(year, int) and not isinstance(year, bool) and first <= year <= last:
            years.append(year)
            continue
        errors.append(
            gettext("%(key)s must be a year from %(first)s to %(last)s, got %(got)s.")
            % {"key": f"birth_year.{bound}", "first": first, "last": last, "got": _show(year)}
        )
        years.append(None)
    year_min, year_max = years
    if year_min is not None and year_max is not None and year_min > year_max:
        errors.append(
            gettext("birth_year.min (%(min)s) must not be greater than birth_year.max (%(max)s).")
            % {"min": year_min, "max": year_max}
        )
    return year_min, year_max


def _unit_paths(value: object, key: str, errors: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.append(
            gettext('%(key)s must be a list of unit paths such as ["Sekretariat Jenderal / Biro Humas"], got %(got)s.')
            % {"key": key, "got": _show(value)}
        )
        return ()
    paths: list[str] = []
    for index, item in enumerate(value):
        names = split_unit_path(item) if isinstance(item, str) else ()
        if not names or not all(names):
            errors.append(
                gettext('%(key)s must be a unit path such as "Sekretariat Jenderal / Biro Humas", got %(got)s.')
                % {"key": f"{key}[{index}]", "got": _show(item)}
            )
            continue
        paths.append(unit_label(names))
    return tuple(paths)


def _generation_mix(value: object, errors: list[str]) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(
            gettext('generation_mix must be an object such as {"millennial": 0.7, "gen_z": 0.3}, got %(got)s.')
            % {"got": _show(value)}
        )
        return {}
    found: dict[str, float] = {}
    for raw_key, share in value.items():
        key = f"generation_mix.{raw_key}"
        if raw_key not in GENERATIONS:
            errors.append(
                gettext("%(key)s is not a known generation; known generations: %(known)s.")
                % {"key": key, "known": ", ".join(GENERATIONS)}
            )
            continue
        if isinstance(share, int | float) and not isinstance(share, bool) and 0 < share <= 1:
            found[raw_key] = float(share)
            continue
        errors.append(
            gettext("%(key)s must be a share greater than 0 and at most 1, got %(got)s.")
            % {"key": key, "got": _show(share)}
        )
    return {key: found[key] for key in GENERATIONS if key in found}


def parse_rules(data: object) -> ProgramRules:
    """Read the program's rules document; raise ``RulesError`` listing every problem at once.

    Every key is optional and null means "no rule" (or the default). ``"twitter"`` is read as
    ``"x"`` in min_followers. Unit paths are tidied ("A /  B" -> "A / B"). A birth year must lie
    in 1900–2100, which catches typos like 198.
    """
    if not isinstance(data, dict):
        raise RulesError([gettext("Program rules must be a JSON object, got %(got)s.") % {"got": _show(data)}])
    errors: list[str] = []
    unknown = [str(key) for key in data if key not in KNOWN_KEYS]
    if unknown:
        errors.append(
            ngettext(
                "Unknown key %(keys)s; known keys: %(known)s.",
                "Unknown keys %(keys)s; known keys: %(known)s.",
                len(unknown),
            )
            % {"keys": ", ".join(f'"{key}"' for key in unknown), "known": ", ".join(KNOWN_KEYS)}
        )
    min_followers = _min_followers(data.get("min_followers"), errors)
    followers_mode = _choice(data.get("followers_mode"), "followers_mode", FOLLOWERS_MODES, "all", errors)
    count_source = _choice(data.get("count_source"), "count_source", COUNT_SOURCES, "declared", errors)
    birth_year_min, birth_year_max = _birth_year(data.get("birth_year"), errors)
    min_tenure_months = _whole_number(data.get("min_tenure_months"), "min_tenure_months", 0, errors)
    units_included = _unit_paths(data.get("units_included"), "units_included", errors)
    units_excluded = _unit_paths(data.get("units_excluded"), "units_excluded", errors)
    require_code_of_conduct = data.get("require_code_of_conduct")
    if require_code_of_conduct is None:
        require_code_of_conduct = False
    elif not isinstance(require_code_of_conduct, bool):
        errors.append(
            gettext("require_code_of_conduct must be true or false, got %(got)s.")
            % {"got": _show(require_code_of_conduct)}
        )
        require_code_of_conduct = False
    cohort_size = _whole_number(data.get("cohort_size"), "cohort_size", 1, errors)
    max_per_unit = _whole_number(data.get("max_per_unit"), "max_per_unit", 1, errors)
    unit_level = _whole_number(data.get("unit_level"), "unit_level", 0, errors)
    generation_mix = _generation_mix(data.get("generation_mix"), errors)
    if errors:
        raise RulesError(errors)
    return ProgramRules(
        min_followers=min_followers,
        followers_mode=followers_mode,
        count_source=count_source,
        birth_year_min=birth_year_min,
        birth_year_max=birth_year_max,
        min_tenure_months=min_tenure_months,
        units_included=units_included,
        units_excluded=units_excluded,
        require_code_of_conduct=require_code_of_conduct,
        cohort_size=cohort_size,
        max_per_unit=max_per_unit,
        unit_level=unit_level,
        generation_mix=generation_mix,
    )


def _in_order(keys: Iterable[str], order: Sequence[str]) -> list[str]:
    return sorted(keys, key=lambda key: (order.index(key) if key in order else len(order), key))


def rules_to_json(rules: ProgramRules) -> dict[str, object]:
    """The canonical document: every key present, null for "no rule", platforms and generations
    in the order of ``PLATFORMS`` and ``GENERATIONS``. ``parse_rules(rules_to_json(r)) == r``."""
    return {
        "min_followers": {key: rules.min_followers[key] for key in _in_order(rules.min_followers, PLATFORMS)},
        "followers_mode": rules.followers_mode,
        "count_source": rules.count_source,
        "birth_year": {"min": rules.birth_year_min, "max": rules.birth_year_max},
        "min_tenure_months": rules.min_tenure_months,
        "units_included": list(rules.units_included),
        "units_excluded": list(rules.units_excluded),
        "require_code_of_conduct": rules.require_code_of_conduct,
        "cohort_size": rules.cohort_size,
        "max_per_unit": rules.max_per_unit,
        "unit_level": rules.unit_level,
        "generation_mix": {
            key: rules.generation_mix[key] for key in _in_order(rules.generation_mix, tuple(GENERATIONS))
        },
    }


# --- evaluation -------------------------------------------------------------------------------


def _platform_reason(platform: str, minimum: int, fact: FollowerFact | None, rules: ProgramRules) -> Reason:
    rule = f"min_followers.{platform}"
    decisive = rules.followers_mode == "all"
    label = PLATFORM_LABELS.get(platform, platform)
    count = fact.count if fact is not None else None
    verified = fact.verified_count if fact is not None else None
    values: dict[str, object] = {"platform": label, "minimum": minimum}
    if rules.count_source == "verified":
        if verified is None:
            if count is None:
                return _reason(rule, False, "followers.missing", decisive=decisive, platform=label)
            return _reason(rule, False, "followers.unverified", decisive=decisive, platform=label, count=count)
        if verified >= minimum:
            return _reason(rule, True, "followers.verified_met", decisive=decisive, count=verified, **values)
        if count is not None and count >= minimum:
            key = "followers.verified_below_unverified"
            return _reason(rule, False, key, decisive=decisive, verified=verified, count=count, **values)
        return _reason(rule, False, "followers.verified_below", decisive=decisive, count=verified, **values)
    if count is None:
        count = verified
    if count is None:
        return _reason(rule, False, "followers.missing", decisive=decisive, platform=label)
    key = "followers.met" if count >= minimum else "followers.below"
    return _reason(rule, count >= minimum, key, decisive=decisive, count=count, **values)


def _follower_reasons(person: PersonFacts, rules: ProgramRules) -> list[Reason]:
    reasons = [
        _platform_reason(platform, rules.min_followers[platform], person.followers.get(platform), rules)
        for platform in _in_order(rules.min_followers, PLATFORMS)
    ]
    if rules.followers_mode == "any" and reasons:
        met = [PLATFORM_LABELS.get(r.rule.split(".", 1)[1], r.rule) for r in reasons if r.passed]
        if met:
            reasons.append(_reason("followers_mode", True, "followers_mode.met", platforms=", ".join(met)))
        else:
            reasons.append(_reason("followers_mode", False, "followers_mode.unmet"))
    return reasons


def _birth_year_reason(birth_date: date | None, first: int | None, last: int | None) -> Reason:
    rule = "birth_year"
    if birth_date is None:
        return _reason(rule, False, "birth_year.missing")
    year = birth_date.year
    if first is not None and last is not None:
        passed = first <= year <= last
        key = "birth_year.within" if passed else "birth_year.outside"
        return _reason(rule, passed, key, year=str(year), first=str(first), last=str(last))
    if first is not None:
        passed = year >= first
        key = "birth_year.min_met" if passed else "birth_year.min_below"
        return _reason(rule, passed, key, year=str(year), first=str(first))
    assert last is not None
    passed = year <= last
    key = "birth_year.max_met" if passed else "birth_year.max_above"
    return _reason(rule, passed, key, year=str(year), last=str(last))


def _units_included_reason(unit_path: tuple[str, ...], paths: tuple[str, ...]) -> Reason:
    rule = "units_included"
    if not unit_path:
        return _reason(rule, False, "units_included.missing")
    unit = unit_label(unit_path)
    for path in paths:
        if unit_within(unit_path, path):
            return _reason(rule, True, "units_included.within", unit=unit, path=path)
    return _reason(rule, False, "units_included.outside", unit=unit, units="; ".join(paths))


def _units_excluded_reason(unit_path: tuple[str, ...], paths: tuple[str, ...]) -> Reason:
    rule = "units_excluded"
    if not unit_path:
        return _reason(rule, True, "units_excluded.missing")
    unit = unit_label(unit_path)
    for path in paths:
        if unit_within(unit_path, path):
            return _reason(rule, False, "units_excluded.within", unit=unit, path=path)
    return _reason(rule, True, "units_excluded.outside", unit=unit)


def evaluate(person: PersonFacts, rules: ProgramRules, *, today: date) -> Evaluation:
    """Check ``person`` against every rule that is set; one ``Reason`` per check, in this order:
    min_followers.<platform> (in ``PLATFORMS`` order), followers_mode (mode "any" only),
    birth_year, min_tenure_months, units_included, units_excluded, code_of_conduct.

    Followers. A platform's count is the latest recorded one (``count_source`` "declared") or the
    latest verified one ("verified"; a count that is only declared fails as "not verified yet").
    A missing account fails, so a minimum of 0 means "must have an account". In mode "all" each
    platform's reason decides. In mode "any" the per-platform reasons are informative
    (``decisive=False``, ``passed`` says whether that platform met its minimum) and the overall
    "followers_mode" reason, passed when at least one platform met its minimum, decides.

    Missing data (no birth date, no start date, no unit) fails the rule that needs it, in words.
    ``eligible`` is True when every decisive reason passed (so also when no rule is set).
    """
    reasons = _follower_reasons(person, rules)
    if rules.birth_year_min is not None or rules.birth_year_max is not None:
        reasons.append(_birth_year_reason(person.birth_date, rules.birth_year_min, rules.birth_year_max))
    if rules.min_tenure_months is not None:
        minimum = _months(rules.min_tenure_months)
        if person.joined_on is None:
            reasons.append(_reason("min_tenure_months", False, "tenure.missing"))
        else:
            months = tenure_months(person.joined_on, today)
            passed = months >= rules.min_tenure_months
            key = "tenure.met" if passed else "tenure.below"
            reasons.append(_reason("min_tenure_months", passed, key, tenure=_months(months), minimum=minimum))
    if rules.units_included:
        reasons.append(_units_included_reason(person.unit_path, rules.units_included))
    if rules.units_excluded:
        reasons.append(_units_excluded_reason(person.unit_path, rules.units_excluded))
    if rules.require_code_of_conduct:
        accepted = person.code_of_conduct_accepted
        key = "code_of_conduct.accepted" if accepted else "code_of_conduct.missing"
        reasons.append(_reason("code_of_conduct", accepted, key))
    eligible = all(reason.passed for reason in reasons if reason.decisive)
    return Evaluation(employee_id=person.employee_id, eligible=eligible, reasons=tuple(reasons))


# --- scoring ----------------------------------------------------------------------------------


def _recorded_counts(person: PersonFacts) -> list[tuple[int, bool]]:
    """(count, verified?) for every platform with a count; the latest count, else the verified one."""
    counts: list[tuple[int, bool]] = []
    for fact in person.followers.values():
        count = fact.count if fact.count is not None else fact.verified_count
        if count is not None:
            counts.append((max(count, 0), fact.verified_count is not None))
    return counts


def reach_part(person: PersonFacts) -> float:
    """70 * min(1, log10(1 + total followers) / 6): 1,000,000 followers over all platforms = 70."""
    total = sum(count for count, _ in _recorded_counts(person))
    return REACH_WEIGHT * min(1.0, math.log10(1 + total) / math.log10(FULL_REACH_FOLLOWERS))


def verification_part(person: PersonFacts) -> float:
    """30 * the share of the person's platform counts that have a verified count (0 with none)."""
    counts = _recorded_counts(person)
    if not counts:
        return 0.0
    return VERIFICATION_WEIGHT * sum(1 for _, verified in counts if verified) / len(counts)


SCORE_PARTS: Final[tuple[tuple[str, Callable[[PersonFacts], float]], ...]] = (
    ("reach", reach_part),
    ("verification", verification_part),
)


def score(person: PersonFacts) -> tuple[float, dict[str, float]]:
    """A transparent score from 0 to 100 and its parts, each rounded to 1 decimal.

    score = reach + verification, where
      reach        = 70 * min(1, log10(1 + total followers over platforms) / 6)
                     (log scale: 1,000 followers = 35, 1,000,000 or more = 70);
      verification = 30 * (platforms with a verified count / platforms with any count).
    The score is the sum of the rounded parts, so the parts shown add up to it exactly. To add a
    part (screening, training), add (name, function) to ``SCORE_PARTS`` and rebalance the weights.
    """
    parts = {name: round(part(person), 1) for name, part in SCORE_PARTS}
    return round(sum(parts.values()), 1), parts


# --- cohort selection -------------------------------------------------------------------------


def select_cohort(people: Sequence[PersonFacts], rules: ProgramRules, *, size: int | None = None) -> list[Decision]:
    """Choose up to ``size`` of the (eligible) ``people``, maximizing the score under the limits.

    ``size`` defaults to ``rules.cohort_size``, else everyone. Limits: at most
    ``rules.max_per_unit`` people per unit (the unit at ``rules.unit_level``, see ``cohort_unit``;
    people with no unit share one group) and at most ``generation_quotas(...)`` per generation.

    The method is greedy: people are taken in score order (ties: higher verification part, then
    employee_id), each one chosen unless the cohort is full, their unit is full or their
    generation's quota is full (the first of these is the reason given). Greedy is simple to
    explain and deterministic; it can miss the best total score in rare cases where limits
    interact. Returns one Decision per person: the chosen in rank order, then the others in
    score order.
    """
    target = size if size is not None else rules.cohort_size if rules.cohort_size is not None else len(people)
    if target < 0:
        raise ValueError(f"Cohort size must be at least 0, got {target}.")
    ids = [person.employee_id for person in people]
    if len(set(ids)) != len(ids):
        raise ValueError("Each person may be given only once (duplicate employee_id).")
    quotas = generation_quotas(rules.generation_mix, target)
    scored = [(person, *score(person)) for person in people]
    scored.sort(key=lambda item: (-item[1], -item[2].get("verification", 0.0), item[0].employee_id))

    chosen: list[Decision] = []
    others: list[Decision] = []
    per_unit: dict[tuple[str, ...], int] = {}
    per_generation: dict[str, int] = {}
    for person, total, parts in scored:
        unit_path = cohort_unit(person.unit_path, rules.unit_level)
        unit_key = tuple(_unit_key(name) for name in unit_path)
        generation = generation_of(person.birth_date.year) if person.birth_date is not None else None
        in_unit = per_unit.get(unit_key, 0)
        if len(chosen) >= target:
            text = _render("decision.cohort_full", size=_people(target))
        elif rules.max_per_unit is not None and in_unit >= rules.max_per_unit:
            key = "decision.unit_full" if unit_path else "decision.no_unit_full"
            text = _render(key, unit=unit_label(unit_path), count=_people(in_unit), maximum=rules.max_per_unit)
        elif generation is not None and per_generation.get(generation, 0) >= quotas.get(generation, target + 1):
            text = _render("decision.generation_full", generation=_GENERATION_LABELS[generation])
        else:
            per_unit[unit_key] = in_unit + 1
            if generation is not None:
                per_generation[generation] = per_generation.get(generation, 0) + 1
            text = _render("decision.chosen", score=total, rank=len(chosen) + 1)
            chosen.append(_decision(person, True, total, parts, unit_path, generation, text))
            continue
        others.append(_decision(person, False, total, parts, unit_path, generation, text))
    return chosen + others


def _decision(
    person: PersonFacts,
    chosen: bool,
    total: float,
    parts: dict[str, float],
    unit_path: tuple[str, ...],
    generation: str | None,
    text: tuple[str, str],
) -> Decision:
    return Decision(
        employee_id=person.employee_id,
        chosen=chosen,
        score=total,
        score_parts=parts,
        unit=unit_label(unit_path),
        generation=generation,
        reason_id=text[0],
        reason_en=text[1],
    )
