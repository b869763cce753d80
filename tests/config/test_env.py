from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from duta.config.env import Env

DUTA = str(Path(sys.executable).with_name("duta"))


def run_duta(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    environment.update(env)
    return subprocess.run([DUTA, *args], env=environment, capture_output=True, text=True, timeout=120, check=False)


class TestEnvReaders:
    def test_it_reads_booleans_in_words(self) -> None:
        env = Env({"A": "yes", "B": "Off", "C": "1"})
        assert env.boolean("A", False) is True
        assert env.boolean("B", True) is False
        assert env.boolean("C", False) is True
        assert env.boolean("MISSING", True) is True

    def test_an_empty_value_means_the_default(self) -> None:
        env = Env({"SESSION_COOKIE_SECURE": "", "SECURE_HSTS_SECONDS": " "})
        assert env.boolean("SESSION_COOKIE_SECURE", True) is True
        assert env.integer("SECURE_HSTS_SECONDS", 31_536_000) == 31_536_000

    @pytest.mark.parametrize(
        ("reader", "value"),
        [("boolean", "maybe"), ("integer", "12a"), ("csv_list", "a,,b"), ("time_zone", "Mars/Olympus")],
    )
    def test_it_names_the_variable_of_a_malformed_value(self, reader: str, value: str) -> None:
        env = Env({"SOME_VAR": value})
        with pytest.raises(ImproperlyConfigured, match="SOME_VAR"):
            getattr(env, reader)("SOME_VAR", *{"csv_list": ([],), "time_zone": ("Asia/Jakarta",)}.get(reader, (0,)))

    def test_it_parses_postgres_urls(self) -> None:
        database = Env({"DATABASE_URL": "postgres://duta:s%40cret@db.internal:6432/duta?sslmode=require"}).database(
            "DATABASE_URL", Path("/unused")
        )
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
            "duta",
            "s@cret",
            "db.internal",
            "6432",
        )
        assert database["NAME"] == "duta"
        assert database["OPTIONS"] == {"sslmode": "require"}

    def test_it_uses_the_embedded_sqlite_file_in_wal_mode_by_default(self) -> None:
        database = Env({}).database("DATABASE_URL", Path("/srv/duta/var/duta.sqlite3"))
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["NAME"] == "/srv/duta/var/duta.sqlite3"
        assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]

    def test_it_accepts_another_sqlite_file(self) -> None:
        database = Env({"DATABASE_URL": "sqlite:////tmp/other.sqlite3"}).database("DATABASE_URL", Path("/unused"))
        assert database["NAME"] == "/tmp/other.sqlite3"

    @pytest.mark.parametrize(
        "url", ["mysql://root@localhost/duta", "postgres://", "postgres://host", "postgres://h:port/x", "sqlite://"]
    )
    def test_it_refuses_bad_database_urls(self, url: str) -> None:
        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
            Env({"DATABASE_URL": url}).database("DATABASE_URL", Path("/unused"))

    def test_it_reads_email_urls(self) -> None:
        assert Env({}).email("EMAIL_URL")["EMAIL_BACKEND"].endswith("console.EmailBackend")
        smtp = Env({"EMAIL_URL": "submission://humas%40kemen.go.id:rahasia@mail.kemen.go.id"}).email("EMAIL_URL")
        assert smtp["EMAIL_HOST"] == "mail.kemen.go.id"
        assert smtp["EMAIL_PORT"] == 587
        assert smtp["EMAIL_USE_TLS"] is True
        assert smtp["EMAIL_HOST_USER"] == "humas@kemen.go.id"
        with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
            Env({"EMAIL_URL": "pigeon://coop"}).email("EMAIL_URL")

    def test_it_checks_redis_urls(self) -> None:
        assert Env({"REDIS_URL": "redis://127.0.0.1:6379/1"}).redis_url("REDIS_URL") == "redis://127.0.0.1:6379/1"
        assert Env({}).redis_url("REDIS_URL") is None
        with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
            Env({"REDIS_URL": "127.0.0.1:6379"}).redis_url("REDIS_URL")


class TestStartUp:
    """The real ``duta`` command, started with the environment a deployment would give it."""

    def test_production_passes_the_deployment_checks(self, tmp_path: Path) -> None:
        result = run_duta(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="duta.kemen.go.id",
            DUTA_VAR_DIR=str(tmp_path),
        )
        assert result.returncode == 0, result.stderr + result.stdout
        assert "no issues" in result.stdout

    def test_production_refuses_the_development_secret_key(self, tmp_path: Path) -> None:
        result = run_duta("check", DEBUG="false", ALLOWED_HOSTS="duta.kemen.go.id", DUTA_VAR_DIR=str(tmp_path))
        assert result.returncode == 2
        assert "SECRET_KEY" in result.stderr

    @pytest.mark.parametrize(
        ("name", "value"),
        [("DEBUG", "perhaps"), ("TIME_ZONE", "Asia/Atlantis"), ("LANGUAGE_CODE", "fr"), ("DATABASE_URL", "oracle://x")],
    )
    def test_a_malformed_variable_stops_start_up_with_its_name(self, tmp_path: Path, name: str, value: str) -> None:
        result = run_duta("check", DUTA_VAR_DIR=str(tmp_path), **{name: value})
        assert result.returncode == 2
        assert name in result.stderr
        assert "Traceback" not in result.stderr
