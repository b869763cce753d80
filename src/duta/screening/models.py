from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel
from duta.screening.findings import CATEGORY_LABELS, PLATFORM_LABELS


class Level(models.TextChoices):
    CLEAR = "clear", _("Clear")
    REVIEW = "review", _("Needs a review")
    HIGH = "high", _("High risk")


class Screening(TimeStampedModel):
    """One reputation check of a candidate, from the posts in their own data exports.

    The raw posts live in ``ScreenedPost`` rows until the retention period after the decision ends;
    the summary, the level with the rule that set it, the decision and its reason stay.
    """

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Waiting for uploads")
        SCANNING = "scanning", _("Scanning")
        READY = "ready", _("Ready for review")
        DECIDED = "decided", _("Decided")

    class ConsentSource(models.TextChoices):
        SELF = "self", _("given by the candidate in Duta")
        WRITTEN = "written", _("written consent recorded by the PR team")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        TALK = "talk", _("Talk first")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey("programs.Candidate", on_delete=models.PROTECT, related_name="screenings")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.COLLECTING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # no upload is taken before the candidate's consent is recorded: given in Duta, or in writing
    consent_source = models.CharField(_("consent"), max_length=8, choices=ConsentSource.choices, blank=True)
    consent_text = models.TextField(_("text agreed to"), blank=True)
    consent_reference = models.CharField(_("where the written consent is kept"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    level = models.CharField(_("level"), max_length=8, choices=Level.choices, blank=True)
    level_rule = models.JSONField(_("rule that set the level"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    posts_total = models.PositiveIntegerField(_("posts read"), default=0)
    posts_flagged = models.PositiveIntegerField(_("posts flagged"), default=0)

    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    purge_after = models.DateTimeField(_("raw posts deleted after"), null=True, blank=True, db_index=True)
    raw_deleted_at = models.DateTimeField(_("raw posts deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [models.Index(fields=["organization", "status"], name="screening_org_status")]

    def __str__(self) -> str:
        return f"{self.candidate.employee} ({self.get_status_display()})"


def export_storage() -> Storage:
    """Where uploaded exports wait to be read: a private storage, never the public media (settings.STORAGES)."""
    return storages["screening"]


class ScreeningUpload(TimeStampedModel):
    """One data export uploaded for a screening, read in the background and then deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        READING = "reading", _("Reading")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="exports/", storage=export_storage, blank=True)
    original_name = models.CharField(_("file"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=16)

    account = models.CharField(_("account"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    posts_read = models.PositiveIntegerField(_("posts read"), default=0)
    posts_flagged = models.PositiveIntegerField(_("posts flagged"), default=0)
    summary = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("uploaded export")
        verbose_name_plural = _("uploaded exports")

    RUNNING = (Status.QUEUED, Status.READING)

    def __str__(self) -> str:  # no file name: it often holds the account's handle, and audit rows outlive erasure
        return f"{self.format_label} #{self.pk}"

    @property
    def format_label(self) -> str:
        return PLATFORM_LABELS.get(self.format, self.format)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def progress_key(self) -> str:
        return f"screening-upload-{self.pk}"


class ScreenedPost(models.Model):
    """A flagged post with the evidence for each category. Posts without a flag are only counted.

    ``text`` is the raw post: it is emptied when the retention period ends, unless the reviewer
    kept the excerpt (``kept``), which then holds the words around the evidence.
    """

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="posts")
    upload = models.ForeignKey(ScreeningUpload, on_delete=models.CASCADE, related_name="posts")
    platform = models.CharField(max_length=16)
    kind = models.CharField(max_length=16)
    source_id = models.CharField(max_length=64)
    posted_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    categories = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    dismissed = models.JSONField(default=list, blank=True)  # categories the reviewer marked as wrong
    kept = models.BooleanField(_("excerpt kept"), default=False)

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "source_id"], name="screened_post_unique_per_upload"),
        ]

    def __str__(self) -> str:  # no post id: audit rows outlive erasure
        return f"{PLATFORM_LABELS.get(self.platform, self.platform)} #{self.pk}"


class FlagCorrection(models.Model):
    """A reviewer's word that a flag was wrong (or right): training data for the next `screening train`."""

    CATEGORY_CHOICES = [(key.value, label) for key, label in CATEGORY_LABELS.items()]

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="corrections")
    post = models.ForeignKey(ScreenedPost, null=True, on_delete=models.SET_NULL, related_name="corrections")
    category = models.CharField(_("category"), max_length=16, choices=CATEGORY_CHOICES)
    text = models.TextField()
    correct = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "category"], name="flag_correction_once_per_flag"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {'right' if self.correct else 'wrong'}"


class ScreeningTerm(TimeStampedModel):
    """A word, phrase or hashtag an organization adds to a screening lexicon (a candidate of a
    local election, an internal code word, another name of the employer)."""

    class Kind(models.TextChoices):
        POLITICAL = "political", _("Political (candidate, party, campaign hashtag)")
        EMPLOYER = "employer", _("Another name of the organization")
        LEAK = "leak", _("Internal marking or code word")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    term = models.CharField(_("word, phrase or hashtag"), max_length=100)
    election = models.CharField(_("election or context"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = _("screening term")
        verbose_name_plural = _("screening terms")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "term"], name="screening_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term
