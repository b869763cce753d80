from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from duta.accounts import services
from duta.accounts.models import LoginFailure, User
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from tests.factories import UserFactory

STRONG = "Sangat-rahasia-2024"


class TestUserCreate:
    def test_it_normalizes_the_address_and_hashes_the_password(self, db):
        user = services.user_create(email="  Dewi@Contoh.TEST ", full_name=" Dewi ", password=STRONG)

        user.refresh_from_db()
        assert user.email == "dewi@contoh.test"
        assert user.full_name == "Dewi"
        assert user.password != STRONG
        assert user.check_password(STRONG)

    def test_it_writes_an_audit_row(self, db):
        user = services.user_create(email="dewi@contoh.test", full_name="Dewi", password=STRONG)

        event = AuditEvent.objects.get(action="user.create")
        assert (event.actor_id, event.organization_id, event.target_id) == (user.pk, None, str(user.pk))

    def test_it_refuses_an_address_taken_in_another_case(self, db):
        UserFactory(email="dewi@contoh.test")
        with pytest.raises(ApplicationError) as caught:
            services.user_create(email="DEWI@contoh.test", full_name="Dewi", password=STRONG)
        assert caught.value.field == "email"

    @pytest.mark.parametrize("password", ["short1", "12345678901", "password123", "dewi@contoh.test"])
    def test_it_refuses_weak_passwords(self, db, password):
        with pytest.raises(ApplicationError) as caught:
            services.user_create(email="dewi@contoh.test", full_name="Dewi", password=password)
        assert caught.value.field == "password"
        assert not User.objects.exists()

    def test_a_user_without_a_password_cannot_log_in(self, db):
        user = services.user_create(email="dewi@contoh.test", full_name="Dewi", password=None)
        assert not user.has_usable_password()


class TestUserPreferencesUpdate:
    def test_it_saves_and_audits_only_what_changed(self, db):
        user = UserFactory(full_name="Dewi", language="id", time_zone="Asia/Jakarta")

        services.user_preferences_update(user=user, full_name="Dewi", language="en", time_zone="Asia/Makassar")

        user.refresh_from_db()
        assert (user.language, user.time_zone) == ("en", "Asia/Makassar")
        event = AuditEvent.objects.get(action="user.update_preferences")
        assert event.actor_id == user.pk
        assert event.changes == {"language": ["id", "en"], "time_zone": ["Asia/Jakarta", "Asia/Makassar"]}

    def test_it_writes_nothing_without_changes(self, db):
        user = UserFactory(language="id")
        services.user_preferences_update(user=user, language="id")
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize(
        ("field", "value"), [("language", "fr"), ("time_zone", "Europe/Paris"), ("full_name", "   ")]
    )
    def test_it_refuses_unknown_values(self, db, field, value):
        user = UserFactory()
        with pytest.raises(ApplicationError) as caught:
            services.user_preferences_update(user=user, **{field: value})
        assert caught.value.field == field


class TestLoginThrottle:
    @pytest.fixture(autouse=True)
    def _low_limits(self):
        with override_settings(
            LOGIN_FAILURES_PER_ACCOUNT=3, LOGIN_FAILURES_PER_ADDRESS=5, LOGIN_FAILURE_WINDOW_SECONDS=600
        ):
            yield

    def test_it_refuses_an_account_after_too_many_failures(self, db):
        for _ in range(2):
            services.login_failure_record(email="dewi@contoh.test", ip_address=None)
        services.login_throttle_check(email="dewi@contoh.test", ip_address=None)  # 2 < 3: fine

        services.login_failure_record(email="DEWI@contoh.test", ip_address=None)
        with pytest.raises(ApplicationError) as caught:
            services.login_throttle_check(email=" Dewi@Contoh.test", ip_address=None)
        assert caught.value.code == "throttled"
        services.login_throttle_check(email="other@contoh.test", ip_address=None)  # other accounts are fine

    def test_it_refuses_an_address_after_too_many_failures(self, db):
        for number in range(5):
            services.login_failure_record(email=f"guess{number}@contoh.test", ip_address="198.51.100.4")

        with pytest.raises(ApplicationError):
            services.login_throttle_check(email="new@contoh.test", ip_address="198.51.100.4")
        services.login_throttle_check(email="new@contoh.test", ip_address="198.51.100.5")

    def test_old_failures_do_not_count_and_are_pruned(self, db):
        for _ in range(3):
            services.login_failure_record(email="dewi@contoh.test", ip_address=None)
        LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=601))

        services.login_throttle_check(email="dewi@contoh.test", ip_address=None)
        assert services.login_failure_prune() == 3
        assert not LoginFailure.objects.exists()

    def test_it_stores_neither_addresses_nor_e_mails(self, db):
        services.login_failure_record(email="dewi@contoh.test", ip_address="198.51.100.4")

        keys = list(LoginFailure.objects.values_list("kind", "key"))
        assert {kind for kind, _key in keys} == {"account", "address"}
        assert all("dewi" not in key and "198.51" not in key and len(key) == 64 for _kind, key in keys)

    def test_a_success_clears_the_account_s_failures(self, db):
        user = UserFactory(email="dewi@contoh.test")
        for _ in range(2):
            services.login_failure_record(email="dewi@contoh.test", ip_address="198.51.100.4")

        services.login_success_record(user=user)

        assert not LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT).exists()
        assert LoginFailure.objects.filter(kind=LoginFailure.Kind.ADDRESS).count() == 2
        assert AuditEvent.objects.filter(action="auth.login", actor_id=user.pk).count() == 1
