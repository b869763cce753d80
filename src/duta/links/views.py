"""Pages of tracked sharing: the share buttons' endpoint and QR codes (ambassadors), the link list and a link's
page with its clicks, disable and retarget (the PR team). The redirect itself is not a view: see redirector.py."""

from __future__ import annotations

import io
from datetime import date

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from duta.campaigns import selectors as campaign_selectors
from duta.campaigns.models import Platform
from duta.core.exceptions import ApplicationError
from duta.core.htmx import render_page_or_partial
from duta.core.pagination import page_of
from duta.core.redirects import local_redirect
from duta.links import presenters, rules, selectors, services
from duta.links.forms import LinkFilterForm, RetargetForm, ShareForm
from duta.links.models import Dimension, ShareLink
from duta.organizations.models import Membership
from duta.organizations.views import member_required

QR_KINDS = {"png": "image/png", "svg": "image/svg+xml"}


def _language(request: HttpRequest) -> str:
    return str(getattr(request, "LANGUAGE_CODE", "") or "id")


def _feed_back(request: HttpRequest, member: Membership, item_pk: int, target: str) -> HttpResponseRedirect:
    """To ``target`` when it is a path on this site, else to the item's card in the feed."""
    feed = reverse("campaigns:feed", kwargs={"org_slug": member.organization.slug})
    return local_redirect(request, target, f"{feed}#item-{item_pk}")


# --- ambassadors ------------------------------------------------------------------------------------


@member_required
@require_POST
def share_view(request: HttpRequest, member: Membership, item_pk: int, platform: str) -> HttpResponse:
    """A share button of the feed (404 for an item that is not in the member's feed).

    POST ``channel`` = a platform with a web intent (``whatsapp``, ``x``, ``facebook``, ``linkedin``, ``telegram``,
    ``threads``): makes the member's tracked link on first use and answers 303 to the platform's composer with
    ``text`` (the caption as rewritten) and the link filled in. ``channel`` = ``link``: makes the link and shows
    it (the share row, for HTMX; else back to ``next``, a path on this site, or the feed). A refusal (sharing
    hours, the posting window, a disabled link) comes back as a message."""
    form = ShareForm(request.POST)
    if platform not in Platform.values or not form.is_valid():
        raise Http404
    channel = form.cleaned_data["channel"] or "link"
    if channel != "link" and (channel != platform or platform not in rules.INTENT_PLATFORMS):
        raise Http404
    try:
        link = services.share_link_ensure(
            member=member, item_pk=item_pk, platform=platform, language=_language(request)
        )
        if link is None and channel == "link":
            raise ApplicationError(_("This item has no link to share: share the caption and the files."))
    except ApplicationError as error:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(format_html('<p class="share-status error" role="alert">{}</p>', error.message))
        messages.error(request, error.message)
        return _feed_back(request, member, item_pk, form.cleaned_data["next"])
    if channel == "link":
        if request.htmx:  # type: ignore[attr-defined]
            entry = campaign_selectors.feed_item_for_member(member=member, item_pk=item_pk, language=_language(request))
            offer = next(offer for offer in entry.offers if offer.platform == platform)
            row = presenters.share_row(
                request=request,
                member=member,
                item=entry.item,
                platform=platform,
                caption=offer.variant.text,
                next_url=form.cleaned_data["next"],
            )
            return render(request, "links/_share_row.html", {**presenters.row_context(row, member), "closed": False})
        return _feed_back(request, member, item_pk, form.cleaned_data["next"])
    target = rules.intent_url(
        platform, text=form.cleaned_data["text"], url=presenters.short_url(link.code) if link else ""
    )
    if target is None:  # Facebook, LinkedIn and Telegram need a link, and the item has none
        raise Http404
    return HttpResponseRedirect(target, status=303)


@member_required
@require_safe
def qr_view(request: HttpRequest, member: Membership, code: str, kind: str) -> HttpResponse:
    """The QR code of a link, as PNG or SVG (the member's own link, or any for the PR team)."""
    if kind not in QR_KINDS or not rules.is_code(code):
        raise Http404
    link = selectors.share_link_get_for_member(member=member, code=code)
    qr = segno.make(presenters.short_url(link.code), error="m")
    buffer = io.BytesIO()
    if kind == "png":
        qr.save(buffer, kind="png", scale=10, border=2)
    else:
        qr.save(buffer, kind="svg", scale=10, border=2, xmldecl=False, svgns=True, title=presenters.short_url(code))
    response = HttpResponse(buffer.getvalue(), content_type=QR_KINDS[kind])
    response["Content-Disposition"] = f'inline; filename="duta-{link.code}.{kind}"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    if kind == "svg":
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# --- the PR team ------------------------------------------------------------------------------------


@member_required
@require_safe
def link_list_view(request: HttpRequest, member: Membership) -> HttpResponse:
    """Every tracked link of the organization with its clicks (PR team; 404 for other roles). ``?item=`` narrows
    it to one content item, with the item's clicks and "retarget every link"."""
    selectors.require_link_admin(member)
    form = LinkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    item = None
    wanted = request.GET.get("item", "")
    if wanted.isascii() and wanted.isdigit():
        item = campaign_selectors.item_get_for_member(member=member, item_pk=int(wanted))
    links = selectors.share_link_list_for_member(
        member=member, item_pk=item.pk if item else None, query=filters.get("q", ""), state=filters.get("state", "")
    )
    page = page_of(request, links)
    item_days = selectors.click_days(member=member, dimension=Dimension.ITEM, key=item.pk) if item else []
    totals = selectors.click_totals(member=member, dimension=Dimension.LINK, keys=[link.pk for link in page])
    context = {
        "form": form,
        "page": page,
        "rows": [(link, totals.get(link.pk)) for link in page],
        "item": item,
        "item_days": item_days,
        "item_peak": _peak(item_days),
        "item_platforms": selectors.click_platforms(member=member, dimension=Dimension.ITEM, key=item.pk)
        if item
        else [],
        "retarget_form": RetargetForm(initial={"destination": item.target_url}) if item else None,
        "querystring": request.GET.copy(),
        "repeat_window": settings.LINKS_REPEAT_WINDOW_MINUTES,
        "platform_labels": dict(Platform.choices),
    }
    return render_page_or_partial(request, "links/list.html", context, partial="rows")


@member_required
@require_safe
def link_detail_view(request: HttpRequest, member: Membership, code: str) -> HttpResponse:
    link = _admin_link(member, code)
    days = selectors.click_days(member=member, dimension=Dimension.LINK, key=link.pk)
    context = {
        "link": link,
        "short_url": presenters.short_url(link.code),
        "location": rules.tracked_url(
            link.destination, source=link.platform, campaign=link.utm_campaign, content=link.utm_content
        ),
        "days": days,
        "peak": _peak(days),
        "totals": selectors.click_totals(member=member, dimension=Dimension.LINK, keys=[link.pk]).get(link.pk),
        "retarget_form": RetargetForm(initial={"destination": link.destination}),
    }
    return render(request, "links/detail.html", context)


def _peak(days: list[tuple[date, selectors.ClickTotals]]) -> int:
    """The most clicks on one day (at least 1): the full length of the bars in ``links/_days.html``."""
    return max([totals.clicks for _day, totals in days] + [1])


def _admin_link(member: Membership, code: str) -> ShareLink:
    selectors.require_link_admin(member)
    return selectors.share_link_get_for_member(member=member, code=code)


@member_required
@require_POST
def link_active_view(request: HttpRequest, member: Membership, code: str) -> HttpResponse:
    """Disable a link (it answers 410 with a friendly page from the next second on) or enable it again."""
    link = _admin_link(member, code)
    active = request.POST.get("active") == "1"
    try:
        services.share_link_set_active(member=member, link=link, active=active)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The link is active again.") if active else _("The link is disabled."))
    return redirect("links:detail", org_slug=member.organization.slug, code=link.code)


@member_required
@require_http_methods(["POST"])
def link_retarget_view(request: HttpRequest, member: Membership, code: str) -> HttpResponse:
    link = _admin_link(member, code)
    form = RetargetForm(request.POST)
    if form.is_valid():
        try:
            services.share_link_retarget(member=member, link=link, destination=form.cleaned_data["destination"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The link now leads to the new page."))
    else:
        _form_errors(request, form)
    return redirect("links:detail", org_slug=member.organization.slug, code=link.code)


@member_required
@require_POST
def item_retarget_view(request: HttpRequest, member: Membership, item_pk: int) -> HttpResponse:
    """Point every link of an item at another page (when the page moved)."""
    selectors.require_link_admin(member)
    item = campaign_selectors.item_get_for_member(member=member, item_pk=item_pk)
    form = RetargetForm(request.POST)
    if form.is_valid():
        try:
            changed = services.share_links_retarget_item(
                member=member, item=item, destination=form.cleaned_data["destination"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)s links now lead to the new page.") % {"count": changed})
    else:
        _form_errors(request, form)
    list_url = reverse("links:list", kwargs={"org_slug": member.organization.slug})
    return HttpResponseRedirect(f"{list_url}?item={item.pk}")


def _form_errors(request: HttpRequest, form: RetargetForm) -> None:
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
