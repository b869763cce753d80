"""The screening pipeline for a batch of posts: normalize, run the word lists and patterns, run the
classifiers, and turn everything into findings with evidence. No ORM: the CLI scan, the background
job and the benchmark all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from duta.core.exceptions import ApplicationError
from duta.screening.archives import ArchivePost
from duta.screening.classify import Classifiers, classifiers
from duta.screening.detectors import detectors_for
from duta.screening.findings import CATEGORY_LABELS, Category, Finding, OrganizationTerms, Source
from duta.screening.rules import categories_of, summary_add
from duta.screening.text import normalize

BATCH = 512
# the classifier heads that flag a category on their own; "negative" flags hostility only next to the employer's name
HEAD_CATEGORIES: dict[str, Category] = {
    "hate": Category.HATE,
    "abusive": Category.ABUSIVE,
    "sara": Category.SARA,
    "radicalism": Category.RADICALISM,
    "pornography": Category.PORNOGRAPHY,
    "insult": Category.INSULT,
}
EMPLOYER_HEAD = "negative"


@dataclass(frozen=True, slots=True)
class Verdict:
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    @property
    def categories(self) -> list[str]:
        return categories_of(self.findings)


class Screener:
    """Screens batches of post texts for one organization (its extra terms) with the shipped models."""

    def __init__(self, terms: OrganizationTerms | None = None, models: Classifiers | None = None) -> None:
        self.detectors = detectors_for(terms)
        self.models = models if models is not None else classifiers()
        self.thresholds = self.models.thresholds

    def screen(self, texts: Sequence[str]) -> list[Verdict]:
        token_lists = [normalize(text) for text in texts]
        scores = self.models.predict(token_lists)
        verdicts = []
        for index, (text, tokens) in enumerate(zip(texts, token_lists, strict=True)):
            findings = list(self.detectors.detect(text, tokens))
            for head, category in HEAD_CATEGORIES.items():
                confidence = float(scores[head][index])
                if confidence >= self.thresholds[head]:
                    findings.append(Finding(category, Source.MODEL, f"model.{head}", confidence=round(confidence, 3)))
            negative = float(scores[EMPLOYER_HEAD][index])
            if negative >= self.thresholds[EMPLOYER_HEAD]:
                names = self.detectors.mentions_employer(tokens)
                if names:
                    findings.append(
                        Finding(
                            Category.EMPLOYER,
                            Source.MODEL,
                            f"model.{EMPLOYER_HEAD}",
                            evidence=names,
                            confidence=round(negative, 3),
                        )
                    )
            verdicts.append(Verdict(tuple(findings)))
        return verdicts

    def screen_posts(self, posts: Iterable[ArchivePost]) -> Iterator[tuple[ArchivePost, Verdict]]:
        """Screen a stream of posts batch by batch, in order."""
        batch: list[ArchivePost] = []
        for post in posts:
            batch.append(post)
            if len(batch) >= BATCH:
                yield from zip(batch, self.screen([item.text for item in batch]), strict=True)
                batch = []
        if batch:
            yield from zip(batch, self.screen([item.text for item in batch]), strict=True)


def screen_export(
    screener: Screener, posts: Iterable[ArchivePost], summary: dict[str, Any]
) -> Iterator[tuple[ArchivePost, Verdict]]:
    """Screen an export's posts, each once (the parts of one export can repeat a post), counting every post into
    ``summary`` in place; an export without a single post is an error. The background reading and
    ``duta screening scan`` both go through here."""
    seen: set[str] = set()
    for post, verdict in screener.screen_posts(posts):
        if post.source_id in seen:
            continue
        seen.add(post.source_id)
        summary_add(summary, when=post.created_at, findings=verdict.findings)
        yield post, verdict
    if not seen:  # "clear" would be a verdict on nothing
        raise ApplicationError(
            _(
                "No post was found in this file. Check that it is the export of the account's own posts (for "
                "Facebook and Instagram, in JSON format), or that the CSV has rows under date, text, url."
            ),
            code="empty",
        )


# --- in words -----------------------------------------------------------------------------------


def finding_reason(finding: Finding) -> str:
    """One finding as a reviewer reads it: the category, then the evidence."""
    label = CATEGORY_LABELS[finding.category]
    if finding.source == Source.MODEL:
        text = _("%(category)s: the classifier is %(percent)d%% sure") % {
            "category": label,
            "percent": round(finding.confidence * 100),
        }
        if finding.evidence:
            text += _(" (mentions %(words)s)") % {"words": ", ".join(f"“{word}”" for word in finding.evidence)}
        return text
    text = _("%(category)s: %(words)s") % {
        "category": label,
        "words": ", ".join(f"“{word}”" for word in finding.evidence),
    }
    if finding.detail:
        text += f" ({finding.detail})"
    return text


def finding_as_dict(finding: Finding) -> dict[str, Any]:
    return {
        "category": finding.category.value,
        "source": finding.source.value,
        "rule": finding.rule,
        "evidence": list(finding.evidence),
        "confidence": finding.confidence,
        "detail": str(finding.detail),
    }


def finding_from_dict(data: dict[str, Any]) -> Finding:
    return Finding(
        Category(data["category"]),
        Source(data["source"]),
        data["rule"],
        evidence=tuple(data.get("evidence", ())),
        confidence=float(data.get("confidence", 1.0)),
        detail=data.get("detail", ""),
    )
