"""Earned media value (pure, no ORM): what the same clicks and reach would have cost as paid advertising, at the
rates the PR team set per platform (``AnalyticsSettings.emv_cpc``, ``emv_cpm``), in rupiah.

Decisions:

- Clicks are valued at the platform's cost per click (CPC); potential reach at its cost per 1,000 (CPM). A
  platform's value is the sum of the two, rounded half up to whole rupiah.
- A platform without a rate contributes 0 for that figure and is listed as "no rate" (``Valuation.no_rate``),
  so that the total never looks more complete than it is. A rate of 0 is a rate: it says "worth nothing".
- Rates and figures are whole numbers of 0 or more; anything else raises ``ValueError`` (the settings service
  validates what people type).
- Money is shown as ``Rp 1.234.567`` (dots group thousands, as in Indonesian), whatever the active language,
  so the figure reads the same in both languages and in exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from duta.campaigns.models import Platform

Rates = Mapping[str, int]
Figures = Mapping[str, int]


def rupiah(amount: int | float | Decimal | None, *, empty: str = "–") -> str:
    """``Rp 1.234.567``: whole rupiah (rounded half up), dots between thousands; ``empty`` for None."""
    if amount is None:
        return empty
    whole = int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return f"{sign}Rp {thousands(abs(whole))}"


def thousands(number: int) -> str:
    """``1.234.567``: a whole number with dots between thousands, independent of the locale."""
    return f"{number:,}".replace(",", ".")


def platform_label(platform: str) -> str:
    return str(Platform(platform).label) if platform in Platform.values else platform


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number of 0 or more, not {value!r}")
    return value


@dataclass(frozen=True)
class PlatformValue:
    """One platform's share of the value, with the figures and rates it comes from (None: no rate)."""

    platform: str
    clicks: int
    reach: int
    cpc: int | None
    cpm: int | None
    click_value: int
    reach_value: int

    @property
    def label(self) -> str:
        return platform_label(self.platform)

    @property
    def value(self) -> int:
        return self.click_value + self.reach_value

    @property
    def clicks_without_rate(self) -> bool:
        return self.cpc is None and self.clicks > 0

    @property
    def reach_without_rate(self) -> bool:
        return self.cpm is None and self.reach > 0

    @property
    def no_rate(self) -> bool:
        """Some of this platform's figures count for nothing because the platform has no rate for them."""
        return self.clicks_without_rate or self.reach_without_rate

    # shown in templates (no filter library needed)
    @property
    def value_display(self) -> str:
        return rupiah(self.value)

    @property
    def cpc_display(self) -> str:
        return rupiah(self.cpc)

    @property
    def cpm_display(self) -> str:
        return rupiah(self.cpm)

    @property
    def clicks_display(self) -> str:
        return thousands(self.clicks)

    @property
    def reach_display(self) -> str:
        return thousands(self.reach)


@dataclass(frozen=True)
class Valuation:
    """The total value in rupiah, its parts per platform (every platform with figures or a rate, in the order of
    ``Platform``) and the rates used."""

    total: int
    parts: tuple[PlatformValue, ...]
    cpc: dict[str, int]
    cpm: dict[str, int]

    @property
    def no_rate(self) -> tuple[str, ...]:
        """Platforms with figures that count for nothing for want of a rate."""
        return tuple(part.platform for part in self.parts if part.no_rate)

    @property
    def no_rate_labels(self) -> tuple[str, ...]:
        return tuple(platform_label(platform) for platform in self.no_rate)

    @property
    def total_display(self) -> str:
        return rupiah(self.total)

    @property
    def clicks(self) -> int:
        return sum(part.clicks for part in self.parts)

    @property
    def reach(self) -> int:
        return sum(part.reach for part in self.parts)

    @property
    def has_rates(self) -> bool:
        return bool(self.cpc or self.cpm)


def _order(platform: str) -> tuple[int, str]:
    values = list(Platform.values)
    return (values.index(platform), "") if platform in values else (len(values), platform)


def emv(clicks_by_platform: Figures, reach_by_platform: Figures, cpc: Rates, cpm: Rates) -> Valuation:
    """Earned media value: per platform, clicks × CPC + potential reach × CPM / 1,000, in whole rupiah.

    ``cpc`` and ``cpm`` map a platform to rupiah (a platform missing from them has no rate); the figures map a
    platform to a count (missing: 0)."""
    cpc = {platform: _whole(rate, f"CPC of {platform}") for platform, rate in cpc.items()}
    cpm = {platform: _whole(rate, f"CPM of {platform}") for platform, rate in cpm.items()}
    clicks = {platform: _whole(count, f"clicks on {platform}") for platform, count in clicks_by_platform.items()}
    reach = {platform: _whole(count, f"reach on {platform}") for platform, count in reach_by_platform.items()}
    platforms = sorted(set(clicks) | set(reach) | set(cpc) | set(cpm), key=_order)
    parts = []
    for platform in platforms:
        click_rate, reach_rate = cpc.get(platform), cpm.get(platform)
        platform_clicks, platform_reach = clicks.get(platform, 0), reach.get(platform, 0)
        click_value = platform_clicks * click_rate if click_rate is not None else 0
        reach_value = (
            int((Decimal(platform_reach) * reach_rate / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            if reach_rate is not None
            else 0
        )
        parts.append(
            PlatformValue(
                platform=platform,
                clicks=platform_clicks,
                reach=platform_reach,
                cpc=click_rate,
                cpm=reach_rate,
                click_value=click_value,
                reach_value=reach_value,
            )
        )
    return Valuation(total=sum(part.value for part in parts), parts=tuple(parts), cpc=cpc, cpm=cpm)
