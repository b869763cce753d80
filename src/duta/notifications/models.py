"""The outbox: one ``Notification`` per recipient and logical message, one ``Delivery`` per channel.

Channels are named by plain strings (``in_app``, ``email``, later ``whatsapp`` ...) checked against the
registry in ``duta.notifications.channels``, not by model choices: a new channel needs no migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duta.notifications.rules import internal_path_validator


class Kind(models.TextChoices):
    CRISIS = "crisis", _("Crisis")
    CONTENT = "content", _("New content")
    DIGEST = "digest", _("Weekly digest")
    REMINDER = "reminder", _("Reminder")
    NUDGE = "nudge", _("Nudge")
    TRAINING = "training", _("Training")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")


class Notification(models.Model):
    """One message to one person in one organization. ``key`` makes sending idempotent."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    # a person's messages go with their account (Law 27/2022: deletion)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, validators=[internal_path_validator])
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    key = models.CharField(_("idempotency key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # per organization: the same person in two organizations gets each one's digest
            models.UniqueConstraint(fields=["organization", "key", "recipient"], name="notification_unique_key"),
        ]
        indexes = [
            models.Index(fields=["recipient", "organization", "-created_at"], name="notification_inbox"),
            models.Index(fields=["organization", "topic"], name="notification_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient_id}"


class Delivery(models.Model):
    """The status row of one notification on one channel."""

    class Status(models.TextChoices):
        READY = "ready", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=32)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.READY)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["notification_id", "channel"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_unique_channel"),
        ]
        indexes = [
            # the worker's two questions: what is due, what is stuck
            models.Index(fields=["next_attempt_at"], condition=Q(status="ready"), name="delivery_due"),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="delivery_sending"),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"


class NotificationPreference(models.Model):
    """A person's choice for one kind of message on one channel. No row: the default, on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=32)
    enabled = models.BooleanField(_("on"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["user_id", "kind", "channel"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="notification_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"
