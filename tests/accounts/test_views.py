from __future__ import annotations

import re
import zoneinfo

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from duta.accounts.middleware import UserPreferencesMiddleware
from duta.accounts.models import LoginFailure, User
from duta.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
PROFILE = reverse("accounts:profile")
LANGUAGE = reverse("accounts:language")
HOME = reverse("organizations:home")
ENGLISH = {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}=en"}
RESET_LINK = re.compile(r"https?://testserver(/account/password/reset/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "Kata-sandi-baru-2024"


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def form_error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def log_in(client: Client, email: str, password: str, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


class TestLogin:
    def test_it_logs_in_with_e_mail_and_password(self, client, pr_admin):
        response = log_in(client, "humas@contoh.test", PASSWORD)

        assert response.status_code == 302
        assert response.url == HOME
        assert logged_in_user_id(client) == str(pr_admin.user.pk)

    def test_the_e_mail_is_case_insensitive(self, client, pr_admin):
        response = log_in(client, "  HUMAS@Contoh.Test ", PASSWORD)

        assert response.status_code == 302
        assert logged_in_user_id(client) == str(pr_admin.user.pk)

    def test_a_success_is_audited(self, client, pr_admin):
        log_in(client, "humas@contoh.test", PASSWORD, REMOTE_ADDR="192.0.2.10")

        event = AuditEvent.objects.get(action="auth.login")
        assert (event.actor_id, event.target_id, event.ip_address) == (
            pr_admin.user.pk,
            str(pr_admin.user.pk),
            "192.0.2.10",
        )

    def test_it_follows_a_local_next_and_ignores_a_foreign_one(self, pr_admin):
        local = Client().post(
            LOGIN + "?next=/account/profile/", {"username": "humas@contoh.test", "password": PASSWORD}
        )
        foreign = Client().post(
            LOGIN + "?next=https://evil.example/", {"username": "humas@contoh.test", "password": PASSWORD}
        )

        assert local.url == PROFILE
        assert foreign.url == HOME

    def test_a_wrong_password_shows_an_error_and_records_a_failure(self, client, pr_admin):
        response = log_in(client, "humas@contoh.test", "wrong-password", **ENGLISH)

        assert response.status_code == 200
        assert form_error_codes(response) == ["invalid_login"]
        assert "The e-mail address or password is wrong." in response.content.decode()
        assert logged_in_user_id(client) is None
        assert LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT).count() == 1
        assert LoginFailure.objects.filter(kind=LoginFailure.Kind.ADDRESS).count() == 1
        event = AuditEvent.objects.get(action="auth.login_failed")
        assert event.actor_id is None
        assert event.changes == {"email": "humas@contoh.test"}

    def test_an_unknown_address_looks_like_a_wrong_password(self, client, db):
        response = log_in(client, "nobody@contoh.test", "whatever-password")

        assert form_error_codes(response) == ["invalid_login"]
        assert LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT).count() == 1

    def test_a_deactivated_account_cannot_log_in(self, client, db):
        UserFactory(email="gone@contoh.test", is_active=False)

        response = log_in(client, "gone@contoh.test", PASSWORD)

        assert response.status_code == 200
        assert logged_in_user_id(client) is None

    def test_a_logged_in_visitor_is_sent_on(self, client_for, pr_admin):
        response = client_for(pr_admin).get(LOGIN)
        assert response.status_code == 302


class TestLoginThrottling:
    def test_after_too_many_failures_even_the_right_password_is_refused_for_that_account(
        self, client, pr_admin, ambassador
    ):
        with override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=100):
            for _ in range(3):
                assert form_error_codes(log_in(client, "humas@contoh.test", "wrong-password")) == ["invalid_login"]

            response = log_in(client, "HUMAS@contoh.test", PASSWORD, **ENGLISH)

            assert response.status_code == 200
            assert form_error_codes(response) == ["throttled"]
            assert "Too many failed log-in attempts" in response.content.decode()
            assert logged_in_user_id(client) is None
            assert not AuditEvent.objects.filter(action="auth.login").exists()
            # the account is throttled, not the address: another account still logs in from here
            other = log_in(Client(), "duta@contoh.test", PASSWORD)
            assert other.status_code == 302

    def test_a_throttled_attempt_is_not_counted_again(self, client, pr_admin):
        with override_settings(LOGIN_FAILURES_PER_ACCOUNT=2, LOGIN_FAILURES_PER_ADDRESS=100):
            for _ in range(5):
                log_in(client, "humas@contoh.test", "wrong-password")
        assert LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT).count() == 2

    def test_after_too_many_failures_from_one_address_it_is_refused_for_every_account(self, pr_admin):
        with override_settings(LOGIN_FAILURES_PER_ACCOUNT=100, LOGIN_FAILURES_PER_ADDRESS=3):
            for number in range(3):
                log_in(Client(), f"guess{number}@contoh.test", "wrong-password", REMOTE_ADDR="198.51.100.7")

            blocked = log_in(Client(), "humas@contoh.test", PASSWORD, REMOTE_ADDR="198.51.100.7")
            assert blocked.status_code == 200
            assert form_error_codes(blocked) == ["throttled"]

            elsewhere = Client()
            assert log_in(elsewhere, "humas@contoh.test", PASSWORD, REMOTE_ADDR="198.51.100.8").status_code == 302
            assert logged_in_user_id(elsewhere) == str(pr_admin.user.pk)

    def test_a_success_resets_the_account_s_count(self, client, pr_admin):
        with override_settings(LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=100):
            for _ in range(2):
                log_in(client, "humas@contoh.test", "wrong-password")
            assert log_in(client, "humas@contoh.test", PASSWORD).status_code == 302
            client.post(LOGOUT)
            for _ in range(2):
                log_in(client, "humas@contoh.test", "wrong-password")

            assert log_in(client, "humas@contoh.test", PASSWORD).status_code == 302


class TestLogout:
    def test_it_is_post_only(self, client_for, pr_admin):
        client = client_for(pr_admin)

        assert client.get(LOGOUT).status_code == 405
        assert logged_in_user_id(client) == str(pr_admin.user.pk)

    def test_it_logs_out_and_is_audited(self, client_for, pr_admin):
        client = client_for(pr_admin)

        response = client.post(LOGOUT)

        assert response.status_code == 302
        assert response.url == LOGIN
        assert logged_in_user_id(client) is None
        assert client.get(reverse("organizations:organization_home", args=["contoh"])).status_code == 302
        assert AuditEvent.objects.get(action="auth.logout").actor_id == pr_admin.user.pk

    def test_an_anonymous_post_is_harmless(self, client, db):
        assert client.post(LOGOUT).status_code == 302
        assert not AuditEvent.objects.exists()


class TestPasswordReset:
    def test_the_mailed_link_sets_a_new_password(
        self, client, pr_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:password_reset"), {"email": "HUMAS@contoh.test"})
        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")

        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["humas@contoh.test"]
        link = RESET_LINK.search(mailoutbox[0].body)
        assert link, mailoutbox[0].body

        form_page = client.get(link.group(1), follow=True)
        assert form_page.status_code == 200
        assert form_page.context["validlink"] is True
        set_password_url = form_page.redirect_chain[-1][0]

        done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert done.status_code == 302
        assert done.url == reverse("accounts:password_reset_complete")
        assert AuditEvent.objects.get(action="auth.password_reset").actor_id == pr_admin.user.pk

        assert log_in(Client(), "humas@contoh.test", PASSWORD).status_code == 200  # the old one is refused
        fresh = Client()
        assert log_in(fresh, "humas@contoh.test", NEW_PASSWORD).status_code == 302
        assert logged_in_user_id(fresh) == str(pr_admin.user.pk)

        again = client.get(link.group(1), follow=True)  # the link works once
        assert again.context["validlink"] is False

    def test_an_unknown_address_sends_nothing_but_looks_the_same(self, client, db, mailoutbox):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@contoh.test"})

        assert response.status_code == 302
        assert response.url == reverse("accounts:password_reset_done")
        assert mailoutbox == []

    def test_a_forged_link_is_refused(self, client, pr_admin):
        response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))

        assert response.status_code == 200
        assert response.context["validlink"] is False


class TestProfile:
    def test_it_needs_a_login(self, client, db):
        response = client.get(PROFILE)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)

    def test_it_saves_language_and_time_zone_and_the_next_page_is_in_english(self, client_for, pr_admin):
        client = client_for(pr_admin)
        assert '<html lang="id">' in client.get(PROFILE).content.decode()

        response = client.post(PROFILE, {"full_name": "Rina Humas", "language": "en", "time_zone": "Asia/Jayapura"})

        assert response.status_code == 302
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        user = User.objects.get(pk=pr_admin.user.pk)
        assert (user.language, user.time_zone) == ("en", "Asia/Jayapura")
        event = AuditEvent.objects.get(action="user.update_preferences")
        assert event.changes == {"language": ["id", "en"], "time_zone": ["Asia/Jakarta", "Asia/Jayapura"]}

        page = client.get(PROFILE)
        body = page.content.decode()
        assert '<html lang="en">' in body
        assert "Your profile" in body
        assert page.headers["Content-Language"] == "en"

    def test_the_language_follows_the_profile_not_the_browser(self, client_for, pr_admin):
        pr_admin.user.language = "en"
        pr_admin.user.save()

        page = client_for(pr_admin).get(PROFILE, HTTP_ACCEPT_LANGUAGE="id")

        assert '<html lang="en">' in page.content.decode()

    def test_it_refuses_an_unknown_time_zone(self, client_for, pr_admin):
        response = client_for(pr_admin).post(PROFILE, {"full_name": "Rina", "language": "en", "time_zone": "UTC"})

        assert response.status_code == 200
        assert response.context["form"].errors["time_zone"]
        pr_admin.user.refresh_from_db()
        assert pr_admin.user.time_zone == "Asia/Jakarta"


class TestUserPreferencesMiddleware:
    def run(self, user):
        seen = {}

        def view(request):
            seen["zone"] = timezone.get_current_timezone_name()
            seen["language"] = translation.get_language()
            return HttpResponse("ok")

        request = RequestFactory().get("/")
        request.user = user
        response = UserPreferencesMiddleware(view)(request)
        return seen, response

    def test_it_activates_the_user_s_time_zone_and_language(self, db):
        user = UserFactory(time_zone="Asia/Makassar", language="en")
        try:
            seen, response = self.run(user)
        finally:
            timezone.deactivate()
            translation.deactivate()

        assert seen == {"zone": "Asia/Makassar", "language": "en"}
        assert response.headers["Content-Language"] == "en"

    def test_it_uses_the_default_time_zone_for_anonymous_visitors(self, db):
        timezone.activate(zoneinfo.ZoneInfo("Asia/Jayapura"))
        try:
            seen, _response = self.run(AnonymousUser())
        finally:
            timezone.deactivate()

        assert seen["zone"] == settings.TIME_ZONE

    def test_pages_show_times_in_the_user_s_zone(self, client_for, pr_admin):
        pr_admin.user.time_zone = "Asia/Makassar"
        pr_admin.user.save()
        from duta.core.audit import audit_record

        audit_record(actor=pr_admin.user, organization=pr_admin.organization, action="unit.create")

        body = client_for(pr_admin).get(reverse("organizations:audit_log", args=["contoh"])).content.decode()

        assert "WITA" in body
        assert "+08:00" in body


class TestLanguageSwitch:
    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "http://evil.example/o/contoh/"])
    def test_it_refuses_open_redirects(self, client, db, target):
        response = client.post(LANGUAGE, {"language": "en", "next": target})

        assert response.status_code == 302
        assert response.url == HOME

    def test_it_follows_a_local_next_and_sets_the_cookie(self, client, db):
        response = client.post(LANGUAGE, {"language": "en", "next": "/account/login/?x=1"})

        assert response.url == "/account/login/?x=1"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        assert '<html lang="en">' in client.get(LOGIN).content.decode()

    def test_it_saves_the_language_in_the_profile_of_a_logged_in_member(self, client_for, pr_admin):
        client = client_for(pr_admin)

        client.post(LANGUAGE, {"language": "en", "next": PROFILE})

        pr_admin.user.refresh_from_db()
        assert pr_admin.user.language == "en"
        assert '<html lang="en">' in client.get(PROFILE).content.decode()

    def test_an_unknown_language_changes_nothing(self, client, db):
        response = client.post(LANGUAGE, {"language": "xx", "next": "/"})

        assert response.status_code == 302
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    def test_it_is_post_only(self, client, db):
        assert client.get(LANGUAGE, {"language": "en"}).status_code == 405
