"""The e-mail channel against a real SMTP server on 127.0.0.1 (aiosmtpd), through Django's SMTP backend."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from duta.notifications import services
from duta.notifications.models import Delivery, Notification


def _parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


class TestEmailOverSmtp:
    def test_the_server_receives_the_message_with_its_message_id(
        self, send, ambassador, smtp_server, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.SITE_URL = "https://duta.contoh.go.id"
        with django_capture_on_commit_callbacks(execute=True):
            send([ambassador.user], kind="crisis", priority="high", key="crisis:7", subject="Klarifikasi resmi")
        delivery = Delivery.objects.get(channel="email")
        assert delivery.status == "sent"
        assert delivery.attempts == 1
        (message,) = smtp_server.messages
        assert message["Message-ID"] == f"<duta.delivery.{delivery.pk}@duta.contoh.go.id>"
        assert message["To"] == "duta@contoh.test"
        assert message["Subject"] == "Klarifikasi resmi"
        assert message["Importance"] == "high"
        assert smtp_server.handler.envelopes[0].rcpt_tos == ["duta@contoh.test"]
        parts = _parts(message)
        assert set(parts) == {"text/plain", "text/html"}
        assert "Ada konten baru untuk dibagikan." in parts["text/plain"]

        # the link in the e-mail records the opening, without a log-in
        link = re.search(r"https://duta\.contoh\.go\.id(/notifications/\d+/open/[^/\s]+/)", parts["text/plain"])
        assert link is not None
        assert link.group(1) in parts["text/html"]
        response = Client().get(link.group(1))
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")
        assert Notification.objects.get().opened_at is not None

    def test_a_refusing_server_makes_the_delivery_retry_with_the_reason(
        self, send, ambassador, smtp_server, django_capture_on_commit_callbacks
    ) -> None:
        smtp_server.handler.refuse = "550 5.7.1 Message rejected by policy"
        with django_capture_on_commit_callbacks(execute=True):
            send([ambassador.user])
        delivery = Delivery.objects.get(channel="email")
        assert (delivery.status, delivery.attempts) == ("ready", 1)
        assert delivery.last_error == "SMTP 550 5.7.1 Message rejected by policy"
        assert timedelta(seconds=50) < delivery.next_attempt_at - timezone.now() <= timedelta(minutes=1)
        assert smtp_server.messages == []

        # the server accepts again: the retry goes out once it is due, with the same Message-ID
        smtp_server.handler.refuse = None
        assert services.deliveries_send_due() == 0
        assert services.deliveries_send_due(now=delivery.next_attempt_at) == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
        (message,) = smtp_server.messages
        assert message["Message-ID"].startswith(f"<duta.delivery.{delivery.pk}@")

    def test_a_server_that_does_not_answer_is_a_reason_too(self, send, ambassador, smtp_server, settings) -> None:
        send([ambassador.user])
        settings.EMAIL_PORT = smtp_server.port + 1 if smtp_server.port < 65535 else smtp_server.port - 1
        delivery = Delivery.objects.get(channel="email")
        assert services.delivery_send(delivery_id=delivery.pk, now=timezone.now() + timedelta(seconds=1)) == "ready"
        delivery.refresh_from_db()
        assert delivery.last_error.startswith("ConnectionRefusedError")
