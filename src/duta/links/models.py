"""Tracked share links, the clicks shipped from the redirectors' journals, and their daily rollups.

A link belongs to one ambassador, one content item and one platform (`utm_source`). The redirector
(`duta.links.redirector`) answers `/s/<code>` from memory and appends each click to a local journal;
`duta clicks ship` moves the journals into `Click` rows and `ClickRollup` counts (see ADR 0008).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duta.campaigns.models import Platform
from duta.core.models import TimeStampedModel


class ShareLink(TimeStampedModel):
    """`https://<host>/s/<code>`: one ambassador's link to one item's target, for one platform."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=16, unique=True)
    item = models.ForeignKey("campaigns.ContentItem", on_delete=models.PROTECT, related_name="share_links")
    member = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="share_links")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    # What the rollups count the clicks under: the campaign of the item and the member's unit when the
    # link was made (a later move to another unit does not move past clicks).
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    destination = models.URLField(_("destination"), max_length=500)
    utm_campaign = models.CharField(max_length=100)
    utm_content = models.CharField(max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.UniqueConstraint(fields=["item", "member", "platform"], name="sharelink_unique_item_member_platform")
        ]
        indexes = [
            # the redirectors' refresh: what changed since they last looked
            models.Index(fields=["updated_at"], name="sharelink_updated"),
            models.Index(fields=["organization", "item"], name="sharelink_org_item"),
            # the analytics refresh: the shares of a period
            models.Index(fields=["organization", "created_at"], name="sharelink_org_created"),
        ]

    def __str__(self) -> str:
        return f"/s/{self.code}"


class Verdict(models.TextChoices):
    """What the shipper made of a click: only `counted` clicks are counted as clicks."""

    COUNTED = "counted", _("counted")
    PREVIEW = "preview", _("link preview")
    BOT = "bot", _("crawler")
    REPEAT = "repeat", _("repeated click")


class UserAgent(models.Model):
    """A browser or fetcher as it named itself, stored once: clicks refer to it by a 64-bit hash of the text."""

    id = models.BigIntegerField(primary_key=True)
    text = models.CharField(_("browser"), max_length=300)
    kind = models.CharField(max_length=8)  # "human", "preview" or "bot" (duta.links.rules.agent_kind)

    class Meta:
        verbose_name = _("browser")
        verbose_name_plural = _("browsers")

    def __str__(self) -> str:
        return self.text


class Click(models.Model):
    """One 302 the redirector answered, as written in its journal. The address never leaves the redirector:
    `visitor` is a hash of the truncated address and the browser with the day's salt.

    The id is the journal's: 12 hex digits of the time in milliseconds, then the journal file's and the line's
    numbers. Shipping twice is harmless (the id is the key), and ids sort by time, so the primary key is also the
    time (``at``) and its index (the retention purge and the shipper's restart read ranges of it). There is no
    other index and no foreign-key check: at a hundred thousand clicks a second each costs a third of the speed or
    more. Pages read the daily rollups, never this table."""

    id = models.UUIDField(primary_key=True, editable=False)
    # No index and no constraint in the database (see the class's note and ADR 0008): the shipper only writes
    # clicks of links it has read, after writing their user agents in the same transaction, and neither links
    # nor user agents are ever deleted.
    link = models.ForeignKey(
        ShareLink, on_delete=models.DO_NOTHING, db_index=False, db_constraint=False, related_name="+"
    )
    visitor = models.CharField(max_length=16)
    referrer = models.CharField(_("referrer"), max_length=300, blank=True)
    agent = models.ForeignKey(
        UserAgent, on_delete=models.DO_NOTHING, db_index=False, db_constraint=False, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")

    def __str__(self) -> str:
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M:%S} {self.verdict}"

    @property
    def at(self) -> datetime:
        """When the redirector answered (the first 12 hex digits of the id, in milliseconds since 1970)."""
        return datetime.fromtimestamp(int(self.id.hex[:12], 16) / 1000, UTC)


def click_id_floor(milliseconds: int) -> uuid.UUID:
    """The smallest click id at or after a time (milliseconds since 1970): ``id >= click_id_floor(t)`` selects the
    clicks since ``t`` through the primary key."""
    return uuid.UUID(hex=f"{milliseconds:012x}" + "0" * 20)


class Dimension(models.TextChoices):
    LINK = "link", _("link")
    MEMBER = "member", _("ambassador")
    ITEM = "item", _("content item")
    CAMPAIGN = "campaign", _("campaign")
    UNIT = "unit", _("unit")


class ClickRollup(models.Model):
    """Clicks per day (the organization's time zone) and platform, for one link, ambassador, item, campaign or
    unit: `key` is that object's id. Written only by the shipper, in the transaction that stores the clicks."""

    # No index of its own (the composite index below starts with it) and no constraint in the database: the
    # shipper adds thousands of rows per batch, and a deferred foreign-key check per row would cost more than
    # the rows (ADR 0008). Only the shipper writes here, with the organization of a link it has read.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, db_index=False, db_constraint=False, related_name="+"
    )
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.BigIntegerField()
    day = models.DateField()
    platform = models.CharField(max_length=16, choices=Platform.choices)
    clicks = models.PositiveIntegerField(default=0)
    previews = models.PositiveIntegerField(default=0)
    filtered = models.PositiveIntegerField(default=0)  # crawlers and repeated clicks

    class Meta:
        verbose_name = _("daily clicks")
        verbose_name_plural = _("daily clicks")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key", "day", "platform"], name="clickrollup_unique")
        ]
        indexes = [models.Index(fields=["organization", "dimension", "day"], name="clickrollup_org_dim_day")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.day} {self.platform}: {self.clicks}"


class JournalCursor(models.Model):
    """How far the shipper has stored one journal file (by its name, which carries the node and process)."""

    name = models.CharField(max_length=200, unique=True)
    offset = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.offset}"


class VisitorSalt(models.Model):
    """The salt of one day's visitor hashes, shared by every redirector node; deleted after two days, so that
    a visitor hash can no longer be linked to an address, nor to the same visitor on another day."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)
