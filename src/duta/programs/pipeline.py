"""Which moves the candidate pipeline allows. Pure: no ORM."""

from __future__ import annotations

APPLIED = "applied"
NOMINATED = "nominated"
ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
SCREENING = "screening"
INTERVIEW = "interview"
TRAINING = "training"
ACTIVE = "active"
PAUSED = "paused"
ALUMNI = "alumni"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"

# applied or nominated -> eligible / not eligible -> screening -> interview -> training -> active
# -> paused / alumni; rejected from any step before active; withdrawn (consent withdrawn) from anywhere.
TRANSITIONS: dict[str, frozenset[str]] = {
    APPLIED: frozenset({ELIGIBLE, NOT_ELIGIBLE, REJECTED, WITHDRAWN}),
    NOMINATED: frozenset({ELIGIBLE, NOT_ELIGIBLE, REJECTED, WITHDRAWN}),
    ELIGIBLE: frozenset({NOT_ELIGIBLE, SCREENING, REJECTED, WITHDRAWN}),
    NOT_ELIGIBLE: frozenset({ELIGIBLE, REJECTED, WITHDRAWN}),
    SCREENING: frozenset({INTERVIEW, REJECTED, WITHDRAWN}),
    INTERVIEW: frozenset({TRAINING, REJECTED, WITHDRAWN}),
    TRAINING: frozenset({ACTIVE, REJECTED, WITHDRAWN}),
    ACTIVE: frozenset({PAUSED, ALUMNI, WITHDRAWN}),
    PAUSED: frozenset({ACTIVE, ALUMNI, WITHDRAWN}),
    ALUMNI: frozenset({WITHDRAWN}),
    REJECTED: frozenset(),
    WITHDRAWN: frozenset({APPLIED}),  # they may apply again, with a new consent
}

OPEN_STAGES = frozenset({APPLIED, NOMINATED})
IN_PROGRAM = frozenset({ELIGIBLE, SCREENING, INTERVIEW, TRAINING, ACTIVE, PAUSED})
CLOSED_STAGES = frozenset({REJECTED, WITHDRAWN})


def can_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in TRANSITIONS.get(from_stage, frozenset())


def next_stages(stage: str) -> list[str]:
    order = list(TRANSITIONS)
    return sorted(TRANSITIONS.get(stage, frozenset()), key=order.index)
