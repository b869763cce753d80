"""Every read of the outbox. A person sees only their own notifications, in one organization at a time."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404

from duta.accounts.models import User
from duta.notifications import rules
from duta.notifications.channels import channels_all
from duta.notifications.models import Delivery, Kind, Notification, NotificationPreference
from duta.notifications.tokens import open_token_valid
from duta.organizations.models import Organization

Status = Delivery.Status


def inbox_for_user(*, user: User, organization: Organization) -> QuerySet[Notification]:
    """The person's in-app inbox in ``organization``, newest first."""
    return (
        Notification.objects.filter(organization=organization, recipient=user, deliveries__channel=rules.IN_APP)
        .select_related("organization")
        .order_by("-created_at", "-id")
    )


def unread_count(*, user: User, organization: Organization) -> int:
    return inbox_for_user(user=user, organization=organization).filter(opened_at__isnull=True).count()


def notification_get_for_user(*, user: User, organization: Organization, notification_pk: int) -> Notification:
    """One notification of the person's inbox; anyone else's, or another organization's: 404."""
    notification = inbox_for_user(user=user, organization=organization).filter(pk=notification_pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_get_by_token(*, notification_pk: int, token: str) -> Notification:
    """The notification an e-mail's signed "open" link names; a wrong token is a 404 like a missing row."""
    if not open_token_valid(notification_pk, token):
        raise Http404
    notification = Notification.objects.select_related("organization").filter(pk=notification_pk).first()
    if notification is None:
        raise Http404
    return notification


def preferences_for_user(*, user: User) -> dict[tuple[str, str], bool]:
    """Every (kind, channel) with whether the person gets it: stored choices over the defaults (all on)."""
    stored = {
        (kind, channel): enabled
        for kind, channel, enabled in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }
    return {
        (kind, channel.name): rules.channel_enabled(kind, channel.name, stored.get((kind, channel.name)))
        for kind in Kind.values
        for channel in channels_all()
    }


def preference_table_for_user(*, user: User) -> dict[str, Any]:
    """The preferences page: channels as columns, kinds as rows, each cell on/off and whether it may change."""
    preferences = preferences_for_user(user=user)
    channels = channels_all()
    return {
        "channels": [{"name": channel.name, "label": channel.label} for channel in channels],
        "rows": [
            {
                "kind": kind,
                "label": label,
                "cells": [
                    {
                        "channel": channel.name,
                        "label": channel.label,
                        "value": f"{kind}:{channel.name}",
                        "enabled": preferences[(kind, channel.name)],
                        "locked": rules.is_locked_on(kind, channel.name),
                    }
                    for channel in channels
                ],
            }
            for kind, label in Kind.choices
        ],
    }


def delivery_stats(*, organization: Organization, topic: str) -> dict[str, Any]:
    """How far the messages of one ``topic`` got, counted in people (one query).

    ``recipients``: people with a notification of the topic; ``delivered``: of them, people with at least one
    channel sent; ``opened``: people who opened one; ``failed``: people whose every delivery failed;
    ``pending``: people still waiting for a channel and reached on none yet; ``first_opened_at``: the
    earliest opening. ``delivered + failed + pending == recipients``.
    """
    deliveries = Delivery.objects.filter(notification=OuterRef("pk"))
    per_person = (
        Notification.objects.filter(organization=organization, topic=topic)
        .annotate(
            is_sent=Exists(deliveries.filter(status=Status.SENT)),
            is_waiting=Exists(deliveries.filter(status__in=[Status.READY, Status.SENDING])),
        )
        .values("recipient_id")
        .annotate(
            n_sent=Count("pk", filter=Q(is_sent=True)),
            n_waiting=Count("pk", filter=Q(is_waiting=True)),
            n_opened=Count("pk", filter=Q(opened_at__isnull=False)),
            first_opened=Min("opened_at"),
        )
    )
    stats = per_person.aggregate(
        recipients=Count("recipient_id"),
        delivered=Count("recipient_id", filter=Q(n_sent__gt=0)),
        pending=Count("recipient_id", filter=Q(n_sent=0, n_waiting__gt=0)),
        failed=Count("recipient_id", filter=Q(n_sent=0, n_waiting=0)),
        opened=Count("recipient_id", filter=Q(n_opened__gt=0)),
        first_opened_at=Min("first_opened"),
    )
    return stats


def topic_recipients(*, organization: Organization, topic: str) -> QuerySet[Notification, int]:
    """The recipients' user ids of one topic, as a subquery."""
    return Notification.objects.filter(organization=organization, topic=topic).values_list("recipient_id", flat=True)
