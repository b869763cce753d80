"""Load the demo data through the services, idempotently: a second run adds nothing."""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from duta.accounts.models import User
from duta.accounts.services import user_create
from duta.analytics.services.refresh import analytics_refresh_all
from duta.demo.academy import demo_academy
from duta.demo.campaigns import demo_campaigns
from duta.demo.data import (
    DEMO_PASSWORD,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANIZATIONS,
    PLATFORM_SHARE,
    PROGRAMS,
    SCREENING_POSTS,
)
from duta.demo.links import demo_links
from duta.organizations import services as org_services
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.organizations.selectors import unit_label_map
from duta.people.models import Employee
from duta.people.services import roster_import
from duta.programs.models import Candidate, Program, Stage
from duta.programs.services import candidate_apply, candidate_move, candidate_nominate, program_create
from duta.screening import services as screening_services


@dataclass
class DemoResult:
    created_users: int = 0
    created_units: int = 0
    created_memberships: int = 0
    created_employees: int = 0
    created_programs: int = 0
    created_screenings: int = 0
    created_campaigns: int = 0
    created_links: int = 0
    completed_courses: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _user(email: str, full_name: str, *, password: str | None, result: DemoResult) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # the demo password is published on purpose, so it skips the strength validators
        user = user_create(email=email, full_name=full_name, password=password, check_strength=False)
        result.created_users += 1
    return user


def _units(
    member: Membership, tree: list[tuple[str, list[Any]]], parent: Unit | None, result: DemoResult
) -> dict[str, Unit]:
    made: dict[str, Unit] = {}
    for name, children in tree:
        unit = Unit.objects.filter(organization=member.organization, parent=parent, name=name).first()
        if unit is None:
            unit = org_services.unit_create(member=member, name=name, parent=parent)
            result.created_units += 1
        made[name] = unit
        made.update(_units(member, children, unit, result))
    return made


def _member(
    admin: Membership | None,
    user: User,
    organization: Organization,
    role: str,
    unit: Unit | None,
    coordinated: list[Unit],
    result: DemoResult,
) -> Membership:
    existing = Membership.objects.filter(user=user, organization=organization).first()
    if existing is not None:
        return existing
    result.created_memberships += 1
    return org_services.membership_add(
        member=admin, user=user, organization=organization, role=role, unit=unit, coordinated_units=coordinated
    )


@transaction.atomic
def demo_load() -> DemoResult:
    result = DemoResult()
    shared_admin = _user("admin@duta.test", "Rina Humas", password=DEMO_PASSWORD, result=result)
    result.logins.append(("admin@duta.test", DEMO_PASSWORD, "admin: kemkomnus, bionusa"))
    for spec in ORGANIZATIONS:
        organization = Organization.objects.filter(slug=spec["slug"]).first()
        if organization is None:
            organization = org_services.organization_create(
                actor=None, name=spec["name"], slug=spec["slug"], kind=spec["kind"], admin=shared_admin
            )
        admin = Membership.objects.select_related("organization", "user").get(
            user=shared_admin, organization=organization
        )
        units = _units(admin, spec["units"], None, result)
        leaves = [unit for unit in units.values() if not unit.children.exists()]
        domain = spec["domain"]

        coordinator_unit = units[spec["coordinator_unit"]]
        people = [
            ("koordinator", "Hendra Siregar", Role.COORDINATOR, coordinator_unit, [coordinator_unit]),
            ("duta", "Putri Maharani", Role.AMBASSADOR, leaves[0], []),
            ("pimpinan", "Bambang Wibowo", Role.VIEWER, None, []),
            ("humas", "Dewi Lestari", Role.ADMIN, None, []),
        ]
        for local, name, role, unit, coordinated in people:
            email = f"{local}@{domain}"
            user = _user(email, name, password=DEMO_PASSWORD, result=result)
            _member(admin, user, organization, role, unit, coordinated, result)
            result.logins.append((email, DEMO_PASSWORD, f"{role}: {spec['slug']}"))

        rng = random.Random(spec["seed"])  # the same people on every run
        roster: list[tuple[str, str, Unit]] = [
            (f"duta@{domain}", "Putri Maharani", leaves[0]),
            (f"koordinator@{domain}", "Hendra Siregar", coordinator_unit),
        ]
        for number in range(1, spec["employees"] + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            unit = rng.choice(leaves)
            email = f"{first.lower()}.{last.lower()}.{number:03d}@{domain}"
            user = _user(email, f"{first} {last}", password=None, result=result)
            _member(admin, user, organization, Role.AMBASSADOR, unit, [], result)
            roster.append((email, f"{first} {last}", unit))
        _roster(organization, admin.user, roster, rng, result)
        program = _program(organization, admin.user, spec["slug"], result)
        _screening(admin, program, roster[2][0], result)
        approver = Membership.objects.select_related("organization", "user").get(
            user__email=f"humas@{domain}", organization=organization
        )
        result.created_campaigns += demo_campaigns(admin, approver)
        result.created_links += demo_links(organization, seed=spec["seed"])
        result.completed_courses += demo_academy(admin, program, seed=spec["seed"])
        analytics_refresh_all(organization=organization)  # the dashboards' figures, at once
    return result


def _roster(
    organization: Organization, actor: User, people: list[tuple[str, str, Unit]], rng: random.Random, result: DemoResult
) -> None:
    """Write the employees as HR would export them and import that file with the real importer
    (once: a roster that is already there is left alone)."""
    if Employee.objects.filter(organization=organization).exists():
        return
    labels = unit_label_map(organization=organization)
    platforms = list(PLATFORM_SHARE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "NIP",
            "Nama",
            "Email",
            "Unit Kerja",
            "Tanggal Lahir",
            "Tanggal Masuk",
            "No HP",
            *[column for platform in platforms for column in (platform, f"pengikut_{platform}")],
        ]
    )
    for number, (email, name, unit) in enumerate(people, start=1):
        born = date(
            rng.choice([1968, 1975, 1982, 1985, 1988, 1990, 1992, 1994, 1996, 1998, 2000]),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        joined = min(date(2024, 6, 1), born + timedelta(days=365 * rng.randint(22, 30)))
        nip = f"{born:%Y%m%d}{joined:%Y%m}1{number % 1000:03d}"
        local = email.split("@")[0]
        handles = {
            "instagram": local.replace(".", "_")[:30],
            "facebook": local.replace("_", ".")[:50],
            "x": local.replace(".", "_")[:15].rstrip("_"),
            "tiktok": local.replace(".", "_")[:24],
        }
        cells = [
            nip,
            name,
            email,
            labels[unit.pk],
            f"{born:%d/%m/%Y}",
            f"{joined:%d/%m/%Y}",
            f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
        ]
        for platform in platforms:
            if rng.random() < PLATFORM_SHARE[platform]:
                followers = int(math.exp(rng.gauss(6.6, 1.1)))
                cells += [f"@{handles[platform]}", _written(followers, rng)]
            else:
                cells += ["", ""]
        writer.writerow(cells)
    report = roster_import(
        organization=organization,
        actor=actor,
        file=io.BytesIO(buffer.getvalue().encode("utf-8")),
        filename="demo-roster.csv",
    )
    if not report.applied:
        problems = "; ".join(f"row {e.row_number} {e.column}: {e.message}" for e in report.errors[:5])
        raise RuntimeError(f"The demo roster did not import: {problems}")
    result.created_employees += report.created


def _written(followers: int, rng: random.Random) -> str:
    """A count the way people write it: 1200, 1.200 or 1,2rb."""
    if followers >= 1000 and rng.random() < 0.3:
        return (
            f"{followers / 1000:.1f}".replace(".", ",") + "rb"
            if followers % 100 == 0
            else f"{followers:,}".replace(",", ".")
        )
    return str(followers)


def _program(organization: Organization, actor: User, slug: str, result: DemoResult) -> Program:
    spec = PROGRAMS[slug]
    program = Program.objects.filter(organization=organization, slug=spec["slug"]).first()
    if program is None:
        program = program_create(
            organization=organization,
            actor=actor,
            slug=spec["slug"],
            name=spec["name"],
            description=spec["description"],
            rules=spec["rules"],
        )
        result.created_programs += 1
    # the demo ambassador has applied, with consent, so that the pipeline is not empty
    ambassador = Membership.objects.select_related("organization", "user").get(
        organization=organization, user__email=f"duta@{slug_domain(organization)}"
    )
    employee = Employee.objects.get(organization=organization, email=ambassador.user.email)
    if not Candidate.objects.filter(program=program, employee=employee).exists():
        candidate_apply(member=ambassador, program=program, employee=employee, consent_given=True, code_of_conduct=True)
    return program


def _screening(admin: Membership, program: Program, email: str, result: DemoResult) -> None:
    """A nominated employee whose data export has been read, so that a reputation report is there to review."""
    employee = Employee.objects.get(organization=program.organization, email=email)
    if Candidate.objects.filter(program=program, employee=employee).exists():
        return
    candidate = candidate_nominate(member=admin, program=program, employee=employee, reason="Aktif di X sejak 2023.")
    candidate = candidate_move(
        member=admin, candidate=candidate, to_stage=Stage.ELIGIBLE, reason="Jumlah pengikut sudah diperiksa."
    )
    screening = screening_services.screening_start(member=admin, candidate=candidate)
    screening = screening_services.screening_consent_record(
        member=admin, screening=screening, reference="ND-001/HUMAS/2026 (demo)"
    )
    export = io.StringIO()
    writer = csv.writer(export)
    writer.writerow(["date", "text", "url"])
    writer.writerows(SCREENING_POSTS)
    upload = screening_services.screening_upload_add(
        member=admin,
        screening=screening,
        upload=SimpleUploadedFile("posts.csv", export.getvalue().encode(), content_type="text/csv"),
    )
    screening_services.screening_upload_read(upload_id=upload.pk)  # now, not when the worker gets to it
    result.created_screenings += 1


def slug_domain(organization: Organization) -> str:
    return next(spec["domain"] for spec in ORGANIZATIONS if spec["slug"] == organization.slug)
