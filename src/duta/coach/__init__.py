"""The storytelling coach: scores a caption or a draft for one platform, offline and at once, with the reasons
and concrete suggestions in words (Bahasa Indonesia first), and the guardrails that block content.

Pure Python (no models, no ORM). The campaigns app calls it for drafts and content; ``duta coach score`` from the
shell. The screening classifiers add a tone check when they can be loaded (see :mod:`duta.coach.tone`).

    from duta.coach import CoachBrief, coach
    verdict = coach(text, "instagram", CoachBrief(disclosure_tag="#DutaBioFarma"))
    verdict.score, verdict.blocked, [check.reason for check in verdict.checks], verdict.suggestions
"""

from __future__ import annotations

from duta.coach.guardrails import ElectionRules, blocklist_hits, election_hits
from duta.coach.platforms import PLATFORM_LABELS, PLATFORM_LIMITS, PLATFORMS, caption_length
from duta.coach.scoring import BLOCKED_SCORE_CAP, WEIGHTS, coach
from duta.coach.verdicts import (
    BLOCKED,
    FAIL,
    OK,
    SKIPPED,
    STATUSES,
    WARN,
    Check,
    CoachBrief,
    Verdict,
    verdict_as_dict,
)

__all__ = [
    "BLOCKED",
    "BLOCKED_SCORE_CAP",
    "FAIL",
    "OK",
    "PLATFORMS",
    "PLATFORM_LABELS",
    "PLATFORM_LIMITS",
    "SKIPPED",
    "STATUSES",
    "WARN",
    "WEIGHTS",
    "Check",
    "CoachBrief",
    "ElectionRules",
    "Verdict",
    "blocklist_hits",
    "caption_length",
    "coach",
    "election_hits",
    "verdict_as_dict",
]
