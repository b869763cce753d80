"""Fixtures of the outbox tests: a real SMTP server on 127.0.0.1 (aiosmtpd), members, a send helper."""

from __future__ import annotations

import email
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from duta.notifications.services import notifications_send
from duta.organizations.models import Membership


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RecordingHandler:
    """Accepts every message, or answers ``refuse`` (e.g. "550 ...") to DATA while it is set."""

    messages: list[Message] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)
    refuse: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port; Django's SMTP backend points at it for the test."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield SmtpServer(host=controller.hostname, port=controller.port, handler=handler)
    finally:
        controller.stop()


@pytest.fixture
def send(pr_admin: Membership) -> Callable[..., int]:
    """``send(recipients, **overrides)``: ``notifications_send`` in the persona organization, from the PR team."""

    def _send(recipients: Any, **overrides: Any) -> int:
        arguments: dict[str, Any] = {
            "organization": pr_admin.organization,
            "recipients": recipients,
            "kind": "content",
            "subject": "Konten baru: Hari Bhakti",
            "body": "Ada konten baru untuk dibagikan.",
            "url": "/o/contoh/programs/",
            "topic": "content:1",
            "key": "content:1",
            "actor": pr_admin.user,
        }
        arguments.update(overrides)
        return notifications_send(**arguments)

    return _send
