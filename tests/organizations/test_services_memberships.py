from __future__ import annotations

import pytest
from django.utils import timezone

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations import services
from duta.organizations.models import Membership, Organization, Role
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.organizations.helpers import assert_audited


class TestOrganizationCreate:
    def test_it_creates_the_organization_with_its_first_admin_and_audit_rows(self, db):
        founder = UserFactory(email="founder@baru.test")

        organization = services.organization_create(
            actor=None, name=" Badan  Baru ", slug="badan-baru", kind=Organization.Kind.AGENCY, admin=founder
        )

        assert organization.name == "Badan Baru"
        membership = Membership.objects.get(organization=organization)
        assert (membership.user, membership.role) == (founder, Role.ADMIN)
        assert_audited("organization.create", actor=None, organization=organization, target=organization)
        assert_audited("membership.create", actor=None, organization=organization, target=membership)

    def test_it_rejects_a_taken_slug(self, org):
        with pytest.raises(ApplicationError) as caught:
            services.organization_create(actor=None, name="Lain", slug="contoh", kind="other", admin=UserFactory())
        assert caught.value.field == "slug"


class TestMembershipAdd:
    def test_it_adds_an_existing_account_with_an_audit_row(self, pr_admin, org, unit_media):
        user = UserFactory()

        membership = services.membership_add(
            member=pr_admin, user=user, organization=org, role=Role.AMBASSADOR, unit=unit_media
        )

        assert (membership.role, membership.unit) == (Role.AMBASSADOR, unit_media)
        event = assert_audited("membership.create", actor=pr_admin.user, organization=org, target=membership)
        assert event.changes == {"role": "ambassador", "unit": "Bagian Media"}

    def test_it_refuses_someone_already_in_the_organization(self, pr_admin, org, ambassador):
        with pytest.raises(ApplicationError):
            services.membership_add(member=pr_admin, user=ambassador.user, organization=org, role=Role.VIEWER)

    def test_it_refuses_a_member_of_another_organization(self, outsider_admin, org):
        with pytest.raises(ApplicationError) as caught:
            services.membership_add(member=outsider_admin, user=UserFactory(), organization=org, role=Role.ADMIN)
        assert caught.value.code == "forbidden"
        assert not Membership.objects.filter(organization=org).exists()


class TestMembershipUpdate:
    def test_it_lets_an_admin_change_role_and_unit_with_an_audit_row(self, pr_admin, org, ambassador, unit_ditjen):
        services.membership_update(
            member=pr_admin,
            membership=ambassador,
            role=Role.COORDINATOR,
            unit=unit_ditjen,
            coordinated_units=[unit_ditjen],
        )

        ambassador.refresh_from_db()
        assert ambassador.role == Role.COORDINATOR
        assert ambassador.unit == unit_ditjen
        assert list(ambassador.coordinated_units.all()) == [unit_ditjen]
        event = assert_audited("membership.update", actor=pr_admin.user, organization=org, target=ambassador)
        assert event.changes == {
            "role": ["ambassador", "coordinator"],
            "unit": ["Bagian Media", "Direktorat Jenderal A"],
            "coordinated_units": [[], ["Direktorat Jenderal A"]],
        }

    def test_it_writes_no_audit_row_when_nothing_changes(self, pr_admin, ambassador, unit_media):
        services.membership_update(member=pr_admin, membership=ambassador, role=Role.AMBASSADOR, unit=unit_media)

        assert not AuditEvent.objects.filter(action="membership.update").exists()

    def test_it_refuses_to_demote_the_last_admin(self, pr_admin):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(member=pr_admin, membership=pr_admin, role=Role.VIEWER, unit=None)

        assert caught.value.field == "role"
        pr_admin.refresh_from_db()
        assert pr_admin.role == Role.ADMIN

    def test_it_does_not_count_an_inactive_admin_as_another_admin(self, pr_admin, org):
        MembershipFactory(organization=org, role=Role.ADMIN, is_active=False)

        with pytest.raises(ApplicationError):
            services.membership_update(member=pr_admin, membership=pr_admin, role=Role.VIEWER, unit=None)

    def test_it_lets_an_admin_step_down_when_another_admin_remains(self, pr_admin, org):
        MembershipFactory(organization=org, role=Role.ADMIN)

        services.membership_update(member=pr_admin, membership=pr_admin, role=Role.VIEWER, unit=None)

        pr_admin.refresh_from_db()
        assert pr_admin.role == Role.VIEWER

    @pytest.mark.parametrize("new_role", [Role.COORDINATOR, Role.ADMIN, Role.VIEWER])
    def test_it_refuses_a_coordinator_promoting_or_changing_roles(self, coordinator, ambassador, unit_media, new_role):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(
                member=coordinator,
                membership=ambassador,
                role=new_role,
                unit=unit_media,
                coordinated_units=[unit_media],
            )

        assert caught.value.code == "forbidden"
        ambassador.refresh_from_db()
        assert ambassador.role == Role.AMBASSADOR

    def test_it_refuses_a_coordinator_placing_someone_outside_their_subtree(self, coordinator, ambassador, unit_ditjen):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(
                member=coordinator, membership=ambassador, role=Role.AMBASSADOR, unit=unit_ditjen
            )

        assert caught.value.field == "unit"
        ambassador.refresh_from_db()
        assert ambassador.unit_id != unit_ditjen.pk

    def test_it_refuses_a_coordinator_removing_the_unit(self, coordinator, ambassador):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(member=coordinator, membership=ambassador, role=Role.AMBASSADOR, unit=None)
        assert caught.value.field == "unit"

    def test_it_refuses_a_coordinator_on_a_member_outside_their_subtree(
        self, coordinator, other_unit_member, unit_media
    ):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(
                member=coordinator, membership=other_unit_member, role=Role.AMBASSADOR, unit=unit_media
            )
        assert caught.value.code == "forbidden"

    def test_it_lets_a_coordinator_move_an_ambassador_within_their_subtree(
        self, coordinator, org, ambassador, unit_humas
    ):
        services.membership_update(member=coordinator, membership=ambassador, role=Role.AMBASSADOR, unit=unit_humas)

        ambassador.refresh_from_db()
        assert ambassador.unit == unit_humas
        assert_audited("membership.update", actor=coordinator.user, organization=org, target=ambassador)

    def test_it_refuses_a_member_of_another_organization(self, outsider_admin, ambassador, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(member=outsider_admin, membership=ambassador, role=Role.VIEWER, unit=unit_media)
        assert caught.value.code == "forbidden"

    def test_it_requires_coordinated_units_for_a_coordinator(self, pr_admin, ambassador, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.membership_update(member=pr_admin, membership=ambassador, role=Role.COORDINATOR, unit=unit_media)
        assert caught.value.field == "coordinated_units"

    def test_it_drops_coordinated_units_when_demoting_a_coordinator(self, pr_admin, coordinator, unit_humas):
        services.membership_update(
            member=pr_admin,
            membership=coordinator,
            role=Role.AMBASSADOR,
            unit=unit_humas,
            coordinated_units=[unit_humas],
        )

        coordinator.refresh_from_db()
        assert coordinator.role == Role.AMBASSADOR
        assert not coordinator.coordinated_units.exists()

    def test_it_refuses_an_archived_unit_or_one_of_another_organization(
        self, pr_admin, ambassador, outsider_admin, unit_ditjen
    ):
        foreign = UnitFactory(organization=outsider_admin.organization)
        with pytest.raises(ApplicationError):
            services.membership_update(member=pr_admin, membership=ambassador, role=Role.AMBASSADOR, unit=foreign)

        unit_ditjen.archived_at = timezone.now()
        unit_ditjen.save()
        with pytest.raises(ApplicationError):
            services.membership_update(member=pr_admin, membership=ambassador, role=Role.AMBASSADOR, unit=unit_ditjen)


class TestMembershipSetActive:
    def test_it_deactivates_and_reactivates_with_audit_rows(self, pr_admin, org, ambassador):
        services.membership_set_active(member=pr_admin, membership=ambassador, active=False)
        ambassador.refresh_from_db()
        assert not ambassador.is_active
        assert_audited("membership.deactivate", actor=pr_admin.user, organization=org, target=ambassador)

        services.membership_set_active(member=pr_admin, membership=ambassador, active=True)
        ambassador.refresh_from_db()
        assert ambassador.is_active
        assert_audited("membership.reactivate", actor=pr_admin.user, organization=org, target=ambassador)

    def test_it_writes_nothing_when_the_state_does_not_change(self, pr_admin, ambassador):
        services.membership_set_active(member=pr_admin, membership=ambassador, active=True)

        assert not AuditEvent.objects.filter(action__startswith="membership.").exists()

    def test_it_refuses_to_deactivate_the_last_admin(self, pr_admin):
        with pytest.raises(ApplicationError):
            services.membership_set_active(member=pr_admin, membership=pr_admin, active=False)

        pr_admin.refresh_from_db()
        assert pr_admin.is_active

    def test_it_lets_a_coordinator_deactivate_an_ambassador_of_their_subtree(self, coordinator, org, ambassador):
        services.membership_set_active(member=coordinator, membership=ambassador, active=False)

        ambassador.refresh_from_db()
        assert not ambassador.is_active
        assert_audited("membership.deactivate", actor=coordinator.user, organization=org, target=ambassador)

    def test_it_refuses_a_coordinator_outside_their_subtree(self, coordinator, other_unit_member):
        with pytest.raises(ApplicationError) as caught:
            services.membership_set_active(member=coordinator, membership=other_unit_member, active=False)
        assert caught.value.code == "forbidden"

    def test_it_refuses_a_coordinator_on_a_non_ambassador(self, coordinator, org, unit_media):
        fellow = MembershipFactory(
            organization=org, role=Role.COORDINATOR, unit=unit_media, coordinated_units=[unit_media]
        )
        with pytest.raises(ApplicationError) as caught:
            services.membership_set_active(member=coordinator, membership=fellow, active=False)
        assert caught.value.code == "forbidden"

    def test_it_refuses_reactivation_into_an_archived_unit(self, pr_admin, org, unit_ditjen):
        gone = MembershipFactory(organization=org, unit=unit_ditjen, is_active=False)
        services.unit_archive(member=pr_admin, unit=unit_ditjen)
        gone.refresh_from_db()

        with pytest.raises(ApplicationError):
            services.membership_set_active(member=pr_admin, membership=gone, active=True)

    def test_it_refuses_a_member_of_another_organization(self, outsider_admin, ambassador):
        with pytest.raises(ApplicationError):
            services.membership_set_active(member=outsider_admin, membership=ambassador, active=False)
        ambassador.refresh_from_db()
        assert ambassador.is_active
