"""Program texts in the active language: the rules in words, and texts kept in both languages."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from duta.programs.rules import PLATFORM_LABELS, ProgramRules, format_number

GENERATION_NAMES = {
    "boomer": gettext_lazy("baby boomers"),
    "gen_x": gettext_lazy("Gen X"),
    "millennial": gettext_lazy("millennials"),
    "gen_z": gettext_lazy("Gen Z"),
}


def language() -> str:
    return (translation.get_language() or "id").split("-")[0]


def in_language(text_id: str, text_en: str) -> str:
    """Of a text stored in both languages, the one of the active language."""
    return text_id if language() == "id" else text_en


def _platforms(platforms: list[str]) -> str:
    return ", ".join(PLATFORM_LABELS.get(platform, platform) for platform in platforms)


def _follower_lines(rules: ProgramRules, number: Any) -> list[str]:
    groups: dict[int, list[str]] = {}
    for platform, minimum in rules.min_followers.items():
        groups.setdefault(minimum, []).append(platform)
    lines: list[str] = []
    if rules.followers_mode == "any" and len(groups) > 1:
        options = [
            ngettext("%(count)s follower on %(platform)s", "%(count)s followers on %(platform)s", minimum)
            % {"count": number(minimum), "platform": _platforms([platform])}
            for platform, minimum in rules.min_followers.items()
        ]
        lines.append(_("At least one of: %(options)s") % {"options": "; ".join(options)})
    elif rules.followers_mode == "any":
        minimum, platforms = next(iter(groups.items()))
        if minimum == 0:
            text = _("An account on any of: %(platforms)s")
        else:
            text = ngettext(
                "At least %(count)s follower on any of: %(platforms)s",
                "At least %(count)s followers on any of: %(platforms)s",
                minimum,
            )
        lines.append(text % {"count": number(minimum), "platforms": _platforms(platforms)})
    else:
        for minimum, platforms in groups.items():
            if minimum == 0:
                text = ngettext("An account on %(platforms)s", "An account on each of: %(platforms)s", len(platforms))
            elif len(platforms) == 1:
                text = ngettext(
                    "At least %(count)s follower on %(platforms)s",
                    "At least %(count)s followers on %(platforms)s",
                    minimum,
                )
            else:
                text = ngettext(
                    "At least %(count)s follower on each of: %(platforms)s",
                    "At least %(count)s followers on each of: %(platforms)s",
                    minimum,
                )
            lines.append(text % {"count": number(minimum), "platforms": _platforms(platforms)})
    if rules.count_source == "verified":
        lines.append(_("Only follower counts verified by a coordinator count."))
    else:
        lines.append(_("The follower counts that employees declare count; coordinators may verify them."))
    return lines


def rules_in_words(rules: ProgramRules) -> tuple[list[str], list[str]]:
    """(who may join, how the cohort is chosen): one sentence per rule, in the active language."""
    lang = language()

    def number(value: float) -> str:
        return format_number(value, lang)

    eligibility = _follower_lines(rules, number) if rules.min_followers else []
    first, last = rules.birth_year_min, rules.birth_year_max
    if first is not None and last is not None:
        eligibility.append(_("Born from %(first)s to %(last)s") % {"first": first, "last": last})
    elif first is not None:
        eligibility.append(_("Born in %(first)s or later") % {"first": first})
    elif last is not None:
        eligibility.append(_("Born in %(last)s or earlier") % {"last": last})
    if rules.min_tenure_months is not None:
        eligibility.append(
            ngettext(
                "At least %(count)s month of service",
                "At least %(count)s months of service",
                rules.min_tenure_months,
            )
            % {"count": number(rules.min_tenure_months)}
        )
    if rules.units_included:
        eligibility.append(_("Only employees of: %(units)s") % {"units": "; ".join(rules.units_included)})
    if rules.units_excluded:
        eligibility.append(_("Not open to employees of: %(units)s") % {"units": "; ".join(rules.units_excluded)})
    if rules.require_code_of_conduct:
        eligibility.append(_("Accepts the social media code of conduct"))
    if not eligibility:
        eligibility.append(_("Open to every employee on the roster."))

    selection: list[str] = []
    if rules.cohort_size is not None:
        selection.append(
            ngettext("A cohort of %(count)s person", "A cohort of %(count)s people", rules.cohort_size)
            % {"count": number(rules.cohort_size)}
        )
    else:
        selection.append(_("No set cohort size: everyone eligible may be chosen."))
    if rules.max_per_unit is not None:
        values = {"count": number(rules.max_per_unit), "level": number((rules.unit_level or 0) + 1)}
        if rules.unit_level is None:
            text = ngettext(
                "At most %(count)s person per unit", "At most %(count)s people per unit", rules.max_per_unit
            )
        else:
            text = ngettext(
                "At most %(count)s person per unit at level %(level)s of the unit tree (1 is the top)",
                "At most %(count)s people per unit at level %(level)s of the unit tree (1 is the top)",
                rules.max_per_unit,
            )
        selection.append(text % values)
    if rules.generation_mix:
        shares = [
            f"{format_number(share * 100, lang)}% {GENERATION_NAMES.get(key, key)}"
            for key, share in rules.generation_mix.items()
        ]
        selection.append(_("At most, by generation: %(shares)s") % {"shares": ", ".join(shares)})
    selection.append(
        _(
            "The highest scores are chosen first: reach (up to 70 points, from the followers on every platform) "
            "and verified counts (up to 30 points)."
        )
    )
    return eligibility, selection
