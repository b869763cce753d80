"""Every write to the roster, social accounts and follower counts, each with its audit row."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.core.progress import progress_clear, progress_set
from duta.organizations.models import Membership, Organization, Role
from duta.organizations.selectors import member_manages_unit, unit_name_paths
from duta.organizations.services import unit_ensure_path
from duta.people.images import evidence_image_clean
from duta.people.models import (
    VERIFIED_SOURCES,
    CountSource,
    Employee,
    FollowerSnapshot,
    Platform,
    RosterImport,
    SocialAccount,
)
from duta.people.parsing import CellError, ParseError, RosterRow, normalize_handle, open_roster, validate_row
from duta.people.rules import Point, growth_flags

Progress = Callable[[int, int], None]
BATCH = 1000
WRITE_BATCH = 5000
EMPLOYEE_FIELDS = ("name", "email", "unit_id", "birth_date", "joined_on", "phone")
ACCOUNT_FIELDS = ("handle", "profile_url", "followers", "followers_source", "followers_at")


@dataclass
class ImportReport:
    """What an import did, or (dry run) would do."""

    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    units_created: int = 0
    follower_points: int = 0
    flagged: int = 0
    applied: bool = False
    errors: list[CellError] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "units_created": self.units_created,
            "follower_points": self.follower_points,
            "flagged": self.flagged,
            "unknown_headers": self.unknown_headers,
            "errors": [{"row": e.row_number, "column": e.column, "message": e.message} for e in self.errors],
        }


def _unit_key(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(" ".join(name.split()).casefold() for name in names)


def _unit_paths(organization: Organization) -> dict[tuple[str, ...], int]:
    """Every active unit by its path of names (case-insensitive), in one query."""
    paths: dict[tuple[str, ...], int] = {}
    for pk, names in sorted(unit_name_paths(organization=organization, active_only=True).items()):
        paths.setdefault(_unit_key(names), pk)
    return paths


def _read_rows(table: Any, progress: Progress | None) -> tuple[list[RosterRow], list[CellError], int]:
    headers_by_key = {key: table.headers[index] for key, index in table.columns.items()}
    rows: list[RosterRow] = []
    errors: list[CellError] = []
    first_row_of: dict[str, int] = {}
    invalid_rows: set[int] = set()
    for total, (row_number, raw) in enumerate(table.rows(), start=1):
        row, row_errors = validate_row(row_number, raw, headers_by_key)
        if row is not None:
            seen = first_row_of.get(row.employee_id.casefold())
            if seen is not None:
                row_errors = [
                    CellError(
                        row_number,
                        headers_by_key.get("employee_id", "employee_id"),
                        _("Employee number %(number)s already appears in row %(row)d.")
                        % {"number": row.employee_id, "row": seen},
                    )
                ]
            else:
                first_row_of[row.employee_id.casefold()] = row_number
                rows.append(row)
        if row_errors:
            errors.extend(row_errors)
            invalid_rows.add(row_number)
        if progress is not None and total % BATCH == 0:
            progress(total, 0)
    return rows, errors, len(invalid_rows)


def roster_import(
    *,
    organization: Organization,
    actor: User | None,
    file: BinaryIO,
    filename: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import an HR roster (CSV or XLSX) into the organization, matching people by employee number.

    Either every valid row lands in one transaction, or nothing does: with invalid rows and
    without ``skip_invalid`` the report lists them and nothing is written. A dry run writes
    nothing either. Importing the same file twice changes nothing the second time; a new
    follower count becomes a new point in that account's history.
    """
    try:
        table = open_roster(file, filename)
    except ParseError as error:
        raise ApplicationError(str(error), code="bad_file") from error
    rows, errors, invalid = _read_rows(table, progress)
    report = ImportReport(
        dry_run=dry_run,
        total_rows=len(rows) + invalid,
        invalid=invalid,
        errors=errors,
        unknown_headers=list(table.unknown_headers),
    )
    if errors and not skip_invalid and not dry_run:  # a dry run still counts what the valid rows would do
        return report
    with transaction.atomic():
        _apply(organization=organization, actor=actor, rows=rows, report=report, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
        else:
            report.applied = True
            audit_record(
                actor=actor,
                organization=organization,
                action="roster.import",
                changes={
                    "file": filename[:200],
                    **{
                        k: v
                        for k, v in report.as_dict().items()
                        if k not in {"errors", "unknown_headers", "dry_run", "applied"}
                    },
                },
            )
    return report


def _apply(
    *,
    organization: Organization,
    actor: User | None,
    rows: list[RosterRow],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    """Write the rows. Plain INSERT/UPDATE statements run many rows at a time: the values come
    validated from the parser, and per-object model machinery would cost most of a large import."""
    now = timezone.now()
    unit_of = _units_ensure(organization=organization, actor=actor, rows=rows, report=report)
    existing: dict[str, tuple[int, list[Any]]] = {
        number.casefold(): (pk, values)
        for pk, number, *values in Employee.objects.filter(organization=organization).values_list(
            "pk", "employee_id", *EMPLOYEE_FIELDS
        )
    }

    new_rows: list[RosterRow] = []
    changed_employees: list[tuple[int, list[Any]]] = []
    touched: list[tuple[int, RosterRow]] = []
    for done, row in enumerate(rows, start=1):
        values = (row.name, row.email, unit_of.get(row.unit_path), row.birth_date, row.joined_on, row.phone)
        known = existing.get(row.employee_id.casefold())
        if known is None:
            new_rows.append(row)
        else:
            pk, current = known
            # empty cells never erase what is known
            merged = [old if new is None or new == "" else new for new, old in zip(values, current, strict=True)]
            if merged != current:
                changed_employees.append((pk, merged))
            touched.append((pk, row))
        if progress is not None and done % BATCH == 0:
            progress(done, len(rows))

    db = _Writer(Employee, now)
    db.insert(
        ("organization", "employee_id", *EMPLOYEE_FIELDS, "created_at", "updated_at"),
        [
            (
                organization.pk,
                row.employee_id,
                row.name,
                row.email,
                unit_of.get(row.unit_path),
                db.adapt_date(row.birth_date),
                db.adapt_date(row.joined_on),
                row.phone,
                db.now,
                db.now,
            )
            for row in new_rows
        ],
    )
    db.update(
        (*EMPLOYEE_FIELDS, "updated_at"),
        [
            (name, email, unit_id, db.adapt_date(birth_date), db.adapt_date(joined_on), phone, db.now, pk)
            for pk, (name, email, unit_id, birth_date, joined_on, phone) in changed_employees
        ],
    )
    employee_pks = [*_pks_of(organization, new_rows), *touched]

    # (employee pk, platform) -> [pk, handle, profile_url, followers, followers_source, followers_at]
    accounts: dict[tuple[int, str], list[Any]] = {
        (employee_pk, platform): [pk, *rest]
        for pk, employee_pk, platform, *rest in SocialAccount.objects.filter(
            employee__organization=organization
        ).values_list("pk", "employee_id", "platform", *ACCOUNT_FIELDS)
    }
    new_accounts: dict[tuple[int, str], tuple[str, str, int | None]] = {}
    changed_accounts: dict[int, list[Any]] = {}
    counts: list[tuple[tuple[int, str], int, list[Point] | None]] = []
    account_changed_employees: set[int] = set()
    for employee_pk, row in employee_pks:
        for platform, (handle, url, followers) in row.accounts.items():
            key = (employee_pk, platform)
            account = accounts.get(key)
            if account is None:
                new_accounts[key] = (handle, url, followers)
                account_changed_employees.add(employee_pk)
                if followers is not None:
                    counts.append((key, followers, []))
                continue
            pk, old_handle, old_url, old_followers = account[:4]
            if (old_handle, old_url) != (handle, url):
                account[1:3] = handle, url
                changed_accounts[pk] = account
                account_changed_employees.add(employee_pk)
            if followers is not None and followers != old_followers:
                # the account's previous latest count is its history's last point (more comes from _history)
                counts.append((key, followers, [] if old_followers is None else None))
                account[3:6] = followers, CountSource.IMPORTED, now
                changed_accounts[pk] = account
                account_changed_employees.add(employee_pk)

    db = _Writer(SocialAccount, now)
    db.insert(
        ("employee", "platform", *ACCOUNT_FIELDS, "created_at", "updated_at"),
        [
            (
                employee_pk,
                platform,
                handle,
                url,
                followers,
                "" if followers is None else CountSource.IMPORTED,
                None if followers is None else db.now,
                db.now,
                db.now,
            )
            for (employee_pk, platform), (handle, url, followers) in new_accounts.items()
        ],
    )
    db.update(
        (*ACCOUNT_FIELDS, "updated_at"),
        [
            (handle, url, followers, source, db.adapt_datetime(at), db.now, pk)
            for pk, handle, url, followers, source, at in changed_accounts.values()
        ],
    )
    if new_accounts:
        for pk, employee_pk, platform in SocialAccount.objects.filter(employee__organization=organization).values_list(
            "pk", "employee_id", "platform"
        ):
            accounts.setdefault((employee_pk, platform), [pk])

    history = _history({accounts[key][0] for key, _count, earlier in counts if earlier is None})
    db = _Writer(FollowerSnapshot, now)
    no_flags = db.adapt_json("flags", [])
    recorded_by = actor.pk if actor is not None else None
    snapshots: list[tuple[Any, ...]] = []
    for key, followers, earlier in counts:
        account_pk = accounts[key][0]
        points = earlier if earlier is not None else history.get(account_pk, [])
        flags = growth_flags(points, Point(now, followers)) if points else []
        snapshots.append(
            (
                account_pk,
                followers,
                CountSource.IMPORTED,
                db.now,
                recorded_by,
                "",
                db.adapt_json("flags", flags) if flags else no_flags,
            )
        )
        report.flagged += bool(flags)
    db.insert(("account", "count", "source", "recorded_at", "recorded_by", "evidence", "flags"), snapshots)
    report.follower_points = len(snapshots)
    report.created = len(new_rows)
    changed_ids = {pk for pk, _values in changed_employees}
    report.updated = len(changed_ids | {pk for pk, _row in touched if pk in account_changed_employees})
    report.unchanged = len(touched) - report.updated
    if progress is not None:
        progress(len(rows), len(rows))


def _units_ensure(
    *, organization: Organization, actor: User | None, rows: list[RosterRow], report: ImportReport
) -> dict[tuple[str, ...], int]:
    """The unit of every path named in the rows (as written), creating the missing units level by level."""
    spelled: dict[tuple[str, ...], tuple[str, ...]] = {}  # each path as first written -> its key
    for row in rows:
        if row.unit_path and row.unit_path not in spelled:
            spelled[row.unit_path] = _unit_key(row.unit_path)
    unit_ids = _unit_paths(organization)
    missing: dict[tuple[str, ...], tuple[str, ...]] = {}  # key -> names as first written
    for names, key in spelled.items():
        for depth in range(1, len(key) + 1):
            if key[:depth] not in unit_ids:
                missing.setdefault(key[:depth], names[:depth])
    for key in sorted(missing):  # a parent sorts before its children: each call creates exactly one unit
        unit = unit_ensure_path(organization=organization, names=missing[key], actor=actor)
        assert unit is not None
        unit_ids[key] = unit.pk
        report.units_created += 1
    return {names: unit_ids[key] for names, key in spelled.items()}


def _pks_of(organization: Organization, rows: list[RosterRow]) -> list[tuple[int, RosterRow]]:
    """The new employees' primary keys, read back in one query."""
    if not rows:
        return []
    pks = {
        number.casefold(): pk
        for number, pk in Employee.objects.filter(organization=organization).values_list("employee_id", "pk")
    }
    return [(pks[row.employee_id.casefold()], row) for row in rows]


class _Writer:
    """Many-row INSERT and UPDATE statements for one model, with the values adapted for the database."""

    def __init__(self, model: type[Model], now: datetime) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.ops = self.connection.ops
        self.now = self.adapt_datetime(now)

    def adapt_date(self, value: date | None) -> Any:
        return self.ops.adapt_datefield_value(value)

    def adapt_datetime(self, value: datetime | None) -> Any:
        return self.ops.adapt_datetimefield_value(value)

    def adapt_json(self, name: str, value: object) -> Any:
        return self._field(name).get_db_prep_save(value, self.connection)

    def _field(self, name: str) -> Field[Any, Any]:
        return cast("Field[Any, Any]", self.model._meta.get_field(name))

    def _columns(self, names: Iterable[str]) -> list[str]:
        return [self.ops.quote_name(str(self._field(name).column)) for name in names]

    def _table(self) -> str:
        return str(self.ops.quote_name(self.model._meta.db_table))

    def insert(self, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = self._columns(names)
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {self._table()} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from the model
        self._run(sql, rows)

    def update(self, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """``rows`` hold the new values in the order of ``names``, then the primary key."""
        if not rows:
            return
        assignments = ", ".join(f"{column} = %s" for column in self._columns(names))
        pk = self.model._meta.pk
        assert pk is not None
        primary_key = self.ops.quote_name(str(pk.column))
        sql = f"UPDATE {self._table()} SET {assignments} WHERE {primary_key} = %s"  # noqa: S608 - names from the model
        self._run(sql, rows)

    def _run(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as cursor:
            for start in range(0, len(rows), WRITE_BATCH):
                cursor.executemany(sql, rows[start : start + WRITE_BATCH])


def _history(account_ids: set[int]) -> dict[int, list[Point]]:
    """The recorded points of these accounts, in as few queries as the database allows."""
    history: dict[int, list[Point]] = defaultdict(list)
    ids = sorted(account_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for account_id, count, at in FollowerSnapshot.objects.filter(account_id__in=chunk).values_list(
            "account_id", "count", "recorded_at"
        ):
            history[account_id].append(Point(at, count))
    return history


# --- follower counts one by one ----------------------------------------------------------------


@transaction.atomic
def follower_count_record(
    *,
    account: SocialAccount,
    count: int,
    source: str,
    actor: User | None,
    evidence: UploadedFile | None = None,
    following: int | None = None,
    posts: int | None = None,
    at: datetime | None = None,
) -> FollowerSnapshot:
    """Add a point to an account's history and keep its latest counts; flag growth that looks bought."""
    if count < 0:
        raise ApplicationError(_("A follower count cannot be negative."), field="count")
    if source not in CountSource.values:
        raise ApplicationError(_("Unknown source of a follower count."), field="source")
    at = at or timezone.now()
    recorded = list(account.snapshots.values_list("count", "recorded_at", "source"))
    history = [Point(t, c) for c, t, _source in recorded]
    snapshot = FollowerSnapshot(
        account=account,
        count=count,
        source=source,
        recorded_at=at,
        recorded_by=actor,
        following=following,
        posts=posts,
        flags=growth_flags(history, Point(at, count), following=following, posts=posts),
    )
    if evidence is not None:
        clean = evidence_image_clean(evidence)
        snapshot.evidence.save(clean.name or "evidence.png", clean, save=False)
    snapshot.full_clean()
    snapshot.save()
    # a point added to the past (a backfilled history) does not replace a later latest count
    update = ["updated_at"]
    if all(t <= at for _c, t, _source in recorded):
        account.followers, account.followers_source, account.followers_at = count, source, at
        update += ["followers", "followers_source", "followers_at"]
    if source in VERIFIED_SOURCES and all(t <= at for _c, t, s in recorded if s in VERIFIED_SOURCES):
        account.verified_followers, account.verified_at = count, at
        update += ["verified_followers", "verified_at"]
    account.save(update_fields=update)
    audit_record(
        actor=actor,
        organization=account.employee.organization,
        action="followers.record",
        target=account,
        changes={"count": count, "source": source, "flags": [flag["code"] for flag in snapshot.flags]},
    )
    return snapshot


# --- roster imports from the web, in the background ----------------------------------------------

MAX_ROSTER_BYTES = 50 * 1024 * 1024
ROSTER_EXTENSIONS = (".csv", ".xlsx", ".txt")
STORED_ERRORS = 1000


def _require_admin(member: Membership) -> None:
    if member.role != Role.ADMIN:
        raise ApplicationError(_("Only admins of the PR team can import the roster."), code="forbidden")


@transaction.atomic
def roster_import_job_create(*, member: Membership, upload: UploadedFile, skip_invalid: bool = False) -> RosterImport:
    """Keep the uploaded file and check it in the background (a dry run)."""
    _require_admin(member)
    name = upload.name or "roster"
    if not name.lower().endswith(ROSTER_EXTENSIONS):
        raise ApplicationError(_("Upload the roster as a .csv or .xlsx file."), field="file")
    if upload.size is not None and upload.size > MAX_ROSTER_BYTES:
        raise ApplicationError(
            _("The file is larger than %(megabytes)d MB.") % {"megabytes": MAX_ROSTER_BYTES // (1024 * 1024)},
            field="file",
        )
    job = RosterImport(
        organization=member.organization,
        created_by=member.user,
        original_name=name[:255],
        skip_invalid=skip_invalid,
        status=RosterImport.Status.CHECKING,
    )
    job.file.save(f"{uuid.uuid4().hex}{Path(name).suffix.lower()}", upload, save=False)
    job.save()
    audit_record(actor=member.user, organization=member.organization, action="roster.upload", target=job)
    _enqueue(job, apply=False)
    return job


def _enqueue(job: RosterImport, *, apply: bool) -> None:
    from duta.people.tasks import roster_import_job_task

    progress_set(f"roster-{job.pk}", done=0, total=0, phase="importing" if apply else "checking")
    transaction.on_commit(lambda: roster_import_job_task(job.pk, apply))


@transaction.atomic
def roster_import_job_confirm(*, member: Membership, job: RosterImport, skip_invalid: bool) -> RosterImport:
    """Import a checked roster: every row, or the valid ones when ``skip_invalid``."""
    _require_admin(member)
    job = RosterImport.objects.select_for_update().get(pk=job.pk, organization=member.organization)
    if job.status != RosterImport.Status.CHECKED:
        raise ApplicationError(_("This roster is not waiting for confirmation."))
    if job.invalid_count and not skip_invalid:
        raise ApplicationError(_("The file has invalid rows: fix them and upload it again, or skip them."))
    job.skip_invalid = skip_invalid
    job.status = RosterImport.Status.IMPORTING
    job.save(update_fields=["skip_invalid", "status", "updated_at"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="roster.confirm",
        target=job,
        changes={"skip_invalid": skip_invalid},
    )
    _enqueue(job, apply=True)
    return job


def roster_import_job_run(*, job_id: int, apply: bool) -> None:
    """The background half: check or import the stored file and keep the outcome on the job,
    with its messages in the language of the admin who uploaded it."""
    job = RosterImport.objects.select_related("organization", "created_by").get(pk=job_id)
    with translation.override(job.created_by.language):
        _roster_import_job_run(job, apply=apply)


def _roster_import_job_run(job: RosterImport, *, apply: bool) -> None:
    key = f"roster-{job.pk}"
    phase = "importing" if apply else "checking"

    def progress(done: int, total: int) -> None:
        progress_set(key, done=done, total=total, phase=phase)

    try:
        with job.file.open("rb") as stored:
            report = roster_import(
                organization=job.organization,
                actor=job.created_by,
                file=cast(BinaryIO, stored),
                filename=job.original_name,
                dry_run=not apply,
                skip_invalid=job.skip_invalid or not apply,
                progress=progress,
            )
    except ApplicationError as error:
        _job_finish(job, status=RosterImport.Status.FAILED, failure=error.message)
        return
    except Exception:
        _job_finish(job, status=RosterImport.Status.FAILED, failure=_("The file could not be processed."))
        raise
    job.total_rows = report.total_rows
    job.created_count, job.updated_count, job.unchanged_count = report.created, report.updated, report.unchanged
    job.invalid_count, job.units_created = report.invalid, report.units_created
    job.errors = report.as_dict()["errors"][:STORED_ERRORS]
    job.unknown_headers = report.unknown_headers
    if not apply:
        _job_finish(job, status=RosterImport.Status.CHECKED)
    else:
        _job_finish(job, status=RosterImport.Status.DONE if report.applied else RosterImport.Status.REJECTED)


def _job_finish(job: RosterImport, *, status: str, failure: str = "") -> None:
    job.status = status
    job.failure = failure
    if status != RosterImport.Status.CHECKED:
        job.finished_at = timezone.now()
        if job.file:
            job.file.delete(save=False)  # the roster holds personal data: keep it no longer than needed
    job.save()
    progress_clear(f"roster-{job.pk}")


# --- verification by coordinators -------------------------------------------------------------


def _require_reviewer(member: Membership, employee: Employee) -> None:
    """Admins for everyone; coordinators for the employees of their own subtrees."""
    if member.organization_id != employee.organization_id or not member_manages_unit(member, employee.unit):
        raise forbidden()


def follower_count_verify(*, member: Membership, account: SocialAccount, count: int) -> FollowerSnapshot:
    """A coordinator (or admin) confirms the count they saw on the profile themselves."""
    _require_reviewer(member, account.employee)
    return follower_count_record(account=account, count=count, source=CountSource.VERIFIED, actor=member.user)


@transaction.atomic
def snapshot_review_mark(*, member: Membership, snapshot: FollowerSnapshot) -> FollowerSnapshot:
    """Record that a person looked at a flagged count and found it acceptable."""
    _require_reviewer(member, snapshot.account.employee)
    if snapshot.reviewed_at is None:
        snapshot.reviewed_at = timezone.now()
        snapshot.save(update_fields=["reviewed_at"])
        audit_record(
            actor=member.user,
            organization=member.organization,
            action="followers.review",
            target=snapshot.account,
            changes={"count": snapshot.count, "flags": [flag.get("code") for flag in snapshot.flags]},
        )
    return snapshot


@transaction.atomic
def employee_social_data_erase(*, employee_pk: int) -> int:
    """Delete an employee's social media accounts, counts and screenshots (after consent is withdrawn).

    The roster entry itself is HR data and stays. Returns the number of accounts deleted.
    """
    employee = Employee.objects.select_related("organization").filter(pk=employee_pk).first()
    if employee is None:
        return 0
    snapshots = FollowerSnapshot.objects.filter(account__employee=employee).exclude(evidence="")
    files = [snapshot.evidence.name for snapshot in snapshots if snapshot.evidence.name]
    accounts = list(employee.accounts.values_list("platform", flat=True))
    employee.accounts.all().delete()
    storage = FollowerSnapshot._meta.get_field("evidence").storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    audit_record(
        actor=None,
        organization=employee.organization,
        action="employee.social_data_erase",
        target=employee,
        changes={"platforms": accounts, "screenshots": len(files)},
    )
    return len(accounts)


@dataclass(frozen=True)
class AccountDeclaration:
    """What an employee says about one of their accounts, as typed in a form."""

    platform: str
    handle: str
    followers: int | None = None
    evidence: UploadedFile | None = None
    following: int | None = None
    posts: int | None = None


@transaction.atomic
def employee_accounts_declare(
    *, actor: User, employee: Employee, declarations: Iterable[AccountDeclaration]
) -> list[SocialAccount]:
    """An employee records their own accounts and counts (with a screenshot as evidence when given)."""
    if employee.user_id is not None and employee.user_id != actor.pk:
        raise forbidden()
    saved: list[SocialAccount] = []
    for declaration in declarations:
        if declaration.platform not in Platform.values:
            raise ApplicationError(_("Unknown platform."), field="platform")
        try:
            handle, url = normalize_handle(declaration.platform, declaration.handle)
        except ParseError as error:
            raise ApplicationError(str(error), field=declaration.platform) from error
        account, created = SocialAccount.objects.get_or_create(
            employee=employee, platform=declaration.platform, defaults={"handle": handle, "profile_url": url}
        )
        if not created and (account.handle, account.profile_url) != (handle, url):
            account.handle, account.profile_url = handle, url
            account.save(update_fields=["handle", "profile_url", "updated_at"])
        audit_record(
            actor=actor,
            organization=employee.organization,
            action="account.declare",
            target=account,
            changes={"handle": handle, "created": created},
        )
        if declaration.followers is not None:
            follower_count_record(
                account=account,
                count=declaration.followers,
                source=CountSource.EVIDENCE if declaration.evidence else CountSource.DECLARED,
                actor=actor,
                evidence=declaration.evidence,
                following=declaration.following,
                posts=declaration.posts,
            )
        saved.append(account)
    return saved


def roster_import_jobs_expire(*, older_than: timedelta = timedelta(hours=48)) -> int:
    """Checked rosters that nobody confirmed: drop their stored files (personal data)."""
    cutoff = timezone.now() - older_than
    expired = 0
    for job in RosterImport.objects.filter(status=RosterImport.Status.CHECKED, updated_at__lt=cutoff):
        _job_finish(
            job, status=RosterImport.Status.FAILED, failure=_("Not confirmed within two days; upload it again.")
        )
        expired += 1
    return expired
