"""Every write of the outbox.

``notifications_send`` is what other apps call: it creates the notifications and their deliveries in one
transaction and queues the sending on commit. Sending is done by the worker, one delivery at a time:

1. **claim**: ``UPDATE ... SET status='sending' WHERE id=... AND status='ready'``: one worker wins, the
   others see no row (on PostgreSQL a ``SELECT ... FOR UPDATE SKIP LOCKED`` first, so that they do not even
   wait for each other);
2. **send** through the channel, outside any transaction (a slow mail server holds no database lock);
3. **record**: ``sent``, or ``ready`` again after the next wait of the backoff schedule with the reason,
   or ``failed`` after the last attempt.

A sent delivery is never claimed again. A delivery left in ``sending`` longer than
``NOTIFICATIONS_SENDING_TIMEOUT_MINUTES`` (its worker died) becomes ``ready`` again; if the e-mail did go out
before the worker died, the second one carries the same Message-ID, so that mail programs show it once.

Deliveries and openings write no audit rows (they are the system's work and the recipients' reading, in
numbers that would drown the log); a send batch and a change of preferences write one each.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden, full_clean_or_refuse
from duta.notifications import rules
from duta.notifications.channels import Channel, ChannelError, channel_get, channel_names, channels_all
from duta.notifications.models import Delivery, Kind, Notification, NotificationPreference, Priority
from duta.notifications.selectors import preferences_for_user
from duta.organizations.models import Membership, Organization

logger = logging.getLogger(__name__)

Status = Delivery.Status
# up to this many ids, filter with IN (...); past it, read the organization's ids and compare in Python
# (SQLite caps the parameters of one statement)
IN_LIMIT = 500
BATCH_SIZE = 500
INTERRUPTED = "interrupted: the worker stopped while sending"


# --- sending a message -------------------------------------------------------------------------


def _recipient_ids(recipients: Iterable[User | int] | QuerySet[User]) -> list[int]:
    if isinstance(recipients, QuerySet):
        ids: Iterable[Any] = recipients.values_list("pk", flat=True)
    else:
        ids = (recipient if isinstance(recipient, int) else recipient.pk for recipient in recipients)
    return list(dict.fromkeys(ids))  # unique, in the caller's order


def _values_for(rows: QuerySet[Any], field: str, ids: list[int], *values: str) -> list[Any]:
    """``rows.values_list(*values)`` restricted to ``field`` in ``ids``, without a huge IN list."""
    if len(ids) <= IN_LIMIT:
        rows = rows.filter(**{f"{field}__in": ids})
    wanted = set(ids)
    position = values.index(field)
    return [row for row in rows.values_list(*values) if row[position] in wanted]


def _channel_plan(kind: str, recipient_ids: list[int]) -> dict[int, list[str]]:
    """For each recipient the channels they get this kind on: their preferences, and who each channel reaches."""
    disabled: dict[int, set[str]] = {}
    off = NotificationPreference.objects.filter(kind=kind, enabled=False)
    for user_id, channel in _values_for(off, "user_id", recipient_ids, "user_id", "channel"):
        disabled.setdefault(user_id, set()).add(channel)
    channels: list[Channel] = channels_all()
    reachable = {channel.name: channel.reachable(recipient_ids) for channel in channels if not channel.immediate}
    plan: dict[int, list[str]] = {}
    for user_id in recipient_ids:
        names = [
            channel.name
            for channel in channels
            if rules.channel_enabled(kind, channel.name, False if channel.name in disabled.get(user_id, ()) else None)
            and (channel.immediate or user_id in reachable[channel.name])
        ]
        if names:
            plan[user_id] = names
    return plan


@transaction.atomic
def notifications_send(
    *,
    organization: Organization,
    recipients: Iterable[User | int] | QuerySet[User],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    topic: str = "",
    key: str,
    priority: str = "normal",
    actor: User | None = None,
) -> int:
    """Send one message to many people of ``organization`` (users, user ids or a queryset of users); returns how
    many notifications were created.

    Idempotent per (organization, key, recipient): whoever already has a notification with ``key`` is
    skipped, so a retried call sends nothing twice. People who are not active members of the organization
    are skipped, and so are people who turned off this kind on every channel they could get it on. ``url``
    must be a path on this site ("/o/..."). The in-app delivery counts as sent at once; the others are
    queued for the worker on commit, high priority first.
    """
    if kind not in Kind.values:
        raise ApplicationError(_("Unknown kind of notification."), field="kind")
    if priority not in Priority.values:
        raise ApplicationError(_("Unknown priority."), field="priority")
    if not key or not key.strip():
        raise ApplicationError(_("A notification needs an idempotency key."), field="key")
    prototype = Notification(
        organization=organization,
        kind=kind,
        priority=priority,
        # one line (it becomes an e-mail header), cut to the field: a long campaign name must not stop a send
        subject=Truncator(" ".join(subject.split())).chars(Notification._meta.get_field("subject").max_length or 200),
        body=body.strip(),
        url=url.strip(),
        topic=topic,
        key=key,
    )
    full_clean_or_refuse(
        prototype, exclude=["organization", "recipient"], validate_unique=False, validate_constraints=False
    )

    wanted = _recipient_ids(recipients)
    if not wanted:
        return 0
    members = Membership.objects.filter(organization=organization, is_active=True, user__is_active=True)
    member_ids = {user_id for (user_id,) in _values_for(members, "user_id", wanted, "user_id")}
    existing = Notification.objects.filter(organization=organization, key=key)
    already = {user_id for (user_id,) in _values_for(existing, "recipient_id", wanted, "recipient_id")}
    plan = _channel_plan(kind, [user_id for user_id in wanted if user_id in member_ids and user_id not in already])
    if not plan:
        return 0

    fields = {name: getattr(prototype, name) for name in ("kind", "priority", "subject", "body", "url", "topic", "key")}
    Notification.objects.bulk_create(
        [Notification(organization=organization, recipient_id=user_id, **fields) for user_id in plan],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,  # a concurrent call with the same key: its rows stand, ours are skipped
    )
    created = dict(_values_for(existing, "recipient_id", list(plan), "recipient_id", "pk"))

    now = timezone.now()
    immediate = {channel.name for channel in channels_all() if channel.immediate}
    Delivery.objects.bulk_create(
        [
            Delivery(notification_id=notification_id, channel=name, status=Status.SENT, attempts=1, sent_at=now)
            if name in immediate
            else Delivery(notification_id=notification_id, channel=name, status=Status.READY, next_attempt_at=now)
            for user_id, notification_id in created.items()
            for name in plan[user_id]
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    ready_ids: list[int] = []  # only this call's: an earlier call with the same key queued its own
    notification_ids = list(created.values())
    for start in range(0, len(notification_ids), BATCH_SIZE):
        chunk = notification_ids[start : start + BATCH_SIZE]
        ready = Delivery.objects.filter(notification_id__in=chunk, status=Status.READY)
        ready_ids.extend(ready.values_list("pk", flat=True))
    audit_record(
        actor=actor,
        organization=organization,
        action="notification.send",
        changes={"kind": kind, "topic": topic, "count": len(created)},
    )
    if ready_ids:
        transaction.on_commit(partial(_enqueue, ready_ids, priority == Priority.HIGH))
    return len(created)


def _enqueue(delivery_ids: list[int], high: bool) -> None:
    from duta.notifications.tasks import deliveries_enqueue

    deliveries_enqueue(delivery_ids, high=high)


# --- reading -------------------------------------------------------------------------------------


@transaction.atomic
def notification_open(*, notification: Notification, user: User | None) -> bool:
    """Record the first time the recipient opened the notification; later openings change nothing.

    ``user`` is the person opening it, or ``None`` for the signed link in an e-mail (the token stands
    for the recipient). Returns whether this was the first opening.
    """
    if user is not None and user.pk != notification.recipient_id:
        raise forbidden()
    if notification.opened_at is not None:
        return False
    now = timezone.now()
    first = Notification.objects.filter(pk=notification.pk, opened_at__isnull=True).update(opened_at=now) == 1
    if first:
        notification.opened_at = now
    else:  # opened a moment ago elsewhere (the e-mail's link and the inbox at once)
        notification.refresh_from_db(fields=["opened_at"])
    return first


@transaction.atomic
def notifications_open_all(*, user: User, organization: Organization) -> int:
    """Mark every unread notification of the person's inbox in this organization as opened."""
    return Notification.objects.filter(recipient=user, organization=organization, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


# --- preferences -------------------------------------------------------------------------------


@transaction.atomic
def notification_preferences_update(*, user: User, enabled: Collection[tuple[str, str]]) -> dict[str, list[bool]]:
    """Set which kinds of message the person gets on which channels.

    ``enabled`` lists every (kind, channel) to have on; every other one is turned off, except crisis
    messages in the in-app inbox, which stay on. Returns the changes (``"kind/channel": [before, after]``),
    which also go to the audit log (one row, none when nothing changed).
    """
    kinds, channels = set(Kind.values), channel_names()
    for kind, channel in enabled:
        if kind not in kinds or channel not in channels:
            raise ApplicationError(_("Unknown kind of message or channel."))
    current = preferences_for_user(user=user)
    changes: dict[str, list[bool]] = {}
    for kind in Kind.values:
        for channel in channels:
            want = (kind, channel) in enabled or rules.is_locked_on(kind, channel)
            have = current[(kind, channel)]
            if want == have:
                continue
            changes[f"{kind}/{channel}"] = [have, want]
            preference, _created = NotificationPreference.objects.get_or_create(
                user=user, kind=kind, channel=channel, defaults={"enabled": want}
            )
            if preference.enabled != want:
                preference.enabled = want
                preference.full_clean()
                preference.save(update_fields=["enabled", "updated_at"])
    if changes:
        audit_record(actor=user, action="notification.preferences", target=user, changes=changes)
    return changes


# --- delivering ----------------------------------------------------------------------------------


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take one due delivery for this worker. Exactly one worker gets ``True`` for a ready delivery."""
    with transaction.atomic():
        due = Delivery.objects.filter(pk=delivery_id, status=Status.READY, next_attempt_at__lte=now)
        # on PostgreSQL, another worker holding the row: skip it at once rather than wait for its claim
        skip_locked = connection.features.has_select_for_update_skip_locked
        if skip_locked and due.select_for_update(skip_locked=True).values_list("pk", flat=True).first() is None:
            return False
        return due.update(status=Status.SENDING, attempts=F("attempts") + 1, claimed_at=now) == 1


def _record_failure(delivery: Delivery, reason: str, *, permanent: bool, now: datetime) -> str:
    reason = rules.short_reason(reason)
    next_at = None if permanent else rules.next_attempt_at(delivery.attempts, now)
    status = Status.FAILED if next_at is None else Status.READY
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
            status=status, next_attempt_at=next_at, last_error=reason, claimed_at=None
        )
    logger.warning(
        "notification delivery %s (%s) failed on attempt %s, %s: %s",
        delivery.pk,
        delivery.channel,
        delivery.attempts,
        "retrying" if next_at else "giving up",
        reason,
    )
    return status


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Claim, send and record one delivery. Returns its new status, or ``None`` when it was not due
    (already sent, failed, taken by another worker or waiting for its next attempt)."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    try:
        channel_get(delivery.channel).send(delivery)
    except ChannelError as error:
        return _record_failure(delivery, error.reason, permanent=error.permanent, now=now)
    except Exception as error:  # a bug in a channel must not leave the delivery in "sending"
        logger.exception("notification delivery %s: unexpected error in channel %s", delivery.pk, delivery.channel)
        return _record_failure(delivery, f"{type(error).__name__}: {error}", permanent=False, now=now)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).exclude(status=Status.SENT).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None, claimed_at=None
        )
    return Status.SENT


def deliveries_send(*, delivery_ids: Iterable[int], now: datetime | None = None) -> int:
    """Send the given deliveries that are due (the on-commit job); returns how many were sent."""
    return sum(delivery_send(delivery_id=pk, now=now) == Status.SENT for pk in delivery_ids)


@transaction.atomic
def deliveries_recover_stuck(*, now: datetime | None = None) -> int:
    """Deliveries whose worker died while sending: ready again at once, or failed after the last attempt."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.NOTIFICATIONS_SENDING_TIMEOUT_MINUTES)
    stuck = Delivery.objects.filter(status=Status.SENDING, claimed_at__lte=cutoff)
    failed = stuck.filter(attempts__gte=rules.MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error=INTERRUPTED, claimed_at=None, next_attempt_at=None
    )
    again = stuck.filter(attempts__lt=rules.MAX_ATTEMPTS).update(
        status=Status.READY, last_error=INTERRUPTED, claimed_at=None, next_attempt_at=now
    )
    if failed or again:
        logger.warning("notifications: %s stuck deliveries ready again, %s failed", again, failed)
    return failed + again


def deliveries_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """The periodic sweep: recover stuck deliveries, then send up to ``limit`` due ones, high priority first.
    Returns how many were sent."""
    now = now or timezone.now()
    deliveries_recover_stuck(now=now)
    high_first = Case(
        When(notification__priority=Priority.HIGH, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    due = list(
        Delivery.objects.filter(status=Status.READY, next_attempt_at__lte=now)
        .order_by(high_first, "next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return deliveries_send(delivery_ids=due, now=now)
