"""Pages of recognition: the leaderboards (people and units), seasons (PR team), a member's own points and badges
with the hide-my-name choice, and switching leaderboards on with the impact assessment (PR team), whose template
is downloaded here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.analytics import recognition_rules as rules
from duta.analytics.access import require_analytics_admin
from duta.analytics.forms_recognition import (
    PEOPLE,
    UNITS,
    LeaderboardFilterForm,
    LeaderboardSwitchForm,
    PrivacyForm,
    SeasonForm,
)
from duta.analytics.models import AnalyticsSettings
from duta.analytics.selectors import recognition as selectors
from duta.analytics.services import recognition as services
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required


def _org(member: Membership) -> str:
    return member.organization.slug


# --- leaderboards --------------------------------------------------------------------------------------------


def _switched_off(
    request: HttpRequest, member: Membership, found: AnalyticsSettings, form: LeaderboardSwitchForm | None = None
) -> HttpResponse:
    """While leaderboards are off: the PR team sees why and how to switch them on; for anyone else there is none."""
    if member.role != Role.ADMIN:
        raise Http404
    context = {"analytics_settings": found, "switch_form": form or LeaderboardSwitchForm(), "enabled": False}
    return render(request, "analytics/recognition/leaderboard.html", context)


@member_required
@require_safe
def leaderboard_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The season's leaderboard of people (``?tab=people``, the default) or of units (``?tab=units``), for the
    whole organization or a coordinator's subtrees, narrowed to one unit's subtree with ``?unit=``. 404 while
    leaderboards are off, except for the PR team, who see how to switch them on."""
    found = selectors.analytics_settings_for_member(member)
    if not found.leaderboards_enabled:
        return _switched_off(request, member, found)
    wanted = LeaderboardFilterForm(request.GET).values()
    if wanted is None:
        raise Http404
    tab, unit_id = wanted
    unit = selectors.leaderboard_unit_for_member(member=member, unit_id=unit_id) if unit_id is not None else None
    if tab == UNITS:
        people, units = [], selectors.leaderboard_units(member=member, parent_unit_id=unit_id)
    else:
        people, units = selectors.leaderboard_members(member=member, unit_id=unit_id), []
    mine = selectors.member_recognition(member=member) if member.role == Role.AMBASSADOR else None
    context: dict[str, Any] = {
        "enabled": True,
        "tab": tab,
        "unit": unit,
        "parent_id": unit.parent_id if unit is not None else None,
        "people": people,
        "units": units,
        "span": mine.span
        if mine
        else selectors.season_span(organization=member.organization, today=timezone.localdate()),
        "analytics_settings": found,
        "mine": mine,
        "switch_form": None,
        "PEOPLE": PEOPLE,
        "UNITS": UNITS,
    }
    return render_page_or_partial(request, "analytics/recognition/leaderboard.html", context, partial="board")


@member_required
@require_POST
def leaderboards_toggle_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Switch leaderboards on (``action=enable``, with the impact assessment's date and reference) or off
    (``action=disable``). PR team only."""
    require_analytics_admin(member)
    if request.POST.get("action") == "disable":
        try:
            services.leaderboards_disable(member=member)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Leaderboards are off. Points and badges stay."))
        return redirect("analytics:leaderboard", org_slug=_org(member))
    form = LeaderboardSwitchForm(request.POST)
    if form.is_valid():
        try:
            services.leaderboards_enable(
                member=member,
                impact_assessment_on=form.cleaned_data["impact_assessment_on"],
                reference=form.cleaned_data["reference"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Leaderboards are on."))
            return redirect("analytics:leaderboard", org_slug=_org(member))
    found = selectors.analytics_settings_for_member(member)
    if found.leaderboards_enabled:  # already on (a second tab): nothing to correct
        return redirect("analytics:leaderboard", org_slug=_org(member))
    return _switched_off(request, member, found, form)


@member_required
@require_safe
def impact_assessment_template_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """A Markdown template of the data protection impact assessment of points and leaderboards, in Bahasa
    Indonesia with English headings in brackets (PR team)."""
    require_analytics_admin(member)
    found = selectors.analytics_settings_for_member(member)
    with translation.override("id"):
        text = render_to_string(
            "analytics/recognition/impact_assessment.md",
            {
                "organization": member.organization,
                "today": timezone.localdate(),
                "points": rules.POINTS,
                "cap": found.points_daily_cap,
                "levels": rules.LEVELS,
                "badges": rules.BADGES,
            },
        )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dpia-papan-peringkat-{_org(member)}.md"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- seasons -------------------------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def seasons_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The organization's seasons and a form for a new one (PR team)."""
    seasons = selectors.season_list_for_member(member=member)
    form = SeasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            season = services.season_create(member=member, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Season “%(name)s” saved.") % {"name": season.name})
            return redirect("analytics:seasons", org_slug=_org(member))
    today = timezone.localdate()
    context = {
        "seasons": seasons,
        "form": form,
        "span": selectors.season_span(organization=member.organization, today=today),
        "today": today,
    }
    return render(request, "analytics/recognition/seasons.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def season_edit_view(request: HttpRequest, member: Membership, season_id: int) -> HttpResponse:
    season = selectors.season_get_for_member(member=member, season_id=season_id)
    form = SeasonForm(request.POST if request.method == "POST" else None, initial=SeasonForm.initial_for(season))
    if request.method == "POST" and form.is_valid():
        try:
            services.season_update(member=member, season=season, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Season saved."))
            return redirect("analytics:seasons", org_slug=_org(member))
    return render(request, "analytics/recognition/season_form.html", {"season": season, "form": form})


@member_required
@require_POST
def season_delete_view(request: HttpRequest, member: Membership, season_id: int) -> HttpResponse:
    season = selectors.season_get_for_member(member=member, season_id=season_id)
    name = season.name
    try:
        services.season_delete(member=member, season=season)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Season “%(name)s” deleted.") % {"name": name})
    return redirect("analytics:seasons", org_slug=_org(member))


# --- the member's own points, badges and privacy -------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def privacy_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The member's points, level and badges, and their choice to hide their name from leaderboards."""
    mine = selectors.member_recognition(member=member)
    form = PrivacyForm(request.POST if request.method == "POST" else None, initial={"hide_name": mine.hide_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_preference_set(member=member, hide_name=form.cleaned_data["hide_name"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if form.cleaned_data["hide_name"]:
                messages.success(request, _("Your name is hidden on leaderboards."))
            else:
                messages.success(request, _("Your name is shown on leaderboards."))
            return redirect("analytics:privacy", org_slug=_org(member))
    return render(request, "analytics/recognition/privacy.html", {"mine": mine, "form": form, "points": rules.POINTS})
