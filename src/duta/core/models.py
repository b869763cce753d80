from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One write done through a service: who, what, on which object, when, in which organization.

    Rows are only ever inserted by the application (see ``duta.core.audit.audit_record``). The
    organization and the actor are kept as plain ids with a label, not foreign keys: the log sits
    below every other app, and a row outlives the account it names.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    organization_id = models.BigIntegerField(_("organization"), null=True, blank=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organization_id", "-created_at"], name="audit_org_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("update_fields"):
            raise AppendOnlyError("The audit log is append-only.")
        kwargs["force_insert"] = True  # a new object carrying an existing id must not overwrite that row
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")
