from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from duta.accounts.services import login_failure_prune


@db_task(retries=3, retry_delay=60)
def email_send(subject: str, body: str, to: list[str], html_body: str | None = None) -> None:
    """Send one e-mail from the worker, retried when the mail server does not answer."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@db_periodic_task(crontab(minute="*/30"))
def login_failure_prune_task() -> int:
    return login_failure_prune()


@db_periodic_task(crontab(hour="3", minute="17"))
def sessions_clear_task() -> None:
    """Delete expired sessions (Django leaves them in the database)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.filter(expire_date__lt=timezone.now()).delete()
