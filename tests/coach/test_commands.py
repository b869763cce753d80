"""`duta coach score` from the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from duta.organizations.models import Membership, Organization
from tests.coach.samples import STRONG, WEAK
from tests.factories import OrganizationFactory
from tests.support import require_or_skip


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("coach", "score", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run_command(*args, "--json"))


class TestCoachScore:
    def test_json_is_one_document_with_the_verdict(self) -> None:
        report = run_json("--text", STRONG, "--platform", "instagram")

        assert report["score"] >= 70
        assert report["blocked"] is False
        assert [check["code"] for check in report["checks"]][:3] == ["hook", "person", "story"]
        assert {"code", "status", "label", "reason", "points", "possible"} <= set(report["checks"][0])
        assert run_json("--text", WEAK, "--platform", "instagram")["score"] < 40

    def test_the_language_can_be_chosen(self) -> None:
        report = run_json("--text", WEAK, "--platform", "x", "--lang", "en")

        assert report["checks"][0]["label"] == "First line"

    def test_people_read_the_score_each_check_and_the_suggestions(self) -> None:
        output = run_command("--text", WEAK, "--platform", "instagram", "--lang", "en")

        assert "Score: " in output
        assert "[-] First line 0/15: The first line “Selamat pagi. Berikut informasi" in output
        assert "[+] Length 10/10:" in output
        assert "Suggestions:" in output
        assert "  - Replace the first line" in output

    def test_the_platform_is_case_insensitive(self) -> None:
        assert run_json("--text", STRONG, "--platform", "Instagram")["score"] >= 70

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--text", STRONG, "--platform", "myspace"), "Unknown platform 'myspace'; choose one of: instagram"),
            (("--text", "   ", "--platform", "x"), "The text is empty"),
            (("--text", "", "--platform", "x"), "The text is empty"),
        ],
    )
    def test_bad_input_is_a_command_error(self, args: tuple[str, ...], message: str) -> None:
        with pytest.raises(CommandError, match=message):
            run_command(*args)

    @pytest.mark.django_db
    def test_an_unknown_organization_is_a_command_error(self) -> None:
        with pytest.raises(CommandError, match="Unknown organization 'nope'"):
            run_command("--text", STRONG, "--platform", "x", "--org", "nope")

    def test_the_text_can_come_from_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(STRONG))

        assert run_json("--text", "-", "--platform", "instagram")["score"] >= 70


@pytest.mark.django_db
class TestCoachScoreForAnOrganization:
    """With --org the organization's blocklist, election rules (while election mode is on) and default disclosure
    tag apply, as the campaigns app stores them."""

    def _settings(self, member: Membership, **values: Any) -> None:
        from duta.campaigns.services import SettingsData, campaign_settings_update

        campaign_settings_update(member=member, data=SettingsData(**values))

    def test_the_organizations_guardrails_and_disclosure_apply(self, org: Organization, pr_admin: Membership) -> None:
        today = timezone.localdate()
        self._settings(
            pr_admin,
            default_disclosure_tag="#DutaContoh",
            blocklist="hoaks\nrusak",
            election_starts_on=today - dt.timedelta(days=1),
            election_ends_on=today + dt.timedelta(days=30),
            election_candidates="Budi Santoso",
            election_numbers="2",
        )

        plain = run_json("--text", STRONG, "--platform", "instagram", "--org", org.slug, "--lang", "en")
        checks = {check["code"]: check for check in plain["checks"]}
        assert plain["blocked"] is False
        assert checks["disclosure"]["status"] == "fail"
        assert "#DutaContoh" in checks["disclosure"]["reason"]
        assert checks["guardrails"]["status"] == "ok"

        tagged = STRONG + " #DutaContoh\nCoblos nomor 2, dukung Budi Santoso! Jangan percaya hoaks."
        report = run_json("--text", tagged, "--platform", "instagram", "--org", org.slug, "--lang", "en")
        checks = {check["code"]: check for check in report["checks"]}
        assert report["blocked"] is True
        assert report["score"] <= 20
        assert checks["disclosure"]["status"] == "ok"
        assert checks["guardrails"]["status"] == "blocked"
        assert "“hoaks”" in checks["guardrails"]["reason"]
        assert "“Coblos nomor 2”" in checks["guardrails"]["reason"]
        assert "“Budi Santoso”" in checks["guardrails"]["reason"]
        assert len(report["blocked_reasons"]) == 2

    def test_election_rules_apply_only_while_election_mode_is_on(self, org: Organization, pr_admin: Membership) -> None:
        today = timezone.localdate()
        self._settings(
            pr_admin,
            election_starts_on=today - dt.timedelta(days=30),
            election_ends_on=today - dt.timedelta(days=1),
            election_candidates="Budi Santoso",
        )

        report = run_json("--text", "Saya bertemu Budi Santoso kemarin.", "--platform", "x", "--org", org.slug)

        assert report["blocked"] is False
        assert {check["code"]: check["status"] for check in report["checks"]}["guardrails"] == "skipped"

    def test_another_organizations_rules_do_not_apply(self, org: Organization, pr_admin: Membership) -> None:
        self._settings(pr_admin, blocklist="rusak")
        other = OrganizationFactory(slug="lain")

        assert run_json("--text", "Jalan rusak. " * 5, "--platform", "x", "--org", org.slug)["blocked"] is True
        assert run_json("--text", "Jalan rusak. " * 5, "--platform", "x", "--org", other.slug)["blocked"] is False


class TestTheRealBinary:
    def test_it_prints_json_and_fails_with_a_non_zero_status(self, tmp_path: Path) -> None:
        duta = Path(sys.executable).with_name("duta")
        if not duta.exists():
            require_or_skip(f"no duta command next to {sys.executable}: run make install")
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
        }
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'duta.sqlite3'}"
        environment["DUTA_VAR_DIR"] = str(tmp_path / "var")

        def duta_run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(duta), "coach", "score", *args], env=environment, capture_output=True, text=True, check=False
            )

        good = duta_run("--text", STRONG, "--platform", "instagram", "--json")
        assert good.returncode == 0, good.stderr
        assert json.loads(good.stdout)["score"] >= 70

        bad = duta_run("--text", STRONG, "--platform", "myspace")
        assert bad.returncode != 0
        assert "Unknown platform 'myspace'" in bad.stderr
        empty = duta_run("--text", " ", "--platform", "x")
        assert empty.returncode != 0
        assert "The text is empty" in empty.stderr
