from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from duta.core.audit import audit_record
from duta.organizations import selectors, services
from duta.organizations.models import Invitation, Role
from tests.factories import InvitationFactory, MembershipFactory, UnitFactory


def emails(memberships) -> set[str]:
    return {m.user.email for m in memberships}


class TestMembershipGetForUser:
    def test_it_returns_the_active_membership(self, pr_admin):
        assert selectors.membership_get_for_user(user=pr_admin.user, organization_slug="contoh") == pr_admin

    def test_it_answers_404_for_another_organization(self, outsider_admin, org):
        with pytest.raises(Http404):
            selectors.membership_get_for_user(user=outsider_admin.user, organization_slug="contoh")

    def test_it_answers_404_for_an_inactive_membership(self, ambassador):
        ambassador.is_active = False
        ambassador.save()
        with pytest.raises(Http404):
            selectors.membership_get_for_user(user=ambassador.user, organization_slug="contoh")

    def test_it_answers_404_for_an_anonymous_user(self, org):
        with pytest.raises(Http404):
            selectors.membership_get_for_user(user=AnonymousUser(), organization_slug="contoh")


class TestOrganizationListForUser:
    def test_it_lists_only_active_memberships(self, pr_admin, outsider_admin):
        MembershipFactory(user=pr_admin.user, organization=outsider_admin.organization, is_active=False)
        assert [o.slug for o in selectors.organization_list_for_user(user=pr_admin.user)] == ["contoh"]
        assert [m.pk for m in selectors.membership_list_for_user(user=pr_admin.user)] == [pr_admin.pk]


class TestMemberListForMember:
    @pytest.fixture
    def everyone(self, pr_admin, coordinator, ambassador, viewer, other_unit_member, outsider_admin):
        return None

    def test_an_admin_sees_everyone_of_the_organization_only(self, everyone, pr_admin):
        assert emails(selectors.member_list_for_member(member=pr_admin)) == {
            "humas@contoh.test",
            "pic@contoh.test",
            "duta@contoh.test",
            "pimpinan@contoh.test",
            "lain@contoh.test",
        }

    def test_a_coordinator_sees_only_members_of_their_subtree(self, everyone, coordinator):
        assert emails(selectors.member_list_for_member(member=coordinator)) == {"pic@contoh.test", "duta@contoh.test"}

    def test_a_coordinator_follows_their_subtree_when_it_moves(
        self, everyone, pr_admin, coordinator, unit_humas, unit_ditjen
    ):
        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_ditjen)

        # the paths changed; a new request reads the scope again from the database
        fresh = selectors.membership_get_for_user(user=coordinator.user, organization_slug="contoh")
        assert selectors.member_scope_paths(fresh) == [f"/{unit_ditjen.pk}/{unit_humas.pk}/"]
        assert emails(selectors.member_list_for_member(member=fresh)) == {"pic@contoh.test", "duta@contoh.test"}

    def test_it_filters_by_unit_subtree_role_and_text(self, everyone, pr_admin, unit_humas, unit_setjen):
        assert emails(selectors.member_list_for_member(member=pr_admin, unit_id=unit_humas.pk)) == {
            "pic@contoh.test",
            "duta@contoh.test",
        }
        assert emails(selectors.member_list_for_member(member=pr_admin, role=Role.VIEWER)) == {"pimpinan@contoh.test"}
        assert emails(selectors.member_list_for_member(member=pr_admin, query="PUTRI")) == {"duta@contoh.test"}
        assert emails(selectors.member_list_for_member(member=pr_admin, query="lain@")) == {"lain@contoh.test"}

    def test_a_coordinator_filtering_on_a_unit_outside_their_subtree_gets_404(self, everyone, coordinator, unit_ditjen):
        with pytest.raises(Http404):
            list(selectors.member_list_for_member(member=coordinator, unit_id=unit_ditjen.pk))

    def test_it_hides_inactive_members_unless_asked(self, everyone, pr_admin, ambassador):
        ambassador.is_active = False
        ambassador.save()
        assert "duta@contoh.test" not in emails(selectors.member_list_for_member(member=pr_admin))
        assert "duta@contoh.test" in emails(selectors.member_list_for_member(member=pr_admin, include_inactive=True))

    @pytest.mark.parametrize("persona", ["ambassador", "viewer"])
    def test_it_refuses_ambassadors_and_viewers(self, request, persona):
        with pytest.raises(PermissionDenied):
            selectors.member_list_for_member(member=request.getfixturevalue(persona))


class TestMembershipGetForMember:
    def test_a_coordinator_gets_a_member_of_their_subtree(self, coordinator, ambassador):
        assert selectors.membership_get_for_member(member=coordinator, membership_id=ambassador.pk) == ambassador

    def test_a_coordinator_gets_404_outside_their_subtree(self, coordinator, other_unit_member, pr_admin):
        for target in (other_unit_member, pr_admin):
            with pytest.raises(Http404):
                selectors.membership_get_for_member(member=coordinator, membership_id=target.pk)

    def test_a_membership_of_another_organization_is_404(self, pr_admin, outsider_admin):
        with pytest.raises(Http404):
            selectors.membership_get_for_member(member=pr_admin, membership_id=outsider_admin.pk)
        with pytest.raises(Http404):
            selectors.membership_get_for_member(member=outsider_admin, membership_id=pr_admin.pk)

    def test_an_inactive_member_can_still_be_opened(self, pr_admin, ambassador):
        ambassador.is_active = False
        ambassador.save()
        assert selectors.membership_get_for_member(member=pr_admin, membership_id=ambassador.pk) == ambassador


class TestUnitListForMember:
    def test_an_admin_sees_every_active_unit_with_member_counts(
        self, pr_admin, ambassador, unit_setjen, unit_humas, unit_media, unit_ditjen, outsider_admin
    ):
        UnitFactory(organization=outsider_admin.organization, name="Unit Lain")
        MembershipFactory(organization=ambassador.organization, unit=unit_media, is_active=False)

        units = list(selectors.unit_list_for_member(member=pr_admin))

        assert [u.name for u in units] == [u.name for u in sorted(units, key=lambda u: u.path)]
        assert {u.pk for u in units} == {unit_setjen.pk, unit_humas.pk, unit_media.pk, unit_ditjen.pk}
        assert {u.pk: u.member_count for u in units}[unit_media.pk] == 1

    def test_a_coordinator_sees_only_their_subtree(self, coordinator, unit_setjen, unit_humas, unit_media, unit_ditjen):
        assert {u.pk for u in selectors.unit_list_for_member(member=coordinator)} == {unit_humas.pk, unit_media.pk}

    def test_archived_units_show_only_when_asked(self, pr_admin, unit_ditjen):
        unit_ditjen.archived_at = timezone.now()
        unit_ditjen.save()
        assert unit_ditjen not in selectors.unit_list_for_member(member=pr_admin)
        assert unit_ditjen in selectors.unit_list_for_member(member=pr_admin, include_archived=True)

    def test_it_refuses_ambassadors(self, ambassador):
        with pytest.raises(PermissionDenied):
            selectors.unit_list_for_member(member=ambassador)

    def test_unit_choices_follow_the_same_scope(
        self, pr_admin, coordinator, ambassador, unit_humas, unit_media, unit_ditjen
    ):
        assert {u.pk for u in selectors.unit_choices_for_member(member=coordinator)} == {unit_humas.pk, unit_media.pk}
        assert unit_ditjen in selectors.unit_choices_for_member(member=pr_admin)
        assert not selectors.unit_choices_for_member(member=ambassador).exists()


class TestUnitGetForMember:
    def test_a_unit_of_another_organization_is_404(self, pr_admin, outsider_admin, unit_humas):
        foreign = UnitFactory(organization=outsider_admin.organization)
        with pytest.raises(Http404):
            selectors.unit_get_for_member(member=pr_admin, unit_id=foreign.pk)
        with pytest.raises(Http404):
            selectors.unit_get_for_member(member=outsider_admin, unit_id=unit_humas.pk)

    def test_a_coordinator_gets_404_outside_their_subtree(self, coordinator, unit_setjen, unit_ditjen):
        for unit in (unit_setjen, unit_ditjen):
            with pytest.raises(Http404):
                selectors.unit_get_for_member(member=coordinator, unit_id=unit.pk)

    def test_a_coordinator_gets_units_of_their_subtree(self, coordinator, unit_humas, unit_media):
        assert selectors.unit_get_for_member(member=coordinator, unit_id=unit_media.pk) == unit_media

    def test_ancestors_and_labels(self, org, unit_setjen, unit_humas, unit_media):
        assert selectors.unit_ancestors(unit=unit_media) == [unit_setjen, unit_humas]
        labels = selectors.unit_label_map(organization=org)
        assert labels[unit_media.pk] == "Sekretariat Jenderal / Biro Humas / Bagian Media"


class TestInvitationListForMember:
    def test_a_coordinator_sees_only_their_own_invitations(self, pr_admin, coordinator, org):
        mine = InvitationFactory(organization=org, invited_by=coordinator.user)
        theirs = InvitationFactory(organization=org, invited_by=pr_admin.user)

        assert list(selectors.invitation_list_for_member(member=coordinator)) == [mine]
        assert set(selectors.invitation_list_for_member(member=pr_admin)) == {mine, theirs}
        with pytest.raises(Http404):
            selectors.invitation_get_for_member(member=coordinator, invitation_id=theirs.pk)

    def test_an_invitation_of_another_organization_is_404(self, pr_admin, outsider_admin):
        foreign = InvitationFactory(organization=outsider_admin.organization, invited_by=outsider_admin.user)
        with pytest.raises(Http404):
            selectors.invitation_get_for_member(member=pr_admin, invitation_id=foreign.pk)

    def test_it_filters_by_status(self, pr_admin, org):
        now = timezone.now()
        pending = InvitationFactory(organization=org)
        accepted = InvitationFactory(organization=org, accepted_at=now)
        revoked = InvitationFactory(organization=org, revoked_at=now)
        expired = InvitationFactory(organization=org, expires_at=now - timedelta(minutes=1))

        for status, expected in [
            (Invitation.Status.PENDING, pending),
            (Invitation.Status.ACCEPTED, accepted),
            (Invitation.Status.REVOKED, revoked),
            (Invitation.Status.EXPIRED, expired),
        ]:
            assert list(selectors.invitation_list_for_member(member=pr_admin, status=status)) == [expected]
            assert expected.status == status

    @pytest.mark.parametrize("persona", ["ambassador", "viewer"])
    def test_it_refuses_members_who_cannot_invite(self, request, persona):
        with pytest.raises(PermissionDenied):
            selectors.invitation_list_for_member(member=request.getfixturevalue(persona))


class TestAuditEventListForMember:
    def test_it_lists_only_the_organization_s_events(self, pr_admin, outsider_admin, org):
        mine = audit_record(actor=pr_admin.user, organization=org, action="unit.create")
        audit_record(actor=outsider_admin.user, organization=outsider_admin.organization, action="unit.create")
        audit_record(actor=None, action="auth.login_failed")

        assert list(selectors.audit_event_list_for_member(member=pr_admin)) == [mine]
        assert selectors.audit_action_list_for_member(member=pr_admin) == ["unit.create"]

    def test_it_filters_by_action_prefix_actor_and_dates(self, pr_admin, org):
        create = audit_record(actor=pr_admin.user, organization=org, action="unit.create")
        invite = audit_record(actor=None, organization=org, action="invitation.create")
        today = timezone.localdate()

        assert list(selectors.audit_event_list_for_member(member=pr_admin, action="unit")) == [create]
        assert list(selectors.audit_event_list_for_member(member=pr_admin, actor_query="HUMAS@")) == [create]
        assert set(selectors.audit_event_list_for_member(member=pr_admin, since=today, until=today)) == {create, invite}
        assert not selectors.audit_event_list_for_member(member=pr_admin, since=today + timedelta(days=1)).exists()
        assert not selectors.audit_event_list_for_member(member=pr_admin, until=today - timedelta(days=1)).exists()

    @pytest.mark.parametrize("persona", ["coordinator", "ambassador", "viewer"])
    def test_it_refuses_everyone_but_admins(self, request, persona):
        with pytest.raises(PermissionDenied):
            selectors.audit_event_list_for_member(member=request.getfixturevalue(persona))


class TestOrganizationOverviewForMember:
    def test_it_counts_the_whole_organization_for_an_admin(
        self, pr_admin, coordinator, ambassador, viewer, other_unit_member, unit_ditjen
    ):
        InvitationFactory(organization=pr_admin.organization)

        counts = selectors.organization_overview_for_member(member=pr_admin)

        assert counts == {
            "total": 5,
            "admins": 1,
            "coordinators": 1,
            "ambassadors": 2,
            "viewers": 1,
            "units": 4,
            "pending_invitations": 1,
        }

    def test_it_counts_only_the_subtree_for_a_coordinator(
        self, pr_admin, coordinator, ambassador, other_unit_member, unit_ditjen
    ):
        InvitationFactory(organization=pr_admin.organization)

        counts = selectors.organization_overview_for_member(member=coordinator)

        assert (counts["total"], counts["ambassadors"], counts["units"], counts["pending_invitations"]) == (2, 1, 2, 0)

    def test_it_refuses_ambassadors(self, ambassador):
        with pytest.raises(PermissionDenied):
            selectors.organization_overview_for_member(member=ambassador)
