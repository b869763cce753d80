from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from huey.contrib.djhuey import db_task

from duta.organizations.models import Invitation


@db_task(retries=3, retry_delay=60)
def invitation_send_email(invitation_id: int, token: str) -> bool:
    """Mail the invitation link, in Bahasa Indonesia and English. Returns False when it is gone."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return False
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + reverse("organizations:invitation_accept", args=[token]),
    }
    subject = render_to_string("organizations/email/invitation_subject.txt", context).strip()
    body = render_to_string("organizations/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True
