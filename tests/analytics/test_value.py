"""Earned media value (pure): clicks × CPC + potential reach × CPM / 1,000 per platform, with its inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from duta.analytics.value import emv, rupiah, thousands


class TestRupiah:
    @pytest.mark.parametrize(
        ("amount", "shown"),
        [
            (0, "Rp 0"),
            (999, "Rp 999"),
            (1000, "Rp 1.000"),
            (1234567, "Rp 1.234.567"),
            (Decimal("1234.5"), "Rp 1.235"),
            (Decimal("1234.49"), "Rp 1.234"),
            (2.5, "Rp 3"),
            (-1500, "-Rp 1.500"),
        ],
    )
    def test_dots_group_thousands(self, amount: int | float | Decimal, shown: str) -> None:
        assert rupiah(amount) == shown

    def test_none_is_a_dash(self) -> None:
        assert rupiah(None) == "–"
        assert rupiah(None, empty="") == ""

    def test_the_language_does_not_change_it(self) -> None:
        for language in ("id", "en"):
            with translation.override(language):
                assert rupiah(1234567) == "Rp 1.234.567"
                assert thousands(1234567) == "1.234.567"


class TestEmv:
    def test_clicks_at_the_cpc_and_reach_at_the_cpm(self) -> None:
        valuation = emv(
            {"instagram": 100, "x": 10},
            {"instagram": 50_000, "x": 2_000},
            {"instagram": 1_500, "x": 1_000},
            {"instagram": 30_000, "x": 20_000},
        )
        instagram, x = valuation.parts
        assert (instagram.platform, instagram.click_value, instagram.reach_value) == ("instagram", 150_000, 1_500_000)
        assert (x.platform, x.click_value, x.reach_value) == ("x", 10_000, 40_000)
        assert valuation.total == 1_700_000
        assert valuation.total_display == "Rp 1.700.000"
        assert valuation.no_rate == ()
        assert valuation.cpc == {"instagram": 1_500, "x": 1_000}
        assert valuation.cpm == {"instagram": 30_000, "x": 20_000}

    def test_a_platform_without_a_rate_adds_nothing_and_is_listed(self) -> None:
        valuation = emv({"whatsapp": 40, "instagram": 10}, {"instagram": 1_000}, {"instagram": 2_000}, {})
        by_platform = {part.platform: part for part in valuation.parts}
        assert by_platform["whatsapp"].value == 0
        assert by_platform["whatsapp"].cpc is None
        assert by_platform["instagram"].click_value == 20_000
        assert by_platform["instagram"].reach_value == 0  # no CPM for Instagram
        assert valuation.total == 20_000
        assert valuation.no_rate == ("whatsapp", "instagram")
        assert valuation.no_rate_labels == ("WhatsApp", "Instagram")

    def test_a_rate_of_zero_is_a_rate(self) -> None:
        valuation = emv({"whatsapp": 40}, {}, {"whatsapp": 0}, {})
        assert valuation.total == 0
        assert valuation.no_rate == ()

    def test_reach_value_is_rounded_half_up_to_whole_rupiah(self) -> None:
        assert emv({}, {"x": 1}, {}, {"x": 500}).total == 1  # 0.5 rupiah
        assert emv({}, {"x": 1}, {}, {"x": 499}).total == 0
        assert emv({}, {"x": 3}, {}, {"x": 333}).total == 1  # 0.999

    def test_platforms_come_in_the_usual_order_with_rates_shown_even_without_figures(self) -> None:
        valuation = emv({"x": 1, "whatsapp": 1}, {}, {"x": 1, "whatsapp": 1, "linkedin": 5}, {})
        assert [part.platform for part in valuation.parts] == ["whatsapp", "x", "linkedin"]
        assert valuation.parts[-1].value == 0
        assert not valuation.parts[-1].no_rate

    def test_nothing_is_worth_nothing(self) -> None:
        valuation = emv({}, {}, {}, {})
        assert (valuation.total, valuation.parts, valuation.no_rate, valuation.has_rates) == (0, (), (), False)

    @pytest.mark.parametrize(
        "arguments",
        [
            ({"x": -1}, {}, {}, {}),
            ({}, {"x": 1.5}, {}, {}),
            ({}, {}, {"x": "1000"}, {}),
            ({}, {}, {}, {"x": True}),
        ],
    )
    def test_figures_and_rates_are_whole_numbers(self, arguments: tuple[dict, dict, dict, dict]) -> None:
        with pytest.raises(ValueError, match="whole number"):
            emv(*arguments)


class TestEmvTemplate:
    def test_the_value_is_shown_with_its_inputs(self) -> None:
        valuation = emv(
            {"instagram": 1_000, "whatsapp": 300}, {"instagram": 120_000}, {"instagram": 1_500}, {"instagram": 25_000}
        )
        with translation.override("en"):
            html = render_to_string("analytics/_emv.html", {"valuation": valuation})
        assert "Rp 4.500.000" in html  # 1,000 × 1,500 + 120,000 × 25,000 / 1,000
        assert "Rp 1.500" in html  # the CPC
        assert "Rp 25.000" in html  # the CPM
        assert "120.000" in html  # the potential reach
        assert "No rate for WhatsApp" in html
        assert "no rate" in html
        assert "not money earned" in html

    def test_it_renders_in_indonesian(self) -> None:
        html = render_to_string("analytics/_emv.html", {"valuation": emv({}, {}, {"x": 1}, {})})
        assert "Rp 0" in html
