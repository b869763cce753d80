"""Typed readers for environment variables that fail loudly.

Every setting of Duta comes from the environment. A malformed value stops start-up with an
``ImproperlyConfigured`` error that names the variable, so that a typo in a unit file is found at
once instead of at the first request that needs it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class Env:
    """Reads variables from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None else value.strip()

    def fail(self, name: str, message: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"Environment variable {name}: {message}")

    def string(self, name: str, default: str) -> str:
        value = self._raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if not value:
            return default
        lowered = value.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise self.fail(name, f"expected true or false, got {value!r}")

    def integer(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise self.fail(name, f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise self.fail(name, f"must be at least {minimum}, got {number}")
        return number

    def csv_list(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if not value:
            return list(default)
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise self.fail(name, f"expected a comma-separated list without empty items, got {value!r}")
        return items

    def choice(self, name: str, default: str, choices: list[str] | tuple[str, ...]) -> str:
        value = self.string(name, default)
        if value not in choices:
            raise self.fail(name, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def time_zone(self, name: str, default: str) -> str:
        import zoneinfo

        value = self.string(name, default)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise self.fail(name, f"unknown time zone {value!r}") from None
        return value

    def database(self, name: str, default_sqlite_path: Path) -> dict[str, Any]:
        value = self._raw(name)
        if not value:
            return sqlite_database(default_sqlite_path)
        return parse_database_url(value, fail=lambda message: self.fail(name, message))

    def email(self, name: str) -> dict[str, Any]:
        value = self._raw(name) or "console://"
        return parse_email_url(value, fail=lambda message: self.fail(name, message))

    def redis_url(self, name: str) -> str | None:
        value = self._raw(name)
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
            raise self.fail(name, f"expected redis://host:port/db, got {value!r}")
        return value


def sqlite_database(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so that two writers queue on busy_timeout instead of failing mid-transaction.
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
    }


def parse_database_url(url: str, *, fail: Any) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "sqlite":
        # as in dj-database-url: sqlite:///var/duta.sqlite3 is relative, sqlite:////srv/duta.sqlite3 absolute
        path = unquote(parts.path[1:])
        if parts.netloc or not path or path == "/":
            raise fail(f"expected sqlite:///path/to/file.sqlite3, got {url!r}")
        return sqlite_database(Path(path))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not parts.hostname and "host" not in parse_qs(parts.query):
            raise fail(f"expected postgres://user:password@host:port/name, got {url!r}")
        if not name:
            raise fail("the database name is missing after the host")
        try:
            port = parts.port
        except ValueError:
            raise fail(f"the port is not a number in {url!r}") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        host = options.pop("host", parts.hostname or "")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": host,
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise fail(f"unsupported scheme {scheme!r}: use postgres:// or sqlite:///")


def parse_email_url(url: str, *, fail: Any) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "dummy":
        return {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    if scheme == "file":
        if not parts.path:
            raise fail(f"expected file:///path/to/folder, got {url!r}")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme in {"smtp", "smtps", "submission"}:
        if not parts.hostname:
            raise fail(f"expected smtp://user:password@host:port, got {url!r}")
        try:
            port = parts.port
        except ValueError:
            raise fail(f"the port is not a number in {url!r}") from None
        default_port = {"smtp": 25, "smtps": 465, "submission": 587}[scheme]
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port or default_port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "submission",
        }
    raise fail(f"unsupported scheme {scheme!r}: use console://, smtp://, smtps://, submission:// or file://")
