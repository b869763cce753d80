"""The academy's mentoring personas: the ``ambassador`` mentors ``other_unit_member``; a ``bystander`` watches."""

from __future__ import annotations

import pytest

from duta.organizations.models import Membership, Organization, Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def mentor(ambassador: Membership) -> Membership:
    return ambassador


@pytest.fixture
def mentee(other_unit_member: Membership) -> Membership:
    return other_unit_member


@pytest.fixture
def bystander(org: Organization) -> Membership:
    """An ambassador of the same organization outside the pairing."""
    return MembershipFactory(
        organization=org, role=Role.AMBASSADOR, user=UserFactory(email="lain2@contoh.test", full_name="Dewi Lain")
    )
