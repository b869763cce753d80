from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duta.accounts.models import User
from duta.organizations import services
from duta.organizations.models import Invitation, Membership, Role

LINK = re.compile(r"https?://[^/\s]+(/invite/([A-Za-z0-9_-]+)/)")
NEW_PASSWORD = "Sangat-rahasia-2024"


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


def invite_path(token: str) -> str:
    return reverse("organizations:invitation_accept", args=[token])


class TestInvitationFlow:
    def test_from_the_admin_s_form_to_the_new_member_s_start_page(
        self, client_for, pr_admin, org, unit_media, mailoutbox, django_capture_on_commit_callbacks
    ):
        admin = client_for(pr_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(
                reverse("organizations:invitation_list", args=["contoh"]),
                {"email": "Dewi.Baru@Contoh.test", "role": "ambassador", "unit": unit_media.pk},
            )
        assert response.status_code == 302

        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == ["dewi.baru@contoh.test"]
        links = LINK.findall(mail.body)
        assert links, mail.body
        path, token = links[0]
        assert all(found == (path, token) for found in links)  # the same link in both languages
        assert token not in Invitation.objects.get().token_hash

        visitor = Client()
        page = visitor.get(path)
        assert page.status_code == 200
        assert "organizations/invitation_accept.html" in template_names(page)
        assert page.context["form"] is not None

        response = visitor.post(
            path, {"full_name": "Dewi Baru", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == reverse("organizations:organization_home", args=["contoh"])

        user = User.objects.get(email="dewi.baru@contoh.test")
        assert user.check_password(NEW_PASSWORD)
        membership = Membership.objects.get(user=user, organization=org)
        assert (membership.role, membership.unit, membership.is_active) == (Role.AMBASSADOR, unit_media, True)

        start = visitor.get(response.url)  # the new member is logged in
        assert start.status_code == 200
        assert "organizations/start.html" in template_names(start)

        audit = admin.get(reverse("organizations:audit_log", args=["contoh"]))
        body = audit.content.decode()
        assert "invitation.create" in body
        assert "invitation.accept" in body
        assert "dewi.baru@contoh.test" in body

        again = Client().get(path)
        assert again.status_code == 410
        assert "organizations/invitation_invalid.html" in template_names(again)

    def test_the_new_account_can_log_in_with_its_password(self, pr_admin, org):
        _invitation, token = services.invitation_create(member=pr_admin, email="baru@contoh.test", role=Role.VIEWER)
        Client().post(
            invite_path(token), {"full_name": "Baru", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        )

        response = Client().post(reverse("accounts:login"), {"username": "BARU@contoh.test", "password": NEW_PASSWORD})

        assert response.status_code == 302


class TestInvitationAcceptView:
    @pytest.fixture
    def open_invitation(self, pr_admin, unit_media):
        return services.invitation_create(
            member=pr_admin, email="baru@contoh.test", role=Role.AMBASSADOR, unit=unit_media
        )

    def test_an_unknown_token_answers_410_with_a_friendly_page(self, client, db):
        response = client.get(invite_path("not-a-real-token"))

        assert response.status_code == 410
        assert "organizations/invitation_invalid.html" in template_names(response)
        assert response.context["message"]
        assert "<html" in response.content.decode()

    def test_a_used_token_answers_410(self, client, open_invitation):
        invitation, token = open_invitation
        services.invitation_accept(invitation=invitation, full_name="Baru", password=NEW_PASSWORD)

        response = client.get(invite_path(token))
        assert response.status_code == 410
        response = client.post(
            invite_path(token), {"full_name": "X", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        )
        assert response.status_code == 410
        assert Membership.objects.filter(user__email="baru@contoh.test").count() == 1

    def test_a_replaced_token_answers_410_after_a_resend(self, client, pr_admin, open_invitation):
        invitation, old_token = open_invitation
        services.invitation_resend(member=pr_admin, invitation=invitation)

        assert client.get(invite_path(old_token)).status_code == 410

    def test_an_expired_or_revoked_invitation_answers_410(self, client, pr_admin, open_invitation):
        invitation, token = open_invitation
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        assert client.get(invite_path(token)).status_code == 410

        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=1))
        services.invitation_revoke(member=pr_admin, invitation=invitation)
        assert client.get(invite_path(token)).status_code == 410

    def test_mismatched_passwords_show_the_form_again(self, client, open_invitation):
        _invitation, token = open_invitation

        response = client.post(
            invite_path(token), {"full_name": "Baru", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["password_again"]
        assert not User.objects.filter(email="baru@contoh.test").exists()

    def test_a_weak_password_shows_the_error_on_the_form(self, client, open_invitation):
        _invitation, token = open_invitation

        response = client.post(
            invite_path(token), {"full_name": "Baru", "password": "12345678", "password_again": "12345678"}
        )

        assert response.status_code == 200
        # the service's refusal shows under the password field
        assert response.context["form"].errors["password"]
        assert not User.objects.filter(email="baru@contoh.test").exists()

    def test_an_anonymous_visitor_with_an_existing_account_is_asked_to_log_in(self, client, pr_admin, outsider_admin):
        invitation, token = services.invitation_create(
            member=pr_admin, email=outsider_admin.user.email, role=Role.VIEWER
        )

        page = client.get(invite_path(token))
        assert page.context["has_account"] is True
        assert page.context["form"] is None
        assert reverse("accounts:login") in page.content.decode()

        client.post(invite_path(token), {"full_name": "X", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_the_logged_in_owner_of_the_address_accepts_with_one_click(self, client_for, pr_admin, outsider_admin, org):
        _invitation, token = services.invitation_create(
            member=pr_admin, email=outsider_admin.user.email, role=Role.VIEWER
        )

        response = client_for(outsider_admin).post(invite_path(token))

        assert response.status_code == 302
        assert Membership.objects.get(user=outsider_admin.user, organization=org).role == Role.VIEWER

    def test_the_wrong_logged_in_account_is_refused(self, client_for, pr_admin, ambassador, outsider_admin, org):
        invitation, token = services.invitation_create(
            member=pr_admin, email="someone.else@contoh.test", role=Role.ADMIN
        )

        response = client_for(outsider_admin).post(invite_path(token))

        assert response.status_code == 200
        assert response.context["error_message"]
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING
        assert not Membership.objects.filter(user=outsider_admin.user, organization=org).exists()

    def test_only_get_and_post_are_allowed(self, client, open_invitation):
        _invitation, token = open_invitation
        assert client.put(invite_path(token)).status_code == 405
        assert client.delete(invite_path(token)).status_code == 405
