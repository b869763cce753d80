from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel


class Program(TimeStampedModel):
    """An internal influencer program of an organization, with its eligibility rules as data."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="programs")
    slug = models.SlugField(_("short name"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    open_for_applications = models.BooleanField(_("open for applications"), default=True)
    weekly_target = models.PositiveSmallIntegerField(
        _("shares a week"),
        default=3,
        help_text=_("The cadence asked of each active ambassador: streaks count the weeks that reach it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="program_unique_slug_per_org")]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    NOMINATED = "nominated", _("Nominated")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    SCREENING = "screening", _("Reputation screening")
    INTERVIEW = "interview", _("Interview")
    TRAINING = "training", _("Training")
    ACTIVE = "active", _("Active ambassador")
    PAUSED = "paused", _("Paused")
    ALUMNI = "alumni", _("Alumni")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn (consent withdrawn)")


class Candidate(TimeStampedModel):
    """An employee's way through one program's pipeline."""

    class Source(models.TextChoices):
        APPLIED = "applied", _("applied themselves")
        NOMINATED = "nominated", _("nominated by a coordinator")
        SELECTED = "selected", _("selected from the roster")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="candidates")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="candidacies")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    source = models.CharField(_("how they came"), max_length=16, choices=Source.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage_reason = models.TextField(_("reason"), blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [models.UniqueConstraint(fields=["program", "employee"], name="candidate_unique_per_program")]
        indexes = [models.Index(fields=["program", "stage"], name="candidate_program_stage")]

    def __str__(self) -> str:
        return f"{self.employee} – {self.get_stage_display()}"


class StageChange(models.Model):
    """One move of a candidate, with who moved them and why."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '–'} -> {self.to_stage}"


class Consent(models.Model):
    """What an employee agreed to under Law 27/2022, in the words they were shown, and its withdrawal."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="consents")
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="consents")
    text = models.TextField(_("text agreed to"))
    language = models.CharField(max_length=8)
    given_at = models.DateTimeField(_("given at"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.employee} – {self.program}"


class CohortSelection(TimeStampedModel):
    """A proposed cohort with the reason for every decision; confirming it moves the chosen on."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="selections")
    size = models.PositiveIntegerField(_("cohort size"))
    decisions = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.program} ({self.size})"
