"""The lexicon and pattern detectors of one organization: ``detectors_for(terms).detect(raw, tokens)``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from duta.screening.findings import Category, Finding, OrganizationTerms, Source

from . import lexicons as lex
from . import rules
from .matching import PhraseIndex, normalize_term
from .numbers import NikInfo, NipInfo, find_numbers, mask_number, nik_check, nip_check

_HASHTAG = re.compile(r"#(\w+)")
_CATEGORY_ORDER = {category: order for order, category in enumerate(Category)}
# Django's own catalog translates the month names.
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_NIK_DETAIL = _("valid NIK (%(province)s, born %(born)s, %(sex)s)")
_NIP_DETAIL = _("valid NIP (born %(born)s, appointed %(appointed)s, %(sex)s)")
_WOMAN = _("woman")
_MAN = _("man")
_TRANSLATED: dict[tuple[str | None, str], str] = {}  # (language, message id) -> translation

# Which tag each shipped list carries in the index.
SHIPPED: tuple[tuple[str, tuple[str, ...]], ...] = (
    (rules.PARTY_OR_CANDIDATE, (*lex.PARTIES, *lex.CANDIDATES)),
    (rules.NOT_CANDIDATE, lex.NOT_CANDIDATES),
    (rules.CAMPAIGN_VERB, lex.CAMPAIGN_VERBS),
    (rules.ELECTION_VERB, lex.ELECTION_VERBS),
    (rules.SLOGAN, lex.CAMPAIGN_SLOGANS),
    (rules.STANDALONE_SLOGAN, lex.STANDALONE_SLOGANS),
    (rules.AFFILIATION, lex.AFFILIATIONS),
    (rules.BALLOT_URUT, lex.BALLOT_URUT),
    (rules.BALLOT_HEAD, lex.BALLOT_HEADS),
    (rules.BALLOT_CODE, lex.BALLOT_CODES),
    (rules.ENTITY_HEAD, lex.ENTITY_HEADS),
    (rules.NEWS_CUE, lex.NEWS_CUES),
    (rules.ELECTION_CONTEXT, lex.ELECTION_CONTEXT),
    (rules.SLUR, lex.POLITICAL_SLURS),
    (rules.SLUR_AMBIGUOUS, lex.POLITICAL_SLURS_AMBIGUOUS),
    (rules.HOAX_CHAIN, lex.HOAX_CHAIN),
    (rules.HOAX_HEALTH, lex.HOAX_HEALTH),
    (rules.HOAX_URGENCY, lex.HOAX_URGENCY),
    (rules.HOAX_AUTHORITY, lex.HOAX_AUTHORITY),
    (rules.LEAK_DOCUMENT, lex.LEAK_DOCUMENTS),
    (rules.EMPLOYER_TARGET, lex.EMPLOYER_GENERIC),
    (rules.EMPLOYER_HOSTILE, lex.EMPLOYER_HOSTILE),
    (rules.EMPLOYER_PHRASE, lex.EMPLOYER_PHRASES),
    (rules.PROFANITY, lex.PROFANITY),
    (rules.INSULT_AMBIGUOUS, lex.INSULT_AMBIGUOUS),
    (rules.PERSON_BEFORE, lex.PERSON_BEFORE),
    (rules.PERSON_AFTER, lex.PERSON_AFTER),
    (rules.DASAR, lex.DASAR),
    (rules.DASAR_NEUTRAL, lex.DASAR_NEUTRAL),
    (rules.GROUP, lex.GROUPS),
    (rules.SARA_SLUR, lex.SARA_SLURS),
    (rules.VIOLENT_VERB, lex.VIOLENT_VERBS),
    (rules.HATE_TARGET, lex.HATE_TARGETS),
    (rules.HATE_PHRASE, lex.HATE_PHRASES),
    (rules.RADICAL_PHRASE, lex.RADICAL_PHRASES),
    (rules.RADICAL_TARGET, lex.RADICAL_TARGETS),
    (rules.JIHAD, lex.JIHAD),
    (rules.JIHAD_VIOLENCE, lex.JIHAD_VIOLENCE),
    (rules.SUICIDE_BOMBING, lex.SUICIDE_BOMBING),
    (rules.ENDORSEMENT, lex.ENDORSEMENT),
    (rules.PORNOGRAPHY, lex.PORNOGRAPHY),
)


def _clean(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(term for term in map(normalize_term, terms) if term))


class Detectors:
    """The shipped lexicons and patterns plus one organization's terms, compiled once.

    ``terms.employer_names`` name the employer (for the hostility rule and ``mentions_employer``);
    ``terms.political`` adds candidates, local parties and, written with "#", campaign hashtags; ``terms.leak``
    adds document markings; ``terms.extra`` maps a category value to terms that count for it on their own.
    """

    def __init__(self, terms: OrganizationTerms | None = None) -> None:
        terms = terms or OrganizationTerms()
        entries = [(term, tag) for tag, words in SHIPPED for term in words]
        employer_names = _clean(terms.employer_names)
        entries += [(name, rules.EMPLOYER_TARGET) for name in employer_names]
        hashtags = set(lex.CAMPAIGN_HASHTAGS)
        for term in _clean(terms.political):
            if term.startswith("#"):
                hashtags.add("".join(term[1:].split()))
            else:
                entries.append((term, rules.PARTY_OR_CANDIDATE))
        entries += [(term, rules.organization_tag(Category.LEAK)) for term in _clean(terms.leak)]
        extra_categories = {Category.LEAK} if terms.leak else set()
        for key, words in terms.extra.items():
            try:
                category = Category(key)
            except ValueError:
                raise ValueError(f"OrganizationTerms.extra: {key!r} is not a category") from None
            entries += [(term, rules.organization_tag(category)) for term in _clean(words)]
            extra_categories.add(category)
        self._index = PhraseIndex(entries)
        self._employers = PhraseIndex((name, name) for name in employer_names)
        self._hashtags = frozenset(hashtags)
        self._extra_categories = tuple(category for category in Category if category in extra_categories)

    def detect(self, raw: str, tokens: Sequence[str]) -> list[Finding]:
        """The lexicon and pattern findings of one post: ``raw`` as written, ``tokens`` as normalized."""
        found = self._index.scan(tokens)
        written = [(match.group(), match.group(1).lower()) for match in _HASHTAG.finditer(raw)] if "#" in raw else []
        niks, nips = _personal_numbers(raw)
        findings = self._lexicon_findings(tokens, found, written) if found or written else []
        if not (findings or niks or nips):
            return findings
        translate = _translator()
        findings = [
            Finding(finding.category, finding.source, finding.rule, finding.evidence, 1.0, translate(finding.detail))
            for finding in findings
        ]
        findings += _number_findings(niks, nips, translate)
        findings.sort(key=lambda finding: _CATEGORY_ORDER[finding.category])
        return findings

    def _lexicon_findings(
        self, tokens: Sequence[str], found: rules.Found, written: list[tuple[str, str]]
    ) -> list[Finding]:
        hashtag = rules.political_hashtags(written, self._hashtags) if written else None
        single = (
            rules.political_campaign(tokens, found),
            hashtag,
            rules.political_slurs(tokens, found, hashtags=hashtag is not None),
            rules.leak_documents(tokens, found),
            rules.employer(tokens, found),
            rules.sara(tokens, found),
            rules.hate(tokens, found),
            rules.radicalism(tokens, found),
            rules.pornography(tokens, found),
        )
        findings = [finding for finding in single if finding is not None]
        findings += rules.hoax(tokens, found)
        findings += rules.abusive(tokens, found)
        findings += rules.organization_terms(tokens, found, self._extra_categories)
        return findings

    def mentions_employer(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """The organization's own names for the employer found in ``tokens`` (lower-case, as configured), in the
        order they first appear; the generic words ("kantor", "atasan") are not names."""
        found = self._employers.scan(tokens)
        return tuple(sorted(found, key=lambda name: found[name][0]))


def _translator() -> Callable[[str], str]:
    """Translates message ids into the active language, each one once per process and language."""
    language = get_language()

    def translate(message: str) -> str:
        translated = _TRANSLATED.get((language, message))
        if translated is None:
            translated = _TRANSLATED[language, message] = gettext(message)
        return translated

    return translate


def _personal_numbers(raw: str) -> tuple[dict[str, NikInfo], dict[str, NipInfo]]:
    """The NIK and NIP numbers written in the post that pass their checks, by their digits."""
    niks: dict[str, NikInfo] = {}
    nips: dict[str, NipInfo] = {}
    for digits in find_numbers(raw):
        if len(digits) == 16 and (nik := nik_check(digits)) is not None:
            niks.setdefault(digits, nik)
        elif len(digits) == 18 and (nip := nip_check(digits)) is not None:
            nips.setdefault(digits, nip)
    return niks, nips


def _number_findings(
    niks: dict[str, NikInfo], nips: dict[str, NipInfo], translate: Callable[[str], str]
) -> list[Finding]:
    """One finding for the NIKs and one for the NIPs, numbers masked; the detail says what the number gives away."""

    def born(info: NikInfo | NipInfo) -> str:
        return f"{info.birth_date.day} {translate(_MONTHS[info.birth_date.month])} {info.birth_date.year}"

    def sex(info: NikInfo | NipInfo) -> str:
        return translate(_WOMAN if info.female else _MAN)

    findings = []
    if niks:
        detail = "; ".join(
            translate(_NIK_DETAIL) % {"province": nik.province, "born": born(nik), "sex": sex(nik)}
            for nik in niks.values()
        )
        masked = tuple(dict.fromkeys(mask_number(digits) for digits in niks))
        findings.append(Finding(Category.LEAK, Source.PATTERN, "pattern.leak.nik", masked, 1.0, detail))
    if nips:
        detail = "; ".join(
            translate(_NIP_DETAIL)
            % {
                "born": born(nip),
                "appointed": f"{translate(_MONTHS[nip.appointed.month])} {nip.appointed.year}",
                "sex": sex(nip),
            }
            for nip in nips.values()
        )
        masked = tuple(dict.fromkeys(mask_number(digits) for digits in nips))
        findings.append(Finding(Category.LEAK, Source.PATTERN, "pattern.leak.nip", masked, 1.0, detail))
    return findings


TermsKey = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]


def terms_key(terms: OrganizationTerms | None) -> TermsKey:
    """The organization's terms as a hashable value: normalized, deduplicated, sorted."""
    if terms is None:
        return ((), (), (), ())
    extra = tuple(sorted((key, tuple(sorted(_clean(words)))) for key, words in terms.extra.items()))
    return (
        tuple(sorted(_clean(terms.employer_names))),
        tuple(sorted(_clean(terms.political))),
        tuple(sorted(_clean(terms.leak))),
        tuple((key, words) for key, words in extra if words),
    )


@lru_cache(maxsize=256)
def _detectors(key: TermsKey) -> Detectors:
    employer_names, political, leak, extra = key
    return Detectors(OrganizationTerms(employer_names, political, leak, dict(extra)))


def detectors_for(terms: OrganizationTerms | None) -> Detectors:
    """The detectors for an organization's terms, compiled once per distinct set of terms."""
    return _detectors(terms_key(terms))
