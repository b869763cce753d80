from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from duta.core.models import AuditEvent
from duta.core.request_context import current_client_ip

if TYPE_CHECKING:
    from duta.accounts.models import User
    from duta.organizations.models import Organization


def audit_record(
    *,
    actor: User | None,
    action: str,
    organization: Organization | None = None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the audit log. Call it inside the service's transaction."""
    if actor is not None and actor.pk is None:
        actor = None  # not saved (yet): nobody to name
    event = AuditEvent(
        organization_id=organization.pk if organization is not None else None,
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.email if actor is not None else "",
        action=action,
        changes=changes or {},
        ip_address=current_client_ip(),
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_label = str(target)[:255]
    event.save()
    return event
