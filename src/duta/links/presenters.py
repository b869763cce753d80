"""What the share row under each caption of the ambassador's feed shows (``links/_share_row.html``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duta.campaigns.models import Attachment, ContentItem, ItemStatus, Platform
from duta.links import rules
from duta.links.models import ShareLink
from duta.organizations.models import Membership

# The picture the phone's share sheet attaches, per platform (an attachment's renditions, see core.media).
RENDITION_FOR = {
    "instagram": "instagram",
    "tiktok": "story",
    "whatsapp": "whatsapp",
    "facebook": "landscape",
    "x": "landscape",
    "linkedin": "landscape",
    "youtube": "landscape",
    "threads": "square",
}
INTENT_LABELS = {
    "whatsapp": _("Send on WhatsApp"),
    "x": _("Post on X"),
    "facebook": _("Share on Facebook"),
    "linkedin": _("Share on LinkedIn"),
    "telegram": _("Send on Telegram"),
    "threads": _("Post on Threads"),
}


def short_url(code: str) -> str:
    return f"{settings.SHORT_LINK_URL}/s/{code}"


@dataclass
class ShareRow:
    item: ContentItem
    platform: str
    caption: str  # the caption offered (what the share buttons send when the page has no JavaScript)
    caption_id: str  # the id of the caption's textarea, which the buttons read when JavaScript runs
    link: ShareLink | None
    next_url: str
    file_url: str = ""  # the picture or video for the phone's share sheet

    @property
    def platform_label(self) -> str:
        return str(Platform(self.platform).label)

    @property
    def has_target(self) -> bool:
        return bool(self.item.target_url)

    @property
    def short_url(self) -> str:
        """The member's short link, or "" when there is none yet or the PR team turned it off."""
        return short_url(self.link.code) if self.link is not None and self.link.is_active else ""

    @property
    def intent_label(self) -> str:
        """The label of the platform's own share button, or "" when the platform has no web intent (or needs a
        link and the item has none)."""
        if self.platform not in rules.INTENT_PLATFORMS:
            return ""
        if not self.has_target and self.platform in rules.NEEDS_LINK:
            return ""
        return str(INTENT_LABELS[self.platform])


def file_for_share(item: ContentItem, platform: str, organization_slug: str) -> str:
    """The address of the item's first picture or video, cut for ``platform`` when there is such a cut."""
    attachment: Attachment | None = next(
        (one for one in item.attachments.all() if one.kind in (Attachment.Kind.IMAGE, Attachment.Kind.VIDEO)), None
    )
    if attachment is None:
        return ""
    url = reverse("campaigns:attachment", kwargs={"org_slug": organization_slug, "attachment_pk": attachment.pk})
    rendition = RENDITION_FOR.get(platform)
    if rendition and rendition in (attachment.renditions or {}):
        url += f"?rendition={rendition}"
    return url


def member_links(request: HttpRequest | None, member: Membership) -> dict[tuple[int, str], ShareLink]:
    """The member's links for live items, by (item, platform): read once per request, whatever the number of
    cards on the page."""
    cache: dict[int, dict[tuple[int, str], ShareLink]] = getattr(request, "_duta_share_links", {})
    if member.pk not in cache:
        links = ShareLink.objects.filter(member=member, item__status=ItemStatus.LIVE)
        cache[member.pk] = {(link.item_id, link.platform): link for link in links}
        if request is not None:
            request._duta_share_links = cache  # type: ignore[attr-defined]
    return cache[member.pk]


def share_row(
    *, request: HttpRequest | None, member: Membership, item: ContentItem, platform: str, caption: str, next_url: str
) -> ShareRow:
    return ShareRow(
        item=item,
        platform=platform,
        caption=caption,
        caption_id=f"caption-{item.pk}-{platform}",
        link=member_links(request, member).get((item.pk, platform)),
        next_url=next_url,
        file_url=file_for_share(item, platform, member.organization.slug),
    )


def row_context(row: ShareRow, member: Membership) -> dict[str, Any]:
    return {"share": row, "member": member, "slug": member.organization.slug}
