"""Load the demo data through the services, idempotently: a second run adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from duta.accounts.models import User
from duta.accounts.services import user_create
from duta.demo.data import DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES, ORGANIZATIONS
from duta.organizations import services as org_services
from duta.organizations.models import Membership, Organization, Role, Unit


@dataclass
class DemoResult:
    created_users: int = 0
    created_units: int = 0
    created_memberships: int = 0
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
        ]
        for local, name, role, unit, coordinated in people:
            email = f"{local}@{domain}"
            user = _user(email, name, password=DEMO_PASSWORD, result=result)
            _member(admin, user, organization, role, unit, coordinated, result)
            result.logins.append((email, DEMO_PASSWORD, f"{role}: {spec['slug']}"))

        rng = random.Random(spec["seed"])  # the same people on every run
        for number in range(1, spec["employees"] + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            unit = rng.choice(leaves)
            email = f"{first.lower()}.{last.lower()}.{number:03d}@{domain}"
            user = _user(email, f"{first} {last}", password=None, result=result)
            _member(admin, user, organization, Role.AMBASSADOR, unit, [], result)
    return result
