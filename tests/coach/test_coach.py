"""The whole verdict: the score of a weak and a strong caption, the language, the tone check with and without the
screening models, the JSON form and the template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from duta.coach import OK, SKIPPED, WARN, WEIGHTS, coach, tone, verdict_as_dict
from tests.coach.samples import BRIEF, STRONG, WEAK, check_of

ANGRY = "Saya kesal. Petugas loket itu bodoh dan goblok, pelayanan tidak becus!"
COMPLAINT = "Pelayanan di kantor itu buruk sekali, saya kecewa berat dan kesal menunggu lama."


@pytest.fixture
def no_models(tmp_path: Path) -> Iterator[None]:
    """The tone check's loader pointed at a directory without models."""
    saved = tone.MODEL_DIRECTORY
    tone.MODEL_DIRECTORY = tmp_path / "missing"
    tone.reset()
    yield
    tone.MODEL_DIRECTORY = saved
    tone.reset()


class TestScore:
    def test_a_weak_caption_scores_clearly_below_a_strong_story(self) -> None:
        weak = coach(WEAK, "instagram", BRIEF)
        strong = coach(STRONG, "instagram", BRIEF)

        assert weak.score < 40
        assert strong.score >= 70
        assert strong.score - weak.score >= 40
        assert not strong.blocked
        assert not weak.blocked

    def test_without_a_brief_too(self) -> None:
        assert coach(WEAK, "instagram").score < 40
        assert coach(STRONG, "instagram").score >= 70

    def test_the_score_is_points_over_possible_points(self) -> None:
        verdict = coach(STRONG, "instagram", BRIEF)
        earned = sum(check.points for check in verdict.checks)
        possible = sum(check.possible for check in verdict.checks)

        assert possible == sum(WEIGHTS.values()) == 100
        assert verdict.score == round(100 * earned / possible)

    def test_the_strong_caption_passes_every_check_of_its_brief(self) -> None:
        verdict = coach(STRONG, "instagram", BRIEF)

        assert {check.code: check.status for check in verdict.checks} == {
            "hook": OK,
            "person": OK,
            "story": OK,
            "cta": OK,
            "voice": OK,
            "length": OK,
            "hashtags": OK,
            "key_messages": OK,
            "disclosure": OK,
            "guardrails": OK,
            "tone": OK,
        }
        assert verdict.score == 100
        assert verdict.suggestions == ()

    def test_the_weak_caption_gets_concrete_suggestions(self) -> None:
        with translation.override("en"):
            verdict = coach(WEAK, "instagram", BRIEF)

        text = " ".join(verdict.suggestions)
        assert f"“{WEAK}”" in text  # the first line, quoted
        assert "Pendaftaran online mempersingkat antrean" in text  # the missing key message, named
        assert "#DutaBioFarma" in text


class TestLanguage:
    def test_english_when_english_is_active(self) -> None:
        with translation.override("en"):
            verdict = coach(WEAK, "instagram", BRIEF)

        labels = [check.label for check in verdict.checks]
        assert labels[:5] == [
            "First line",
            "A person at a moment",
            "Problem and resolution",
            "Call to action",
            "Personal voice",
        ]
        assert check_of(verdict, "length").reason == "50 of 2200 characters on Instagram."
        assert all(isinstance(text, str) for text in verdict.suggestions)


class TestTone:
    def test_hostile_words_are_a_warning_with_the_heads_named(self) -> None:
        with translation.override("en"):
            found = coach(ANGRY, "instagram").check("tone")

        assert found is not None
        assert (found.status, found.points, found.possible) == (WARN, 0, 5)
        assert "abusive language" in found.reason
        assert "insult" in found.reason

    def test_a_complaint_is_negative_unless_the_story_resolves_it(self) -> None:
        with translation.override("en"):
            complaint = coach(COMPLAINT, "instagram").check("tone")
            resolved = coach(COMPLAINT + " Akhirnya sekarang lancar.", "instagram").check("tone")

        assert complaint is not None
        assert resolved is not None
        assert complaint.status == WARN
        assert "negative sentiment" in complaint.reason
        assert resolved.status == OK

    def test_it_can_be_turned_off(self) -> None:
        verdict = coach(ANGRY, "instagram", use_classifiers=False)

        assert check_of(verdict, "tone").status == SKIPPED
        assert check_of(verdict, "tone").possible == 0

    @pytest.mark.usefixtures("no_models")
    def test_without_the_models_it_is_skipped_and_the_rest_works(self) -> None:
        assert tone.models() is None

        strong = coach(STRONG, "instagram", BRIEF)
        weak = coach(WEAK, "instagram", BRIEF)
        angry = coach(ANGRY, "instagram")

        assert check_of(strong, "tone").status == SKIPPED
        assert check_of(angry, "tone").status == SKIPPED
        assert strong.score >= 70
        assert weak.score < 40
        assert sum(check.possible for check in strong.checks) == 100 - WEIGHTS["tone"]

    def test_the_models_are_loaded_once(self) -> None:
        tone.reset()
        first = tone.models()

        assert first is not None
        assert tone.models() is first


class TestAsDict:
    def test_it_is_plain_json(self) -> None:
        verdict = coach(STRONG.replace("parkiran", "parkiran rusak"), "x", BRIEF)
        data = json.loads(json.dumps(verdict_as_dict(verdict)))

        assert data["score"] == verdict.score <= 20
        assert data["blocked"] is True
        assert data["blocked_reasons"] == list(verdict.blocked_reasons)
        assert data["suggestions"] == list(verdict.suggestions)
        assert [check["code"] for check in data["checks"]] == list(WEIGHTS)
        assert set(data["checks"][0]) == {"code", "status", "label", "reason", "points", "possible"}
        assert data["checks"][5]["status"] == "fail"  # too long for X


class TestTemplate:
    def test_it_renders_the_score_the_checks_and_the_suggestions(self) -> None:
        with translation.override("en"):
            verdict = coach(WEAK, "instagram", BRIEF)
            html = render_to_string("coach/verdict.html", {"verdict": verdict, "verdict_id": "coach-1"})

        assert 'id="coach-1"' in html
        assert f'value="{verdict.score}"' in html
        assert "<meter" in html
        assert "First line" in html
        assert "coach-fail" in html
        assert "Suggestions" in html
        assert "Pendaftaran online mempersingkat antrean" in html
        assert 'role="alert"' not in html

    def test_a_blocked_verdict_says_so(self) -> None:
        with translation.override("en"):
            verdict = coach("Coblos nomor urut 02, dukung Budi Santoso!", "instagram", BRIEF)
            html = render_to_string("coach/verdict.html", {"verdict": verdict})

        assert 'role="alert"' in html
        assert "This text cannot be shared as it is." in html
        assert "Budi Santoso" in html

    def test_without_a_verdict_it_is_an_empty_target(self) -> None:
        html = render_to_string("coach/verdict.html", {"verdict": None, "verdict_id": "coach-1"})

        assert 'id="coach-1"' in html
        assert "<meter" not in html
