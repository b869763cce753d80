"""The command line end to end: `duta org create`, `duta roster import`, `duta program create|evaluate|select`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from duta.core.models import AuditEvent
from duta.organizations.models import Organization, Unit
from duta.people.models import Employee, FollowerSnapshot, SocialAccount
from duta.programs.models import Program
from tests.support import require_or_skip

HEADER = ["NIP", "Nama Lengkap", "Unit Kerja", "Tanggal Lahir", "TMT", "No. HP", "Instagram", "Pengikut IG"]
UNITS = [
    "Sekretariat Jenderal / Biro Humas",
    "Sekretariat Jenderal / Biro Hukum",
    "Ditjen Aplikasi Informatika / Direktorat Tata Kelola",
    "Ditjen Informasi dan Komunikasi Publik / Direktorat Informasi",
    "Ditjen Informasi dan Komunikasi Publik / Direktorat Kemitraan",
]
NAMES = [
    "Agus Santoso",
    "Ayu Lestari",
    "Bayu Nugroho",
    "Citra Wulandari",
    "Dedi Kurniawan",
    "Dewi Anggraini",
    "Eko Prasetyo",
    "Fitri Handayani",
    "Galih Permana",
    "Hana Pertiwi",
    "Indra Saputra",
    "Joko Susilo",
    "Kartika Sari",
    "Lukman Hakim",
    "Maya Puspita",
    "Nanda Pratama",
    "Oktaviani Putri",
    "Putu Wirawan",
    "Ratna Dewi",
    "Slamet Riyadi",
]
WEAK_NIP = "199203082019031021"  # 430 followers on Instagram
OLD_NIP = "197505172000031001"  # born before 1981
KOMINFO_RULES = {
    "min_followers": {"instagram": 500},
    "birth_year": {"min": 1981, "max": 2005},
    "cohort_size": 8,
    "max_per_unit": 2,
}


def nip(index: int) -> str:
    return f"19900515201503{1 + index % 2}{index:03d}"


def roster_rows() -> list[list[str]]:
    rows = [
        [
            nip(index),
            name,
            UNITS[index // 4],
            f"15/{1 + index % 12:02d}/1990",
            "01/03/2015",
            f"0812{index:04d}7788",
            f"@{name.lower().replace(' ', '.')}",
            f"{600 + 250 * index:,}".replace(",", "."),
        ]
        for index, name in enumerate(NAMES)
    ]
    rows.append([WEAK_NIP, "Rahmat Hidayat", UNITS[0], "08/03/1992", "01/03/2019", "", "@rahmat.h", "430"])
    rows.append([OLD_NIP, "Bambang Sutrisno", UNITS[1], "17/05/1975", "01/03/2000", "", "@pakbambang", "5,2rb"])
    return rows


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run_command(*args, "--json"))


def written(organization: Organization) -> tuple[int, ...]:
    return (
        Employee.objects.filter(organization=organization).count(),
        Unit.objects.filter(organization=organization).count(),
        SocialAccount.objects.filter(employee__organization=organization).count(),
        FollowerSnapshot.objects.count(),
        AuditEvent.objects.filter(organization_id=organization.pk).count(),
    )


@pytest.fixture
def kominfo(db: None) -> Organization:
    run_command("org", "create", "--slug", "kemkomdigi", "--name", "Kementerian Komunikasi dan Digital")
    return Organization.objects.get(slug="kemkomdigi")


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "pegawai.csv", roster_rows())


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(KOMINFO_RULES), encoding="utf-8")
    return path


@pytest.mark.django_db
class TestRosterImportCommand:
    def test_it_imports_and_prints_json(self, kominfo: Organization, roster: Path) -> None:
        report = run_json("roster", "import", str(roster), "--org", "kemkomdigi")

        assert (report["created"], report["updated"], report["unchanged"], report["invalid"]) == (22, 0, 0, 0)
        assert report["errors"] == []
        assert report["applied"] is True
        assert report["units_created"] == 8
        assert Employee.objects.filter(organization=kominfo).count() == 22

        again = run_json("roster", "import", str(roster), "--org", "kemkomdigi")
        assert (again["created"], again["updated"], again["unchanged"], again["follower_points"]) == (0, 0, 22, 0)

    def test_it_prints_a_summary_for_people(self, kominfo: Organization, roster: Path) -> None:
        output = run_command("roster", "import", str(roster), "--org", "kemkomdigi")

        assert "Imported 22 rows: 22 created, 0 updated, 0 unchanged, 0 invalid; 8 new units" in output

    def test_invalid_rows_write_nothing_without_skip_invalid(
        self, kominfo: Organization, roster: Path, tmp_path: Path
    ) -> None:
        rows = roster_rows()
        rows[3][3] = "31/02/1990"
        rows[7][7] = "banyak"
        bad = write_csv(tmp_path / "salah.csv", rows)
        before = written(kominfo)
        out = io.StringIO()

        with pytest.raises(CommandError, match=r"2 invalid row\(s\): nothing was imported"):
            call_command("roster", "import", str(bad), "--org", "kemkomdigi", "--json", stdout=out)

        assert written(kominfo) == before
        report = json.loads(out.getvalue())
        assert report["invalid"] == 2
        assert report["applied"] is False
        assert [(e["row"], e["column"]) for e in report["errors"]] == [(5, "Tanggal Lahir"), (9, "Pengikut IG")]
        assert all(e["message"] for e in report["errors"])

        report = run_json("roster", "import", str(bad), "--org", "kemkomdigi", "--skip-invalid")
        assert (report["created"], report["invalid"], report["applied"]) == (20, 2, True)
        assert len(report["errors"]) == 2

    def test_a_dry_run_writes_nothing(self, kominfo: Organization, roster: Path) -> None:
        before = written(kominfo)

        report = run_json("roster", "import", str(roster), "--org", "kemkomdigi", "--dry-run")

        assert (report["dry_run"], report["applied"], report["created"], report["units_created"]) == (
            True,
            False,
            22,
            8,
        )
        assert written(kominfo) == before

    def test_a_bad_file_an_unknown_org_and_a_missing_file_fail(self, kominfo: Organization, tmp_path: Path) -> None:
        pdf = tmp_path / "pegawai.csv"
        pdf.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
        before = written(kominfo)

        with pytest.raises(CommandError, match=r"PDF document|dokumen PDF"):
            run_command("roster", "import", str(pdf), "--org", "kemkomdigi")
        with pytest.raises(CommandError, match="Unknown organization 'nope'"):
            run_command("roster", "import", str(pdf), "--org", "nope")
        with pytest.raises(CommandError, match="No file at"):
            run_command("roster", "import", str(tmp_path / "tidak-ada.csv"), "--org", "kemkomdigi")

        assert written(kominfo) == before


@pytest.mark.django_db
class TestProgramCommands:
    @pytest.fixture(autouse=True)
    def _roster(self, kominfo: Organization, roster: Path) -> None:
        run_command("roster", "import", str(roster), "--org", "kemkomdigi")

    def test_create_evaluate_and_select(self, kominfo: Organization, rules_file: Path) -> None:
        created = run_json(
            "program", "create", "--org", "kemkomdigi", "--slug", "duta-digital", "--rules", str(rules_file)
        )
        assert created["slug"] == "duta-digital"
        assert created["rules"]["min_followers"] == {"instagram": 500}
        assert Program.objects.get(organization=kominfo).rules == created["rules"]

        evaluated = run_json("program", "evaluate", "--org", "kemkomdigi", "--program", "duta-digital")

        assert len(evaluated) == 22
        assert {"employee_id", "eligible", "reasons"} <= set(evaluated[0])
        by_id = {row["employee_id"]: row for row in evaluated}
        assert by_id[WEAK_NIP]["eligible"] is False
        assert "Pengikut Instagram 430 < 500" in by_id[WEAK_NIP]["reasons"]
        assert by_id[OLD_NIP]["eligible"] is False
        assert "Tahun lahir 1975 di luar rentang 1981–2005" in by_id[OLD_NIP]["reasons"]
        assert by_id[nip(4)]["eligible"] is True
        assert by_id[nip(4)]["reasons"][0] == "Pengikut Instagram 1.600 ≥ 500"
        assert sum(row["eligible"] for row in evaluated) == 20

        english = run_json("program", "evaluate", "--org", "kemkomdigi", "--program", "duta-digital", "--lang", "en")
        assert "Instagram followers 430 < 500" in {r["employee_id"]: r for r in english}[WEAK_NIP]["reasons"]

        chosen = run_json("program", "select", "--org", "kemkomdigi", "--program", "duta-digital")

        assert len(chosen) == 8
        assert [row["rank"] for row in chosen] == list(range(1, 9))
        assert all({"employee_id", "score", "unit"} <= set(row) for row in chosen)
        assert [row["score"] for row in chosen] == sorted((row["score"] for row in chosen), reverse=True)
        assert WEAK_NIP not in {row["employee_id"] for row in chosen}
        per_unit = Counter(row["unit"] for row in chosen)
        assert max(per_unit.values()) == 2
        assert len(per_unit) == 4
        assert set(per_unit) <= set(UNITS)
        assert chosen[0]["employee_id"] == nip(19)  # the most followers

        smaller = run_json("program", "select", "--org", "kemkomdigi", "--program", "duta-digital", "--size", "3")
        assert [row["employee_id"] for row in smaller] == [row["employee_id"] for row in chosen[:3]]

    def test_the_human_outputs(self, kominfo: Organization, rules_file: Path) -> None:
        output = run_command(
            "program", "create", "--org", "kemkomdigi", "--slug", "duta-digital", "--rules", str(rules_file)
        )
        assert "Created program duta-digital in kemkomdigi." in output

        output = run_command("program", "evaluate", "--org", "kemkomdigi", "--program", "duta-digital")
        assert output.startswith("20 of 22 employees are eligible.")
        assert f"- {WEAK_NIP} Rahmat Hidayat: Pengikut Instagram 430 < 500" in output

        output = run_command("program", "select", "--org", "kemkomdigi", "--program", "duta-digital")
        assert output.startswith("8 chosen of 20 eligible employees.")

    def test_bad_json_bad_rules_and_a_taken_slug_write_nothing(self, kominfo: Organization, tmp_path: Path) -> None:
        broken = tmp_path / "broken.json"
        broken.write_text('{"min_followers": {"instagram": 500,}', encoding="utf-8")
        wrong = tmp_path / "wrong.json"
        wrong.write_text(json.dumps({"min_followers": {"friendster": 10}, "cohort_size": -1}), encoding="utf-8")
        audit = AuditEvent.objects.count()

        with pytest.raises(CommandError, match="is not valid JSON"):
            run_command("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(broken))
        with pytest.raises(CommandError, match=r"min_followers\.friendster") as refused:
            run_command("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(wrong))
        assert "cohort_size" in str(refused.value)
        with pytest.raises(CommandError, match="Cannot read"):
            run_command("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="Unknown organization"):
            run_command("program", "create", "--org", "nope", "--slug", "duta", "--rules", str(wrong))

        assert not Program.objects.exists()
        assert AuditEvent.objects.count() == audit

        fine = tmp_path / "fine.json"
        fine.write_text("{}", encoding="utf-8")
        run_command("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(fine))
        with pytest.raises(CommandError, match=r"already exists|sudah ada"):
            run_command("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(fine))
        with pytest.raises(CommandError, match="Unknown program 'lain'"):
            run_command("program", "evaluate", "--org", "kemkomdigi", "--program", "lain")
        assert Program.objects.count() == 1


class TestTheRealBinary:
    """Once through the installed `duta` command, in its own process, on a fresh SQLite file."""

    def test_org_roster_and_program_from_the_shell(self, tmp_path: Path, roster: Path, rules_file: Path) -> None:
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
                [str(duta), *args], env=environment, capture_output=True, text=True, timeout=300, check=False
            )

        def ok(*args: str) -> str:
            result = duta_run(*args)
            assert result.returncode == 0, result.stderr
            return result.stdout

        assert environment["DATABASE_URL"].startswith("sqlite:////")
        ok("migrate", "--noinput")
        ok("org", "create", "--slug", "kemkomdigi", "--name", "Kementerian Komunikasi dan Digital")

        report = json.loads(ok("roster", "import", str(roster), "--org", "kemkomdigi", "--json"))
        assert (report["created"], report["invalid"]) == (22, 0)

        rows = roster_rows()
        rows[0][0] = ""
        bad = duta_run("roster", "import", str(write_csv(tmp_path / "bad.csv", rows)), "--org", "kemkomdigi", "--json")
        assert bad.returncode != 0
        assert "nothing was imported" in bad.stderr
        [error] = json.loads(bad.stdout)["errors"]
        assert (error["row"], error["column"]) == (2, "NIP")
        assert error["message"]
        unknown = duta_run("roster", "import", str(roster), "--org", "nope")
        assert unknown.returncode != 0
        assert "Unknown organization" in unknown.stderr

        broken = tmp_path / "broken.json"
        broken.write_text("{", encoding="utf-8")
        assert duta_run("program", "create", "--org", "kemkomdigi", "--slug", "duta", "--rules", str(broken)).returncode
        ok("program", "create", "--org", "kemkomdigi", "--slug", "duta-digital", "--rules", str(rules_file))

        evaluated = json.loads(ok("program", "evaluate", "--org", "kemkomdigi", "--program", "duta-digital", "--json"))
        weak = next(row for row in evaluated if row["employee_id"] == WEAK_NIP)
        assert weak["eligible"] is False
        assert "Pengikut Instagram 430 < 500" in weak["reasons"]

        chosen = json.loads(ok("program", "select", "--org", "kemkomdigi", "--program", "duta-digital", "--json"))
        assert len(chosen) == 8
        assert max(Counter(row["unit"] for row in chosen).values()) == 2

        again = json.loads(ok("roster", "import", str(roster), "--org", "kemkomdigi", "--json"))
        assert (again["created"], again["unchanged"]) == (0, 22)
