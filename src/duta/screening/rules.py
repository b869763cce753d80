"""How flags add up: a post's categories, the counts over time and the overall level. Pure: no ORM.

The level is set by the first rule that holds, and the rule is kept with it so that a reviewer sees
why (``LevelRule``):

1. **High risk** when at least one post carries a severe category (hate speech, SARA provocation,
   radicalism, pornography, a leak) on firm evidence: a word list or a checked pattern matched, or
   a classifier is at least ``STRONG_CONFIDENCE`` sure.
2. **High risk** when at least ``POLITICAL_HIGH_POSTS`` posts campaign for or against a party or
   candidate: civil servants must stay neutral, and repeated campaigning is not a slip.
3. **Needs a review** when any post is flagged (a classifier alone, a hoax pattern, rough language,
   hostility toward the employer, one or two political posts).
4. **Clear** otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duta.screening.findings import CATEGORY_LABELS, Category, Finding, Source

SEVERE = frozenset({Category.HATE, Category.SARA, Category.RADICALISM, Category.PORNOGRAPHY, Category.LEAK})
STRONG_CONFIDENCE = 0.9
POLITICAL_HIGH_POSTS = 3
CLEAR, REVIEW, HIGH = "clear", "review", "high"
UNDATED = "undated"


def is_firm(finding: Finding) -> bool:
    return finding.source != Source.MODEL or finding.confidence >= STRONG_CONFIDENCE


def categories_of(findings: Iterable[Finding], dismissed: Iterable[str] = ()) -> list[str]:
    """The categories a post is flagged for, in the fixed category order, without those dismissed."""
    found = {finding.category.value for finding in findings} - set(dismissed)
    return [category.value for category in Category if category.value in found]


# --- counts over time ---------------------------------------------------------------------------


def month_of(when: datetime | None) -> str:
    return when.strftime("%Y-%m") if when is not None else UNDATED


def empty_summary() -> dict[str, Any]:
    return {"posts": 0, "flagged": 0, "categories": {}, "firm": {}, "months": {}, "first": None, "last": None}


def summary_add(summary: dict[str, Any], *, when: datetime | None, findings: Sequence[Finding]) -> None:
    """Count one post (flagged or not) into ``summary``, in place."""
    summary["posts"] += 1
    month = summary["months"].setdefault(month_of(when), {"posts": 0, "flagged": 0, "categories": {}})
    month["posts"] += 1
    if when is not None:
        stamp = when.isoformat()
        if summary["first"] is None or stamp < summary["first"]:
            summary["first"] = stamp
        if summary["last"] is None or stamp > summary["last"]:
            summary["last"] = stamp
    if not findings:
        return
    summary["flagged"] += 1
    month["flagged"] += 1
    for category in categories_of(findings):
        summary["categories"][category] = summary["categories"].get(category, 0) + 1
        month["categories"][category] = month["categories"].get(category, 0) + 1
    for category in {finding.category.value for finding in findings if is_firm(finding)}:
        summary["firm"][category] = summary["firm"].get(category, 0) + 1


def summary_merge(summaries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    merged = empty_summary()
    for summary in summaries:
        if not summary:
            continue
        merged["posts"] += summary["posts"]
        merged["flagged"] += summary["flagged"]
        for key in ("categories", "firm"):
            for category, count in summary[key].items():
                merged[key][category] = merged[key].get(category, 0) + count
        for name, month in summary["months"].items():
            into = merged["months"].setdefault(name, {"posts": 0, "flagged": 0, "categories": {}})
            into["posts"] += month["posts"]
            into["flagged"] += month["flagged"]
            for category, count in month["categories"].items():
                into["categories"][category] = into["categories"].get(category, 0) + count
        for key, pick in (("first", min), ("last", max)):
            values = [value for value in (merged[key], summary[key]) if value]
            merged[key] = pick(values) if values else None
    return merged


def summary_dismiss(
    summary: dict[str, Any], *, when: datetime | None, category: str, firm: bool, still_flagged: bool
) -> None:
    """Take back one post's flag for ``category`` after a reviewer said it was wrong, in place."""
    month = summary["months"].get(month_of(when))
    for counts in (summary["categories"], month["categories"] if month else {}):
        if counts.get(category, 0) > 0:
            counts[category] -= 1
            if not counts[category]:
                del counts[category]
    if firm and summary["firm"].get(category, 0) > 0:
        summary["firm"][category] -= 1
        if not summary["firm"][category]:
            del summary["firm"][category]
    if not still_flagged:
        summary["flagged"] = max(summary["flagged"] - 1, 0)
        if month:
            month["flagged"] = max(month["flagged"] - 1, 0)


def timeline(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows per month, oldest first (undated last), with a count per category in the fixed order."""
    months = summary.get("months", {})
    names = sorted(name for name in months if name != UNDATED) + ([UNDATED] if UNDATED in months else [])
    return [
        {
            "month": name,
            "posts": months[name]["posts"],
            "flagged": months[name]["flagged"],
            "counts": [months[name]["categories"].get(category.value, 0) for category in Category],
        }
        for name in names
    ]


# --- the level ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRule:
    level: str
    code: str  # "severe", "political_repeated", "flagged", "none"
    category: str = ""
    posts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"level": self.level, "code": self.code, "category": self.category, "posts": self.posts}


def level_of(summary: Mapping[str, Any]) -> LevelRule:
    firm = summary.get("firm", {})  # posts per category on firm evidence
    for category in Category:
        if category in SEVERE and firm.get(category.value, 0) > 0:
            return LevelRule(HIGH, "severe", category.value, firm[category.value])
    political = summary.get("categories", {}).get(Category.POLITICAL.value, 0)
    if political >= POLITICAL_HIGH_POSTS:
        return LevelRule(HIGH, "political_repeated", Category.POLITICAL.value, political)
    if summary.get("flagged", 0) > 0:
        return LevelRule(REVIEW, "flagged", posts=summary["flagged"])
    return LevelRule(CLEAR, "none")


def level_rule_text(rule: Mapping[str, Any]) -> str:
    """The rule that set the level, in words, in the active language."""
    code, posts = rule.get("code"), rule.get("posts", 0)
    if code == "severe":
        label = CATEGORY_LABELS[Category(rule["category"])]
        return ngettext(
            "High risk: %(posts)d post shows “%(category)s” on firm evidence (a word list, a checked pattern or a "
            "classifier at least %(confidence)d%% sure).",
            "High risk: %(posts)d posts show “%(category)s” on firm evidence (a word list, a checked pattern or a "
            "classifier at least %(confidence)d%% sure).",
            posts,
        ) % {"posts": posts, "category": label, "confidence": round(STRONG_CONFIDENCE * 100)}
    if code == "political_repeated":
        return _(
            "High risk: %(posts)d posts campaign for or against a party or candidate (%(limit)d or more); "
            "civil servants must stay neutral."
        ) % {"posts": posts, "limit": POLITICAL_HIGH_POSTS}
    if code == "flagged":
        return ngettext(
            "Needs a review: %(posts)d post is flagged, none on firm evidence of a severe category.",
            "Needs a review: %(posts)d posts are flagged, none on firm evidence of a severe category.",
            posts,
        ) % {"posts": posts}
    if code == "none":
        return _("Clear: no post is flagged.")
    return ""
