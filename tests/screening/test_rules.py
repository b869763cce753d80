"""How flags add up to counts over time and a level, without a database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.utils import translation

from duta.screening import rules
from duta.screening.findings import Category, Finding, Source

JAN = datetime(2024, 1, 15, 8, 0, tzinfo=UTC)
MAR = datetime(2024, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def lexicon(category: Category) -> Finding:
    return Finding(category, Source.LEXICON, f"lexicon.{category.value}", evidence=("kata",))


def model(category: Category, confidence: float) -> Finding:
    return Finding(category, Source.MODEL, f"model.{category.value}", confidence=confidence)


def summary_of(*posts: tuple[datetime | None, list[Finding]]) -> dict:
    summary = rules.empty_summary()
    for when, findings in posts:
        rules.summary_add(summary, when=when, findings=findings)
    return summary


class TestLevel:
    def test_no_flag_is_clear(self) -> None:
        rule = rules.level_of(summary_of((JAN, []), (MAR, [])))
        assert (rule.level, rule.code) == ("clear", "none")
        assert rules.level_rule_text(rule.as_dict()) == "Clear: no post is flagged."

    def test_a_severe_category_on_a_word_list_is_high_risk(self) -> None:
        rule = rules.level_of(summary_of((JAN, [lexicon(Category.RADICALISM)]), (MAR, [])))
        assert (rule.level, rule.code, rule.category, rule.posts) == ("high", "severe", "radicalism", 1)
        assert "Radicalism" in rules.level_rule_text(rule.as_dict())

    def test_a_classifier_alone_is_firm_only_when_it_is_sure(self) -> None:
        unsure = rules.level_of(summary_of((JAN, [model(Category.HATE, 0.7)])))
        sure = rules.level_of(summary_of((JAN, [model(Category.HATE, 0.95)])))
        assert (unsure.level, unsure.code) == ("review", "flagged")
        assert (sure.level, sure.code) == ("high", "severe")

    def test_rough_language_or_a_hoax_pattern_needs_a_review_only(self) -> None:
        rule = rules.level_of(summary_of((JAN, [lexicon(Category.ABUSIVE)]), (MAR, [lexicon(Category.HOAX)])))
        assert (rule.level, rule.posts) == ("review", 2)
        assert rules.level_rule_text(rule.as_dict()).startswith("Needs a review: 2 posts are flagged")

    def test_repeated_campaigning_is_high_risk(self) -> None:
        two = summary_of(*[(JAN, [lexicon(Category.POLITICAL)])] * 2)
        three = summary_of(*[(JAN, [lexicon(Category.POLITICAL)])] * 3)
        assert rules.level_of(two).level == "review"
        assert (rules.level_of(three).level, rules.level_of(three).code) == ("high", "political_repeated")


class TestCounts:
    def test_counts_per_month_and_category(self) -> None:
        summary = summary_of(
            (JAN, [lexicon(Category.HATE), model(Category.ABUSIVE, 0.8)]),
            (JAN, []),
            (MAR, [lexicon(Category.HATE)]),
            (None, [lexicon(Category.LEAK)]),
        )
        assert (summary["posts"], summary["flagged"]) == (4, 3)
        assert summary["categories"] == {"hate": 2, "abusive": 1, "leak": 1}
        assert summary["first"] == JAN.isoformat()
        assert summary["last"] == MAR.isoformat()
        rows = rules.timeline(summary)
        assert [row["month"] for row in rows] == ["2024-01", "2024-03", "undated"]
        hate = list(Category).index(Category.HATE)
        assert [row["counts"][hate] for row in rows] == [1, 1, 0]
        assert rows[0]["posts"] == 2
        assert rows[0]["flagged"] == 1

    def test_merging_adds_up(self) -> None:
        one = summary_of((JAN, [lexicon(Category.HATE)]))
        two = summary_of((MAR, [lexicon(Category.HATE)]), (MAR, []))
        merged = rules.summary_merge([one, two, {}])
        assert (merged["posts"], merged["flagged"], merged["categories"]) == (3, 2, {"hate": 2})
        assert merged["firm"] == {"hate": 2}
        assert (merged["first"], merged["last"]) == (JAN.isoformat(), MAR.isoformat())

    def test_a_dismissed_flag_stops_counting_and_can_lower_the_level(self) -> None:
        summary = summary_of((JAN, [lexicon(Category.SARA)]), (MAR, [model(Category.ABUSIVE, 0.6)]))
        assert rules.level_of(summary).level == "high"
        rules.summary_dismiss(summary, when=JAN, category="sara", firm=True, still_flagged=False)
        assert summary["categories"] == {"abusive": 1}
        assert summary["firm"] == {}
        assert summary["flagged"] == 1
        assert summary["months"]["2024-01"]["flagged"] == 0
        assert rules.level_of(summary).level == "review"

    def test_categories_keep_a_fixed_order_without_dismissed_ones(self) -> None:
        findings = [lexicon(Category.LEAK), lexicon(Category.HATE), model(Category.HATE, 0.5)]
        assert rules.categories_of(findings) == ["hate", "leak"]
        assert rules.categories_of(findings, dismissed=["hate"]) == ["leak"]
