"""Personas shared by every test: one organization with a small unit tree and one member per role,
plus an admin of another organization (``outsider_admin``) who must never see any of it.

    org: Kementerian Contoh
      Sekretariat Jenderal (unit_setjen)
        Biro Humas (unit_humas)          <- coordinator coordinates this subtree
          Bagian Media (unit_media)
      Direktorat Jenderal A (unit_ditjen)
"""

from __future__ import annotations

import pytest

from duta.organizations.models import Membership, Organization, Role, Unit
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UnitFactory, UserFactory
from tests.support import login_client


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the default language, whatever the previous one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def org(db: None) -> Organization:
    return OrganizationFactory(name="Kementerian Contoh", slug="contoh")


@pytest.fixture
def unit_setjen(org: Organization) -> Unit:
    return UnitFactory(organization=org, name="Sekretariat Jenderal")


@pytest.fixture
def unit_humas(unit_setjen: Unit) -> Unit:
    return UnitFactory(parent=unit_setjen, name="Biro Humas")


@pytest.fixture
def unit_media(unit_humas: Unit) -> Unit:
    return UnitFactory(parent=unit_humas, name="Bagian Media")


@pytest.fixture
def unit_ditjen(org: Organization) -> Unit:
    return UnitFactory(organization=org, name="Direktorat Jenderal A")


@pytest.fixture
def pr_admin(org: Organization) -> Membership:
    return MembershipFactory(
        organization=org, role=Role.ADMIN, user=UserFactory(email="humas@contoh.test", full_name="Rina Humas")
    )


@pytest.fixture
def coordinator(org: Organization, unit_humas: Unit, unit_media: Unit) -> Membership:
    return MembershipFactory(
        organization=org,
        role=Role.COORDINATOR,
        unit=unit_humas,
        coordinated_units=[unit_humas],
        user=UserFactory(email="pic@contoh.test", full_name="Hendra Koordinator"),
    )


@pytest.fixture
def ambassador(org: Organization, unit_media: Unit) -> Membership:
    return MembershipFactory(
        organization=org,
        role=Role.AMBASSADOR,
        unit=unit_media,
        user=UserFactory(email="duta@contoh.test", full_name="Putri Duta"),
    )


@pytest.fixture
def viewer(org: Organization) -> Membership:
    return MembershipFactory(
        organization=org, role=Role.VIEWER, user=UserFactory(email="pimpinan@contoh.test", full_name="Bambang Pimpinan")
    )


@pytest.fixture
def other_unit_member(org: Organization, unit_ditjen: Unit) -> Membership:
    """An ambassador outside the coordinator's subtree."""
    return MembershipFactory(
        organization=org,
        role=Role.AMBASSADOR,
        unit=unit_ditjen,
        user=UserFactory(email="lain@contoh.test", full_name="Sari Lain"),
    )


@pytest.fixture
def outsider_admin(db: None) -> Membership:
    other = OrganizationFactory(name="PT Lain (Persero)", slug="lain")
    return MembershipFactory(
        organization=other, role=Role.ADMIN, user=UserFactory(email="admin@lain.test", full_name="Admin Lain")
    )


@pytest.fixture
def client_for():
    """``client_for(membership)`` is a test client logged in as that member."""
    return lambda membership: login_client(membership.user)


@pytest.fixture
def password() -> str:
    return PASSWORD
