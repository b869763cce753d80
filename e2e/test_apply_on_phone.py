"""An employee applies to a program from a phone, with a screenshot as evidence and consent; a
coordinator then verifies the count."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from duta.core.models import AuditEvent
from duta.organizations.models import Role
from duta.people.models import CountSource, FollowerSnapshot
from duta.programs.models import Candidate, Consent, Stage
from tests.factories import (
    PASSWORD,
    EmployeeFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _screenshot(tmp_path: Path) -> Path:
    path = tmp_path / "instagram.png"
    buffer = io.BytesIO()
    Image.new("RGB", (360, 640), (240, 240, 240)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_an_employee_applies_with_evidence_and_a_coordinator_verifies(
    live_server: Any, phone: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="PT Uji (Persero)", slug="uji")
    unit = UnitFactory(organization=organization, name="Divisi Komunikasi")
    user = UserFactory(email="dewi@uji.test", full_name="Dewi Lestari", language="en")
    MembershipFactory(organization=organization, role=Role.AMBASSADOR, user=user, unit=unit)
    employee = EmployeeFactory(organization=organization, unit=unit, email="dewi@uji.test", name="Dewi Lestari")
    program = ProgramFactory(organization=organization, slug="digitroops", name="Digitroops")
    coordinator = UserFactory(email="pic@uji.test", full_name="Hendra PIC", language="en")
    MembershipFactory(
        organization=organization, role=Role.COORDINATOR, user=coordinator, unit=unit, coordinated_units=[unit]
    )

    phone.goto(f"{live_server.url}/account/login/")
    phone.locator("input[name=username]").fill("dewi@uji.test")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit].primary").click()

    phone.goto(f"{live_server.url}/o/uji/programs/digitroops/apply/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Apply to Digitroops")
    phone.get_by_label("Instagram account").fill("https://www.instagram.com/dewi.lestari/?hl=id")
    phone.get_by_label("Instagram followers").fill("1,2rb")
    phone.get_by_label("Screenshot of your Instagram profile (optional)").set_input_files(str(_screenshot(tmp_path)))
    phone.get_by_label("I agree").check()
    phone.get_by_role("button", name="Send my application").click()
    expect(phone.get_by_role("heading", name="Your application")).to_be_visible()

    candidate = Candidate.objects.get(program=program, employee=employee)
    assert candidate.stage == Stage.APPLIED
    assert Consent.objects.filter(program=program, employee=employee, withdrawn_at__isnull=True).count() == 1
    snapshot = FollowerSnapshot.objects.get(account__employee=employee, account__platform="instagram")
    assert (snapshot.count, snapshot.source, snapshot.account.handle) == (1200, CountSource.EVIDENCE, "dewi.lestari")
    assert snapshot.evidence

    # the coordinator of the unit verifies the count on the employee's page, on a phone too
    phone.get_by_role("button", name="Log out").click()
    phone.locator("input[name=username]").fill("pic@uji.test")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit].primary").click()
    phone.goto(f"{live_server.url}/o/uji/people/{employee.pk}/")
    form = phone.locator("form").filter(has=phone.get_by_role("button", name="Verify"))
    form.first.locator("input[type=number], input[name=count]").first.fill("1250")
    form.first.get_by_role("button", name="Verify").click()
    snapshot = FollowerSnapshot.objects.filter(account__employee=employee, source=CountSource.VERIFIED).get()
    assert snapshot.count == 1250
    actions = set(AuditEvent.objects.filter(organization_id=organization.pk).values_list("action", flat=True))
    assert {"consent.give", "account.declare", "followers.record", "candidate.move"} <= actions
