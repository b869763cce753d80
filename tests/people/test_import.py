"""Roster imports end to end: real files in, employees, units, accounts and follower history out."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator, Sequence
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.core.progress import progress_get
from duta.organizations.models import Membership, Organization, Unit
from duta.people.models import CountSource, Employee, FollowerSnapshot, RosterImport, SocialAccount
from duta.people.rules import flag_text
from duta.people.services import (
    ImportReport,
    follower_count_record,
    roster_import,
    roster_import_job_confirm,
    roster_import_job_create,
)

HEADER = [
    "NIP",
    "Nama Lengkap",
    "Unit Kerja",
    "Tanggal Lahir",
    "TMT",
    "No. HP",
    "Instagram",
    "Pengikut IG",
    "Twitter",
    "Followers Twitter",
    "TikTok",
    "followers_tiktok",
]
BUDI = [
    "199005172015031001",
    "Budi Santoso",
    "Sekretariat Jenderal / Biro Humas",
    "17/05/1990",
    "01/03/2015",
    "0812-3456-7890",
    "@Budi.Santoso",
    "1.200",
    "https://twitter.com/budisantoso",
    "1,2rb",
    "@budi_tt",
    "12K",
]
SITI = [
    "198811232012122002",
    "Siti Rahmawati",
    "Direktorat Jenderal A / Direktorat Tata Kelola",
    "23/11/1988",
    "01/12/2012",
    "081298765432",
    "https://www.instagram.com/siti.rahma/",
    "850",
    "",
    "",
    "",
    "",
]
AGUS = [
    "197503082000031003",
    "Agus Nugroho",
    "Direktorat Jenderal A / Direktorat Layanan",
    "08/03/1975",
    "01/03/2000",
    "",
    "",
    "",
    "@agusnugroho",
    "430",
    "",
    "",
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in their source language, whatever translations exist."""
    with translation.override("en"):
        yield


def csv_bytes(
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = text.getvalue().encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(organization: Organization, data: bytes, filename: str = "roster.csv", **options: bool) -> ImportReport:
    return roster_import(organization=organization, actor=None, file=io.BytesIO(data), filename=filename, **options)


def counts(organization: Organization) -> dict[str, int]:
    """Everything an import can write, counted."""
    return {
        "employees": Employee.objects.filter(organization=organization).count(),
        "units": Unit.objects.filter(organization=organization).count(),
        "accounts": SocialAccount.objects.filter(employee__organization=organization).count(),
        "snapshots": FollowerSnapshot.objects.filter(account__employee__organization=organization).count(),
        "audit": AuditEvent.objects.filter(organization_id=organization.pk).count(),
    }


def unit_path_names(unit: Unit | None) -> list[str]:
    names: list[str] = []
    while unit is not None:
        names.insert(0, unit.name)
        unit = unit.parent
    return names


@pytest.mark.django_db
class TestRosterImportFormats:
    def test_it_imports_a_comma_csv_with_indonesian_headers(self, org: Organization) -> None:
        report = run(org, csv_bytes([BUDI, SITI, AGUS]))

        assert report.applied
        assert (report.total_rows, report.created, report.updated, report.unchanged, report.invalid) == (3, 3, 0, 0, 0)
        assert report.errors == []
        budi = Employee.objects.get(organization=org, employee_id="199005172015031001")
        assert budi.name == "Budi Santoso"
        assert (budi.birth_date, budi.joined_on) == (datetime.date(1990, 5, 17), datetime.date(2015, 3, 1))
        assert budi.phone == "+6281234567890"
        assert unit_path_names(budi.unit) == ["Sekretariat Jenderal", "Biro Humas"]
        accounts = {a.platform: a for a in budi.accounts.all()}
        assert {p: (a.handle, a.followers, a.followers_source) for p, a in accounts.items()} == {
            "instagram": ("budi.santoso", 1200, CountSource.IMPORTED),
            "x": ("budisantoso", 1200, CountSource.IMPORTED),
            "tiktok": ("budi_tt", 12000, CountSource.IMPORTED),
        }
        assert accounts["instagram"].profile_url == "https://www.instagram.com/budi.santoso/"
        assert accounts["instagram"].verified_followers is None
        snapshot = accounts["tiktok"].snapshots.get()
        assert (snapshot.count, snapshot.source, snapshot.flags) == (12000, CountSource.IMPORTED, [])
        agus = Employee.objects.get(organization=org, employee_id="197503082000031003")
        assert agus.phone == ""
        assert list(agus.accounts.values_list("platform", "followers")) == [("x", 430)]
        assert report.follower_points == 5
        assert AuditEvent.objects.filter(organization_id=org.pk, action="roster.import").count() == 1

    def test_it_reads_a_semicolon_csv_in_utf8_with_a_bom(self, org: Organization) -> None:
        jose = [*BUDI[:1], "José Simanjuntak", *BUDI[2:]]
        report = run(org, csv_bytes([jose, SITI], delimiter=";", bom=True))

        assert (report.created, report.invalid) == (2, 0)
        assert report.unknown_headers == []
        assert Employee.objects.get(employee_id=BUDI[0]).name == "José Simanjuntak"
        # "1,2rb" needs no quotes with ";" as the separator, and still reads as 1,200
        assert SocialAccount.objects.get(employee__employee_id=BUDI[0], platform="x").followers == 1200

    def test_it_reads_a_windows_1252_csv(self, org: Organization) -> None:
        jose = [*BUDI[:1], "José Simanjuntak", *BUDI[2:]]
        data = csv_bytes([jose, SITI], delimiter=";", encoding="cp1252")
        assert "José".encode("cp1252") in data
        assert "José".encode() not in data

        report = run(org, data)

        assert (report.created, report.invalid) == (2, 0)
        assert Employee.objects.get(employee_id=BUDI[0]).name == "José Simanjuntak"

    def test_it_reads_an_xlsx_with_date_cells_and_numeric_counts(self, org: Organization) -> None:
        row = [
            "199005172015031001",
            "Budi Santoso",
            "Sekretariat Jenderal / Biro Humas",
            datetime.datetime(1990, 5, 17),
            datetime.date(2015, 3, 1),
            "081234567890",
            "budi.santoso",
            1200,
            "@budisantoso",
            1500.0,
            None,
            None,
        ]
        report = run(org, xlsx_bytes([row]), filename="Daftar Pegawai.xlsx")

        assert (report.created, report.invalid) == (1, 0)
        budi = Employee.objects.get(employee_id="199005172015031001")
        assert (budi.birth_date, budi.joined_on) == (datetime.date(1990, 5, 17), datetime.date(2015, 3, 1))
        assert dict(budi.accounts.values_list("platform", "followers")) == {"instagram": 1200, "x": 1500}


@pytest.mark.django_db
class TestRosterImportUnits:
    def test_it_creates_missing_units_along_their_paths_and_reuses_known_ones(
        self, org: Organization, unit_humas: Unit
    ) -> None:
        rows = [
            BUDI,  # Sekretariat Jenderal / Biro Humas: exists already
            [*SITI[:2], "direktorat jenderal a / Direktorat Tata Kelola", *SITI[3:]],
            AGUS,  # Direktorat Jenderal A / Direktorat Layanan: a sibling of the new unit
            ["199901012020121004", "Dewi Lestari", "sekretariat   jenderal / BIRO HUMAS / Bagian Media"],
        ]
        before = Unit.objects.filter(organization=org).count()

        report = run(org, csv_bytes(rows, header=HEADER))

        assert report.invalid == 0
        created = Unit.objects.filter(organization=org).count() - before
        assert created == 4  # Direktorat Jenderal A, its two directorates, Bagian Media
        assert report.units_created == created
        assert AuditEvent.objects.filter(organization_id=org.pk, action="unit.create").count() == created
        assert Employee.objects.get(employee_id=BUDI[0]).unit == unit_humas
        dewi = Employee.objects.get(employee_id="199901012020121004")
        assert unit_path_names(dewi.unit) == ["Sekretariat Jenderal", "Biro Humas", "Bagian Media"]
        assert dewi.unit is not None
        assert dewi.unit.parent == unit_humas
        siti = Employee.objects.get(employee_id=SITI[0])
        agus = Employee.objects.get(employee_id=AGUS[0])
        assert siti.unit is not None
        assert agus.unit is not None
        assert siti.unit.parent == agus.unit.parent
        assert unit_path_names(siti.unit) == ["direktorat jenderal a", "Direktorat Tata Kelola"]  # first spelling


@pytest.mark.django_db
class TestRosterImportInvalidRows:
    ROWS = (
        BUDI,
        [*SITI[:3], "31/02/1988", *SITI[4:]],  # row 3: no such date
        AGUS,
        ["", "Tanpa Nomor"],  # row 5: no employee number
    )

    def test_it_writes_nothing_at_all_when_a_row_is_invalid(self, org: Organization) -> None:
        before = counts(org)

        report = run(org, csv_bytes(self.ROWS))

        assert not report.applied
        assert (report.total_rows, report.invalid) == (4, 2)
        assert counts(org) == before  # no employee, no unit, no account, no audit row

    def test_it_imports_the_valid_rows_and_lists_the_errors_with_skip_invalid(self, org: Organization) -> None:
        report = run(org, csv_bytes(self.ROWS), skip_invalid=True)

        assert report.applied
        assert (report.total_rows, report.created, report.invalid) == (4, 2, 2)
        assert set(Employee.objects.values_list("employee_id", flat=True)) == {BUDI[0], AGUS[0]}
        errors = report.as_dict()["errors"]
        assert [(e["row"], e["column"]) for e in errors] == [(3, "Tanggal Lahir"), (5, "NIP")]
        assert errors[0]["message"] == "“31/02/1988” is not a date (use 17/05/1990 or 1990-05-17)."
        assert errors[1]["message"] == "The employee ID is missing."

    def test_it_reports_a_duplicate_employee_number_on_the_later_row(self, org: Organization) -> None:
        again = [BUDI[0], "Budi Santoso Kedua"]

        report = run(org, csv_bytes([BUDI, SITI, again]), skip_invalid=True)

        assert (report.created, report.invalid) == (2, 1)
        [error] = report.errors
        assert (error.row_number, error.column) == (4, "NIP")
        assert error.message == f"Employee number {BUDI[0]} already appears in row 2."
        assert Employee.objects.get(employee_id=BUDI[0]).name == "Budi Santoso"


@pytest.mark.django_db
class TestRosterImportDryRun:
    def test_a_dry_run_writes_nothing_and_counts_like_the_real_import(self, org: Organization) -> None:
        run(org, csv_bytes([BUDI]))
        changed = [*BUDI[:7], "1.500", *BUDI[8:]]
        data = csv_bytes([changed, SITI, AGUS])
        before = counts(org)

        dry = run(org, data, dry_run=True)

        assert counts(org) == before
        assert not dry.applied
        real = run(org, data)
        assert real.applied
        keys = ("total_rows", "created", "updated", "unchanged", "invalid", "units_created", "follower_points")
        assert {k: getattr(dry, k) for k in keys} == {k: getattr(real, k) for k in keys}
        assert (real.created, real.updated, real.unchanged, real.units_created) == (2, 1, 0, 3)

    def test_a_dry_run_counts_the_valid_rows_even_without_skip_invalid(self, org: Organization) -> None:
        before = counts(org)
        report = run(org, csv_bytes([BUDI, [SITI[0], ""]]), dry_run=True)

        assert (report.created, report.invalid, report.applied) == (1, 1, False)
        assert counts(org) == before

    def test_a_dry_run_with_invalid_rows_reports_them(self, org: Organization) -> None:
        report = run(org, csv_bytes([BUDI, [SITI[0], ""]]), dry_run=True, skip_invalid=True)

        assert (report.created, report.invalid) == (1, 1)
        assert report.errors[0].column == "Nama Lengkap"
        assert counts(org)["employees"] == 0


@pytest.mark.django_db
class TestRosterReimport:
    def test_the_same_file_again_changes_nothing(self, org: Organization) -> None:
        data = csv_bytes([BUDI, SITI, AGUS])
        run(org, data)
        before = counts(org)
        stamps = dict(Employee.objects.values_list("pk", "updated_at"))

        report = run(org, data)

        assert (report.created, report.updated, report.unchanged, report.follower_points) == (0, 0, 3, 0)
        assert report.units_created == 0
        after = counts(org)
        assert after["audit"] == before["audit"] + 1  # only the roster.import row itself
        assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
        assert dict(Employee.objects.values_list("pk", "updated_at")) == stamps

    def test_a_changed_file_updates_by_employee_number_and_adds_history(self, org: Organization) -> None:
        run(org, csv_bytes([BUDI, SITI, AGUS]))
        instagram = SocialAccount.objects.get(employee__employee_id=BUDI[0], platform="instagram")
        changed_budi = [*BUDI[:2], "Sekretariat Jenderal / Biro Hukum", *BUDI[3:7], "1.350", *BUDI[8:]]
        changed_siti = [*SITI[:6], "@siti.baru", *SITI[7:]]

        report = run(org, csv_bytes([changed_budi, changed_siti, AGUS]))

        assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
        assert (report.units_created, report.follower_points) == (1, 1)
        budi = Employee.objects.get(employee_id=BUDI[0])
        assert unit_path_names(budi.unit) == ["Sekretariat Jenderal", "Biro Hukum"]
        instagram.refresh_from_db()
        assert (instagram.followers, instagram.followers_source) == (1350, CountSource.IMPORTED)
        history = list(instagram.snapshots.order_by("recorded_at", "pk").values_list("count", "source"))
        assert history == [(1200, "imported"), (1350, "imported")]
        siti_instagram = SocialAccount.objects.get(employee__employee_id=SITI[0], platform="instagram")
        assert siti_instagram.handle == "siti.baru"
        assert siti_instagram.profile_url == "https://www.instagram.com/siti.baru/"
        assert siti_instagram.snapshots.count() == 1  # same count: no new point
        assert Employee.objects.filter(organization=org).count() == 3

    def test_an_empty_cell_never_erases_a_known_value(self, org: Organization) -> None:
        run(org, csv_bytes([BUDI]))
        blanked = [BUDI[0], "Budi Santoso", "", "", "-", "", "", "", "", "", "", ""]

        report = run(org, csv_bytes([blanked]))

        assert (report.updated, report.unchanged) == (0, 1)
        budi = Employee.objects.get(employee_id=BUDI[0])
        assert budi.unit is not None
        assert (budi.birth_date, budi.joined_on, budi.phone) == (
            datetime.date(1990, 5, 17),
            datetime.date(2015, 3, 1),
            "+6281234567890",
        )
        assert budi.accounts.count() == 3

    def test_a_new_count_on_a_known_number_matches_case_insensitively(self, org: Organization) -> None:
        run(org, csv_bytes([["PEG-001", "Nur Hidayat", "", "", "", "", "@nur", "900"]]))

        report = run(org, csv_bytes([["peg-001", "Nur Hidayat", "", "", "", "", "@nur", "950"]]))

        assert (report.created, report.updated) == (0, 1)
        assert Employee.objects.get().employee_id == "PEG-001"
        assert SocialAccount.objects.get().followers == 950


@pytest.mark.django_db
class TestRosterImportSuspiciousGrowth:
    def test_a_jump_after_a_steady_history_is_flagged_and_explained(self, org: Organization) -> None:
        run(org, csv_bytes([[*BUDI[:7], "900", *BUDI[8:]]]))
        account = SocialAccount.objects.get(employee__employee_id=BUDI[0], platform="instagram")
        now = timezone.now()
        account.snapshots.update(recorded_at=now - timedelta(days=94))  # the first import, long ago
        for days_ago, count in ((64, 930), (34, 965), (4, 1000)):
            follower_count_record(
                account=account, count=count, source=CountSource.DECLARED, actor=None, at=now - timedelta(days=days_ago)
            )

        report = run(org, csv_bytes([[*BUDI[:7], "9.000", *BUDI[8:]]]))

        assert (report.updated, report.follower_points, report.flagged) == (1, 1, 1)
        snapshot = account.snapshots.order_by("-recorded_at", "-pk").first()
        assert snapshot is not None
        assert snapshot.count == 9000
        [flag] = snapshot.flags
        assert flag["code"] == "jump"
        assert (flag["gained"], flag["days"]) == (8000, 4)
        text = flag_text(flag)
        assert text.startswith("Gained 8,000 followers in 4 days, far above the usual")
        assert "a day for this account" in text

    def test_a_first_count_doubling_without_history_is_flagged(self, org: Organization) -> None:
        run(org, csv_bytes([[*BUDI[:7], "1.000", *BUDI[8:]]]))
        account = SocialAccount.objects.get(employee__employee_id=BUDI[0], platform="instagram")
        account.snapshots.update(recorded_at=timezone.now() - timedelta(days=5))

        report = run(org, csv_bytes([[*BUDI[:7], "9.000", *BUDI[8:]]]))

        assert report.flagged == 1
        [flag] = account.snapshots.order_by("-recorded_at").first().flags  # type: ignore[union-attr]
        assert flag == {"code": "doubled", "before": 1000, "after": 9000, "days": 5}
        assert flag_text(flag) == "Followers went from 1,000 to 9,000 in 5 days."

    def test_a_first_count_is_never_flagged(self, org: Organization) -> None:
        report = run(org, csv_bytes([[*BUDI[:7], "90.000", *BUDI[8:]]]))

        assert report.flagged == 0


@pytest.mark.django_db
class TestRosterImportBadFiles:
    @pytest.mark.parametrize(
        ("data", "filename", "message"),
        [
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "roster.pdf", "This is a PDF document"),
            (b"", "roster.csv", "The file is empty."),
            (b"   \r\n", "roster.csv", "The file is empty."),
            (b"NIP,Nama Lengkap,Unit Kerja\r\n", "roster.csv", "a header row but no employees"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "roster.xls", "old Excel format (.xls)"),
            (b"PK\x03\x04garbage", "roster.xlsx", "damaged or is not an .xlsx workbook"),
            (b"Nama,Alamat\r\nBudi,Jakarta\r\n", "roster.csv", "no column for the employee ID"),
        ],
    )
    def test_it_refuses_the_file_and_writes_nothing(
        self, org: Organization, data: bytes, filename: str, message: str
    ) -> None:
        before = counts(org)

        with pytest.raises(ApplicationError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
            run(org, data, filename=filename, skip_invalid=True)

        assert caught.value.code == "bad_file"
        assert counts(org) == before


@pytest.mark.django_db
class TestRosterImportJob:
    """The web path: upload, check in the background, confirm, import in the background."""

    @pytest.fixture(autouse=True)
    def _admin_reads_english(self, pr_admin: Membership) -> None:
        # the job writes its messages in the language of the admin who uploaded the file
        pr_admin.user.language = "en"
        pr_admin.user.save(update_fields=["language"])

    def upload(self, data: bytes, name: str = "pegawai.csv") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data, content_type="text/csv")

    def test_it_checks_then_imports_on_confirmation_and_deletes_the_file(
        self, pr_admin: Membership, django_capture_on_commit_callbacks
    ) -> None:
        org = pr_admin.organization
        with django_capture_on_commit_callbacks(execute=True):
            job = roster_import_job_create(member=pr_admin, upload=self.upload(csv_bytes([BUDI, SITI, AGUS])))
        job.refresh_from_db()

        assert job.status == RosterImport.Status.CHECKED
        assert (job.total_rows, job.created_count, job.updated_count, job.invalid_count) == (3, 3, 0, 0)
        assert job.units_created == 5
        assert job.original_name == "pegawai.csv"
        assert job.file
        assert default_storage.exists(job.file.name)
        assert Employee.objects.filter(organization=org).count() == 0  # a check writes nothing
        assert progress_get(f"roster-{job.pk}") is None
        stored = job.file.name

        with django_capture_on_commit_callbacks(execute=True):
            roster_import_job_confirm(member=pr_admin, job=job, skip_invalid=False)
        job.refresh_from_db()

        assert job.status == RosterImport.Status.DONE
        assert job.finished_at is not None
        assert Employee.objects.filter(organization=org).count() == 3
        assert not job.file
        assert not default_storage.exists(stored)  # the roster holds personal data
        assert progress_get(f"roster-{job.pk}") is None
        actions = list(
            AuditEvent.objects.filter(organization_id=org.pk, action__startswith="roster.").values_list(
                "action", flat=True
            )
        )
        assert sorted(actions) == ["roster.confirm", "roster.import", "roster.upload"]

    def test_confirming_a_file_with_invalid_rows_needs_skip_invalid(
        self, pr_admin: Membership, django_capture_on_commit_callbacks
    ) -> None:
        data = csv_bytes([BUDI, [SITI[0], "Siti", "", "99/99/1999"]])
        with django_capture_on_commit_callbacks(execute=True):
            job = roster_import_job_create(member=pr_admin, upload=self.upload(data))
        job.refresh_from_db()
        assert job.status == RosterImport.Status.CHECKED
        assert (job.created_count, job.invalid_count) == (1, 1)
        assert job.errors == [
            {
                "row": 3,
                "column": "Tanggal Lahir",
                "message": "“99/99/1999” is not a date (use 17/05/1990 or 1990-05-17).",
            }
        ]

        with pytest.raises(ApplicationError, match="invalid rows"):
            roster_import_job_confirm(member=pr_admin, job=job, skip_invalid=False)
        job.refresh_from_db()
        assert job.status == RosterImport.Status.CHECKED

        with django_capture_on_commit_callbacks(execute=True):
            roster_import_job_confirm(member=pr_admin, job=job, skip_invalid=True)
        job.refresh_from_db()
        assert job.status == RosterImport.Status.DONE
        assert (job.created_count, job.invalid_count) == (1, 1)
        assert list(Employee.objects.values_list("employee_id", flat=True)) == [BUDI[0]]
        assert not job.file

        with pytest.raises(ApplicationError, match="not waiting for confirmation"):
            roster_import_job_confirm(member=pr_admin, job=job, skip_invalid=True)

    def test_a_bad_file_fails_with_the_reason_and_is_deleted(
        self, pr_admin: Membership, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            job = roster_import_job_create(member=pr_admin, upload=self.upload(b"%PDF-1.4 not a roster", "x.csv"))
        job.refresh_from_db()

        assert job.status == RosterImport.Status.FAILED
        assert job.failure.startswith("This is a PDF document")
        assert not job.file
        assert progress_get(f"roster-{job.pk}") is None

    def test_only_admins_upload_and_only_spreadsheets(self, pr_admin: Membership, coordinator: Membership) -> None:
        with pytest.raises(ApplicationError) as denied:
            roster_import_job_create(member=coordinator, upload=self.upload(csv_bytes([BUDI])))
        assert denied.value.code == "forbidden"
        with pytest.raises(ApplicationError, match=r"\.csv or \.xlsx"):
            roster_import_job_create(member=pr_admin, upload=self.upload(b"%PDF", "roster.pdf"))
        assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_a_checked_roster_left_unconfirmed_loses_its_file(pr_admin, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    from duta.people.models import RosterImport
    from duta.people.services import roster_import_job_create, roster_import_jobs_expire

    upload = SimpleUploadedFile("roster.csv", b"nip,nama\n1001,Budi Santoso\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        job = roster_import_job_create(member=pr_admin, upload=upload)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.CHECKED
    assert job.file

    assert roster_import_jobs_expire() == 0  # still fresh
    RosterImport.objects.filter(pk=job.pk).update(updated_at=job.updated_at - timedelta(days=3))
    assert roster_import_jobs_expire() == 1
    job.refresh_from_db()
    assert job.status == RosterImport.Status.FAILED
    assert not job.file
