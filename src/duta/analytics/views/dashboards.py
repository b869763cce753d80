"""The dashboards: the program, the unit tree, campaigns, an ambassador's own page and the inactivity list.

Every table exports to CSV and XLSX with ``?format=csv`` or ``?format=xlsx`` (and ``table=`` where a page has more
than one)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from duta.analytics import charts
from duta.analytics import periods as P
from duta.analytics.access import Reader, analytics_reader
from duta.analytics.export import export_format, table_response
from duta.analytics.forms import DashboardFilterForm, period_choices
from duta.analytics.selectors import dashboards as selectors
from duta.analytics.selectors import member as member_selectors
from duta.analytics.selectors.recognition import analytics_settings_for_member
from duta.analytics.services.nudges import members_nudge
from duta.analytics.value import emv
from duta.campaigns.models import Platform
from duta.campaigns.rules import duration_text
from duta.campaigns.selectors import crisis_response
from duta.core.exceptions import ApplicationError
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.core.redirects import local_redirect
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required

PLATFORM_LABELS = dict(Platform.choices)
FIGURE_HEADERS = (
    ("active", gettext_lazy("Active ambassadors")),
    ("sharers", gettext_lazy("Shared")),
    ("participation_percent", gettext_lazy("Participation (%)")),
    ("shares", gettext_lazy("Shares")),
    ("posts", gettext_lazy("Reported posts")),
    ("clicks", gettext_lazy("Clicks")),
    ("previews", gettext_lazy("Link previews")),
    ("potential_reach", gettext_lazy("Potential reach")),
    ("observed_reach", gettext_lazy("Observed reach")),
    ("engagements", gettext_lazy("Engagements")),
)


def _table(
    request: HttpRequest, name: str, first: list[str], rows: list[tuple[list[Any], selectors.Figures]]
) -> HttpResponse:
    headers = first + [str(label) for _key, label in FIGURE_HEADERS]
    body = [labels + [getattr(figures, key) for key, _label in FIGURE_HEADERS] for labels, figures in rows]
    return table_response(filename=name, headers=headers, rows=body, fmt=export_format(request))


def _context(request: HttpRequest, reader: Reader) -> tuple[DashboardFilterForm, selectors.Filters, dict[str, Any]]:
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, reader=reader, today=today)
    filters = form.filters()
    organization = reader.member.organization
    context = {
        "form": form,
        "filters": filters,
        "reader": reader,
        "period_choices": period_choices(today),
        "refresh": selectors.last_refresh(organization=organization),
        "platform_labels": PLATFORM_LABELS,
        "querystring": request.GET.copy(),
        "settings": analytics_settings_for_member(reader.member),
    }
    return form, filters, context


def _trend_kind(period: P.Period) -> str:
    return P.WEEK if period.kind in (P.WEEK, P.MONTH) else P.MONTH


@member_required
@require_safe
def program_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The program at a glance: participation, shares, clicks, potential and observed reach, per platform, and the
    trend."""
    if member.role == Role.AMBASSADOR:
        return redirect("analytics:member", org_slug=member.organization.slug)
    reader = analytics_reader(member)
    _form, filters, context = _context(request, reader)
    now = selectors.figures(reader=reader, filters=filters)
    before = selectors.figures(reader=reader, filters=filters, period=filters.period.previous())
    platforms = selectors.platform_figures(reader=reader, filters=filters)
    kind = _trend_kind(filters.period)
    trend = selectors.trend(reader=reader, filters=filters, kind=kind, count=12, today=timezone.localdate())
    table = request.GET.get("table", "platforms")
    if export_format(request):
        if table == "trend":
            return _table(request, "duta-trend", [_("Period")], [([period.key], fig) for period, fig in trend])
        return _table(request, "duta-platforms", [_("Platform")], [([PLATFORM_LABELS[p]], fig) for p, fig in platforms])
    settings = context["settings"]
    context.update(
        now=now,
        before=before,
        platforms=platforms,
        trend=trend,
        participation_chart=charts.bar_chart(
            [
                (period.short_label(), fig.participation_percent, f"{fig.participation_percent}%")
                for period, fig in trend
            ],
            title=_("Participation (%)"),
            peak=100,
        ),
        valuation=emv(
            {platform: fig.clicks for platform, fig in platforms},
            {platform: fig.potential_reach for platform, fig in platforms},
            settings.emv_cpc,
            settings.emv_cpm,
        )
        if settings.emv_enabled
        else None,
        emv_settings_url=reverse("analytics:settings", args=[member.organization.slug])
        if member.role == Role.ADMIN
        else "",
    )
    return render(request, "analytics/program.html", context)


@member_required
@require_safe
def units_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The unit tree, one level at a time (echelon by echelon, holding by subsidiary), with each subtree's
    participation now and in the previous period."""
    reader = analytics_reader(member)
    _form, filters, context = _context(request, reader)
    trail, rows = selectors.unit_rows(reader=reader, filters=filters)
    if export_format(request):
        return _table(request, "duta-units", [_("Unit")], [([row.unit.name], row.figures) for row in rows])
    context.update(trail=trail, rows=rows)
    return render_page_or_partial(request, "analytics/units.html", context, partial="table")


@member_required
@require_safe
def campaign_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    reader = analytics_reader(member)
    if not reader.whole_organization:
        raise PermissionDenied
    _form, filters, context = _context(request, reader)
    rows = selectors.campaign_rows(reader=reader, period=filters.period)
    if export_format(request):
        return _table(request, "duta-campaigns", [_("Campaign")], [([row.campaign.name], row.figures) for row in rows])
    context["rows"] = rows
    return render(request, "analytics/campaigns.html", context)


@member_required
@require_safe
def campaign_view(request: HttpRequest, member: Membership, campaign_id: int) -> HttpResponse:
    """One campaign: its figures in the period, per platform and per day, its caption variants, its crisis
    broadcasts' response."""
    reader = analytics_reader(member)
    campaign = selectors.campaign_get_for_reader(reader=reader, campaign_id=campaign_id)
    _form, filters, context = _context(request, reader)
    found = selectors.campaign_figures(reader=reader, campaign=campaign, period=filters.period)
    if export_format(request):
        if request.GET.get("table") == "variants":
            headers = [_("Item"), _("Platform"), _("Variant"), _("Shares"), _("Reported posts"), _("Clicks")]
            rows = [
                [item.title if item else "", PLATFORM_LABELS[v.platform], v.variant, v.shares, v.posts, v.clicks]
                for item, v in found.variants
            ]
            return table_response(filename="duta-variants", headers=headers, rows=rows, fmt=export_format(request))
        return _table(request, "duta-campaign-days", [_("Day")], [([day.isoformat()], fig) for day, fig in found.days])
    days = found.days[-60:]
    context.update(
        campaign=campaign,
        found=found,
        responses=[
            (response, duration_text(response.first_share), duration_text(response.median_share))
            for response in (crisis_response(broadcast=broadcast) for broadcast in found.broadcasts)
        ],
        clicks_chart=charts.bar_chart(
            [(day.strftime("%d/%m"), fig.clicks, str(fig.clicks)) for day, fig in days], title=_("Clicks per day")
        ),
    )
    return render(request, "analytics/campaign.html", context)


@member_required
@require_safe
def member_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """An ambassador's own page: shares, posts, clicks, streak, badges, position, and what to share next."""
    if member.role != Role.AMBASSADOR:
        raise PermissionDenied
    context = member_selectors.member_page(member=member, language=request.LANGUAGE_CODE or "id")
    days = context["days"]
    context["clicks_chart"] = charts.bar_chart(
        [(day.strftime("%d/%m"), clicks, str(clicks)) for day, clicks in days], title=_("Clicks on your links")
    )
    return render(request, "analytics/member.html", context)


@member_required
@require_safe
def inactive_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Active ambassadors of the reader's units who shared nothing lately, with a one-click nudge."""
    reader = analytics_reader(member)
    _form, filters, context = _context(request, reader)
    days = context["settings"].inactive_after_days
    stats = selectors.inactive_members(reader=reader, unit=filters.unit, today=timezone.localdate(), days=days)
    if export_format(request):
        rows = selectors.inactive_rows(stats=list(stats[:10000]))
        emails = member.role != Role.VIEWER  # leadership gets the figures, not the addresses
        headers = [_("Name"), *([_("E-mail")] if emails else []), _("Unit"), _("Last shared"), _("Best streak (weeks)")]
        body = [
            [
                row.member.user.full_name,
                *([row.member.user.email] if emails else []),
                row.unit.name if row.unit else "",
                row.stat.last_shared_on.isoformat() if row.stat.last_shared_on else "",
                row.stat.best_streak_weeks,
            ]
            for row in rows
        ]
        return table_response(filename="duta-inactive", headers=headers, rows=body, fmt=export_format(request))
    page = page_of(request, stats)
    context.update(
        page=page,
        rows=selectors.inactive_rows(stats=list(page)),
        days=days,
        can_nudge=member.role in (Role.ADMIN, Role.COORDINATOR),
        today=timezone.localdate(),
    )
    return render_page_or_partial(request, "analytics/inactive.html", context, partial="rows")


@member_required
@require_POST
def nudge_view(request: HttpRequest, member: Membership) -> HttpResponse:
    ids = [value for value in request.POST.getlist("members") if value.isascii() and value.isdigit()]
    try:
        count = members_nudge(member=member, member_ids=[int(value) for value in ids])
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        if count:
            messages.success(
                request,
                ngettext("%(count)d ambassador nudged.", "%(count)d ambassadors nudged.", count) % {"count": count},
            )
        else:
            messages.info(request, _("Nobody nudged: they were nudged in the last days or shared again."))
    fallback = reverse("analytics:inactive", args=[member.organization.slug])
    return local_redirect(request, request.POST.get("next", ""), fallback)
