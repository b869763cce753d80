"""Sending into the outbox, delivering from it, opening, preferences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from duta.accounts.models import User
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.notifications import rules, services
from duta.notifications.channels import Channel, ChannelError, register, unregister
from duta.notifications.models import Delivery, Notification, NotificationPreference
from duta.organizations.models import Membership, Role
from tests.factories import MembershipFactory, OrganizationFactory

READY, SENDING, SENT, FAILED = "ready", "sending", "sent", "failed"


def deliveries(user: User, channel: str) -> list[Delivery]:
    return list(Delivery.objects.filter(notification__recipient=user, channel=channel))


class TestNotificationsSend:
    def test_it_creates_one_notification_per_recipient_with_a_delivery_per_channel(
        self, send, ambassador, coordinator, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            count = send([ambassador.user, coordinator.user])
        assert count == 2
        notification = Notification.objects.get(recipient=ambassador.user)
        assert (notification.kind, notification.subject, notification.url, notification.topic) == (
            "content",
            "Konten baru: Hari Bhakti",
            "/o/contoh/programs/",
            "content:1",
        )
        in_app = notification.deliveries.get(channel="in_app")
        assert in_app.status == SENT
        assert in_app.sent_at is not None
        email = notification.deliveries.get(channel="email")
        assert email.status == SENT
        assert email.attempts == 1
        assert email.last_error == ""
        assert sorted(message.to[0] for message in mail.outbox) == ["duta@contoh.test", "pic@contoh.test"]

    def test_before_commit_the_email_waits_ready(self, send, ambassador) -> None:
        send([ambassador.user])
        (email,) = deliveries(ambassador.user, "email")
        assert email.status == READY
        assert email.attempts == 0
        assert email.next_attempt_at is not None
        assert mail.outbox == []

    def test_the_same_key_twice_sends_nothing_twice(
        self, send, ambassador, coordinator, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            assert send([ambassador.user]) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert send([ambassador.user, coordinator.user]) == 1  # only the new person
        with django_capture_on_commit_callbacks(execute=True):
            assert send([ambassador.user, coordinator.user]) == 0
        assert Notification.objects.filter(recipient=ambassador.user).count() == 1
        assert Delivery.objects.count() == 4
        assert len(mail.outbox) == 2

    def test_a_recipient_listed_twice_gets_one(self, send, ambassador) -> None:
        assert send([ambassador.user, ambassador.user]) == 1

    def test_the_same_key_in_another_organization_is_another_message(self, send, ambassador) -> None:
        other = OrganizationFactory(slug="lain-lagi")
        MembershipFactory(organization=other, user=ambassador.user)
        send([ambassador.user])
        services.notifications_send(
            organization=other, recipients=[ambassador.user], kind="content", subject="S", body="", key="content:1"
        )
        assert Notification.objects.filter(recipient=ambassador.user).count() == 2

    def test_people_outside_the_organization_are_skipped(self, send, ambassador, outsider_admin) -> None:
        inactive = MembershipFactory(organization=ambassador.organization, is_active=False)
        assert send([ambassador.user, outsider_admin.user, inactive.user]) == 1
        assert not Notification.objects.filter(recipient__in=[outsider_admin.user, inactive.user]).exists()

    def test_a_queryset_of_users_works(self, send, ambassador, coordinator) -> None:
        assert send(User.objects.filter(pk__in=[ambassador.user.pk, coordinator.user.pk])) == 2

    def test_nobody_sends_nothing(self, send) -> None:
        assert send([]) == 0
        assert not AuditEvent.objects.filter(action="notification.send").exists()

    @pytest.mark.parametrize(
        "url", ["https://evil.test/phish", "//evil.test/", "javascript:alert(1)", "/\\evil.test", "o/contoh/"]
    )
    def test_a_link_to_another_site_is_refused(self, send, ambassador, url: str) -> None:
        with pytest.raises(ApplicationError) as refused:
            send([ambassador.user], url=url)
        assert refused.value.field == "url"
        assert not Notification.objects.exists()

    def test_an_unknown_kind_or_priority_or_no_key_is_refused(self, send, ambassador) -> None:
        with pytest.raises(ApplicationError):
            send([ambassador.user], kind="spam")
        with pytest.raises(ApplicationError):
            send([ambassador.user], priority="urgent")
        with pytest.raises(ApplicationError):
            send([ambassador.user], key=" ")
        with pytest.raises(ApplicationError):
            send([ambassador.user], subject="")

    def test_the_subject_is_one_line(self, send, ambassador) -> None:
        send([ambassador.user], subject="Krisis\r\nBcc: everyone@evil.test")
        assert Notification.objects.get().subject == "Krisis Bcc: everyone@evil.test"

    def test_one_audit_row_without_the_message_text(self, send, ambassador, coordinator, pr_admin) -> None:
        send([ambassador.user, coordinator.user], kind="crisis", topic="crisis:12", key="crisis:12")
        (event,) = AuditEvent.objects.filter(action="notification.send")
        assert event.changes == {"kind": "crisis", "topic": "crisis:12", "count": 2}
        assert event.actor_id == pr_admin.user.pk
        assert event.organization_id == pr_admin.organization_id
        assert "Hari Bhakti" not in str(event.changes)

    def test_preferences_are_respected(self, send, ambassador, coordinator, viewer) -> None:
        services.notification_preferences_update(
            user=ambassador.user, enabled={(k, c) for k in ["crisis", "digest"] for c in ["in_app", "email"]}
        )
        services.notification_preferences_update(user=coordinator.user, enabled={("content", "email")})  # e-mail only
        send([ambassador.user, coordinator.user, viewer.user])
        assert not Notification.objects.filter(recipient=ambassador.user).exists()  # content off everywhere
        assert [d.channel for d in Delivery.objects.filter(notification__recipient=coordinator.user)] == ["email"]
        assert sorted(d.channel for d in Delivery.objects.filter(notification__recipient=viewer.user)) == [
            "email",
            "in_app",
        ]

    def test_crisis_messages_always_reach_the_inbox(self, send, ambassador) -> None:
        services.notification_preferences_update(user=ambassador.user, enabled=set())
        assert send([ambassador.user], kind="crisis", key="crisis:1") == 1
        assert [d.channel for d in Delivery.objects.filter(notification__recipient=ambassador.user)] == ["in_app"]

    def test_300_recipients_take_a_bounded_number_of_queries(self, send, org, django_assert_max_num_queries) -> None:
        users = User.objects.bulk_create([User(email=f"duta{n}@bulk.test", full_name=f"Duta {n}") for n in range(300)])
        users = list(User.objects.filter(email__endswith="@bulk.test"))
        Membership.objects.bulk_create([Membership(user=u, organization=org, role=Role.AMBASSADOR) for u in users])
        with django_assert_max_num_queries(20):
            assert send(users) == 300
        assert Delivery.objects.filter(status=READY).count() == 300
        assert Delivery.objects.filter(status=SENT, channel="in_app").count() == 300


class TestHighPriority:
    def test_high_priority_deliveries_are_sent_first_by_the_sweep(self, send, ambassador) -> None:
        send([ambassador.user], key="content:1")
        send([ambassador.user], kind="crisis", priority="high", key="crisis:1", subject="Krisis")
        due = list(
            Delivery.objects.filter(status=READY).order_by("pk").values_list("notification__priority", flat=True)
        )
        assert due == ["normal", "high"]
        sent = services.deliveries_send_due(now=timezone.now() + timedelta(seconds=1))
        assert sent == 2
        assert [message.subject for message in mail.outbox] == ["Krisis", "Konten baru: Hari Bhakti"]


class FlakyChannel(Channel):
    """A second real channel for the registry: fails while ``failing`` is set, records what it sends."""

    name = "flaky"
    label = "Flaky"

    def __init__(self) -> None:
        self.failing: str | None = None
        self.permanent = False
        self.sent: list[int] = []

    def send(self, delivery: Delivery) -> None:
        if self.failing:
            raise ChannelError(self.failing, permanent=self.permanent)
        self.sent.append(delivery.pk)


@pytest.fixture
def flaky():
    channel = register(FlakyChannel())
    yield channel
    unregister("flaky")


@pytest.mark.usefixtures("db")
class TestDelivery:
    def _flaky_delivery(self, send, ambassador) -> Delivery:
        send([ambassador.user])
        return Delivery.objects.get(channel="flaky")

    def test_a_registered_channel_gets_its_deliveries_without_touching_the_outbox(
        self, send, ambassador, flaky, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            send([ambassador.user])
        delivery = Delivery.objects.get(channel="flaky")
        assert delivery.status == SENT
        assert flaky.sent == [delivery.pk]

    def test_a_failure_is_recorded_with_its_reason_and_retried_on_the_schedule(self, send, ambassador, flaky) -> None:
        delivery = self._flaky_delivery(send, ambassador)
        flaky.failing = "gateway said no"
        now = timezone.now() + timedelta(seconds=1)
        waits = []
        for attempt in range(1, rules.MAX_ATTEMPTS):
            assert services.delivery_send(delivery_id=delivery.pk, now=now) == READY
            delivery.refresh_from_db()
            assert (delivery.status, delivery.attempts, delivery.last_error) == (READY, attempt, "gateway said no")
            waits.append(delivery.next_attempt_at - now)
            # not due before its time
            assert services.delivery_send(delivery_id=delivery.pk, now=now + waits[-1] - timedelta(seconds=1)) is None
            now = delivery.next_attempt_at
        assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 120)]
        assert services.delivery_send(delivery_id=delivery.pk, now=now) == FAILED
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (FAILED, 5, "gateway said no")
        assert delivery.next_attempt_at is None
        assert services.deliveries_send_due(now=now + timedelta(days=1)) == 1  # only the e-mail; failed stays failed
        assert flaky.sent == []

    def test_a_retry_that_works_is_sent_and_the_reason_cleared(self, send, ambassador, flaky) -> None:
        delivery = self._flaky_delivery(send, ambassador)
        flaky.failing = "timeout"
        now = timezone.now() + timedelta(seconds=1)
        services.delivery_send(delivery_id=delivery.pk, now=now)
        flaky.failing = None
        assert services.deliveries_send_due(now=now + timedelta(seconds=30)) == 1  # the e-mail only
        assert flaky.sent == []
        assert services.deliveries_send_due(now=now + timedelta(minutes=1)) == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (SENT, 2, "")
        assert flaky.sent == [delivery.pk]

    def test_a_permanent_failure_fails_at_once(self, send, ambassador, flaky) -> None:
        delivery = self._flaky_delivery(send, ambassador)
        flaky.failing, flaky.permanent = "no WhatsApp number", True
        assert services.delivery_send(delivery_id=delivery.pk, now=timezone.now() + timedelta(seconds=1)) == FAILED
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == (FAILED, 1, "no WhatsApp number")

    def test_an_unexpected_error_in_a_channel_is_recorded_not_lost(self, send, ambassador, flaky) -> None:
        delivery = self._flaky_delivery(send, ambassador)

        def broken(delivery: Delivery) -> None:
            raise KeyError("oops")

        flaky.send = broken  # type: ignore[method-assign]
        assert services.delivery_send(delivery_id=delivery.pk, now=timezone.now() + timedelta(seconds=1)) == READY
        delivery.refresh_from_db()
        assert delivery.last_error == "KeyError: 'oops'"

    def test_a_sent_delivery_is_never_sent_again(self, send, ambassador, django_capture_on_commit_callbacks) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            send([ambassador.user])
        (email,) = deliveries(ambassador.user, "email")
        assert email.status == SENT
        later = timezone.now() + timedelta(days=1)
        assert services.delivery_send(delivery_id=email.pk, now=later) is None
        assert services.deliveries_send_due(now=later) == 0
        assert len(mail.outbox) == 1

    def test_only_one_claim_wins(self, send, ambassador) -> None:
        send([ambassador.user])
        (email,) = deliveries(ambassador.user, "email")
        now = timezone.now() + timedelta(seconds=1)
        assert services._claim(email.pk, now) is True
        assert services._claim(email.pk, now) is False
        email.refresh_from_db()
        assert (email.status, email.attempts, email.claimed_at) == (SENDING, 1, now)

    def test_a_delivery_stuck_in_sending_is_sent_again(self, send, ambassador, settings) -> None:
        settings.NOTIFICATIONS_SENDING_TIMEOUT_MINUTES = 15
        send([ambassador.user])
        (email,) = deliveries(ambassador.user, "email")
        claimed = timezone.now()
        assert services._claim(email.pk, claimed)  # ... and the worker dies
        assert services.deliveries_send_due(now=claimed + timedelta(minutes=10)) == 0
        email.refresh_from_db()
        assert email.status == SENDING
        assert services.deliveries_send_due(now=claimed + timedelta(minutes=16)) == 1
        email.refresh_from_db()
        assert (email.status, email.attempts) == (SENT, 2)
        assert len(mail.outbox) == 1

    def test_a_delivery_stuck_after_its_last_attempt_fails(self, send, ambassador) -> None:
        send([ambassador.user])
        (email,) = deliveries(ambassador.user, "email")
        claimed = timezone.now()
        Delivery.objects.filter(pk=email.pk).update(status=SENDING, attempts=rules.MAX_ATTEMPTS, claimed_at=claimed)
        assert services.deliveries_recover_stuck(now=claimed + timedelta(hours=1)) == 1
        email.refresh_from_db()
        assert (email.status, email.last_error) == (FAILED, services.INTERRUPTED)

    def test_a_person_without_an_email_address_fails_for_good(self, send, ambassador) -> None:
        send([ambassador.user])
        User.objects.filter(pk=ambassador.user.pk).update(email="")
        (email,) = deliveries(ambassador.user, "email")
        assert services.delivery_send(delivery_id=email.pk, now=timezone.now() + timedelta(seconds=1)) == FAILED
        email.refresh_from_db()
        assert email.last_error == "no e-mail address"

    def test_the_email_carries_the_open_link_and_a_message_id_from_the_delivery(
        self, send, ambassador, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.SITE_URL = "https://duta.contoh.go.id"
        with django_capture_on_commit_callbacks(execute=True):
            send([ambassador.user], priority="high", kind="crisis", key="crisis:3")
        (message,) = mail.outbox
        (email,) = deliveries(ambassador.user, "email")
        notification = email.notification
        assert message.extra_headers["Message-ID"] == f"<duta.delivery.{email.pk}@duta.contoh.go.id>"
        assert message.extra_headers["Importance"] == "high"
        assert f"https://duta.contoh.go.id/notifications/{notification.pk}/open/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f"/notifications/{notification.pk}/open/" in html
        assert "Ada konten baru untuk dibagikan." in message.body


class TestOpen:
    def test_it_is_set_once(self, send, ambassador) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        assert services.notification_open(notification=notification, user=ambassador.user) is True
        first = notification.opened_at
        assert first is not None
        again = Notification.objects.get()
        assert services.notification_open(notification=again, user=ambassador.user) is False
        assert Notification.objects.get().opened_at == first

    def test_the_signed_link_opens_without_a_user(self, send, ambassador) -> None:
        send([ambassador.user])
        notification = Notification.objects.get()
        assert services.notification_open(notification=notification, user=None) is True

    def test_someone_else_cannot_open_it(self, send, ambassador, coordinator) -> None:
        send([ambassador.user])
        with pytest.raises(ApplicationError) as refused:
            services.notification_open(notification=Notification.objects.get(), user=coordinator.user)
        assert refused.value.code == "forbidden"
        assert Notification.objects.get().opened_at is None

    def test_open_all_marks_only_the_persons_inbox_in_the_organization(self, send, ambassador, coordinator) -> None:
        send([ambassador.user, coordinator.user])
        send([ambassador.user], key="content:2")
        assert services.notifications_open_all(user=ambassador.user, organization=ambassador.organization) == 2
        assert Notification.objects.get(recipient=coordinator.user).opened_at is None


class TestPreferencesUpdate:
    def test_it_stores_changes_and_writes_one_audit_row(self, ambassador) -> None:
        everything_but_digest_email = {
            (kind, channel)
            for kind in ["crisis", "content", "digest", "reminder", "nudge", "training"]
            for channel in ["in_app", "email"]
        } - {("digest", "email")}
        changes = services.notification_preferences_update(user=ambassador.user, enabled=everything_but_digest_email)
        assert changes == {"digest/email": [True, False]}
        assert list(NotificationPreference.objects.values_list("kind", "channel", "enabled")) == [
            ("digest", "email", False)
        ]
        (event,) = AuditEvent.objects.filter(action="notification.preferences")
        assert event.changes == {"digest/email": [True, False]}
        assert event.actor_id == ambassador.user.pk
        # nothing changed: no row
        assert services.notification_preferences_update(user=ambassador.user, enabled=everything_but_digest_email) == {}
        assert AuditEvent.objects.filter(action="notification.preferences").count() == 1
        changes = services.notification_preferences_update(
            user=ambassador.user, enabled=everything_but_digest_email | {("digest", "email")}
        )
        assert changes == {"digest/email": [False, True]}
        assert NotificationPreference.objects.get().enabled is True

    def test_crisis_in_app_stays_on(self, ambassador) -> None:
        changes = services.notification_preferences_update(user=ambassador.user, enabled=set())
        assert "crisis/in_app" not in changes
        assert len(changes) == 11

    def test_unknown_kinds_or_channels_are_refused(self, ambassador) -> None:
        with pytest.raises(ApplicationError):
            services.notification_preferences_update(user=ambassador.user, enabled={("spam", "email")})
        with pytest.raises(ApplicationError):
            services.notification_preferences_update(user=ambassador.user, enabled={("content", "pigeon")})
