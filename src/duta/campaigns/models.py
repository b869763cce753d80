"""Campaigns with their brief, content items with caption variants, approvals, the crisis lane and guardrails."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel


class Platform(models.TextChoices):
    """Where an ambassador shares: the social networks of the roster, and the messengers."""

    WHATSAPP = "whatsapp", "WhatsApp"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X (Twitter)"
    TELEGRAM = "telegram", "Telegram"
    THREADS = "threads", "Threads"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"


class Language(models.TextChoices):
    INDONESIAN = "id", "Bahasa Indonesia"
    ENGLISH = "en", "English"


class CampaignSettings(TimeStampedModel):
    """An organization's approval rules and guardrails: one row per organization, made on first use."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.PROTECT, related_name="campaign_settings"
    )
    # approvals
    four_eyes = models.BooleanField(
        _("four-eyes rule"), default=True, help_text=_("The author of an item may not approve it.")
    )
    approvals_required = models.PositiveSmallIntegerField(
        _("approvals required"), default=1, help_text=_("Crisis items always need one approval only.")
    )
    approvers = models.ManyToManyField(
        "organizations.Membership",
        verbose_name=_("approvers"),
        blank=True,
        related_name="+",
        help_text=_("Members who may approve content. Empty: every admin."),
    )
    default_disclosure_tag = models.CharField(_("default disclosure tag"), max_length=100, blank=True)
    # guardrails
    blocklist = models.TextField(_("blocked words"), blank=True, help_text=_("One word or phrase per line."))
    sharing_starts_at = models.TimeField(_("sharing hours start"), null=True, blank=True)
    sharing_ends_at = models.TimeField(_("sharing hours end"), null=True, blank=True)
    daily_share_limit = models.PositiveSmallIntegerField(
        _("shares per ambassador per day"), default=5, help_text=_("0: no limit.")
    )
    stagger_minutes = models.PositiveSmallIntegerField(
        _("posting window (minutes)"),
        default=180,
        help_text=_("Each ambassador gets their own start within this window after an item goes live. 0: none."),
    )
    # election mode (SKB 2/2022)
    election_starts_on = models.DateField(_("election mode from"), null=True, blank=True)
    election_ends_on = models.DateField(_("election mode until"), null=True, blank=True)
    election_candidates = models.TextField(_("candidates"), blank=True, help_text=_("One name per line."))
    election_parties = models.TextField(_("parties"), blank=True, help_text=_("One name or abbreviation per line."))
    election_numbers = models.TextField(_("ballot numbers"), blank=True, help_text=_("One number per line."))
    election_hashtags = models.TextField(_("campaign hashtags"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("campaign settings")
        verbose_name_plural = _("campaign settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(election_starts_on__isnull=True)
                | Q(election_ends_on__isnull=True)
                | Q(election_ends_on__gte=models.F("election_starts_on")),
                name="campaign_settings_election_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Campaign(TimeStampedModel):
    """A campaign or a crisis, with its brief: what to say, what not, and the facts with their sources."""

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Normal")
        CRISIS = "crisis", _("Crisis")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="campaigns")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NORMAL)
    name = models.CharField(_("name"), max_length=200)
    objective = models.TextField(_("objective"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # audience: empty means everyone
    target_units = models.ManyToManyField("organizations.Unit", verbose_name=_("units"), blank=True, related_name="+")
    target_programs = models.ManyToManyField(
        "programs.Program", verbose_name=_("programs (their active ambassadors)"), blank=True, related_name="+"
    )
    target_cohorts = models.ManyToManyField(
        "programs.CohortSelection", verbose_name=_("cohorts"), blank=True, related_name="+"
    )
    target_platforms = models.JSONField(_("platforms"), default=list, blank=True)
    # the brief
    key_messages = models.TextField(_("key messages"), blank=True, help_text=_("One message per line."))
    facts = models.JSONField(_("facts and their sources"), default=list, blank=True)
    say = models.TextField(_("what to say"), blank=True)
    avoid = models.TextField(_("what not to say"), blank=True)
    hashtags = models.CharField(_("hashtags"), max_length=300, blank=True)
    disclosure_tag = models.CharField(
        _("disclosure tag"), max_length=100, blank=True, help_text=_("Every post must carry it.")
    )
    # the crisis lane
    holding_statement = models.TextField(_("holding statement"), blank=True)
    questions_answers = models.JSONField(_("questions and answers"), default=list, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["organization", "kind", "closed_at"], name="campaign_org_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_crisis(self) -> bool:
        return self.kind == self.Kind.CRISIS

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


def attachment_storage() -> Storage:
    """Attachments live in a private storage (settings.STORAGES["campaigns"]), never under the public media."""
    return storages["campaigns"]


class Attachment(TimeStampedModel):
    """An image, short video or PDF of a brief: type and size checked, metadata stripped, images resized per platform.

    Files are served through a scoped view, never from a public media URL.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=attachment_storage, upload_to="attachments/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # for images: {"instagram": {"name": …, "width": …, "height": …, "size": …}, …}
    renditions = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [models.UniqueConstraint(fields=["campaign", "sha256"], name="attachment_unique_per_campaign")]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    PAUSED = "paused", _("Paused (frozen)")
    ARCHIVED = "archived", _("Archived")


class Freeze(models.Model):
    """The organization's switch that pauses every scheduled or live non-crisis item at once."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    started_at = models.DateTimeField(_("frozen at"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    items_paused = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("freeze")
        verbose_name_plural = _("freezes")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(ended_at__isnull=True), name="freeze_one_open_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.started_at:%Y-%m-%d %H:%M}"


class ContentItem(TimeStampedModel):
    """One thing to share, with its caption variants, on its way from draft to live and archive."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(_("title"), max_length=200)
    target_url = models.URLField(
        _("link to share"), max_length=500, blank=True, help_text=_("The page the ambassadors' posts point to.")
    )
    attachments = models.ManyToManyField(Attachment, verbose_name=_("attachments"), blank=True, related_name="items")
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_for = models.DateTimeField(_("goes live at"), null=True, blank=True)
    live_at = models.DateTimeField(_("live since"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    paused_from = models.CharField(max_length=16, choices=ItemStatus.choices, blank=True)
    freeze = models.ForeignKey(Freeze, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        indexes = [
            models.Index(fields=["organization", "status"], name="item_org_status"),
            models.Index(fields=["status", "scheduled_for"], name="item_status_scheduled"),
        ]

    def __str__(self) -> str:
        return self.title


class CaptionVariant(models.Model):
    """A suggested caption for one platform and language; each ambassador is offered one of them."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="variants")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN)
    text = models.TextField(_("caption"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["platform", "language", "id"]
        verbose_name = _("caption variant")
        verbose_name_plural = _("caption variants")
        indexes = [models.Index(fields=["item", "platform", "language"], name="variant_item_platform")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} #{self.pk}"


class ItemEvent(models.Model):
    """The history of an item: each transition and each comment, with who and when."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Status change")
        APPROVAL = "approval", _("Approval")
        COMMENT = "comment", _("Comment")

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ItemStatus.choices, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.from_status} -> {self.to_status}"


class PostReport(TimeStampedModel):
    """ "I posted it": an ambassador's post of an item, by its address (none for WhatsApp chats and statuses)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ContentItem, on_delete=models.PROTECT, related_name="reports")
    member = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="post_reports")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    url = models.URLField(_("address of the post"), max_length=500, blank=True)
    canonical_url = models.CharField(max_length=500, blank=True, editable=False)
    variant = models.ForeignKey(CaptionVariant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("the words you posted"), blank=True)
    text_fingerprint = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    copied_variant = models.BooleanField(default=False, editable=False)
    # What the ambassador read off the post later (observed reach), or what a connector fetched.
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    reactions = models.PositiveIntegerField(_("likes and reactions"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("comments"), null=True, blank=True)
    reshares = models.PositiveIntegerField(_("reshares"), null=True, blank=True)
    metrics_at = models.DateTimeField(_("figures read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reported post")
        verbose_name_plural = _("reported posts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "canonical_url"],
                condition=~Q(canonical_url=""),
                name="post_report_unique_url_per_org",
            ),
            models.UniqueConstraint(
                fields=["item", "member", "platform"],
                condition=Q(canonical_url=""),
                name="post_report_one_unlinked_per_platform",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "created_at"], name="post_report_member_day"),
            models.Index(fields=["organization", "created_at"], name="post_report_org_time"),  # analytics
        ]

    def __str__(self) -> str:
        return self.canonical_url or f"{self.get_platform_display()} #{self.pk}"


class CrisisBroadcast(models.Model):
    """A holding statement sent to a chosen segment after the admin confirmed the audience size."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="broadcasts")
    message = models.TextField(_("message"))
    segment = models.JSONField(default=dict, blank=True)  # {"units": [ids], "programs": [ids], "platforms": [...]}
    audience_size = models.PositiveIntegerField(_("audience"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # the one-time id of the confirmation page: a second click or a resubmitted form sends nothing again
    confirmation = models.CharField(max_length=40)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("crisis broadcast")
        verbose_name_plural = _("crisis broadcasts")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "confirmation"], name="crisis_broadcast_confirmed_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} @ {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def topic(self) -> str:
        """How the notification outbox files this broadcast's messages."""
        return f"crisis-broadcast:{self.pk}"
