from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duta.core.models import TimeStampedModel

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _("Use 1 to 50 lowercase letters, digits and hyphens, not starting or ending with a hyphen."),
)


class Organization(TimeStampedModel):
    """A tenant: a ministry, an agency, a regional government or a company."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
        STATE_OWNED_COMPANY = "state_owned_company", _("State-owned company")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=50, unique=True, validators=[slug_validator])
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """A work unit in the organization's tree (Eselon I > Eselon II > Bagian, Holding > Subsidiary ...).

    ``path`` holds the ids from the root down (``/4/17/32/``), so that a subtree is one prefix
    filter (``LIKE '/4/17/%'``) on every database, within the organization. Services keep it and
    ``depth`` right on create and move.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"],
                condition=Q(parent__isnull=False, archived_at__isnull=True),
                name="unit_unique_name_among_siblings",
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(parent__isnull=True, archived_at__isnull=True),
                name="unit_unique_root_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin (PR team)")
    COORDINATOR = "coordinator", _("Unit coordinator")
    AMBASSADOR = "ambassador", _("Ambassador")
    VIEWER = "viewer", _("Viewer (leadership)")


class Membership(TimeStampedModel):
    """A person in an organization, with one role. Coordinators manage the subtrees of their units."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AMBASSADOR)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    coordinated_units = models.ManyToManyField(
        Unit, verbose_name=_("coordinated units"), blank=True, related_name="coordinators"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    """An e-mailed, single-use, expiring offer to join an organization with a role.

    Only a hash of the token is stored in the database; the token itself travels in the e-mail
    (and in the job queue until that e-mail is sent).
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AMBASSADOR)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coordinated_units = models.ManyToManyField(Unit, verbose_name=_("coordinated units"), blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["organization", "email"], name="invitation_org_email")]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
