"""A newcomer logs in on a phone in Bahasa Indonesia, switches to English, invites a coordinator
and finds the invitation in the audit log."""

from __future__ import annotations

from typing import Any

import pytest

from duta.organizations.models import Invitation, Role
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_switch_language_invite_and_audit(live_server: Any, phone: Any) -> None:
    from playwright.sync_api import expect

    organization = OrganizationFactory(name="Kementerian Uji", slug="uji")
    unit = UnitFactory(organization=organization, name="Biro Humas")
    MembershipFactory(
        organization=organization, role=Role.ADMIN, user=UserFactory(email="humas@uji.test", full_name="Rina Humas")
    )

    phone.goto(f"{live_server.url}/account/login/")
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Masuk ke Duta")

    phone.get_by_label("Alamat e-mail").fill("humas@uji.test")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kementerian Uji")
    expect(phone.get_by_role("link", name="Undangan")).to_be_visible()

    phone.get_by_role("button", name="EN").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("link", name="Invitations")).to_be_visible()

    phone.get_by_role("link", name="Invitations").click()
    phone.get_by_label("E-mail address").fill("pic.baru@uji.test")
    phone.get_by_label("Role").select_option("coordinator")
    phone.get_by_label("Unit", exact=True).select_option(label="Biro Humas")
    phone.get_by_label("Coordinated units (coordinators only)").select_option(label="Biro Humas")
    phone.get_by_role("button", name="Send the invitation").click()
    expect(phone.get_by_text("Invitation sent to pic.baru@uji.test.")).to_be_visible()
    assert Invitation.objects.filter(email="pic.baru@uji.test", role=Role.COORDINATOR, unit=unit).count() == 1

    phone.get_by_role("link", name="Audit log").click()
    row = phone.locator("#rows tbody tr").filter(has_text="invitation.create")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("humas@uji.test")
    expect(row).to_contain_text("pic.baru@uji.test")

    # the choice sticks: after logging out and in again the pages stay in English
    phone.get_by_role("button", name="Log out").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Log in to Duta")
