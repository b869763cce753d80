"""Reads of the outbox: the inbox, the unread count, the delivery statistics of a topic."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from duta.notifications import selectors, services
from duta.notifications.models import Delivery, Notification
from duta.notifications.tokens import open_token
from tests.factories import MembershipFactory, OrganizationFactory


class TestInbox:
    def test_newest_first_only_the_persons_own_in_this_organization(
        self, send, ambassador, coordinator, outsider_admin
    ) -> None:
        send([ambassador.user, coordinator.user], key="a", subject="First")
        send([ambassador.user], key="b", subject="Second")
        MembershipFactory(organization=outsider_admin.organization, user=ambassador.user)
        services.notifications_send(
            organization=outsider_admin.organization,
            recipients=[ambassador.user],
            kind="content",
            subject="Elsewhere",
            body="",
            key="a",
        )
        inbox = selectors.inbox_for_user(user=ambassador.user, organization=ambassador.organization)
        assert [n.subject for n in inbox] == ["Second", "First"]
        assert selectors.unread_count(user=ambassador.user, organization=ambassador.organization) == 2
        assert [
            n.subject for n in selectors.inbox_for_user(user=outsider_admin.user, organization=ambassador.organization)
        ] == []

    def test_an_email_only_message_is_not_in_the_inbox(self, send, ambassador) -> None:
        services.notification_preferences_update(
            user=ambassador.user, enabled={(k, "email") for k in ["content"]} | {("crisis", "in_app")}
        )
        send([ambassador.user])
        assert Notification.objects.count() == 1
        assert not selectors.inbox_for_user(user=ambassador.user, organization=ambassador.organization).exists()

    def test_opened_ones_are_not_unread(self, send, ambassador) -> None:
        send([ambassador.user], key="a")
        send([ambassador.user], key="b")
        services.notification_open(notification=Notification.objects.get(key="a"), user=ambassador.user)
        assert selectors.unread_count(user=ambassador.user, organization=ambassador.organization) == 1

    def test_a_notification_of_someone_else_is_not_found(self, send, ambassador, coordinator) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        assert (
            selectors.notification_get_for_user(
                user=ambassador.user, organization=ambassador.organization, notification_pk=notification.pk
            )
            == notification
        )
        with pytest.raises(Http404):
            selectors.notification_get_for_user(
                user=coordinator.user, organization=ambassador.organization, notification_pk=notification.pk
            )

    def test_the_open_token_names_one_notification(self, send, ambassador, coordinator) -> None:
        send([ambassador.user, coordinator.user])
        first, second = Notification.objects.order_by("pk")
        assert selectors.notification_get_by_token(notification_pk=first.pk, token=open_token(first.pk)) == first
        with pytest.raises(Http404):
            selectors.notification_get_by_token(notification_pk=second.pk, token=open_token(first.pk))
        with pytest.raises(Http404):
            selectors.notification_get_by_token(notification_pk=first.pk, token="forged")
        with pytest.raises(Http404):
            selectors.notification_get_by_token(notification_pk=99999, token=open_token(99999))


class TestDeliveryStats:
    def test_it_counts_people_by_how_far_their_message_got(
        self, send, org, ambassador, coordinator, viewer, other_unit_member, pr_admin
    ) -> None:
        email_only = {("crisis", "email"), ("crisis", "in_app")}
        # coordinator and viewer: e-mail only for crisis (in-app stays on for crisis, so use another kind)
        for member in (coordinator, viewer):
            services.notification_preferences_update(user=member.user, enabled=email_only | {("content", "email")})
        send([ambassador.user, coordinator.user, viewer.user, other_unit_member.user], key="c1", topic="content:9")
        send([ambassador.user], key="c2", topic="content:9")  # a second message of the topic: still one person
        send([pr_admin.user], key="other", topic="content:10")  # another topic
        coordinator_email = Delivery.objects.get(notification__recipient=coordinator.user)
        Delivery.objects.filter(pk=coordinator_email.pk).update(status="failed", last_error="SMTP 550")
        opened = Notification.objects.get(recipient=other_unit_member.user)
        services.notification_open(notification=opened, user=other_unit_member.user)
        first = Notification.objects.get(recipient=ambassador.user, key="c2")
        services.notification_open(notification=first, user=ambassador.user)
        Notification.objects.filter(pk=first.pk).update(opened_at=timezone.now() - timedelta(hours=1))

        # another organization's messages under the same topic do not count
        other = OrganizationFactory(slug="lain-lagi")
        MembershipFactory(organization=other, user=ambassador.user)
        services.notifications_send(
            organization=other,
            recipients=[ambassador.user],
            kind="content",
            subject="S",
            body="",
            topic="content:9",
            key="c1",
        )

        stats = selectors.delivery_stats(organization=org, topic="content:9")
        first_opened_at = stats.pop("first_opened_at")
        assert stats == {"recipients": 4, "delivered": 2, "opened": 2, "failed": 1, "pending": 1}
        assert isinstance(first_opened_at, datetime)
        assert first_opened_at == Notification.objects.get(pk=first.pk).opened_at

    def test_a_topic_without_messages(self, org) -> None:
        assert selectors.delivery_stats(organization=org, topic="crisis:404") == {
            "recipients": 0,
            "delivered": 0,
            "opened": 0,
            "failed": 0,
            "pending": 0,
            "first_opened_at": None,
        }


class TestPreferenceTable:
    def test_kinds_by_channels_with_crisis_in_app_locked(self, ambassador) -> None:
        services.notification_preferences_update(
            user=ambassador.user,
            enabled={
                (k, c)
                for k in ["crisis", "content", "digest", "reminder", "nudge", "training"]
                for c in ["in_app", "email"]
            }
            - {("digest", "email")},
        )
        table = selectors.preference_table_for_user(user=ambassador.user)
        assert [channel["name"] for channel in table["channels"]] == ["in_app", "email"]
        cells = {cell["value"]: cell for row in table["rows"] for cell in row["cells"]}
        assert len(cells) == 12
        assert cells["digest:email"]["enabled"] is False
        assert cells["digest:in_app"]["enabled"] is True
        assert cells["crisis:in_app"]["locked"] is True
        assert not any(cell["locked"] for value, cell in cells.items() if value != "crisis:in_app")
