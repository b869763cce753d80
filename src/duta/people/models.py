from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    THREADS = "threads", "Threads"


class CountSource(models.TextChoices):
    DECLARED = "declared", _("declared by the employee")
    EVIDENCE = "evidence", _("declared with a screenshot")
    VERIFIED = "verified", _("verified by a coordinator")
    IMPORTED = "imported", _("imported from a roster")
    API = "api", _("read from the platform")


VERIFIED_SOURCES = (CountSource.VERIFIED, CountSource.API)


class Employee(TimeStampedModel):
    """A person on the organization's roster, whether or not they have an account in Duta."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="employees")
    employee_id = models.CharField(_("employee number"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    phone = models.CharField(_("phone (WhatsApp)"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee_records"
    )
    code_of_conduct_accepted_at = models.DateTimeField(_("code of conduct accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["name", "employee_id"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(fields=["organization", "employee_id"], name="employee_unique_number_per_org")
        ]
        indexes = [models.Index(fields=["organization", "email"], name="employee_org_email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"


class SocialAccount(TimeStampedModel):
    """One platform account of an employee, with its latest counts kept beside the history.

    ``followers`` is the latest count from any source and ``verified_followers`` the latest
    verified (or API) one: eligibility over a whole roster reads these two columns instead of
    the history. Only ``duta.people.services`` writes them, together with the snapshot.
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=120)
    profile_url = models.URLField(_("profile address"), max_length=300)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    followers_source = models.CharField(_("source"), max_length=16, choices=CountSource.choices, blank=True)
    followers_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    verified_followers = models.PositiveIntegerField(_("verified followers"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["platform"]
        verbose_name = _("social media account")
        verbose_name_plural = _("social media accounts")
        constraints = [models.UniqueConstraint(fields=["employee", "platform"], name="account_unique_platform")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"


class FollowerSnapshot(models.Model):
    """A follower count at one moment, with where it came from."""

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="snapshots")
    count = models.PositiveIntegerField(_("followers"))
    source = models.CharField(_("source"), max_length=16, choices=CountSource.choices)
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    following = models.PositiveIntegerField(_("following"), null=True, blank=True)
    posts = models.PositiveIntegerField(_("posts"), null=True, blank=True)
    evidence = models.ImageField(_("screenshot"), upload_to="evidence/%Y/%m/", blank=True)
    flags = models.JSONField(_("why it needs review"), default=list, blank=True)  # see people.rules.growth_flags
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("follower count")
        verbose_name_plural = _("follower counts")
        indexes = [models.Index(fields=["account", "recorded_at"], name="snapshot_account_time")]

    def __str__(self) -> str:
        return f"{self.account} {self.count} ({self.source})"


class RosterImport(TimeStampedModel):
    """One upload of an HR roster: checked first (dry run), then imported, in the background."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Not imported: invalid rows")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="rosters/", blank=True)
    original_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CHECKING)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    invalid_count = models.PositiveIntegerField(default=0)
    units_created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    unknown_headers = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
