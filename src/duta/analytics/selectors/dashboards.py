"""The dashboards' reads: period figures (``Stat``) summed by the database over the units a reader may see.

Every function takes a :class:`~duta.analytics.access.Reader`; a unit, program or campaign of another organization,
or a unit outside a coordinator's subtrees, is not found (404). None of them reads clicks, shares or posts one by
one: their cost depends on the number of units and periods shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from duta.analytics import periods as P
from duta.analytics.access import Reader
from duta.analytics.models import MemberStat, Nudge, Refresh, Scope, Stat, VariantStat
from duta.campaigns.models import Campaign, ContentItem, CrisisBroadcast
from duta.organizations.models import Membership, Organization, Unit
from duta.organizations.selectors import subtree_filter
from duta.programs.models import Program

SUMMED = (
    "active",
    "sharers",
    "shares",
    "posts",
    "clicks",
    "previews",
    "potential_reach",
    "observed_reach",
    "engagements",
)


@dataclass(frozen=True)
class Figures:
    active: int = 0
    sharers: int = 0
    shares: int = 0
    posts: int = 0
    clicks: int = 0
    previews: int = 0
    potential_reach: int = 0
    observed_reach: int = 0
    engagements: int = 0

    @property
    def participation(self) -> float:
        """The share of active ambassadors who shared (0 to 1)."""
        return self.sharers / self.active if self.active else 0.0

    @property
    def participation_percent(self) -> float:
        return round(100 * self.participation, 1)

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Figures:
        return cls(**{name: int(values.get(name) or 0) for name in SUMMED})

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: resolved and checked against the reader."""

    period: P.Period
    unit: Unit | None = None
    program: Program | None = None
    platform: str = ""


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    figures: Figures
    previous: Figures
    has_children: bool

    @property
    def change(self) -> float:
        """Participation now minus in the previous period, in points of percentage."""
        return round(self.figures.participation_percent - self.previous.participation_percent, 1)


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    figures: Figures


# --- filters ------------------------------------------------------------------------------------------------


def unit_get_for_reader(*, reader: Reader, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id, organization=reader.member.organization)
    if not reader.sees_path(unit.path):
        raise Http404
    return unit


def program_get_for_reader(*, reader: Reader, program_id: int) -> Program:
    return get_object_or_404(Program, pk=program_id, organization=reader.member.organization)


def campaign_get_for_reader(*, reader: Reader, campaign_id: int) -> Campaign:
    """Campaign figures are kept for the whole organization: for the PR team and leadership (403 for others)."""
    if not reader.whole_organization:
        raise PermissionDenied
    return get_object_or_404(Campaign, pk=campaign_id, organization=reader.member.organization)


def program_choices(*, reader: Reader) -> QuerySet[Program]:
    return Program.objects.filter(organization=reader.member.organization).order_by("name")


def unit_choices(*, reader: Reader, selected: int | None = None) -> list[Unit]:
    """The units offered in the unit filter, in tree order: the reader's top two levels (deeper units are reached
    through the unit tree page), and the chosen unit with its ancestors."""
    units = _visible_units(reader)
    top = units.order_by("depth").values_list("depth", flat=True).first() or 0
    shown = units.filter(depth__lte=top + 1)
    if selected is not None:
        chosen = units.filter(pk=selected).first()
        if chosen is not None:
            shown = units.filter(Q(depth__lte=top + 1) | Q(pk__in=[*chosen.ancestor_ids(), chosen.pk]))
    return list(shown.order_by("path").only("id", "name", "path", "depth", "parent_id"))


def _visible_units(reader: Reader) -> QuerySet[Unit]:
    units = Unit.objects.filter(organization=reader.member.organization, archived_at__isnull=True)
    return units if reader.whole_organization else units.filter(subtree_filter(reader.paths))


# --- figures ------------------------------------------------------------------------------------------------


def _scope(program: Program | None) -> tuple[str, int]:
    return (Scope.PROGRAM.value, program.pk) if program else (Scope.ORGANIZATION.value, 0)


def _rows(
    reader: Reader, scope: str, key: int, unit: Unit | None, platform: str | None, period_keys: list[str]
) -> QuerySet[Stat]:
    """The rows to sum: the organization's total row, or the unit rows of a subtree (a unit, or the reader's); of
    one platform ("" for all of them together), or of each platform (None)."""
    rows = Stat.objects.filter(
        organization=reader.member.organization, period__in=period_keys, scope=scope, scope_key=key
    )
    rows = rows.exclude(platform="") if platform is None else rows.filter(platform=platform)
    paths = (unit.path,) if unit else reader.paths
    if not paths:
        return rows.filter(unit=0)
    units = Unit.objects.filter(subtree_filter(paths), organization=reader.member.organization).values("id")
    return rows.filter(unit__in=units)


def _sum(rows: QuerySet[Stat]) -> Figures:
    return Figures.of(rows.aggregate(**{name: Sum(name) for name in SUMMED}))


def figures(*, reader: Reader, filters: Filters, period: P.Period | None = None) -> Figures:
    scope, key = _scope(filters.program)
    period = period or filters.period
    found = _sum(_rows(reader, scope, key, filters.unit, filters.platform, [period.key]))
    if filters.platform:  # a platform's rows exist only where it was used: the active come from the totals
        active = _rows(reader, scope, key, filters.unit, "", [period.key]).aggregate(active=Sum("active"))["active"]
        found = replace(found, active=active or 0)
    return found


def platform_figures(*, reader: Reader, filters: Filters) -> list[tuple[str, Figures]]:
    """Per platform, most clicks first (the active ambassadors are the same on every row)."""
    scope, key = _scope(filters.program)
    rows = (
        _rows(reader, scope, key, filters.unit, None, [filters.period.key])
        .values("platform")
        .annotate(**{name: Sum(name) for name in SUMMED})
    )
    active = _rows(reader, scope, key, filters.unit, "", [filters.period.key]).aggregate(active=Sum("active"))
    found = [(row["platform"], replace(Figures.of(row), active=active["active"] or 0)) for row in rows]
    return sorted(found, key=lambda pair: (-pair[1].clicks, -pair[1].sharers, pair[0]))


def trend(*, reader: Reader, filters: Filters, kind: str, count: int, today: dt.date) -> list[tuple[P.Period, Figures]]:
    """The last ``count`` periods of a kind up to the filtered period's end (or today, if sooner), oldest first."""
    scope, key = _scope(filters.program)
    periods = P.recent(kind, min(filters.period.end, today), count)
    rows = (
        _rows(reader, scope, key, filters.unit, filters.platform, [period.key for period in periods])
        .values("period")
        .annotate(**{name: Sum(name) for name in SUMMED})
    )
    by_key = {row["period"]: Figures.of(row) for row in rows}
    if filters.platform:  # the active ambassadors come from the totals (see ``figures``)
        for period_key, active in (
            _rows(reader, scope, key, filters.unit, "", list(by_key))
            .values("period")
            .annotate(total=Sum("active"))
            .values_list("period", "total")
        ):
            by_key[period_key] = replace(by_key[period_key], active=active or 0)
    return [(period, by_key.get(period.key, Figures())) for period in periods]


def unit_rows(*, reader: Reader, filters: Filters) -> tuple[list[Unit], list[UnitRow]]:
    """One row per unit one level below the filtered unit (or the reader's top units), with its subtree's figures
    in this and the previous period; and the path down to the filtered unit, for the breadcrumbs. Three queries:
    the visible units as plain tuples, their figures, and the shown units themselves."""
    organization = reader.member.organization
    units = list(_visible_units(reader).order_by("path").values_list("pk", "path", "parent_id"))
    visible = {pk for pk, _path, _parent in units}
    parent = filters.unit
    if parent is None:
        shown = [pk for pk, _path, parent_id in units if parent_id is None or parent_id not in visible]
    else:
        shown = [pk for pk, _path, parent_id in units if parent_id == parent.pk]
    parents = {parent_id for _pk, _path, parent_id in units}
    wanted = set(shown)
    head_of = {}  # every unit under a shown one -> that shown unit
    for pk, path, _parent in units:
        head = next((int(part) for part in path.strip("/").split("/") if int(part) in wanted), None)
        if head is not None:
            head_of[pk] = head
    scope, key = _scope(filters.program)
    rows = Stat.objects.filter(
        organization=organization,
        period__in=[filters.period.key, filters.period.previous().key],
        scope=scope,
        scope_key=key,
        platform__in={filters.platform, ""},
    )
    rows = rows.exclude(unit=0) if reader.whole_organization else rows.filter(unit__in=list(head_of))
    sums: dict[tuple[bool, int], list[int]] = {}
    for period, unit_id, platform, *values in rows.values_list("period", "unit", "platform", *SUMMED):
        head = head_of.get(unit_id)
        if head is None:
            continue
        total = sums.setdefault((period == filters.period.key, head), [0] * len(SUMMED))
        if platform != filters.platform:  # the totals' row, read for the active ambassadors only
            total[0] += values[0]
            continue
        for index, value in enumerate(values[1:] if filters.platform else values, start=1 if filters.platform else 0):
            total[index] += value
    by_id = Unit.objects.in_bulk([*shown, *(parent.ancestor_ids() if parent else [])])
    result = [
        UnitRow(
            unit=by_id[pk],
            figures=Figures(*sums.get((True, pk), ())),
            previous=Figures(*sums.get((False, pk), ())),
            has_children=pk in parents,
        )
        for pk in shown
    ]
    trail = [] if parent is None else [by_id[pk] for pk in parent.ancestor_ids() if pk in by_id] + [parent]
    return trail, result


def campaign_rows(*, reader: Reader, period: P.Period) -> list[CampaignRow]:
    """The campaigns running or shared in a period, with their figures in it (whole-organization readers only)."""
    if not reader.whole_organization:
        raise PermissionDenied
    organization = reader.member.organization
    stats = {
        key: Figures.of(values)
        for key, *numbers in Stat.objects.filter(
            organization=organization, period=period.key, scope=Scope.CAMPAIGN, unit=0, platform=""
        ).values_list("scope_key", *SUMMED)
        for values in [dict(zip(SUMMED, numbers, strict=True))]
    }
    running = Q(starts_on__lte=period.end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    campaigns = Campaign.objects.filter(Q(organization=organization) & (running | Q(pk__in=list(stats))))
    rows = [CampaignRow(campaign=campaign, figures=stats.get(campaign.pk, Figures())) for campaign in campaigns]
    return sorted(rows, key=lambda row: (-row.figures.clicks, -row.figures.sharers, row.campaign.name))


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    figures: Figures
    previous: Figures
    platforms: list[tuple[str, Figures]]
    days: list[tuple[dt.date, Figures]]
    variants: list[tuple[ContentItem | None, VariantStat]]
    broadcasts: list[CrisisBroadcast]


def campaign_figures(*, reader: Reader, campaign: Campaign, period: P.Period) -> CampaignFigures:
    """One campaign in a period: totals, platforms, every day of its life so far, its caption variants."""
    organization = reader.member.organization
    rows = Stat.objects.filter(
        organization=organization,
        scope=Scope.CAMPAIGN,
        scope_key=campaign.pk,
        unit=0,
        period__in=[period.key, period.previous().key],
    ).values_list("period", "platform", *SUMMED)
    total, previous, platforms = Figures(), Figures(), []
    for key, platform, *values in rows:
        if key != period.key:
            previous = Figures(*values) if not platform else previous
        elif platform:
            platforms.append((platform, Figures(*values)))
        else:
            total = Figures(*values)
    end = min(campaign.ends_on or period.end, period.end)
    day_keys = [day.isoformat() for day in P.Period(campaign.starts_on, end, P.DAY, "").days_in()][-366:]
    by_day = {
        key: Figures(*values)
        for key, *values in Stat.objects.filter(
            organization=organization,
            scope=Scope.CAMPAIGN,
            scope_key=campaign.pk,
            unit=0,
            platform="",
            period__in=day_keys,
        ).values_list("period", *SUMMED)
    }
    days = [(dt.date.fromisoformat(key), by_day.get(key, Figures())) for key in day_keys]
    variants = list(VariantStat.objects.filter(organization=organization, campaign_id=campaign.pk))
    items = ContentItem.objects.in_bulk([variant.item_id for variant in variants])
    return CampaignFigures(
        campaign=campaign,
        figures=total,
        previous=previous,
        platforms=sorted(platforms, key=lambda pair: -pair[1].clicks),
        days=days,
        variants=sorted(
            [(items.get(variant.item_id), variant) for variant in variants],
            key=lambda pair: (pair[1].item_id, pair[1].platform, pair[1].variant),
        ),
        broadcasts=list(campaign.broadcasts.order_by("sent_at")),
    )


def last_refresh(*, organization: Organization) -> Refresh | None:
    return Refresh.objects.filter(organization=organization).first()


# --- consistency --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InactiveRow:
    member: Membership
    stat: MemberStat
    unit: Unit | None
    nudged_at: dt.datetime | None


def inactive_members(*, reader: Reader, unit: Unit | None, today: dt.date, days: int) -> QuerySet[MemberStat]:
    """Active ambassadors in the reader's units (or one unit's subtree) who shared nothing for ``days`` days,
    the longest silent first (never shared: first of all)."""
    organization = reader.member.organization
    cutoff = today - dt.timedelta(days=days)
    stats = MemberStat.objects.filter(organization=organization).filter(
        Q(last_shared_on__isnull=True) | Q(last_shared_on__lt=cutoff)
    )
    paths = (unit.path,) if unit else reader.paths
    if paths:
        stats = stats.filter(
            unit__in=Unit.objects.filter(subtree_filter(paths), organization=organization).values("id")
        )
    return stats.order_by(F("last_shared_on").asc(nulls_first=True), "member_id")


def inactive_rows(*, stats: list[MemberStat]) -> list[InactiveRow]:
    """A page of inactive ambassadors with their names, units and last nudge (three queries)."""
    members = Membership.objects.select_related("user").in_bulk([stat.member_id for stat in stats])
    units = Unit.objects.in_bulk([stat.unit for stat in stats if stat.unit])
    nudged: dict[int, dt.datetime] = {}
    for member_id, sent_at in Nudge.objects.filter(member_id__in=list(members)).values_list("member_id", "sent_at"):
        if member_id not in nudged or sent_at > nudged[member_id]:
            nudged[member_id] = sent_at
    return [
        InactiveRow(
            member=members[stat.member_id],
            stat=stat,
            unit=units.get(stat.unit),
            nudged_at=nudged.get(stat.member_id),
        )
        for stat in stats
        if stat.member_id in members
    ]
