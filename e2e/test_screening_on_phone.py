"""A candidate agrees to the reputation check and uploads their X archive from a phone; the PR team
reviews the report on a phone, marks a wrong flag and approves the candidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duta.core.models import AuditEvent
from duta.organizations.models import Role
from duta.programs.models import Candidate, Stage
from duta.screening import services
from duta.screening.models import FlagCorrection, Screening
from e2e.steps import log_in
from tests.factories import (
    CandidateFactory,
    EmployeeFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    UnitFactory,
    UserFactory,
)
from tests.screening.exports import CAMPAIGN, PLAIN, x_archive_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_uploads_their_archive_and_the_pr_team_decides(
    live_server: Any, phone: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="PT Uji (Persero)", slug="uji")
    unit = UnitFactory(organization=organization, name="Divisi Komunikasi")
    user = UserFactory(email="dewi@uji.test", full_name="Dewi Lestari", language="en")
    MembershipFactory(organization=organization, role=Role.AMBASSADOR, user=user, unit=unit)
    admin_user = UserFactory(email="humas@uji.test", full_name="Rina Humas", language="en")
    admin = MembershipFactory(organization=organization, role=Role.ADMIN, user=admin_user)
    employee = EmployeeFactory(
        organization=organization, unit=unit, email="dewi@uji.test", name="Dewi Lestari", user=user
    )
    program = ProgramFactory(organization=organization, slug="digitroops", name="Digitroops")
    candidate = CandidateFactory(program=program, employee=employee, stage=Stage.ELIGIBLE)
    screening = services.screening_start(member=admin, candidate=candidate)
    archive = tmp_path / "twitter-2026-11-01.zip"
    archive.write_bytes(x_archive_bytes([*PLAIN, CAMPAIGN[1]], username="dewi_lestari"))

    # the candidate finds the check on their program page, agrees and uploads
    log_in(phone, live_server.url, "dewi@uji.test")
    phone.goto(f"{live_server.url}/o/uji/programs/digitroops/")
    phone.get_by_role("link", name="Open my reputation check").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My reputation check")
    phone.get_by_label("I agree to the text above.").check()
    phone.get_by_role("button", name="I agree").click()
    phone.get_by_label("Data export").set_input_files(str(archive))
    phone.get_by_role("button", name="Upload").click()
    expect(phone.locator("#uploads")).to_contain_text("1 flagged of 5")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    # the PR team reviews it on a phone: the level, the evidence, a wrong flag, the decision
    phone.get_by_role("button", name="Log out").click()
    log_in(phone, live_server.url, "humas@uji.test")
    phone.goto(f"{live_server.url}/o/uji/screening/{screening.pk}/")
    expect(phone.locator(".level-card")).to_contain_text("Needs a review")
    post = phone.locator("article.post").filter(has_text="coblos PDIP")
    expect(post).to_contain_text("“coblos”")
    post.get_by_placeholder("Why is it wrong? (optional)").fill("kutipan berita")
    post.get_by_role("button", name="This flag is wrong").click()
    expect(phone.locator("article.post").filter(has_text="coblos PDIP")).to_contain_text("marked wrong")
    expect(phone.locator(".level-card")).to_contain_text("Clear")
    phone.get_by_label("Approve").check()
    phone.get_by_label("Reason").fill("Unggahan kampanye adalah kutipan berita; sudah dibicarakan.")
    phone.get_by_role("button", name="Record the decision").click()
    expect(phone.get_by_text("Unggahan kampanye adalah kutipan berita")).to_be_visible()

    screening.refresh_from_db()
    assert (screening.status, screening.decision) == (Screening.Status.DECIDED, Screening.Decision.APPROVE)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.INTERVIEW
    assert FlagCorrection.objects.get().note == "kutipan berita"
    actions = set(AuditEvent.objects.filter(organization_id=organization.pk).values_list("action", flat=True))
    assert {
        "screening.consent",
        "screening.upload",
        "screening.read",
        "screening.flag_dismiss",
        "screening.decide",
    } <= actions
