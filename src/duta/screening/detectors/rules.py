"""What the listed words mean together: each rule turns the tagged spans of one post into at most one Finding.

A rule reads ``found`` (tag -> spans, from ``PhraseIndex.scan``) and the tokens; it never scans the text again.
The ``detail`` of a Finding made here is still the English message id: the detector translates all details of a
post at once (looking the language up once per post, not once per finding).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_noop as _

from duta.screening.findings import Category, Finding, Source

from . import lexicons as lex
from .matching import Span, evidence, gap

Found = dict[str, list[Span]]

# Tags: which list a span comes from.
PARTY_OR_CANDIDATE = "political.entity"
NOT_CANDIDATE = "political.not_entity"
CAMPAIGN_VERB = "political.verb"
ELECTION_VERB = "political.election_verb"
SLOGAN = "political.slogan"
AFFILIATION = "political.affiliation"
STANDALONE_SLOGAN = "political.standalone_slogan"
BALLOT_URUT = "political.ballot_urut"
BALLOT_HEAD = "political.ballot_head"
BALLOT_CODE = "political.ballot_code"
ENTITY_HEAD = "political.entity_head"
NEWS_CUE = "political.news_cue"
ELECTION_CONTEXT = "political.context"
SLUR = "political.slur"
SLUR_AMBIGUOUS = "political.slur_ambiguous"
HOAX_CHAIN = "hoax.chain"
HOAX_HEALTH = "hoax.health"
HOAX_URGENCY = "hoax.urgency"
HOAX_AUTHORITY = "hoax.authority"
LEAK_DOCUMENT = "leak.document"
EMPLOYER_TARGET = "employer.target"
EMPLOYER_HOSTILE = "employer.hostile"
EMPLOYER_PHRASE = "employer.phrase"
PROFANITY = "abusive.profanity"
INSULT_AMBIGUOUS = "abusive.ambiguous"
PERSON_BEFORE = "abusive.person_before"
PERSON_AFTER = "abusive.person_after"
DASAR = "abusive.dasar"
DASAR_NEUTRAL = "abusive.dasar_neutral"
GROUP = "sara.group"
SARA_SLUR = "sara.slur"
VIOLENT_VERB = "hate.verb"
HATE_TARGET = "hate.target"
HATE_PHRASE = "hate.phrase"
RADICAL_PHRASE = "radicalism.phrase"
RADICAL_TARGET = "radicalism.target"
JIHAD = "radicalism.jihad"
JIHAD_VIOLENCE = "radicalism.jihad_violence"
SUICIDE_BOMBING = "radicalism.suicide_bombing"
ENDORSEMENT = "radicalism.endorsement"
PORNOGRAPHY = "pornography.term"


def organization_tag(category: Category) -> str:
    return f"organization.{category.value}"


CAMPAIGN_WINDOW = 3  # tokens between a campaign word and the party or candidate
BALLOT_WINDOW = 3
AFFILIATION_WINDOW = 1
NEWS_WINDOW = 4  # tokens between a news word and the campaign phrase it reports
EMPLOYER_WINDOW = 3
JIHAD_WINDOW = 3
ENDORSEMENT_WINDOW = 4
_NEGATIONS = frozenset(lex.NEGATIONS)
_BALLOT_WORDS = frozenset(lex.BALLOT_WORDS)
_BALLOT_HEADS = frozenset(lex.BALLOT_HEADS)
_GOVERNMENT_WORDS = frozenset(lex.GOVERNMENT_WORDS)
MAX_BALLOT_NUMBER = 30


def _finding(
    category: Category, source: Source, rule: str, tokens: Sequence[str], spans: Iterable[Span], detail: str
) -> Finding:
    return Finding(category, source, rule, evidence(tokens, spans), 1.0, detail)


def _negated(tokens: Sequence[str], span: Span) -> bool:
    """A negation within the two tokens before the span ("bukan jihad", "tidak masuk surga")."""
    return any(token in _NEGATIONS for token in tokens[max(0, span[0] - 2) : span[0]])


def _near(first: Span, second: Span, window: int) -> bool:
    return 0 <= gap(first, second) <= window


def _ballot_number(tokens: Sequence[str], at: int) -> bool:
    if at >= len(tokens):
        return False
    token = tokens[at]
    if token.isascii() and token.isdigit() and len(token) <= 2:
        return 1 <= int(token) <= MAX_BALLOT_NUMBER
    return token in _BALLOT_WORDS


def _number_end(tokens: Sequence[str], at: int) -> int | None:
    """The end of "N", "nomor N" or "nomor urut N" starting at ``at``, or None."""
    if at < len(tokens) and tokens[at] in _BALLOT_HEADS:
        at += 1
        if at < len(tokens) and tokens[at] == "urut":
            at += 1
    return at + 1 if _ballot_number(tokens, at) else None


# --- POLITICAL --------------------------------------------------------------------------------------------------


def _candidates(tokens: Sequence[str], found: Found) -> list[Span]:
    """Parties and candidates by name, and candidates by number ("paslon 2", "capres nomor urut 1")."""
    blocked = found.get(NOT_CANDIDATE, ())
    named = [span for span in found.get(PARTY_OR_CANDIDATE, ()) if all(gap(span, no) >= 0 for no in blocked)]
    for start, end in found.get(ENTITY_HEAD, ()):
        number_end = _number_end(tokens, end)
        if number_end is not None:
            named.append((start, number_end))
    return named


def _campaigns_for(tokens: Sequence[str], word: Span, entity: Span, window: int, *, after: bool) -> bool:
    """The campaign word reaches the name: within ``window`` tokens (after it only, when ``after``), and not
    across a word for the government's programs or offices."""
    if after and entity[0] < word[1]:
        return False
    if not 0 <= gap(word, entity) <= window:
        return False
    between = range(min(word[1], entity[1]), max(word[0], entity[0]))
    return not any(tokens[at] in _GOVERNMENT_WORDS for at in between)


def _reported(span: Span, found: Found, entities: list[Span]) -> bool:
    """Reporting, not campaigning: a news word shortly before ("kpu menetapkan prabowo-gibran nomor urut 2"), or a
    headline with a party or candidate as the subject right before the verb ("golkar dukung prabowo")."""
    if any(0 <= span[0] - cue[1] <= NEWS_WINDOW for cue in found.get(NEWS_CUE, ())):
        return True
    return any(entity[1] == span[0] for entity in entities)


_CAMPAIGN_WORDS = frozenset((CAMPAIGN_VERB, ELECTION_VERB, SLOGAN, BALLOT_URUT, STANDALONE_SLOGAN, AFFILIATION))


def political_campaign(tokens: Sequence[str], found: Found) -> Finding | None:
    if found.keys().isdisjoint(_CAMPAIGN_WORDS):
        return None
    entities = _candidates(tokens, found)
    verbs = [span for span in found.get(CAMPAIGN_VERB, ()) if not _reported(span, found, entities)]
    election_verbs = [span for span in found.get(ELECTION_VERB, ()) if not _reported(span, found, entities)]
    slogans = [span for span in found.get(SLOGAN, ()) if not _reported(span, found, [])]
    weak_ballots = [(start, end + 1) for start, end in found.get(BALLOT_HEAD, ()) if _ballot_number(tokens, end)]
    strong_ballots = list(found.get(BALLOT_CODE, ()))
    for start, end in found.get(BALLOT_URUT, ()):
        if _ballot_number(tokens, end):
            strong_ballots.append((start, end + 1))
            if not _reported((start, end), found, []):
                slogans.append((start, end + 1))
    spans = list(found.get(STANDALONE_SLOGAN, ()))
    for verb in verbs:  # the party or candidate follows the verb
        for entity in entities:
            if _campaigns_for(tokens, verb, entity, CAMPAIGN_WINDOW, after=True):
                spans += (verb, entity)
        for ballot in strong_ballots:
            if 0 <= ballot[0] - verb[1] <= BALLOT_WINDOW - 1:
                spans += (verb, ballot)
    for camp in found.get(AFFILIATION, ()):
        for entity in entities:
            if _campaigns_for(tokens, camp, entity, AFFILIATION_WINDOW, after=True):
                spans += (camp, entity)
    for slogan in slogans:
        for entity in entities:
            if _campaigns_for(tokens, slogan, entity, CAMPAIGN_WINDOW, after=False):
                spans += (slogan, entity)
    for verb in election_verbs:
        for ballot in (*weak_ballots, *strong_ballots):
            if _near(verb, ballot, BALLOT_WINDOW):
                spans += (verb, ballot)
    if not spans:
        return None
    detail = _("Campaign or endorsement words for a party or candidate; civil servants must stay neutral.")
    return _finding(Category.POLITICAL, Source.LEXICON, "lexicon.political.campaign", tokens, spans, detail)


def political_hashtags(written: Sequence[tuple[str, str]], names: frozenset[str]) -> Finding | None:
    """Campaign hashtags in the post (``written``: each hashtag as written and its lower-case name)."""
    shown = tuple(dict.fromkeys(text for text, name in written if name in names))
    if not shown:
        return None
    detail = _("Campaign hashtag; civil servants must stay neutral.")
    return Finding(Category.POLITICAL, Source.LEXICON, "lexicon.political.hashtag", shown, 1.0, detail)


def political_slurs(tokens: Sequence[str], found: Found, hashtags: bool) -> Finding | None:
    if SLUR not in found and SLUR_AMBIGUOUS not in found:
        return None
    spans = list(found.get(SLUR, ()))
    ambiguous = found.get(SLUR_AMBIGUOUS, ())
    if ambiguous:
        words = {tokens[start] for start, _end in ambiguous}
        context = spans or hashtags or len(words) > 1
        context = context or any(found.get(tag) for tag in (PARTY_OR_CANDIDATE, ELECTION_CONTEXT, ENTITY_HEAD))
        if context:
            spans += ambiguous
    if not spans:
        return None
    detail = _("Slur for a political camp.")
    return _finding(Category.POLITICAL, Source.LEXICON, "lexicon.political.slur", tokens, spans, detail)


# --- HOAX, LEAK, PORNOGRAPHY, ORGANIZATION TERMS: the words alone -----------------------------------------------


_HOAX_RULES = (
    (HOAX_CHAIN, "pattern.hoax.chain", _("Chain-message wording, common in hoaxes: a pattern, not proof.")),
    (HOAX_HEALTH, "pattern.hoax.health", _("Miracle-cure claim, common in hoaxes: a pattern, not proof.")),
    (HOAX_URGENCY, "pattern.hoax.urgency", _("Fake urgency, common in hoaxes: a pattern, not proof.")),
    (
        HOAX_AUTHORITY,
        "pattern.hoax.authority",
        _("An unnamed insider or authority as the source, common in hoaxes: a pattern, not proof."),
    ),
)

_HOAX_TAGS = frozenset(tag for tag, _rule, _detail in _HOAX_RULES)


def hoax(tokens: Sequence[str], found: Found) -> list[Finding]:
    if found.keys().isdisjoint(_HOAX_TAGS):
        return []
    return [
        _finding(Category.HOAX, Source.PATTERN, rule, tokens, found[tag], detail)
        for tag, rule, detail in _HOAX_RULES
        if tag in found
    ]


def leak_documents(tokens: Sequence[str], found: Found) -> Finding | None:
    if LEAK_DOCUMENT not in found:
        return None
    detail = _("Wording that marks a secret or internal document.")
    return _finding(Category.LEAK, Source.LEXICON, "lexicon.leak.document", tokens, found[LEAK_DOCUMENT], detail)


def pornography(tokens: Sequence[str], found: Found) -> Finding | None:
    if PORNOGRAPHY not in found:
        return None
    detail = _("Pornographic terms.")
    return _finding(
        Category.PORNOGRAPHY, Source.LEXICON, "lexicon.pornography.term", tokens, found[PORNOGRAPHY], detail
    )


def organization_terms(tokens: Sequence[str], found: Found, categories: Iterable[Category]) -> list[Finding]:
    present = [category for category in categories if organization_tag(category) in found]
    if not present:
        return []
    detail = _("A term your organization added for this category.")
    return [
        _finding(category, Source.LEXICON, f"lexicon.{category.value}.organization", tokens, spans, detail)
        for category in present
        if (spans := found[organization_tag(category)])
    ]


# --- EMPLOYER ---------------------------------------------------------------------------------------------------


def employer(tokens: Sequence[str], found: Found) -> Finding | None:
    if EMPLOYER_PHRASE not in found and EMPLOYER_HOSTILE not in found:
        return None
    spans = list(found.get(EMPLOYER_PHRASE, ()))
    hostile = found.get(EMPLOYER_HOSTILE, ())
    for target in found.get(EMPLOYER_TARGET, ()) if hostile else ():
        for word in hostile:
            if _near(target, word, EMPLOYER_WINDOW):
                spans += (target, word)
    if not spans:
        return None
    detail = _("Hostile words about the employer.")
    return _finding(Category.EMPLOYER, Source.LEXICON, "lexicon.employer.hostile", tokens, spans, detail)


# --- ABUSIVE, SARA, HATE, RADICALISM ----------------------------------------------------------------------------


def _dasar(found: Found) -> list[Span]:
    """ "dasar" as in "you ...!", not as in "sekolah dasar"."""
    neutral = found.get(DASAR_NEUTRAL, ())
    return [span for span in found.get(DASAR, ()) if all(gap(span, phrase) >= 0 for phrase in neutral)]


def abusive(tokens: Sequence[str], found: Found) -> list[Finding]:
    findings: list[Finding] = []
    if PROFANITY not in found and INSULT_AMBIGUOUS not in found:
        return findings
    if PROFANITY in found:
        detail = _("Profanity.")
        findings.append(
            _finding(Category.ABUSIVE, Source.LEXICON, "lexicon.abusive.profanity", tokens, found[PROFANITY], detail)
        )
    spans: list[Span] = []
    before = [*found.get(PERSON_BEFORE, ()), *_dasar(found)]
    after = found.get(PERSON_AFTER, ())
    for insult in found.get(INSULT_AMBIGUOUS, ()):
        spans += [span for ref in before if ref[1] == insult[0] for span in (ref, insult)]
        spans += [span for ref in after if ref[0] == insult[1] for span in (insult, ref)]
    if spans:
        detail = _("Abusive word aimed at a person.")
        findings.append(_finding(Category.ABUSIVE, Source.LEXICON, "lexicon.abusive.insult", tokens, spans, detail))
    return findings


def sara(tokens: Sequence[str], found: Found) -> Finding | None:
    if SARA_SLUR not in found and GROUP not in found:
        return None
    spans = list(found.get(SARA_SLUR, ()))
    groups = found.get(GROUP, ())
    insults = [*found.get(INSULT_AMBIGUOUS, ()), *_dasar(found)] if groups else []
    for group in groups:
        spans += [span for insult in insults if gap(group, insult) == 0 for span in (group, insult)]
    if not spans:
        return None
    detail = _("Slur or insult against a religion, ethnicity, race or group.")
    return _finding(Category.SARA, Source.LEXICON, "lexicon.sara.slur", tokens, spans, detail)


def _violence(tokens: Sequence[str], found: Found, targets: Iterable[Span]) -> list[Span]:
    """A verb of violence or expulsion right before a target ("usir mereka", "bunuh kaum ..."), not negated."""
    spans: list[Span] = []
    verbs = [verb for verb in found.get(VIOLENT_VERB, ()) if not _negated(tokens, verb)]
    for target in targets if verbs else ():
        spans += [span for verb in verbs if 0 <= target[0] - verb[1] <= 1 for span in (verb, target)]
    return spans


def hate(tokens: Sequence[str], found: Found) -> Finding | None:
    if HATE_PHRASE not in found and VIOLENT_VERB not in found:
        return None
    spans = [span for span in found.get(HATE_PHRASE, ()) if not _negated(tokens, span)]
    religious = found.get(RADICAL_TARGET, ())
    targets = [
        target
        for target in (*found.get(GROUP, ()), *found.get(HATE_TARGET, ()))
        if all(gap(target, other) >= 0 for other in religious)  # "bunuh kafir" is radicalism
    ]
    spans += _violence(tokens, found, targets)
    if not spans:
        return None
    detail = _("Call for violence against, or removal of, a person or group.")
    return _finding(Category.HATE, Source.LEXICON, "lexicon.hate.phrase", tokens, spans, detail)


_RADICAL_WORDS = frozenset((RADICAL_PHRASE, VIOLENT_VERB, JIHAD, SUICIDE_BOMBING))


def radicalism(tokens: Sequence[str], found: Found) -> Finding | None:
    if found.keys().isdisjoint(_RADICAL_WORDS):
        return None
    spans = [span for span in found.get(RADICAL_PHRASE, ()) if not _negated(tokens, span)]
    spans += _violence(tokens, found, found.get(RADICAL_TARGET, ()))
    context = (
        (JIHAD, JIHAD_VIOLENCE, JIHAD_WINDOW),  # "jihad" with violence, not "jihad melawan hawa nafsu"
        (SUICIDE_BOMBING, ENDORSEMENT, ENDORSEMENT_WINDOW),  # "bom bunuh diri" praised, not reported
    )
    for subject_tag, context_tag, window in context:
        for subject in found.get(subject_tag, ()):
            for word in found.get(context_tag, ()):
                if _near(subject, word, window) and not _negated(tokens, word) and not _negated(tokens, subject):
                    spans += (subject, word)
    if not spans:
        return None
    detail = _("Radical or violent-extremist phrase.")
    return _finding(Category.RADICALISM, Source.LEXICON, "lexicon.radicalism.phrase", tokens, spans, detail)
