"""What the coach reads and answers: the brief, the caption as the checks read it, a Verdict made of Checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from duta.coach import words as w
from duta.coach.guardrails import ElectionRules

OK = "ok"
WARN = "warn"
FAIL = "fail"
BLOCKED = "blocked"
SKIPPED = "skipped"  # not scored: nothing to check against (no brief, no classifiers)
STATUSES = (OK, WARN, FAIL, BLOCKED, SKIPPED)


@dataclass(frozen=True)
class CoachBrief:
    """What the organization asks of a caption (all optional)."""

    key_messages: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()  # with or without "#"
    disclosure_tag: str = ""  # e.g. "#DutaBioFarma" or "Pegawai Kementerian X"
    blocklist: tuple[str, ...] = ()
    election: ElectionRules | None = None  # given only while election mode is on


@dataclass(frozen=True)
class Check:
    """One check of a caption: its status, in words, and the points it earned of those it could."""

    code: str
    status: str  # one of STATUSES
    label: str
    reason: str
    points: int
    possible: int


@dataclass(frozen=True)
class Verdict:
    score: int  # 0-100
    checks: tuple[Check, ...]
    suggestions: tuple[str, ...]
    blocked: bool = False
    blocked_reasons: tuple[str, ...] = ()

    def check(self, code: str) -> Check | None:
        return next((check for check in self.checks if check.code == code), None)


@dataclass(frozen=True)
class Result:
    """What one check function found: its status, the share of the check's weight earned, why, and what to do."""

    status: str
    credit: float  # 0.0-1.0
    reason: str
    suggestions: tuple[str, ...] = ()
    blocked_reasons: tuple[str, ...] = ()  # a guardrail's reasons, one per rule that blocks


_BODY_SPACES = re.compile(r"[ \t]+")


@dataclass
class Caption:
    """The caption as the checks read it, worked out once."""

    text: str
    platform: str
    disclosure_tag: str = ""
    lines: list[str] = field(init=False)
    body: str = field(init=False)  # without hashtags and without the disclosure
    body_lines: list[str] = field(init=False)
    tokens: list[w.Token] = field(init=False)  # of the body
    hashtags: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = w.lines(self.text)
        body = w.without_hashtags(self.text)
        if self.disclosure_tag.strip():
            body = disclosure_pattern(self.disclosure_tag).sub(" ", body)
        self.body_lines = [_BODY_SPACES.sub(" ", line) for line in w.lines(body) if w.words(line)]
        self.body = "\n".join(self.body_lines)
        self.tokens = w.tokens(self.body)
        self.hashtags = w.hashtags(self.text)

    @property
    def first_line(self) -> str:
        return self.lines[0] if self.lines else ""


def disclosure_pattern(tag: str) -> re.Pattern[str]:
    """The disclosure tag in any case and with any spacing ("#Duta BioFarma", "pegawai  kementerian x")."""
    return re.compile(r"\s*".join(re.escape(char) for char in tag if not char.isspace()), re.IGNORECASE)


def verdict_as_dict(verdict: Verdict) -> dict[str, Any]:
    """The verdict as JSON-ready data: score, suggestions, checks (and whether it is blocked, and why)."""
    return {
        "score": verdict.score,
        "blocked": verdict.blocked,
        "blocked_reasons": list(verdict.blocked_reasons),
        "suggestions": list(verdict.suggestions),
        "checks": [
            {
                "code": check.code,
                "status": check.status,
                "label": check.label,
                "reason": check.reason,
                "points": check.points,
                "possible": check.possible,
            }
            for check in verdict.checks
        ],
    }
