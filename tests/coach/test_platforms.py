"""Platform codes, limits and how each platform counts a caption's length."""

from __future__ import annotations

import pytest

from duta.coach import PLATFORM_LIMITS, PLATFORMS, caption_length, coach


class TestPlatforms:
    def test_every_platform_has_a_limit(self) -> None:
        assert set(PLATFORMS) == set(PLATFORM_LIMITS)
        assert PLATFORM_LIMITS["x"] == 280
        assert PLATFORM_LIMITS["instagram"] == 2200
        assert PLATFORM_LIMITS["threads"] == 500

    @pytest.mark.parametrize("platform", ["twitter", "Instagram", "", "myspace"])
    def test_an_unknown_platform_is_a_value_error(self, platform: str) -> None:
        with pytest.raises(ValueError, match="Unknown platform"):
            coach("Saya perawat.", platform)
        with pytest.raises(ValueError, match="Unknown platform"):
            caption_length("Saya perawat.", platform)


class TestXLength:
    def test_plain_latin_text_counts_one_per_character(self) -> None:
        assert caption_length("Saya perawat, café!", "x") == 19

    @pytest.mark.parametrize(
        "url", ["https://example.com/a/very/long/path?with=query&and=more", "http://a.co", "www.kemkes.go.id/layanan"]
    )
    def test_every_link_counts_23(self, url: str) -> None:
        assert caption_length(f"Cek {url} sekarang", "x") == 4 + 23 + 9

    def test_a_bare_domain_is_a_link_too_but_a_time_is_not(self) -> None:
        assert caption_length("bit.ly/daftar", "x") == 23
        assert caption_length("pukul 07.00", "x") == 11

    @pytest.mark.parametrize("emoji", ["😀", "👍🏽", "👨‍👩‍👧", "🇮🇩", "❤️", "1️⃣"])
    def test_an_emoji_counts_2_whatever_its_parts(self, emoji: str) -> None:
        assert caption_length(f"a{emoji}b", "x") == 4

    def test_cjk_counts_2(self) -> None:
        assert caption_length("日本語", "x") == 6

    def test_other_platforms_count_utf16_units(self) -> None:
        assert caption_length("a😀b", "instagram") == 4
        assert caption_length("https://example.com/a/very/long/path", "instagram") == 36
        assert caption_length("é", "facebook") == 1
