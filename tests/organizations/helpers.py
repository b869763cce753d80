"""Assertions shared by the organization tests."""

from __future__ import annotations

from typing import Any

from django.db import models

from duta.core.models import AuditEvent


def assert_audited(
    action: str,
    *,
    actor: Any,
    organization: Any,
    target: models.Model | None = None,
    target_id: Any = None,
) -> AuditEvent:
    """Exactly one audit row for ``action`` on ``target``, written by ``actor`` in ``organization``."""
    events = AuditEvent.objects.filter(action=action)
    if target is not None:
        events = events.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    elif target_id is not None:
        events = events.filter(target_id=str(target_id))
    found = list(events)
    assert len(found) == 1, f"expected one {action!r} row, found {found!r}"
    event = found[0]
    assert event.actor_id == (actor.pk if actor is not None else None)
    assert event.actor_label == (actor.email if actor is not None else "")
    assert event.organization_id == (organization.pk if organization is not None else None)
    return event


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
