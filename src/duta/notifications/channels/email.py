from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from duta.notifications.channels.base import Channel, ChannelError
from duta.notifications.rules import message_id
from duta.notifications.tokens import open_token

if TYPE_CHECKING:
    from duta.notifications.models import Delivery

EMAIL = "email"


def _smtp_text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def smtp_reason(error: Exception) -> str:
    """A short reason from the mail server's answer (its code and text), without the recipient's address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
        if answers:
            code, text = answers[0]
            return f"SMTP {code} {_smtp_text(text)}"
        return "SMTP recipient refused"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code} {_smtp_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


class EmailChannel(Channel):
    """E-mail through Django's e-mail backend: plain text with a small HTML part, and a link through the
    "open" address that records the opening. The Message-ID is built from the delivery's id, so a resend
    after a worker died is recognisably the same message."""

    name = EMAIL
    label = _("E-mail")

    def send(self, delivery: Delivery) -> None:
        notification = delivery.notification
        recipient = notification.recipient
        if not recipient.email:
            raise ChannelError("no e-mail address", permanent=True)
        open_url = settings.SITE_URL + reverse(
            "notifications:open", args=[notification.pk, open_token(notification.pk)]
        )
        preferences_url = settings.SITE_URL + reverse("notifications:preferences")
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            context = {
                "notification": notification,
                "recipient": recipient,
                "open_url": open_url,
                "preferences_url": preferences_url,
                "site_url": settings.SITE_URL,
            }
            text = render_to_string("notifications/email/notification.txt", context)
            html = render_to_string("notifications/email/notification.html", context)
        headers = {
            "Message-ID": message_id(delivery.pk, settings.SITE_URL),
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{preferences_url}>",
        }
        if notification.priority == "high":
            headers["Importance"] = "high"
            headers["X-Priority"] = "1"
        connection = get_connection(timeout=settings.NOTIFICATIONS_EMAIL_TIMEOUT_SECONDS)
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(smtp_reason(error)) from error
