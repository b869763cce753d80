"""Everything the monthly report shows, gathered once from the dashboards' selectors as plain values.

``report_data_collect(report)`` reads the figures as the member who asked for the report sees them (the PR team
and leadership see the whole organization); the PDF and XLSX builders take the resulting :class:`ReportData` and
touch no database, so tests can hand them made-up data.

Call it with the report's language and time zone active (``services.reports`` does): the platform and campaign
kind labels are taken in the active language, and "the month" runs from midnight to midnight in the active zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from duta.analytics import periods as P
from duta.analytics import value
from duta.analytics.access import Reader, analytics_reader
from duta.analytics.models import AnalyticsSettings
from duta.analytics.selectors import dashboards
from duta.analytics.selectors.dashboards import Figures
from duta.analytics.selectors.recognition import analytics_settings_for, leaderboard_members
from duta.campaigns.models import Campaign, CrisisBroadcast
from duta.campaigns.selectors import crisis_response
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership, Role

if TYPE_CHECKING:
    from duta.analytics.models import MonthlyReport

WEEKS_MONTHS = 6  # the participation chart covers the weeks of the last six months
TOP_UNITS = 10
TOP_AMBASSADORS = 10
READER_ROLES = (Role.ADMIN, Role.VIEWER)


@dataclass(frozen=True)
class WeekLine:
    start: dt.date
    end: dt.date
    key: str  # 2026-W43
    totals: Figures


@dataclass(frozen=True)
class PlatformLine:
    platform: str
    label: str
    totals: Figures


@dataclass(frozen=True)
class UnitLine:
    name: str
    totals: Figures
    previous: Figures


@dataclass(frozen=True)
class AmbassadorLine:
    rank: int
    name: str  # as the leaderboard shows it to others: hidden when the person chose so
    unit: str
    points: int
    level: int
    level_label: str = ""


@dataclass(frozen=True)
class CampaignLine:
    name: str
    is_crisis: bool
    kind_label: str
    totals: Figures


@dataclass(frozen=True)
class CrisisLine:
    campaign: str
    sent_at: dt.datetime
    audience: int  # the size confirmed before sending
    recipients: int
    delivered: int
    opened: int
    shared: int
    first_share: dt.timedelta | None
    median_share: dt.timedelta | None


@dataclass(frozen=True)
class ReportData:
    organization: str
    organization_slug: str
    month: dt.date  # its first day
    language: str
    generated_at: dt.datetime  # aware
    time_zone: str
    current: Figures
    previous: Figures
    weeks: list[WeekLine] = field(default_factory=list)
    platforms: list[PlatformLine] = field(default_factory=list)
    units: list[UnitLine] = field(default_factory=list)
    ambassadors: list[AmbassadorLine] | None = None  # None: leaderboards are off
    campaigns: list[CampaignLine] = field(default_factory=list)
    crises: list[CrisisLine] = field(default_factory=list)
    emv: value.Valuation | None = None  # None: earned media value is off
    emv_previous: int | None = None

    @property
    def period(self) -> P.Period:
        return P.period_of(P.MONTH, self.month)


# --- collecting -----------------------------------------------------------------------------------------------


def report_reader_member(report: MonthlyReport) -> Membership:
    """The membership whose view the report shows: the requester's, while they may still read the whole
    organization's figures; otherwise the report cannot be made."""
    member = (
        Membership.objects.select_related("organization", "user", "unit")
        .filter(organization_id=report.organization_id, user_id=report.requested_by_id, is_active=True)
        .first()
    )
    if member is None or member.role not in READER_ROLES:
        raise ApplicationError(
            _("The person who asked for this report may no longer read the organization's figures."),
            code="forbidden",
        )
    return member


def report_data_collect(report: MonthlyReport) -> ReportData:
    """The figures of the report's month (and the month before), as the requester sees them."""
    member = report_reader_member(report)
    reader = analytics_reader(member)
    month = P.period_of(P.MONTH, report.month)
    previous = month.previous()
    filters = dashboards.Filters(period=month)
    settings = analytics_settings_for(report.organization)

    current_figures = dashboards.figures(reader=reader, filters=filters)
    previous_figures = dashboards.figures(reader=reader, filters=filters, period=previous)
    platforms = [
        PlatformLine(platform=platform, label=value.platform_label(platform), totals=figures)
        for platform, figures in dashboards.platform_figures(reader=reader, filters=filters)
    ]
    weeks_start = P.period_of(P.MONTH, _months_back(month.start, WEEKS_MONTHS - 1)).start
    week_count = len(P.periods_between(weeks_start, month.end, (P.WEEK,)))
    weeks = [
        WeekLine(start=period.start, end=period.end, key=period.key, totals=figures)
        for period, figures in dashboards.trend(
            reader=reader, filters=filters, kind=P.WEEK, count=week_count, today=timezone.localdate()
        )
    ]
    valuation, valuation_previous = None, None
    if settings.emv_enabled:
        valuation = _valuation(platforms, settings)
        before = [
            PlatformLine(platform=platform, label="", totals=figures)
            for platform, figures in dashboards.platform_figures(
                reader=reader, filters=dashboards.Filters(period=previous)
            )
        ]
        valuation_previous = _valuation(before, settings).total
    return ReportData(
        organization=report.organization.name,
        organization_slug=report.organization.slug,
        month=month.start,
        language=report.language,
        generated_at=timezone.now(),
        time_zone=str(timezone.get_current_timezone()),
        current=current_figures,
        previous=previous_figures,
        weeks=weeks,
        platforms=platforms,
        units=_top_units(reader, month),
        ambassadors=_top_ambassadors(member) if settings.leaderboards_enabled else None,
        campaigns=[
            CampaignLine(
                name=row.campaign.name,
                is_crisis=row.campaign.kind == row.campaign.Kind.CRISIS,
                kind_label=str(row.campaign.get_kind_display()),
                totals=row.figures,
            )
            for row in dashboards.campaign_rows(reader=reader, period=month)
        ],
        crises=_crises(member, month),
        emv=valuation,
        emv_previous=valuation_previous,
    )


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _valuation(platforms: list[PlatformLine], settings: AnalyticsSettings) -> value.Valuation:
    return value.emv(
        {line.platform: line.totals.clicks for line in platforms},
        {line.platform: line.totals.potential_reach for line in platforms},
        _rates(settings.emv_cpc),
        _rates(settings.emv_cpm),
    )


def _rates(raw: object) -> dict[str, int]:
    """The rates as stored, keeping whole numbers of 0 or more (the settings service checks what people type)."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(platform): rate
        for platform, rate in raw.items()
        if isinstance(rate, int) and not isinstance(rate, bool) and rate >= 0
    }


def _top_units(reader: Reader, month: P.Period) -> list[UnitLine]:
    """The units one level below the top of the tree (through a single root, such as one holding company), best
    participation first; units with no active ambassador are left out."""
    filters = dashboards.Filters(period=month)
    _trail, rows = dashboards.unit_rows(reader=reader, filters=filters)
    for _depth in range(12):
        if len(rows) != 1 or not rows[0].has_children:
            break
        filters = dashboards.Filters(period=month, unit=rows[0].unit)
        _trail, rows = dashboards.unit_rows(reader=reader, filters=filters)
    lines = [
        UnitLine(name=row.unit.name, totals=row.figures, previous=row.previous) for row in rows if row.figures.active
    ]
    lines.sort(key=lambda line: (-line.totals.participation, -line.totals.sharers, line.name.casefold()))
    return lines[:TOP_UNITS]


def _top_ambassadors(member: Membership) -> list[AmbassadorLine]:
    """The season's leaderboard as others see it: a hidden name stays hidden in the report."""
    return [
        AmbassadorLine(
            rank=row.rank,
            name=row.name,
            unit=row.unit_name,
            points=row.points,
            level=row.level,
            level_label=str(row.level_label),
        )
        for row in leaderboard_members(member=member, limit=TOP_AMBASSADORS)
    ]


def _crises(member: Membership, month: P.Period) -> list[CrisisLine]:
    """Every crisis broadcast sent in the month, with how the recipients responded."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(month.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(month.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    broadcasts = (
        CrisisBroadcast.objects.filter(
            campaign__organization=member.organization,
            campaign__kind=Campaign.Kind.CRISIS,
            sent_at__gte=start,
            sent_at__lt=end,
        )
        .select_related("campaign", "campaign__organization")
        .order_by("sent_at", "pk")
    )
    lines = []
    for broadcast in broadcasts:
        response = crisis_response(broadcast=broadcast)
        lines.append(
            CrisisLine(
                campaign=broadcast.campaign.name,
                sent_at=broadcast.sent_at,
                audience=broadcast.audience_size,
                recipients=response.recipients,
                delivered=response.delivered,
                opened=response.opened,
                shared=response.shared,
                first_share=response.first_share,
                median_share=response.median_share,
            )
        )
    return lines
