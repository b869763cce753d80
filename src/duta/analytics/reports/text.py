"""Words and numbers of the monthly report, shared by the PDF and the XLSX (pure, no ORM).

Every function reads the active language: the builders run under ``translation.override(report.language)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from duta.analytics import value
from duta.analytics.reports.data import ReportData

COUNT, PERCENT, RUPIAH = "count", "percent", "rupiah"


@dataclass(frozen=True)
class SummaryRow:
    label: str
    kind: str  # COUNT, PERCENT (a fraction 0..1) or RUPIAH
    current: float
    previous: float


def title() -> str:
    return _("Duta Program Monthly Report")


def month_label(month: dt.date) -> str:
    """``Oktober 2026`` / ``October 2026``."""
    return formats.date_format(month, "F Y")


def local(data: ReportData, moment: dt.datetime) -> dt.datetime:
    try:
        zone = ZoneInfo(data.time_zone)
    except (ValueError, KeyError):
        zone = ZoneInfo("Asia/Jakarta")
    return timezone.localtime(moment, zone) if timezone.is_aware(moment) else moment


def zone_abbreviation(moment: dt.datetime) -> str:
    """WIB, WITA or WIT (Indonesian zones), else the zone's own abbreviation."""
    offset = moment.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else None
    return {7.0: "WIB", 8.0: "WITA", 9.0: "WIT"}.get(hours or 0.0, moment.tzname() or "")


def moment_text(data: ReportData, moment: dt.datetime) -> str:
    """``3 November 2026 09.12 WIB``."""
    shown = local(data, moment)
    return f"{formats.date_format(shown, 'j F Y')} {formats.time_format(shown, 'H:i')} {zone_abbreviation(shown)}"


def short_moment_text(data: ReportData, moment: dt.datetime) -> str:
    shown = local(data, moment)
    return f"{formats.date_format(shown, 'j M')} {formats.time_format(shown, 'H:i')} {zone_abbreviation(shown)}"


def number(amount: float, decimals: int | None = None) -> str:
    """A count with the language's thousands separator (``12.345`` / ``12,345``)."""
    return formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(fraction: float) -> str:
    return f"{number(round(100 * fraction, 1), 1)}%"


def shown(kind: str, amount: float) -> str:
    if kind == PERCENT:
        return percent(amount)
    if kind == RUPIAH:
        return value.rupiah(amount)
    return number(int(amount))


def change(kind: str, current: float, previous: float) -> str:
    """The change since the previous month: counts with their relative change, participation in percentage
    points, money in rupiah."""
    if kind == PERCENT:
        points = round(100 * (current - previous), 1)
        sign = "+" if points > 0 else ""
        return _("%(change)s pts") % {"change": f"{sign}{number(points, 1)}"}
    difference = current - previous
    sign = "+" if difference > 0 else ("-" if difference < 0 else "")
    if kind == RUPIAH:
        return f"{sign}{value.rupiah(abs(difference))}" if difference else value.rupiah(0)
    text = f"{sign}{number(abs(int(difference)))}"
    if previous and difference:
        relative = round(100 * difference / previous, 1)
        text += f" ({'+' if relative > 0 else ''}{number(relative, 1)}%)"
    return text


def relative_change(current: float, previous: float) -> float | None:
    """The change as a fraction of the previous month (None when there was nothing to compare with)."""
    return (current - previous) / previous if previous else None


def summary_rows(data: ReportData) -> list[SummaryRow]:
    """The summary figures, this month and the month before; earned media value only when it is on."""
    now, before = data.current, data.previous
    rows = [
        SummaryRow(_("Active ambassadors"), COUNT, now.active, before.active),
        SummaryRow(_("Participation"), PERCENT, now.participation, before.participation),
        SummaryRow(_("Ambassadors who shared"), COUNT, now.sharers, before.sharers),
        SummaryRow(_("Shares"), COUNT, now.shares, before.shares),
        SummaryRow(_("Reported posts"), COUNT, now.posts, before.posts),
        SummaryRow(_("Clicks"), COUNT, now.clicks, before.clicks),
        SummaryRow(_("Potential reach"), COUNT, now.potential_reach, before.potential_reach),
        SummaryRow(_("Observed reach"), COUNT, now.observed_reach, before.observed_reach),
        SummaryRow(_("Reactions, comments and reshares"), COUNT, now.engagements, before.engagements),
    ]
    if data.emv is not None:
        rows.append(SummaryRow(_("Earned media value (estimate)"), RUPIAH, data.emv.total, data.emv_previous or 0))
    return rows


def reach_note() -> str:
    return _(
        "Potential reach is the followers of the ambassadors who shared, on the platforms where they shared: how "
        "many people could have seen the posts. Observed reach is the views reported on the posts: how many did see "
        "them, as far as the ambassadors reported. They are shown apart and never added up."
    )


def definitions() -> list[str]:
    """The short "how to read this report" notes."""
    return [
        _("Participation: the share of active ambassadors who shared at least once in the month."),
        _("A share: a tap on a share button that made a tracked link, or a post an ambassador reported."),
        _(
            "Clicks are counted by Duta's own short links, without link previews, bots and repeated clicks by the "
            "same visitor."
        ),
        _(
            "Potential reach: the followers of those who shared; observed reach: the views reported on the posts. "
            "Earned media value, when shown, is an estimate at the rates the PR team set, not money earned."
        ),
        _("Ambassadors who chose to hide their name on leaderboards appear without it."),
    ]


def download_name(organization_slug: str, month: dt.date, language: str, extension: str) -> str:
    """``laporan-duta-<organization>-2026-10.pdf`` (``-en`` added for the English report)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", slugify(organization_slug)).strip("-")[:60] or "organisasi"
    suffix = "" if language == "id" else f"-{re.sub(r'[^a-z]+', '', language.lower())[:8]}"
    return f"laporan-duta-{slug}-{month:%Y-%m}{suffix}.{extension}"
