from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Western Indonesia, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Central Indonesia, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Eastern Indonesia, UTC+9)")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("English")


def normalize_email(email: str) -> str:
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. What they may do is decided by their memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.INDONESIAN)
    time_zone = models.CharField(_("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class LoginFailure(models.Model):
    """A failed log-in, counted per account and per client address to slow down guessing.

    ``key`` is a keyed hash, so the table holds neither addresses nor the e-mails typed.
    """

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("address")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "created_at"], name="login_failure_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
