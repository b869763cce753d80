"""The crisis lane's pages: broadcast the holding statement to a counted and confirmed audience, and follow the
response (delivered, opened, shared) as it comes in.

Broadcasting is the admins' (the PR team); the response is read by admins and viewers (leadership).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from duta.campaigns import rules, selectors, services
from duta.campaigns.forms.crisis import BroadcastForm, SegmentForm
from duta.campaigns.models import Campaign
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required

BROADCASTERS = frozenset({Role.ADMIN})
RESPONSE_READERS = frozenset({Role.ADMIN, Role.VIEWER})
SEGMENT_FIELDS = ("units", "programs", "cohorts", "platforms")
BROADCASTS_PER_PAGE = 10  # each broadcast costs two queries (outbox and reports): the page stays bounded


def _crisis_for(member: Membership, campaign_pk: int) -> Campaign:
    """The member's organization's crisis (404 for another organization's campaign or a normal one)."""
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    if not campaign.is_crisis:
        raise Http404
    return campaign


def _require(member: Membership, roles: frozenset[str]) -> None:
    if member.role not in roles or not member.is_active:
        raise PermissionDenied


# --- broadcast ----------------------------------------------------------------------------------


def _audience_count(member: Membership, segment: selectors.Segment) -> int:
    return selectors.audience(organization=member.organization, segment=segment).count()


def _preview(member: Membership, form: SegmentForm) -> int | None:
    """How many ambassadors the form's segment reaches now, or None while the segment itself is not valid."""
    form.is_valid()
    if any(name in form.errors for name in SEGMENT_FIELDS):
        return None
    return _audience_count(member, form.segment())


def _is_everyone(segment: selectors.Segment) -> bool:
    return not (segment.unit_paths or segment.program_ids or segment.cohort_ids or segment.platforms)


def _without_confirmation(data: QueryDict) -> QueryDict:
    """The posted data for step 1: a size confirmed earlier never rides along into a new count."""
    data = data.copy()
    data.pop("confirmed_size", None)
    data.pop("confirmation", None)
    data.pop("action", None)
    return data


def _step_one(request: HttpRequest, campaign: Campaign, form: BroadcastForm, *, preview: int | None) -> HttpResponse:
    everyone = preview is not None and _is_everyone(form.segment())
    context = {"campaign": campaign, "form": form, "step": 1, "preview": preview, "everyone": everyone}
    return render(request, "campaigns/broadcast.html", context)


def _step_two(
    request: HttpRequest, member: Membership, campaign: Campaign, data: QueryDict, *, count: int, error: str = ""
) -> HttpResponse:
    """The confirmation: the number, the message and the segment, and the same data posted back with the number."""
    data = _without_confirmation(data)
    data["confirmed_size"] = str(count)
    data["confirmation"] = uuid.uuid4().hex  # once sent, the same confirmation sends nothing again
    form = BroadcastForm(data, organization=member.organization)
    if not form.is_valid():  # the data were valid a moment ago: a unit or cohort just went away
        return _step_one(request, campaign, form, preview=None)
    summary = form.summary()
    message = form.cleaned_data["message"]
    form.hide_all()
    context = {
        "campaign": campaign,
        "form": form,
        "step": 2,
        "count": count,
        "message": message,
        "summary": summary,
        "everyone": not summary,
        "error": error,
    }
    return render(request, "campaigns/broadcast.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def broadcast_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    """Step 1: the message and the segment, "Count the audience". Step 2: "This will go to N ambassadors", send.

    Sending posts the size the admin saw (``confirmed_size``); if the audience changed meanwhile, nothing is
    sent and the new number is shown to confirm again. With HTMX, the count follows the segment as it changes.
    """
    campaign = _crisis_for(member, campaign_pk)
    _require(member, BROADCASTERS)
    organization = member.organization
    if campaign.is_closed:
        messages.error(request, _("This crisis is closed."))
        return redirect("campaigns:detail", org_slug=organization.slug, campaign_pk=campaign.pk)

    if request.method != "POST":
        initial = {"message": campaign.holding_statement, **SegmentForm.initial_for(campaign)}
        form = BroadcastForm(organization=organization, initial=initial)
        segment = selectors.segment_for_organization(
            organization=organization,
            units=initial["units"],
            programs=initial["programs"],
            cohorts=initial["cohorts"],
            platforms=initial["platforms"],
        )
        context = {
            "campaign": campaign,
            "form": form,
            "step": 1,
            "preview": _audience_count(member, segment),
            "everyone": _is_everyone(segment),
        }
        return render(request, "campaigns/broadcast.html", context)

    action = request.POST.get("action", "")
    htmx = getattr(request, "htmx", None)
    if action == "preview" and htmx:
        segment_form = SegmentForm(request.POST, organization=organization)
        preview = _preview(member, segment_form)
        everyone = preview is not None and _is_everyone(segment_form.segment())
        return render(request, "campaigns/broadcast.html#count", {"preview": preview, "everyone": everyone})

    if action in {"count", "edit", "preview"} or not request.POST.get("confirmed_size"):
        form = BroadcastForm(_without_confirmation(request.POST), organization=organization)
        if action == "edit" or not form.is_valid():
            return _step_one(request, campaign, form, preview=_preview(member, form))
        count = _audience_count(member, form.segment())
        if not count:
            form.add_error(None, _("Nobody is in this audience: choose other units, programs or platforms."))
            return _step_one(request, campaign, form, preview=0)
        return _step_two(request, member, campaign, request.POST, count=count)

    form = BroadcastForm(request.POST, organization=organization)
    if not form.is_valid() or form.cleaned_data["confirmed_size"] is None:
        form = BroadcastForm(_without_confirmation(request.POST), organization=organization)
        return _step_one(request, campaign, form, preview=_preview(member, form))
    try:
        broadcast = services.crisis_broadcast(
            member=member,
            campaign=campaign,
            message=form.cleaned_data["message"],
            segment=form.segment(),
            confirmed_size=form.cleaned_data["confirmed_size"],
            confirmation=form.cleaned_data["confirmation"],
        )
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        count = _audience_count(member, form.segment())
        if error.code == "audience_changed" and count:
            return _step_two(request, member, campaign, request.POST, count=count, error=error.message)
        form = BroadcastForm(_without_confirmation(request.POST), organization=organization)
        form.is_valid()
        add_application_error(form, error)
        return _step_one(request, campaign, form, preview=count)
    messages.success(
        request,
        _("Sent to %(count)d ambassadors. Their response shows here as it comes in.")
        % {"count": broadcast.audience_size},
    )
    return redirect("campaigns:response", org_slug=organization.slug, campaign_pk=campaign.pk)


# --- response -----------------------------------------------------------------------------------


def percent(part: int, whole: int) -> int | None:
    """``part`` as a whole percentage of ``whole`` (None when there is no whole)."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class ResponseRow:
    """One broadcast's figures as the response page shows them."""

    response: selectors.CrisisResponse
    delivered_percent: int | None
    opened_percent: int | None
    shared_percent: int | None
    first_share: str
    median_share: str

    @property
    def broadcast(self) -> Any:
        return self.response.broadcast


def _row(response: selectors.CrisisResponse) -> ResponseRow:
    return ResponseRow(
        response=response,
        delivered_percent=percent(response.delivered, response.recipients),
        opened_percent=percent(response.opened, response.recipients),
        shared_percent=percent(response.shared, response.recipients),
        first_share=rules.duration_text(response.first_share),
        median_share=rules.duration_text(response.median_share),
    )


@member_required
@require_safe
def response_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    """Each broadcast, newest first: recipients, delivered, opened, shared, failed and waiting, the time to the
    first and the median share. HTMX refreshes the figures every 30 seconds."""
    campaign = _crisis_for(member, campaign_pk)
    _require(member, RESPONSE_READERS)
    page = page_of(request, selectors.broadcast_list_for_campaign(campaign=campaign), size=BROADCASTS_PER_PAGE)
    rows = [_row(selectors.crisis_response(broadcast=broadcast)) for broadcast in page.object_list]
    context = {
        "campaign": campaign,
        "page": page,
        "rows": rows,
        "latest": rows[0] if rows and page.number == 1 else None,
        "updated_at": timezone.now(),
        "is_admin": member.role == Role.ADMIN,
        "querystring": request.GET.copy(),
    }
    return render_page_or_partial(request, "campaigns/response.html", context, partial="figures")
