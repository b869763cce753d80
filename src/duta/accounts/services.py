from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.accounts.models import Language, LoginFailure, TimeZone, User, normalize_email
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError


def _throttle_key(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _recent_failures(*, kind: str, value: str) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(kind=kind, key=_throttle_key(value), created_at__gte=since).count()


def login_throttle_check(*, email: str, ip_address: str | None) -> None:
    """Refuse a log-in attempt while the account or the address has failed too often."""
    minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
    message = _("Too many failed log-in attempts. Wait %(minutes)d minutes and try again, or reset your password.")
    if (
        _recent_failures(kind=LoginFailure.Kind.ACCOUNT, value=normalize_email(email))
        >= settings.LOGIN_FAILURES_PER_ACCOUNT
    ):
        raise ApplicationError(message % {"minutes": minutes}, code="throttled")
    if (
        ip_address
        and _recent_failures(kind=LoginFailure.Kind.ADDRESS, value=ip_address) >= settings.LOGIN_FAILURES_PER_ADDRESS
    ):
        raise ApplicationError(message % {"minutes": minutes}, code="throttled")


@transaction.atomic
def login_failure_record(*, email: str, ip_address: str | None) -> None:
    email = normalize_email(email)
    LoginFailure.objects.create(kind=LoginFailure.Kind.ACCOUNT, key=_throttle_key(email))
    if ip_address:
        LoginFailure.objects.create(kind=LoginFailure.Kind.ADDRESS, key=_throttle_key(ip_address))
    audit_record(actor=None, action="auth.login_failed", changes={"email": email[:254]})


@transaction.atomic
def login_success_record(*, user: User) -> None:
    LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT, key=_throttle_key(user.email)).delete()
    audit_record(actor=user, action="auth.login", target=user)


@transaction.atomic
def logout_record(*, user: User) -> None:
    audit_record(actor=user, action="auth.logout", target=user)


def login_failure_prune() -> int:
    """Delete failures older than the window; they no longer count for anything."""
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    deleted, _details = LoginFailure.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    language: str = Language.INDONESIAN,
    actor: User | None = None,
    check_strength: bool = True,
) -> User:
    """A new account. ``password=None`` makes one that can only be entered after a password reset;
    ``check_strength=False`` is for the demo's published password only."""
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise ApplicationError(_("An account with this e-mail address already exists."), field="email")
    user = User(email=email, full_name=full_name.strip(), language=language)
    if password is not None and check_strength:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor or user, action="user.create", target=user)
    return user


@transaction.atomic
def user_preferences_update(
    *, user: User, full_name: str | None = None, language: str | None = None, time_zone: str | None = None
) -> User:
    changes: dict[str, list[str]] = {}
    if full_name is not None and full_name.strip() != user.full_name:
        if not full_name.strip():
            raise ApplicationError(_("The name cannot be empty."), field="full_name")
        changes["full_name"] = [user.full_name, full_name.strip()]
        user.full_name = full_name.strip()
    if language is not None and language != user.language:
        if language not in Language.values:
            raise ApplicationError(_("Unknown language."), field="language")
        changes["language"] = [user.language, language]
        user.language = language
    if time_zone is not None and time_zone != user.time_zone:
        if time_zone not in TimeZone.values:
            raise ApplicationError(_("Choose WIB, WITA or WIT."), field="time_zone")
        changes["time_zone"] = [user.time_zone, time_zone]
        user.time_zone = time_zone
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=[*changes.keys()])
        audit_record(actor=user, action="user.update_preferences", target=user, changes=changes)
    return user


@transaction.atomic
def user_password_reset_record(*, user: User) -> None:
    audit_record(actor=user, action="auth.password_reset", target=user)
