"""Analytics: figures per period computed from the other apps' records and the click rollups, consistency,
recognition, external influencers and the monthly report.

The dashboards read only the tables here (``Stat``, ``VariantStat``, ``MemberStat``) and the links app's
``ClickRollup``: their cost depends on the number of units, periods and campaigns, never on the number of clicks,
posts or ambassadors. ``services.refresh`` recomputes them in the background (ADR 0009).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duta.campaigns.models import Platform
from duta.core.models import TimeStampedModel


class AnalyticsSettings(TimeStampedModel):
    """An organization's choices for recognition and money value: all off until the PR team turns them on."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="analytics_settings"
    )
    # Law 27/2022: scoring people is high-risk processing; leaderboards need a data protection impact assessment.
    leaderboards_enabled = models.BooleanField(_("leaderboards on"), default=False)
    impact_assessment_on = models.DateField(_("impact assessment completed on"), null=True, blank=True)
    impact_assessment_reference = models.CharField(_("impact assessment reference"), max_length=200, blank=True)
    impact_assessment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    points_daily_cap = models.PositiveSmallIntegerField(
        _("most points a day"), default=30, help_text=_("Points beyond this in one day are not counted.")
    )
    inactive_after_days = models.PositiveSmallIntegerField(
        _("inactive after (days)"), default=14, help_text=_("An ambassador who shared nothing for this long is listed.")
    )
    # Earned media value, in rupiah: off by default, and always shown with these inputs.
    emv_enabled = models.BooleanField(_("show earned media value"), default=False)
    emv_cpm = models.JSONField(_("rupiah per 1,000 potential reach, per platform"), default=dict, blank=True)
    emv_cpc = models.JSONField(_("rupiah per click, per platform"), default=dict, blank=True)

    class Meta:
        verbose_name = _("analytics settings")
        verbose_name_plural = _("analytics settings")

    def __str__(self) -> str:
        return f"{self.organization}"


class Scope(models.TextChoices):
    ORGANIZATION = "org", _("organization")
    PROGRAM = "program", _("program")
    CAMPAIGN = "campaign", _("campaign")


class Stat(models.Model):
    """The figures of one period (``2026-11-23``, ``2026-W47``, ``2026-11``, ``2026-Q4``, ``2026``) for the whole
    organization, one program's ambassadors or one campaign, for one unit's own members (``unit`` 0: everyone)
    and one platform (``""``: all). Members belong to one unit, so a subtree's figures are the sum of its units'.
    Written only by ``services.refresh``."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    period = models.CharField(max_length=10)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    scope_key = models.BigIntegerField(default=0)
    unit = models.BigIntegerField(default=0)
    platform = models.CharField(max_length=16, blank=True, choices=Platform.choices)
    active = models.PositiveIntegerField(default=0)  # active ambassadors (of the program; a campaign's audience)
    sharers = models.PositiveIntegerField(default=0)  # of them, those who shared in the period
    shares = models.PositiveIntegerField(default=0)  # share taps that made a tracked link
    posts = models.PositiveIntegerField(default=0)  # reported posts
    clicks = models.PositiveBigIntegerField(default=0)
    previews = models.PositiveBigIntegerField(default=0)
    potential_reach = models.PositiveBigIntegerField(default=0)  # followers of those who shared, on that platform
    observed_reach = models.PositiveBigIntegerField(default=0)  # views reported on the posts
    engagements = models.PositiveBigIntegerField(default=0)  # reactions, comments and reshares reported

    class Meta:
        verbose_name = _("period figures")
        verbose_name_plural = _("period figures")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period", "scope", "scope_key", "unit", "platform"], name="stat_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.scope}:{self.scope_key} unit {self.unit} {self.platform or '*'}"


class VariantStat(models.Model):
    """Links, posts and clicks of one caption variant (``v1``, ``v2``… as in the links' ``utm_content``) of an
    item on a platform, over the campaign's whole life."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    campaign_id = models.BigIntegerField()
    item_id = models.BigIntegerField()
    platform = models.CharField(max_length=16, choices=Platform.choices)
    variant = models.CharField(max_length=16)
    shares = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    clicks = models.PositiveBigIntegerField(default=0)
    previews = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("variant figures")
        verbose_name_plural = _("variant figures")
        constraints = [
            models.UniqueConstraint(fields=["item_id", "platform", "variant"], name="variantstat_unique"),
        ]
        indexes = [models.Index(fields=["organization", "campaign_id"], name="variantstat_campaign")]

    def __str__(self) -> str:
        return f"item {self.item_id} {self.platform} {self.variant}"


class MemberStat(models.Model):
    """One active ambassador's consistency and recognition figures, recomputed with the period figures."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField("organizations.Membership", on_delete=models.CASCADE, related_name="analytics")
    unit = models.BigIntegerField(default=0)
    weekly_target = models.PositiveSmallIntegerField(default=0)  # the highest cadence of the member's programs
    last_shared_on = models.DateField(null=True, blank=True)
    shares_this_week = models.PositiveIntegerField(default=0)
    streak_weeks = models.PositiveIntegerField(default=0)  # weeks in a row that met the target, up to now
    best_streak_weeks = models.PositiveIntegerField(default=0)
    shares_total = models.PositiveIntegerField(default=0)
    posts_total = models.PositiveIntegerField(default=0)
    clicks_total = models.PositiveBigIntegerField(default=0)
    points_season = models.PositiveIntegerField(default=0)
    points_total = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveIntegerField(null=True, blank=True)  # in the organization, by the season's points
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ambassador figures")
        verbose_name_plural = _("ambassador figures")
        indexes = [
            models.Index(fields=["organization", "last_shared_on"], name="memberstat_last_shared"),
            models.Index(fields=["organization", "rank"], name="memberstat_rank"),
            models.Index(fields=["organization", "unit"], name="memberstat_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.points_season} points"


class Refresh(models.Model):
    """When an organization's figures were last recomputed, and how long it took."""

    organization = models.OneToOneField("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    finished_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    periods = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.finished_at}"


class Nudge(models.Model):
    """A coordinator's reminder to an inactive ambassador, sent through the notification outbox."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="nudges")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["member", "sent_at"], name="nudge_member_time")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.sent_at}"


# --- recognition ---------------------------------------------------------------------------------------------


class Season(TimeStampedModel):
    """A stretch of time whose points make the leaderboards; points outside every season still count in total."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="season_dates")]

    def __str__(self) -> str:
        return self.name


class PointEntry(models.Model):
    """Points for one act of participation (never per Facebook post: Meta's platform policy). Derived from the
    record of the act (``source_id``), so recomputing never awards twice; ``points`` is after the daily cap."""

    class Kind(models.TextChoices):
        POST = "post", _("a share with a reported post")
        VERIFIED = "verified", _("a verified follower count")
        TRAINING = "training", _("training completed")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source_id = models.BigIntegerField()
    day = models.DateField()
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("points")
        verbose_name_plural = _("points")
        constraints = [models.UniqueConstraint(fields=["member", "kind", "source_id"], name="pointentry_unique")]
        indexes = [
            models.Index(fields=["organization", "day"], name="pointentry_org_day"),
            models.Index(fields=["member", "day"], name="pointentry_member_day"),  # a member's latest points
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.points}"


class BadgeAward(models.Model):
    """A badge an ambassador earned (the badges and their rules are in ``recognition_rules``)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="badges")
    badge = models.CharField(max_length=32)
    awarded_on = models.DateField()

    class Meta:
        ordering = ["awarded_on", "badge"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="badgeaward_unique")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.badge}"


class RecognitionPreference(models.Model):
    """An ambassador's choice to hide their name from leaderboards others see (Law 27/2022)."""

    member = models.OneToOneField("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    hide_name = models.BooleanField(_("hide my name on leaderboards"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.member_id}: {'hidden' if self.hide_name else 'shown'}"


# --- external influencers ------------------------------------------------------------------------------------


class ExternalInfluencer(TimeStampedModel):
    """A paid outside influencer, registered to compare with the organization's own ambassadors."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    platform = models.CharField(_("main platform"), max_length=16, choices=Platform.choices)
    profile_url = models.URLField(_("profile address"), max_length=300, blank=True)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("external influencer")
        verbose_name_plural = _("external influencers")

    def __str__(self) -> str:
        return self.name


class ExternalPlacement(TimeStampedModel):
    """One paid post of an external influencer in a campaign, with its fee and the figures they reported."""

    influencer = models.ForeignKey(ExternalInfluencer, on_delete=models.CASCADE, related_name="placements")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+")
    post_url = models.URLField(_("address of the post"), max_length=500, blank=True)
    fee = models.PositiveBigIntegerField(_("fee (rupiah)"))
    clicks = models.PositiveIntegerField(_("clicks"), null=True, blank=True)
    views = models.PositiveIntegerField(_("views"), null=True, blank=True)
    engagements = models.PositiveIntegerField(_("reactions, comments and reshares"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paid placement")
        verbose_name_plural = _("paid placements")

    def __str__(self) -> str:
        return f"{self.influencer} – {self.campaign}"


# --- the monthly report --------------------------------------------------------------------------------------


def report_storage() -> Storage:
    """Reports are private: stored apart from ``MEDIA_ROOT`` and served only through a scoped view."""
    return storages["reports"]


class MonthlyReport(TimeStampedModel):
    """The leadership's monthly report (PDF and XLSX), made in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # its first day
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(storage=report_storage, upload_to="reports/%Y/%m/", blank=True)
    xlsx = models.FileField(storage=report_storage, upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m} ({self.language})"
