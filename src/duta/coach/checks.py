"""The checks against the platform and the brief: length, hashtags, key messages, disclosure, guardrails.

Each returns a :class:`~duta.coach.verdicts.Result` (see :mod:`duta.coach.story`); ``None`` brief parts give a
``skipped`` result, which the score leaves out.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duta.coach import lexicons as lex
from duta.coach import words as w
from duta.coach.guardrails import blocklist_hits, election_hits
from duta.coach.platforms import (
    HABIT_LENGTHS,
    HASHTAG_RANGES,
    MIN_LENGTH,
    PLATFORM_LABELS,
    PLATFORM_LIMITS,
    caption_length,
)
from duta.coach.verdicts import BLOCKED, FAIL, OK, SKIPPED, WARN, Caption, CoachBrief, Result, disclosure_pattern

KEY_MESSAGE_SHARE = 0.6  # of a key message's content words that must occur for it to count as covered
HASHTAG_COUNT_SHARE = 0.6  # of the hashtag check's weight for the count; the rest for the brief's hashtags
MAX_NAMED = 3  # key messages or hashtags named in one suggestion


# --- 6. length -------------------------------------------------------------------------------------------------


def length(caption: Caption) -> Result:
    platform = caption.platform
    label = PLATFORM_LABELS[platform]
    count = caption_length(caption.text, platform)
    limit = PLATFORM_LIMITS[platform]
    habit = HABIT_LENGTHS[platform]
    numbers = {"count": count, "limit": limit, "platform": label, "over": count - limit, "habit": habit}
    if count > limit:
        advice = _("Cut at least %(over)d characters.") % numbers
        if platform == "x":
            advice += " " + _("On X every link counts as 23 characters and every emoji as 2.")
        return Result(
            FAIL,
            0,
            _("%(count)d characters: %(over)d over %(platform)s's limit of %(limit)d.") % numbers,
            (advice,),
        )
    if count < MIN_LENGTH:
        return Result(
            WARN,
            0.4,
            _("%(count)d characters: too short to tell a story.") % numbers,
            (_("Add two or three sentences: who, what happened, what changed."),),
        )
    if count > habit:
        return Result(
            WARN,
            0.6,
            _("%(count)d characters: allowed, but long for %(platform)s, where readers stop at about %(habit)d.")
            % numbers,
            (
                _(
                    "Tighten it to about %(habit)d characters: keep the scene, the change and the call to action, "
                    "and move the details to a link or a comment."
                )
                % numbers,
            ),
        )
    return Result(OK, 1, _("%(count)d of %(limit)d characters on %(platform)s.") % numbers)


# --- 7. hashtags -----------------------------------------------------------------------------------------------


def _tag_key(tag: str) -> str:
    return "".join(tag.split()).lstrip("#").casefold()


def hashtags(caption: Caption, brief: CoachBrief | None) -> Result:
    platform = caption.platform
    label = PLATFORM_LABELS[platform]
    allowed = HASHTAG_RANGES[platform]
    found = caption.hashtags
    count = len(found)
    numbers = {"count": count, "platform": label, "low": allowed.low, "high": allowed.high, "hard": allowed.hard}
    suggestions: list[str] = []
    if allowed.low == allowed.high:
        wanted = ngettext("%(high)d hashtag", "%(high)d hashtags", allowed.high) % numbers
    else:
        wanted = _("%(low)d to %(high)d hashtags") % numbers
    counted = ngettext("%(count)d hashtag", "%(count)d hashtags", count) % numbers
    described = {**numbers, "counted": counted, "wanted": wanted}
    if allowed.hard is not None and count > allowed.hard:
        status, credit = FAIL, 0.0
        reason = _("%(counted)s: %(platform)s takes at most %(hard)d.") % described
    elif count > allowed.high or count < allowed.low:
        status, credit = WARN, 0.3
        reason = _("%(counted)s; %(platform)s works best with %(wanted)s.") % described
    else:
        status, credit = OK, 1.0
        reason = _("%(counted)s, right for %(platform)s.") % described
    if count > allowed.high:
        extra = {"extra": w.quoted(f"#{tag}" for tag in found[allowed.high :][:MAX_NAMED]), "platform": label}
        if allowed.high:
            suggestions.append(
                ngettext(
                    "Keep the hashtag that matters most and drop the rest (%(extra)s).",
                    "Keep the %(high)d hashtags that matter most and drop the rest (%(extra)s).",
                    allowed.high,
                )
                % {**extra, "high": allowed.high}
            )
        else:
            suggestions.append(_("Drop the hashtags (%(extra)s): on %(platform)s they read as noise.") % extra)
    elif count < allowed.low:
        suggestions.append(
            ngettext(
                "Add %(missing)d hashtag that people follow on %(platform)s (the campaign's, your city's).",
                "Add %(missing)d hashtags that people follow on %(platform)s (the campaign's, your city's).",
                allowed.low - count,
            )
            % {"missing": allowed.low - count, "platform": label}
        )
    required = [tag.strip() for tag in (brief.hashtags if brief else ()) if tag.strip()]
    if not required:
        return Result(status, credit, reason, tuple(suggestions))
    present = {_tag_key(tag) for tag in found}
    missing = [tag if tag.startswith("#") else f"#{tag}" for tag in required if _tag_key(tag) not in present]
    share = (len(required) - len(missing)) / len(required)
    credit = HASHTAG_COUNT_SHARE * credit + (1 - HASHTAG_COUNT_SHARE) * share
    if missing:
        reason += " " + _("Missing from the brief: %(tags)s.") % {"tags": w.quoted(missing)}
        suggestions.append(_("Add the campaign's hashtags: %(tags)s.") % {"tags": ", ".join(missing)})
        if status == OK:
            status = WARN if share else FAIL
    else:
        reason += " " + _("The brief's hashtags are all there.")
    return Result(status, credit, reason, tuple(suggestions))


# --- 8. key messages -------------------------------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    """The words of a key message that carry its meaning (no function words, no one- or two-letter words)."""
    return list(dict.fromkeys(word for word in w.words(text) if word not in lex.STOPWORDS and len(word) >= 3))


def covers(message: str, text_stems: set[str]) -> bool:
    """Whether enough of ``message``'s content words occur (as any of their crude stems) among ``text_stems``."""
    wanted = content_words(message)
    if not wanted:
        return True
    found = sum(1 for word in wanted if w.stems(word) & text_stems)
    return found >= math.ceil(KEY_MESSAGE_SHARE * len(wanted))


def key_messages(caption: Caption, brief: CoachBrief | None) -> Result:
    messages = [message.strip() for message in (brief.key_messages if brief else ()) if message.strip()]
    if not messages:
        return Result(SKIPPED, 0, _("The brief has no key messages."))
    text_stems: set[str] = set()
    for word in w.words(caption.text):
        text_stems |= w.stems(word)
    missing = [message for message in messages if not covers(message, text_stems)]
    covered = len(messages) - len(missing)
    numbers = {"covered": covered, "total": len(messages)}
    if not missing:
        return Result(
            OK,
            1,
            ngettext("The key message is covered.", "All %(total)d key messages are covered.", len(messages)) % numbers,
        )
    reason = ngettext(
        "%(covered)d of %(total)d key message covered; missing: %(missing)s.",
        "%(covered)d of %(total)d key messages covered; missing: %(missing)s.",
        len(messages),
    ) % {**numbers, "missing": w.quoted(w.shorten(message, 60) for message in missing)}
    suggestions = tuple(
        _("Say the key message “%(message)s” in your own words, for example where you tell what changed.")
        % {"message": w.shorten(message, 100)}
        for message in missing[:MAX_NAMED]
    )
    return Result(WARN if covered else FAIL, covered / len(messages), reason, suggestions)


# --- 9. disclosure ---------------------------------------------------------------------------------------------


def disclosure(caption: Caption, brief: CoachBrief | None) -> Result:
    tag = (brief.disclosure_tag if brief else "").strip()
    if not tag:
        return Result(SKIPPED, 0, _("No disclosure tag is set."))
    if disclosure_pattern(tag).search(caption.text):
        return Result(OK, 1, _("The disclosure “%(tag)s” is there.") % {"tag": tag})
    return Result(
        FAIL,
        0,
        _("The disclosure “%(tag)s” is missing.") % {"tag": tag},
        (
            _(
                "Add “%(tag)s” (at the end is fine) so that readers see you work there: it keeps the post honest "
                "and within the platforms' rules."
            )
            % {"tag": tag},
        ),
    )


# --- 10. guardrails --------------------------------------------------------------------------------------------


def guardrails(caption: Caption, brief: CoachBrief | None) -> Result:
    blocklist = [term for term in (brief.blocklist if brief else ()) if term.strip()]
    election = brief.election if brief else None
    if not blocklist and (election is None or election.empty):
        return Result(SKIPPED, 0, _("No blocklist and no election rules are set."))
    reasons: list[str] = []
    words: list[str] = []
    blocked = blocklist_hits(caption.text, blocklist) if blocklist else []
    if blocked:
        words += blocked
        reasons.append(_("Words on the organization's blocklist: %(words)s.") % {"words": w.quoted(blocked)})
    campaign = election_hits(caption.text, election) if election is not None else []
    if campaign:
        words += campaign
        reasons.append(
            _(
                "Election campaign content (%(words)s): civil servants must stay neutral while election mode is on "
                "(SKB 2/2022)."
            )
            % {"words": w.quoted(campaign)}
        )
    if reasons:
        return Result(
            BLOCKED,
            0,
            " ".join(reasons),
            (_("Remove %(words)s: this text cannot be shared as it is.") % {"words": w.quoted(words)},),
            tuple(reasons),
        )
    if election is not None and not election.empty:
        return Result(OK, 1, _("Nothing on the blocklist, and nothing for a candidate, party or ballot number."))
    return Result(OK, 1, _("Nothing on the blocklist."))
