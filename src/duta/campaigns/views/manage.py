"""The PR team's pages: campaigns and briefs, content items and their approvals, settings and the freeze.

Admins write; coordinators and viewers read; approvers (settings) approve. Ambassadors use the feed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.campaigns import selectors, services
from duta.campaigns.forms.campaigns import (
    AttachmentForm,
    CampaignFilterForm,
    CampaignForm,
    CommentForm,
    FreezeForm,
    ItemForm,
    ScheduleForm,
    SettingsForm,
    variant_formset,
    variants_from,
)
from duta.campaigns.models import Campaign, ContentItem, ItemStatus
from duta.coach import coach
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required


def _require_admin(member: Membership) -> None:
    if member.role != Role.ADMIN:
        raise PermissionDenied


def _org(member: Membership) -> str:
    return member.organization.slug


# --- campaigns ------------------------------------------------------------------------------------


@member_required
@require_safe
def campaign_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    campaigns = selectors.campaign_list_for_member(
        member=member, kind=filters.get("kind", ""), state=filters.get("state", "")
    )
    context = {
        "form": form,
        "page": page_of(request, campaigns),
        "freeze": selectors.freeze_active(organization=member.organization),
        "freeze_form": FreezeForm(),
        "in_review": selectors.item_list_for_member(member=member, status=ItemStatus.IN_REVIEW).count(),
        "querystring": request.GET.copy(),
    }
    return render_page_or_partial(request, "campaigns/list.html", context, partial="rows")


@member_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request: HttpRequest, member: Membership) -> HttpResponse:
    _require_admin(member)
    kind = request.GET.get("kind") or request.POST.get("kind") or Campaign.Kind.NORMAL
    if kind not in Campaign.Kind.values:
        raise Http404
    form = CampaignForm(request.POST or None, organization=member.organization, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(member=member, data=form.brief())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if campaign.is_crisis:
                messages.success(
                    request, _("Crisis opened. Add content for the fast track, or broadcast the holding statement.")
                )
            else:
                messages.success(request, _("Campaign created. Now add its content."))
            return redirect("campaigns:detail", org_slug=_org(member), campaign_pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "kind": kind, "campaign": None})


@member_required
@require_http_methods(["GET", "POST"])
def campaign_edit_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    _require_admin(member)
    form = CampaignForm(
        request.POST or None,
        organization=member.organization,
        kind=campaign.kind,
        initial=CampaignForm.initial_for(campaign),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(member=member, campaign=campaign, data=form.brief())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Brief saved."))
            return redirect("campaigns:detail", org_slug=_org(member), campaign_pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "kind": campaign.kind, "campaign": campaign})


@member_required
@require_safe
def campaign_detail_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    context: dict[str, Any] = {
        "campaign": campaign,
        "items": selectors.item_list_for_campaign(campaign=campaign),
        "attachment_form": AttachmentForm(),
        "audience_size": selectors.audience(
            organization=member.organization, segment=selectors.campaign_segment(campaign)
        ).count(),
        "broadcasts": selectors.broadcast_list_for_campaign(campaign=campaign) if campaign.is_crisis else [],
        "is_admin": member.role == Role.ADMIN,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@member_required
@require_POST
def campaign_close_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    _require_admin(member)
    try:
        services.campaign_close(member=member, campaign=campaign)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Closed: its content has left the feed."))
    return redirect("campaigns:detail", org_slug=_org(member), campaign_pk=campaign.pk)


@member_required
@require_POST
def attachment_add_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    _require_admin(member)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                member=member, campaign=campaign, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("File attached."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("campaigns:detail", org_slug=_org(member), campaign_pk=campaign.pk)


@member_required
@require_POST
def attachment_delete_view(request: HttpRequest, member: Membership, attachment_pk: int) -> HttpResponse:
    _require_admin(member)
    attachment = selectors.attachment_get_for_member(member=member, attachment_pk=attachment_pk)
    try:
        services.attachment_delete(member=member, attachment=attachment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File removed."))
    return redirect("campaigns:detail", org_slug=_org(member), campaign_pk=attachment.campaign_id)


# --- content items ----------------------------------------------------------------------------------


def _item_form_page(
    request: HttpRequest, member: Membership, campaign: Campaign, item: ContentItem | None
) -> HttpResponse:
    initial = (
        {"title": item.title, "target_url": item.target_url, "attachments": list(item.attachments.all())}
        if item
        else None
    )
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, campaign=campaign, initial=initial)
    formset = variant_formset(data, item=item, campaign=campaign)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        arguments = {
            "member": member,
            "title": form.cleaned_data["title"],
            "target_url": form.cleaned_data["target_url"],
            "variants": variants_from(formset),
            "attachments": list(form.cleaned_data["attachments"]),
        }
        try:
            if item is None:
                item = services.item_create(campaign=campaign, **arguments)
            else:
                item = services.item_update(item=item, **arguments)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Saved as a draft. Send it for review when it is ready."))
            return redirect("campaigns:item_detail", org_slug=_org(member), item_pk=item.pk)
    context = {"form": form, "formset": formset, "campaign": campaign, "item": item}
    return render(request, "campaigns/item_form.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def item_create_view(request: HttpRequest, member: Membership, campaign_pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    _require_admin(member)
    return _item_form_page(request, member, campaign, None)


@member_required
@require_http_methods(["GET", "POST"])
def item_edit_view(request: HttpRequest, member: Membership, item_pk: int) -> HttpResponse:
    item = selectors.item_get_for_member(member=member, item_pk=item_pk)
    _require_admin(member)
    if item.status != ItemStatus.DRAFT:
        messages.error(request, _("Only drafts can be edited; send the item back to draft first."))
        return redirect("campaigns:item_detail", org_slug=_org(member), item_pk=item.pk)
    return _item_form_page(request, member, item.campaign, item)


@member_required
@require_safe
def item_queue_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Items waiting for approval (and, with ?status=, any other state)."""
    status = request.GET.get("status") or ItemStatus.IN_REVIEW
    if status not in ItemStatus.values:
        status = ItemStatus.IN_REVIEW
    items = selectors.item_list_for_member(member=member, status=status)
    context = {"page": page_of(request, items), "status": status, "statuses": ItemStatus.choices}
    return render_page_or_partial(request, "campaigns/queue.html", context, partial="rows")


@member_required
@require_safe
def item_detail_view(request: HttpRequest, member: Membership, item_pk: int) -> HttpResponse:
    item = selectors.item_get_for_member(member=member, item_pk=item_pk)
    found = selectors.campaign_settings_for(member.organization)
    brief = selectors.coach_brief_for_campaign(campaign=item.campaign)
    variants = [(variant, coach(variant.text, variant.platform, brief)) for variant in item.variants.all()]
    reports = selectors.post_reports_for_item(member=member, item=item)
    clusters = selectors.copy_clusters_for_item(member=member, item=item)
    cluster_members = selectors.copy_cluster_members(
        organization=member.organization, member_ids=[pk for cluster in clusters for pk in cluster.member_ids]
    )
    context = {
        "item": item,
        "variants": variants,
        "history": selectors.item_history(item=item),
        "approvals": selectors.item_approvals_pending(item=item),
        "required": 1 if item.campaign.is_crisis else found.approvals_required,
        "may_approve": selectors.may_approve(member, found)
        and not (found.four_eyes and item.author_id == member.user_id),
        "is_admin": member.role == Role.ADMIN,
        "comment_form": CommentForm(),
        "schedule_form": ScheduleForm(),
        "clusters": [(cluster, [cluster_members.get(pk) for pk in cluster.member_ids]) for cluster in clusters],
        "reports": reports.select_related("member__user", "member__unit")[:200],
        "report_count": reports.count(),
        "frozen": selectors.freeze_active(organization=member.organization) is not None,
    }
    return render(request, "campaigns/item_detail.html", context)


ACTIONS = {"submit", "approve", "return", "schedule", "publish", "archive", "comment"}


@member_required
@require_POST
def item_action_view(request: HttpRequest, member: Membership, item_pk: int, action: str) -> HttpResponse:
    """One step of the item's way; each is a service with its history entry and audit row."""
    if action not in ACTIONS:
        raise Http404
    item = selectors.item_get_for_member(member=member, item_pk=item_pk)
    comment = request.POST.get("text", "")
    done = {
        "submit": _("Sent for review."),
        "approve": _("Approval recorded."),
        "return": _("Sent back to draft."),
        "schedule": _("Scheduled."),
        "publish": _("Live: ambassadors see it in their feed."),
        "archive": _("Archived."),
        "comment": _("Comment added."),
    }[action]
    try:
        if action == "submit":
            services.item_submit(member=member, item=item)
        elif action == "approve":
            services.item_approve(member=member, item=item, comment=comment)
        elif action == "return":
            services.item_return(member=member, item=item, comment=comment)
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Choose the date and time it goes live."), field="when")
            services.item_schedule(member=member, item=item, when=form.cleaned_data["when"])
        elif action == "publish":
            services.item_publish(member=member, item=item)
        elif action == "archive":
            services.item_archive(member=member, item=item)
        else:
            services.item_comment(member=member, item=item, text=comment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("campaigns:item_detail", org_slug=_org(member), item_pk=item.pk)


# --- settings and the freeze ------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, member: Membership) -> HttpResponse:
    _require_admin(member)
    found = selectors.campaign_settings_for(member.organization)
    form = SettingsForm(request.POST or None, organization=member.organization, initial=SettingsForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_settings_update(member=member, data=form.settings_data())
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("campaigns:settings", org_slug=_org(member))
    election = selectors.election_rules(found)
    return render(request, "campaigns/settings.html", {"form": form, "election_on": election is not None})


@member_required
@require_POST
def freeze_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Freeze (with a reason) or resume every normal item of the organization."""
    _require_admin(member)
    try:
        if request.POST.get("resume"):
            freeze = services.organization_resume(member=member)
            messages.success(request, _("Resumed: %(count)d items are back.") % {"count": freeze.items_paused})
        else:
            form = FreezeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Say why content is frozen (ambassadors see it)."))
            freeze = services.organization_freeze(member=member, reason=form.cleaned_data["reason"])
            messages.success(request, _("Frozen: %(count)d items paused.") % {"count": freeze.items_paused})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("campaigns:list", org_slug=_org(member))
