"""The ambassadors' pages: the feed ("what to share now"), one item, "I posted it", my reported posts with the
figures read off them (observed reach), the live coach, downloads.

Phone-first. Every page works without JavaScript; with HTMX a report or its removal re-renders only the item's
card (or, on "my posts", only the post's block), and the coach scores the ambassador's rewrite as they type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from duta.campaigns import rules, selectors, services
from duta.campaigns.forms.feed import CoachForm, PostMetricsForm, ReportForm
from duta.campaigns.models import Attachment, Campaign, Platform, PostReport
from duta.coach import coach
from duta.core.exceptions import ApplicationError
from duta.core.forms import add_application_error
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.core.redirects import local_redirect
from duta.organizations.models import Membership, Role
from duta.organizations.views import member_required

CARD = "campaigns/feed_item.html#card"


# --- what a card shows ------------------------------------------------------------------------------


@dataclass
class OfferRow:
    """One platform of a card: the offer, its "I posted it" form and the caption shown in the textarea."""

    offer: selectors.Offer
    form: ReportForm
    caption: str
    key: str  # "<item>-<platform>", for element ids


@dataclass
class Card:
    entry: selectors.FeedEntry
    rows: list[OfferRow]
    key_messages: list[str]
    refusal: str | None  # why sharing is closed now, or None
    notice: str = ""  # "your post is counted", after an HTMX report
    errors: list[str] = field(default_factory=list)  # refusals that belong to no platform of the card


def _form_ids(item_pk: int, platform: str) -> str:
    return f"id_{item_pk}_{platform}_%s"


def _card(
    entry: selectors.FeedEntry,
    *,
    refusal: str | None,
    next_url: str,
    bound: ReportForm | None = None,
    notice: str = "",
) -> Card:
    rows, errors = [], []
    for offer in entry.offers:
        if bound is not None and bound.data.get("platform") == offer.platform:
            form = bound
            caption = bound.data.get("text") or offer.variant.text
        else:
            form = ReportForm(
                auto_id=_form_ids(entry.item.pk, offer.platform),
                initial={"platform": offer.platform, "text": offer.variant.text, "next": next_url},
            )
            caption = offer.variant.text
        rows.append(OfferRow(offer=offer, form=form, caption=caption, key=f"{entry.item.pk}-{offer.platform}"))
    if bound is not None and not any(row.form is bound for row in rows):
        errors = [str(error) for field_errors in bound.errors.values() for error in field_errors]
    return Card(
        entry=entry,
        rows=rows,
        key_messages=rules.lines(entry.item.campaign.key_messages),
        refusal=None if entry.is_crisis else refusal,  # the guardrails do not hold back a crisis response
        notice=notice,
        errors=errors,
    )


def _language(request: HttpRequest) -> str:
    return str(getattr(request, "LANGUAGE_CODE", "") or "id")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _feed_url(member: Membership) -> str:
    return reverse("campaigns:feed", kwargs={"org_slug": member.organization.slug})


def _back(request: HttpRequest, member: Membership, item_pk: int | None) -> HttpResponseRedirect:
    """To ``next`` when it is a path on this site, else to the item's card in the feed."""
    anchor = f"#item-{item_pk}" if item_pk else ""
    return local_redirect(request, request.POST.get("next", ""), _feed_url(member) + anchor)


def _refusal(member: Membership) -> str | None:
    return selectors.share_refusal_for(member=member, found=selectors.campaign_settings_for(member.organization))


# --- pages ------------------------------------------------------------------------------------------


@member_required
@require_safe
def feed_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """What to share now: the freeze, open crises with their holding statements, the guardrails, then one card
    per live item for this ambassador. Other roles see why the feed is empty for them."""
    feed = selectors.feed_for_member(member=member, language=_language(request))
    path = request.get_full_path()
    context = {
        "feed": feed,
        "cards": [
            _card(entry, refusal=feed.refusal, next_url=f"{path}#item-{entry.item.pk}") for entry in feed.entries
        ],
        "is_ambassador": member.role == Role.AMBASSADOR,
        "daily_limit": feed.settings.daily_share_limit,
    }
    return render(request, "campaigns/feed.html", context)


@member_required
@require_safe
def feed_item_view(request: HttpRequest, member: Membership, item_pk: int) -> HttpResponse:
    """One item of the member's feed as a full page (the link in notifications). An item that is not (or no
    longer) in the feed (archived, frozen, not for them) leads to the feed with a message; another organization's
    item is not found."""
    try:
        entry = selectors.feed_item_for_member(member=member, item_pk=item_pk, language=_language(request))
    except Http404:
        if not selectors.item_exists(organization=member.organization, item_pk=item_pk):
            raise
        messages.info(request, _("This item is not in your feed (any more)."))
        return redirect("campaigns:feed", org_slug=member.organization.slug)
    card = _card(entry, refusal=_refusal(member), next_url=request.get_full_path())
    return render_page_or_partial(request, "campaigns/feed_item.html", {"card": card}, partial="card")


@member_required
@require_POST
def report_view(request: HttpRequest, member: Membership, item_pk: int) -> HttpResponse:
    """ "I posted it" for one platform of an item in the member's feed (404 for any other item)."""
    entry = selectors.feed_item_for_member(member=member, item_pk=item_pk, language=_language(request))
    platform = request.POST.get("platform", "")
    form = ReportForm(request.POST, auto_id=_form_ids(entry.item.pk, platform if platform in Platform.values else "x"))
    if form.is_valid():
        try:
            services.post_report_create(
                member=member,
                item=entry.item,
                url=form.cleaned_data["url"],
                platform=form.cleaned_data["platform"],
                text=form.cleaned_data["text"],
                language=_language(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if _is_htmx(request):
                entry = selectors.feed_item_for_member(member=member, item_pk=item_pk, language=_language(request))
                card = _card(
                    entry,
                    refusal=_refusal(member),
                    next_url=form.cleaned_data["next"],
                    notice=_("Thank you: your post is counted."),
                )
                return render(request, CARD, {"card": card})
            messages.success(request, _("Thank you: your post is counted."))
            return _back(request, member, item_pk)
    if _is_htmx(request):
        card = _card(entry, refusal=_refusal(member), next_url=request.POST.get("next", ""), bound=form)
        return render(request, CARD, {"card": card})
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    return _back(request, member, item_pk)


@member_required
@require_POST
def report_delete_view(request: HttpRequest, member: Membership, report_pk: int) -> HttpResponse:
    """Remove one of the member's own reports (someone else's: 404)."""
    report = selectors.post_report_list_for_member(member=member).filter(pk=report_pk).first()
    if report is None:
        raise Http404
    item_pk = report.item_id
    try:
        services.post_report_delete(member=member, report=report)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _back(request, member, item_pk)
    if _is_htmx(request):
        try:
            entry = selectors.feed_item_for_member(member=member, item_pk=item_pk, language=_language(request))
        except Http404:  # the item has left the feed: its card goes too
            return HttpResponse("")
        card = _card(
            entry,
            refusal=_refusal(member),
            next_url=request.POST.get("next", ""),
            notice=_("Your report is removed."),
        )
        return render(request, CARD, {"card": card})
    messages.success(request, _("Your report is removed."))
    return _back(request, member, item_pk)


# --- my reported posts: the figures read off them (observed reach) -----------------------------------

POSTS_PER_PAGE = 20
POST = "campaigns/my_posts.html#post"


@dataclass
class PostRow:
    """One of the member's reported posts with the form of the figures read off it."""

    report: PostReport
    form: PostMetricsForm
    notice: str = ""


def _post_row(report: PostReport, *, bound: PostMetricsForm | None = None, notice: str = "") -> PostRow:
    form = bound or PostMetricsForm(
        auto_id=f"id_post{report.pk}_%s",
        initial={name: getattr(report, name) for name in ("views", "reactions", "comments", "reshares")},
    )
    return PostRow(report=report, form=form, notice=notice)


@member_required
@require_safe
def my_posts_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The member's reported posts, newest first, each with the figures they read off it: views, reactions,
    comments, reshares. These are observed reach, shown apart from potential reach (followers)."""
    page = page_of(request, selectors.post_report_list_for_member(member=member), size=POSTS_PER_PAGE)
    context = {
        "page": page,
        "rows": [_post_row(report) for report in page],
        "querystring": request.GET.copy(),
    }
    return render(request, "campaigns/my_posts.html", context)


@member_required
@require_POST
def post_metrics_view(request: HttpRequest, member: Membership, report_pk: int) -> HttpResponse:
    """Save the figures of one of the member's own posts (someone else's: 404). With HTMX only the post's
    block is answered; without, back to the list with a message."""
    report = selectors.post_report_list_for_member(member=member).filter(pk=report_pk).first()
    if report is None:
        raise Http404
    form = PostMetricsForm(request.POST, auto_id=f"id_post{report.pk}_%s")
    if form.is_valid():
        try:
            report = services.post_report_metrics_update(member=member, report=report, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            notice = _("Thank you: the figures are saved.")
            if _is_htmx(request):
                return render(request, POST, {"row": _post_row(report, notice=notice)})
            messages.success(request, notice)
            return _my_posts_back(member, report.pk)
    if _is_htmx(request):
        return render(request, POST, {"row": _post_row(report, bound=form)})
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in field_errors:
            messages.error(request, f"{label}: {message}" if label else str(message))
    return _my_posts_back(member, report.pk)


def _my_posts_back(member: Membership, report_pk: int) -> HttpResponseRedirect:
    address = reverse("campaigns:my_posts", kwargs={"org_slug": member.organization.slug})
    return HttpResponseRedirect(f"{address}#post-{report_pk}")


# --- the live coach ---------------------------------------------------------------------------------


def _coach_campaign(member: Membership, campaign_pk: int) -> Campaign:
    """The campaign whose brief the coach applies: any of the organization's for the PR team and the other
    readers; for an ambassador, only a campaign with a live item in their feed. Otherwise 404."""
    if member.role in selectors.READERS:
        return selectors.campaign_get_for_member(member=member, campaign_pk=campaign_pk)
    profile = selectors.profile_for_member(member)
    live = selectors.live_items(organization=member.organization, today=timezone.localdate())
    for item in live.filter(campaign_id=campaign_pk)[:1]:
        if selectors.audience_includes(item.campaign, profile):
            return item.campaign
    raise Http404


@member_required
@require_POST
def coach_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """The storytelling coach's verdict on a caption, as the partial ``coach/verdict.html`` (for HTMX).

    POST parameters:

    - ``text``: the caption (at most 10,000 characters); empty gives an empty verdict box.
    - ``platform``: a platform code (``instagram``, ``facebook``, ``x``, ``tiktok``, ``youtube``, ``linkedin``,
      ``threads``, ``whatsapp``, ``telegram``); unknown or missing answers 400 with the reason in the partial.
    - ``campaign`` (optional): the id of a campaign of the member's organization, whose brief (key messages,
      hashtags, disclosure tag) applies; without it, the organization's guardrails and default disclosure tag.
      Another organization's campaign (or, for an ambassador, one not in their feed) answers 404.

    Any member may use it: ambassadors coach their rewrite in the feed, the PR team their captions in the editor.
    """
    form = CoachForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        return render(request, "campaigns/_feed_coach_error.html", {"errors": errors}, status=400)
    campaign_pk = form.cleaned_data["campaign"]
    if campaign_pk:
        brief = selectors.coach_brief_for_campaign(campaign=_coach_campaign(member, campaign_pk))
    else:
        brief = selectors.coach_brief_for_organization(organization=member.organization)
    text = form.cleaned_data["text"]
    verdict = coach(text, form.cleaned_data["platform"], brief) if text.strip() else None
    return render(request, "coach/verdict.html", {"verdict": verdict})


# --- attachments ------------------------------------------------------------------------------------


def _download_name(attachment: Attachment, rendition: str, stored_name: str) -> str:
    stem = slugify(attachment.title)[:80] or "attachment"
    if rendition:
        stem = f"{stem}-{slugify(rendition) or 'rendition'}"
    return stem + PurePosixPath(stored_name).suffix.lower()


@member_required  # type: ignore[arg-type]  # a FileResponse streams: it is no HttpResponse
@require_safe
def attachment_download_view(request: HttpRequest, member: Membership, attachment_pk: int) -> FileResponse:
    """An attachment (or, with ``?rendition=<name>``, its copy sized for one platform) as a download, from the
    storage, for members who may see it (the PR team, and ambassadors with a live item carrying it)."""
    attachment = selectors.attachment_get_for_member(member=member, attachment_pk=attachment_pk)
    assert isinstance(attachment, Attachment)
    rendition = request.GET.get("rendition", "")
    if rendition:
        found = attachment.renditions.get(rendition) if isinstance(attachment.renditions, dict) else None
        if not isinstance(found, dict) or not found.get("name"):
            raise Http404
        name = str(found["name"])
    else:
        name = attachment.file.name or ""
    storage = attachment.file.storage
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(attachment, rendition, name),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
