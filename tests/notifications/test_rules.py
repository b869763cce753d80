"""The outbox's pure rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from duta.notifications import rules

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class TestBackoff:
    def test_the_waits_grow_1_5_30_120_minutes(self) -> None:
        assert [rules.retry_delay(attempt) for attempt in range(1, 5)] == [
            timedelta(minutes=1),
            timedelta(minutes=5),
            timedelta(minutes=30),
            timedelta(minutes=120),
        ]

    def test_after_the_last_attempt_there_is_no_next_one(self) -> None:
        assert rules.MAX_ATTEMPTS == 5
        assert rules.retry_delay(5) is None
        assert rules.next_attempt_at(5, NOW) is None

    def test_next_attempt_is_counted_from_now(self) -> None:
        assert rules.next_attempt_at(2, NOW) == NOW + timedelta(minutes=5)

    def test_attempts_count_from_one(self) -> None:
        with pytest.raises(ValueError, match="from 1"):
            rules.retry_delay(0)

    def test_a_custom_schedule(self) -> None:
        assert rules.retry_delay(1, (3,)) == timedelta(minutes=3)
        assert rules.retry_delay(2, (3,)) is None


class TestStuck:
    def test_sending_longer_than_the_timeout_is_stuck(self) -> None:
        timeout = timedelta(minutes=15)
        assert rules.is_stuck(NOW - timedelta(minutes=16), NOW, timeout)
        assert not rules.is_stuck(NOW - timedelta(minutes=14), NOW, timeout)
        assert not rules.is_stuck(None, NOW, timeout)


class TestInternalPath:
    @pytest.mark.parametrize("url", ["/", "/o/contoh/campaigns/3/", "/o/contoh/feed/?tab=crisis#top", "/s/Ab3"])
    def test_paths_on_this_site_are_accepted(self, url: str) -> None:
        assert rules.is_internal_path(url)
        rules.internal_path_validator(url)

    @pytest.mark.parametrize(
        "url",
        [
            "https://evil.test/",
            "http://evil.test/o/contoh/",
            "//evil.test/path",
            "/\\evil.test",
            "\\\\evil.test",
            "/o/contoh\\@evil.test",
            "javascript:alert(1)",
            "evil.test/o/",
            "o/contoh/",
            " /o/contoh/",
            "/o/contoh/\r\nSet-Cookie: a=b",
            "/o/con toh/",
            "mailto:a@b.test",
        ],
    )
    def test_other_hosts_and_tricks_are_refused(self, url: str) -> None:
        assert not rules.is_internal_path(url)
        with pytest.raises(ValidationError):
            rules.internal_path_validator(url)

    def test_an_empty_link_is_allowed_by_the_validator(self) -> None:
        assert not rules.is_internal_path("")
        rules.internal_path_validator("")


class TestPreferences:
    def test_everything_is_on_by_default(self) -> None:
        assert rules.channel_enabled("content", "email", None)
        assert rules.channel_enabled("digest", "in_app", None)

    def test_a_stored_choice_counts(self) -> None:
        assert not rules.channel_enabled("content", "email", False)
        assert rules.channel_enabled("content", "email", True)

    def test_crisis_in_app_cannot_be_turned_off(self) -> None:
        assert rules.is_locked_on("crisis", "in_app")
        assert rules.channel_enabled("crisis", "in_app", False)
        assert not rules.is_locked_on("crisis", "email")
        assert not rules.channel_enabled("crisis", "email", False)


class TestReasonsAndIds:
    def test_a_reason_is_one_short_line(self) -> None:
        assert rules.short_reason("SMTP 550\n  mailbox\tunavailable") == "SMTP 550 mailbox unavailable"
        long = rules.short_reason("x" * 1000)
        assert len(long) == rules.REASON_MAX_CHARS
        assert long.endswith("…")

    def test_the_message_id_depends_only_on_the_delivery(self) -> None:
        assert rules.message_id(42, "https://duta.contoh.go.id") == "<duta.delivery.42@duta.contoh.go.id>"
        assert rules.message_id(42, "https://duta.contoh.go.id") == rules.message_id(42, "https://duta.contoh.go.id")
        assert rules.message_id(43, "https://duta.contoh.go.id") != rules.message_id(42, "https://duta.contoh.go.id")
        assert rules.message_id(7, "http://[::1]:8000") == "<duta.delivery.7@[::1]>"

    def test_chunks(self) -> None:
        assert rules.chunks([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
        assert rules.chunks([], 2) == []
