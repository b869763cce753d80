"""External influencers (the PR team registers them, their fees and their paid posts) and the comparison of our
ambassadors with them on the same campaigns (the PR team and leadership).

Every table of the comparison exports with ``?format=csv`` or ``?format=xlsx`` and ``table=summary`` (the default)
or ``table=placements``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.analytics.access import require_analytics_admin
from duta.analytics.export import export_format, table_response
from duta.analytics.forms_external import ComparisonFilterForm, ExternalInfluencerForm, ExternalPlacementForm
from duta.analytics.selectors import external as selectors
from duta.analytics.services import external as services
from duta.analytics.value import rupiah, thousands
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required


def _list_redirect(member: Membership) -> HttpResponse:
    return redirect("analytics:external_list", org_slug=member.organization.slug)


def _edit_redirect(member: Membership, influencer_id: int) -> HttpResponse:
    return redirect("analytics:external_edit", org_slug=member.organization.slug, influencer_id=influencer_id)


# --- influencers -------------------------------------------------------------------------------------------


@member_required
@require_safe
def external_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The organization's external influencers with their placements and fees (PR team; 403 for other roles)."""
    page = page_of(request, selectors.external_influencer_list_for_member(member=member))
    rows = [
        (
            influencer,
            thousands(influencer.followers) if influencer.followers is not None else "–",
            rupiah(influencer.fee_total or 0),  # annotated by the selector
        )
        for influencer in page
    ]
    context = {"page": page, "rows": rows, "querystring": request.GET.copy()}
    return render(request, "analytics/external/list.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def external_create_view(request: HttpRequest, member: Membership) -> HttpResponse:
    require_analytics_admin(member)
    form = ExternalInfluencerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            influencer = services.external_influencer_create(member=member, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The influencer is registered. Add their paid posts below."))
            return _edit_redirect(member, influencer.pk)
    return render(request, "analytics/external/influencer_form.html", {"form": form, "influencer": None})


@member_required
@require_http_methods(["GET", "POST"])
def external_edit_view(request: HttpRequest, member: Membership, influencer_id: int) -> HttpResponse:
    """An influencer's details and their placements."""
    influencer = selectors.external_influencer_get_for_member(member=member, influencer_id=influencer_id)
    form = ExternalInfluencerForm(request.POST or None, initial=ExternalInfluencerForm.initial_for(influencer))
    if request.method == "POST" and form.is_valid():
        try:
            services.external_influencer_update(member=member, influencer=influencer, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _edit_redirect(member, influencer.pk)
    context = {
        "form": form,
        "influencer": influencer,
        "placements": [
            selectors.placement_row(placement)
            for placement in selectors.external_placement_list_for_influencer(influencer=influencer)
        ],
    }
    return render(request, "analytics/external/influencer_form.html", context)


@member_required
@require_POST
def external_delete_view(request: HttpRequest, member: Membership, influencer_id: int) -> HttpResponse:
    influencer = selectors.external_influencer_get_for_member(member=member, influencer_id=influencer_id)
    try:
        services.external_influencer_delete(member=member, influencer=influencer)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _edit_redirect(member, influencer.pk)
    messages.success(request, _("The influencer and their paid posts are removed."))
    return _list_redirect(member)


# --- placements --------------------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def placement_create_view(request: HttpRequest, member: Membership, influencer_id: int) -> HttpResponse:
    influencer = selectors.external_influencer_get_for_member(member=member, influencer_id=influencer_id)
    campaigns = selectors.placement_campaign_choices(member=member)
    form = ExternalPlacementForm(request.POST or None, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_placement_create(member=member, influencer=influencer, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The paid post is recorded."))
            return _edit_redirect(member, influencer.pk)
    context = {"form": form, "influencer": influencer, "placement": None}
    return render(request, "analytics/external/placement_form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def placement_edit_view(request: HttpRequest, member: Membership, placement_id: int) -> HttpResponse:
    placement = selectors.external_placement_get_for_member(member=member, placement_id=placement_id)
    campaigns = selectors.placement_campaign_choices(member=member)
    form = ExternalPlacementForm(
        request.POST or None, campaigns=campaigns, initial=ExternalPlacementForm.initial_for(placement)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.external_placement_update(member=member, placement=placement, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return _edit_redirect(member, placement.influencer_id)
    context = {"form": form, "influencer": placement.influencer, "placement": placement}
    return render(request, "analytics/external/placement_form.html", context)


@member_required
@require_POST
def placement_delete_view(request: HttpRequest, member: Membership, placement_id: int) -> HttpResponse:
    placement = selectors.external_placement_get_for_member(member=member, placement_id=placement_id)
    try:
        services.external_placement_delete(member=member, placement=placement)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The paid post is removed."))
    return _edit_redirect(member, placement.influencer_id)


# --- the comparison ----------------------------------------------------------------------------------------


def _summary_table(comparisons: list[selectors.CampaignComparison]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Campaign"),
        _("Side"),
        _("People"),
        _("Posts"),
        _("Clicks"),
        _("Clicks counted by"),
        _("Views"),
        _("Engagements"),
        _("Engagement rate (%)"),
        _("Fees (Rp)"),
        _("Cost per click (Rp)"),
        _("Cost per engagement (Rp)"),
        _("Note"),
    ]
    rows: list[list[Any]] = []
    for row in comparisons:
        internal, external = row.internal, row.external
        rows.append(
            [
                row.campaign.name,
                _("Our ambassadors"),
                internal.people,
                internal.posts,
                internal.clicks,
                _("Duta (tracked links)"),
                internal.views,
                internal.engagements,
                selectors.percent(internal.engagement_rate),
                0,
                None,
                None,
                _("No fee; the program's own costs are not counted."),
            ]
        )
        rows.append(
            [
                row.campaign.name,
                _("External influencers"),
                external.people,
                external.posts,
                external.clicks,
                _("The influencers (as reported)"),
                external.views,
                external.engagements,
                selectors.percent(external.engagement_rate),
                external.fee,
                selectors.money(external.cost_per_click),
                selectors.money(external.cost_per_engagement),
                _("Empty: not reported."),
            ]
        )
    return [str(header) for header in headers], rows


def _placements_table(comparisons: list[selectors.CampaignComparison]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Campaign"),
        _("Influencer"),
        _("Platform"),
        _("Address of the post"),
        _("Fee (Rp)"),
        _("Clicks (as reported)"),
        _("Views (as reported)"),
        _("Engagements (as reported)"),
        _("Cost per click (Rp)"),
        _("Cost per engagement (Rp)"),
        _("Engagement rate (%)"),
    ]
    rows = [
        [
            comparison.campaign.name,
            row.placement.influencer.name,
            row.placement.influencer.get_platform_display(),
            row.placement.post_url,
            row.placement.fee,
            row.placement.clicks,
            row.placement.views,
            row.placement.engagements,
            selectors.money(row.cost_per_click),
            selectors.money(row.cost_per_engagement),
            selectors.percent(row.engagement_rate),
        ]
        for comparison in comparisons
        for row in comparison.placements
    ]
    return [str(header) for header in headers], rows


@member_required
@require_safe
def comparison_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Our ambassadors against paid influencers, per campaign with placements (``?campaign=`` for one; 404 for
    another organization's). PR team and leadership; 403 for coordinators and ambassadors."""
    campaigns = selectors.comparison_campaigns_for_member(member=member)
    form = ComparisonFilterForm(request.GET or None, campaigns=campaigns)
    wanted = request.GET.get("campaign", "")
    if wanted and not (wanted.isascii() and wanted.isdigit()):
        raise Http404
    campaign_id = int(wanted) if wanted else None
    comparisons = selectors.comparison_for_member(member=member, campaign_id=campaign_id)
    fmt = export_format(request)
    if fmt:
        if request.GET.get("table") == "placements":
            headers, rows = _placements_table(comparisons)
            return table_response(filename="duta-external-placements", headers=headers, rows=rows, fmt=fmt)
        headers, rows = _summary_table(comparisons)
        return table_response(filename="duta-internal-vs-external", headers=headers, rows=rows, fmt=fmt)
    context = {
        "form": form,
        "comparisons": comparisons,
        "querystring": request.GET.copy(),
        "can_change": member.role == Role.ADMIN,
    }
    return render_page_or_partial(request, "analytics/external/comparison.html", context, partial="results")
