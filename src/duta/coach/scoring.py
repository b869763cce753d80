"""``coach()``: run every check on a caption and weigh them into a score.

Weights (points out of 100 when every check applies; a skipped check leaves the total, so a caption is scored
only on what could be checked):

    hook 15, person and moment 15, problem and resolution 15   the story (45)
    call to action 10, personal voice 10                       what makes people act and trust (20)
    length 10, hashtags 5                                      the platform (15)
    key messages 10, disclosure 5                              the brief (15; skipped without one)
    tone 5                                                     the classifiers (skipped without them)
    guardrails 0                                               a hit blocks: the score is capped at 20

A check earns its weight times its credit (ok 1, warn in between, fail 0). The score is the points earned over the
points possible, rounded, 0-100.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from duta.coach import checks, story
from duta.coach.platforms import require_platform
from duta.coach.tone import tone_check
from duta.coach.verdicts import BLOCKED, OK, SKIPPED, Caption, Check, CoachBrief, Result, Verdict

WEIGHTS: dict[str, int] = {
    "hook": 15,
    "person": 15,
    "story": 15,
    "cta": 10,
    "voice": 10,
    "length": 10,
    "hashtags": 5,
    "key_messages": 10,
    "disclosure": 5,
    "guardrails": 0,
    "tone": 5,
}
LABELS: dict[str, str] = {
    "hook": gettext_noop("First line"),
    "person": gettext_noop("A person at a moment"),
    "story": gettext_noop("Problem and resolution"),
    "cta": gettext_noop("Call to action"),
    "voice": gettext_noop("Personal voice"),
    "length": gettext_noop("Length"),
    "hashtags": gettext_noop("Hashtags"),
    "key_messages": gettext_noop("Key messages"),
    "disclosure": gettext_noop("Disclosure"),
    "guardrails": gettext_noop("Guardrails"),
    "tone": gettext_noop("Tone"),
}
BLOCKED_SCORE_CAP = 20


def _check(code: str, result: Result) -> Check:
    possible = 0 if result.status == SKIPPED else WEIGHTS[code]
    return Check(
        code=code,
        status=result.status,
        label=_(LABELS[code]),
        reason=result.reason,
        points=round(possible * max(0.0, min(1.0, result.credit))),
        possible=possible,
    )


def coach(text: str, platform: str, brief: CoachBrief | None = None, *, use_classifiers: bool = True) -> Verdict:
    """Score ``text`` as a caption for ``platform`` (a code of ``PLATFORMS``; otherwise ValueError) against the
    optional ``brief``. Instant and offline; the words are in the language active now."""
    require_platform(platform)
    caption = Caption(text or "", platform, brief.disclosure_tag if brief else "")
    stages: list[tuple[str, Callable[[], Result]]] = [
        ("hook", lambda: story.hook(caption)),
        ("person", lambda: story.person_and_moment(caption)),
        ("story", lambda: story.problem_and_resolution(caption)),
        ("cta", lambda: story.call_to_action(caption)),
        ("voice", lambda: story.voice(caption)),
        ("length", lambda: checks.length(caption)),
        ("hashtags", lambda: checks.hashtags(caption, brief)),
        ("key_messages", lambda: checks.key_messages(caption, brief)),
        ("disclosure", lambda: checks.disclosure(caption, brief)),
        ("guardrails", lambda: checks.guardrails(caption, brief)),
    ]
    results = {code: run() for code, run in stages}
    resolved = results["story"].status == OK
    results["tone"] = tone_check(caption, use_classifiers=use_classifiers, resolved=resolved)
    found = [_check(code, result) for code, result in results.items()]
    earned = sum(check.points for check in found)
    possible = sum(check.possible for check in found)
    score = round(100 * earned / possible) if possible else 0
    blocked_reasons = tuple(reason for result in results.values() for reason in result.blocked_reasons)
    blocked = any(result.status == BLOCKED for result in results.values())
    if blocked:
        score = min(score, BLOCKED_SCORE_CAP)
    # the suggestions of the checks that lost the most points first (a block before everything)
    ranked = sorted(
        zip(found, results.values(), strict=True),
        key=lambda pair: (pair[0].status != BLOCKED, -(pair[0].possible - pair[0].points)),
    )
    suggestions = tuple(dict.fromkeys(text for _found, result in ranked for text in result.suggestions))
    return Verdict(
        score=max(0, min(100, score)),
        checks=tuple(found),
        suggestions=suggestions,
        blocked=blocked,
        blocked_reasons=blocked_reasons,
    )
