from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from duta.academy.models import Completion, Course, FollowUp
from duta.accounts.models import User
from duta.analytics.models import Refresh, Stat
from duta.analytics.periods import WEEK, period_of
from duta.campaigns.models import ContentItem, ItemStatus
from duta.core.models import AuditEvent
from duta.links.models import ClickRollup, ShareLink
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.people.models import Employee, FollowerSnapshot
from duta.programs.models import Candidate, Program
from duta.screening.models import Screening
from tests.factories import UserFactory

COUNTED = (User, Unit, Membership, AuditEvent, Employee, FollowerSnapshot, Program, Candidate)


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)  # type: ignore[attr-defined]


@pytest.mark.django_db
class TestDemo:
    def test_it_loads_two_organizations_and_a_second_run_adds_nothing(self) -> None:
        first = StringIO()
        call_command("demo", stdout=first)
        counts = row_counts()
        assert set(Organization.objects.values_list("slug", flat=True)) == {"kemkomnus", "bionusa"}
        assert counts[0] > 300
        assert "admin@duta.test" in first.getvalue()

        second = StringIO()
        call_command("demo", stdout=second)
        assert row_counts() == counts
        assert counts[4] > 300
        assert set(Program.objects.values_list("slug", flat=True)) == {"duta-asn", "digitroops"}
        assert (
            "0 employees, 0 programs, 0 reputation checks, 0 campaigns, 0 tracked links and 0 completed courses added"
            in second.getvalue()
        )
        # the academy: the built-in courses, two of them required; the demo ambassador in training with one passed
        for organization in Organization.objects.all():
            assert Course.objects.filter(organization=organization).count() == 6
            assert Course.objects.filter(organization=organization, required_for__isnull=False).count() == 2
            putri = Membership.objects.get(organization=organization, user__email__startswith="duta@")
            assert Completion.objects.filter(member=putri).count() == 1
            assert Candidate.objects.get(employee__user=putri.user).stage == "training"
            assert FollowUp.objects.filter(session__mentorship__mentee=putri).count() == 2
        assert Candidate.objects.filter(stage="active").exists()  # colleagues who passed both
        # a reputation report to review in each organization
        assert Screening.objects.filter(status=Screening.Status.READY, posts_flagged__gt=0).count() == 2

        # a live item with three caption variants, approved by the second admin, in each organization
        live = ContentItem.objects.filter(status=ItemStatus.LIVE)
        assert live.count() == 2
        assert all(item.variants.count() == 3 for item in live)
        assert all(item.events.filter(kind="approval").exclude(actor=item.author).exists() for item in live)
        # ambassadors shared them last week: their links' clicks are stored and counted, previews apart
        assert ShareLink.objects.filter(item__in=live).count() == 50
        item_rollups = ClickRollup.objects.filter(dimension="item")
        assert sum(item_rollups.values_list("clicks", flat=True)) > 0
        assert sum(item_rollups.values_list("previews", flat=True)) > 0
        # and the dashboards' figures are computed: this week's participation in each organization
        for organization in Organization.objects.all():
            week = Stat.objects.get(
                organization=organization,
                period=period_of(WEEK, timezone.localdate()).key,
                scope="org",
                unit=0,
                platform="",
            )
            assert week.active > 0
            assert Refresh.objects.filter(organization=organization).exists()
        # one log-in per role in each organization, and unit trees deeper than two levels
        for slug in ("kemkomnus", "bionusa"):
            roles = set(
                Membership.objects.filter(organization__slug=slug, user__password__startswith="md5$").values_list(
                    "role", flat=True
                )
            )
            assert roles == {Role.ADMIN, Role.COORDINATOR, Role.AMBASSADOR, Role.VIEWER}
        assert Unit.objects.filter(organization__slug="kemkomnus", depth=2).exists()
        assert Unit.objects.filter(organization__slug="bionusa", depth=3).exists()


@pytest.mark.django_db
class TestOrgCreate:
    def test_it_creates_the_organization_with_its_first_admin(self) -> None:
        admin = UserFactory(email="humas@kemen.test")
        call_command(
            "org",
            "create",
            name="Kementerian Uji",
            slug="kemuji",
            admin_email="HUMAS@kemen.test",
            stdout=StringIO(),
        )
        membership = Membership.objects.get(organization__slug="kemuji")
        assert (membership.user, membership.role) == (admin, Role.ADMIN)
        assert AuditEvent.objects.filter(
            organization_id=membership.organization_id, action="organization.create"
        ).exists()

    def test_it_refuses_an_unknown_admin_and_a_bad_slug(self) -> None:
        with pytest.raises(CommandError, match="No account"):
            call_command("org", "create", name="X", slug="x", admin_email="nobody@kemen.test")
        UserFactory(email="humas@kemen.test")
        with pytest.raises(CommandError):
            call_command("org", "create", name="X", slug="Bad Slug!", admin_email="humas@kemen.test")
        assert not Organization.objects.exists()
