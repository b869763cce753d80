from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from duta.accounts.models import User
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations import services
from duta.organizations.models import Invitation, Membership, Role
from tests.factories import PASSWORD, InvitationFactory, MembershipFactory, UserFactory
from tests.organizations.helpers import assert_audited

NEW_PASSWORD = "Sangat-rahasia-2024"


@pytest.fixture
def invite(pr_admin, django_capture_on_commit_callbacks):
    """``invite(email=..., role=..., ...)``: an invitation made by ``pr_admin``, returned with its token."""

    def make(**kwargs):
        kwargs.setdefault("email", "baru@contoh.test")
        kwargs.setdefault("role", Role.AMBASSADOR)
        kwargs.setdefault("member", pr_admin)
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(**kwargs)

    return make


class TestInvitationCreate:
    def test_it_stores_only_a_hash_of_the_token_and_normalizes_the_address(self, invite, org, unit_media):
        invitation, token = invite(email="  Baru@Contoh.TEST ", unit=unit_media)

        invitation.refresh_from_db()
        assert invitation.email == "baru@contoh.test"
        assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in invitation.token_hash
        assert invitation.status == Invitation.Status.PENDING
        assert invitation.unit == unit_media
        assert timedelta(days=6) < invitation.expires_at - timezone.now() <= timedelta(days=7)

    def test_it_writes_an_audit_row(self, invite, pr_admin, org, unit_media):
        invitation, _token = invite(unit=unit_media)

        event = assert_audited("invitation.create", actor=pr_admin.user, organization=org, target=invitation)
        assert event.changes == {"email": "baru@contoh.test", "role": "ambassador", "unit": "Bagian Media"}

    def test_it_mails_the_link_after_commit(self, invite, mailoutbox):
        _invitation, token = invite()

        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["baru@contoh.test"]
        assert f"/invite/{token}/" in mailoutbox[0].body
        assert "Kementerian Contoh" in mailoutbox[0].subject

    def test_it_mails_nothing_when_the_transaction_is_not_committed(self, pr_admin, mailoutbox):
        services.invitation_create(member=pr_admin, email="baru@contoh.test", role=Role.AMBASSADOR)

        assert mailoutbox == []

    def test_it_lets_a_coordinator_invite_ambassadors_into_their_subtree(self, coordinator, org, unit_media):
        invitation, _token = services.invitation_create(
            member=coordinator, email="staf@contoh.test", role=Role.AMBASSADOR, unit=unit_media
        )
        assert_audited("invitation.create", actor=coordinator.user, organization=org, target=invitation)

    @pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.VIEWER])
    def test_it_refuses_a_coordinator_inviting_other_roles(self, coordinator, unit_media, role):
        with pytest.raises(ApplicationError) as caught:
            services.invitation_create(
                member=coordinator, email="x@contoh.test", role=role, unit=unit_media, coordinated_units=[unit_media]
            )
        assert caught.value.code == "forbidden"
        assert not Invitation.objects.exists()

    def test_it_refuses_a_coordinator_placing_someone_outside_their_subtree(self, coordinator, unit_ditjen):
        with pytest.raises(ApplicationError) as caught:
            services.invitation_create(
                member=coordinator, email="x@contoh.test", role=Role.AMBASSADOR, unit=unit_ditjen
            )
        assert caught.value.field == "unit"

    def test_it_refuses_a_coordinator_without_a_unit(self, coordinator):
        with pytest.raises(ApplicationError) as caught:
            services.invitation_create(member=coordinator, email="x@contoh.test", role=Role.AMBASSADOR)
        assert caught.value.field == "unit"

    @pytest.mark.parametrize("persona", ["ambassador", "viewer"])
    def test_it_refuses_ambassadors_and_viewers(self, request, persona):
        member = request.getfixturevalue(persona)
        with pytest.raises(ApplicationError) as caught:
            services.invitation_create(member=member, email="x@contoh.test", role=Role.AMBASSADOR)
        assert caught.value.code == "forbidden"

    def test_it_refuses_an_active_member_of_the_organization(self, invite, ambassador):
        with pytest.raises(ApplicationError) as caught:
            invite(email="DUTA@contoh.test")
        assert caught.value.field == "email"

    def test_it_accepts_a_member_of_another_organization(self, invite, outsider_admin):
        invitation, _token = invite(email=outsider_admin.user.email)
        assert invitation.pk

    def test_it_refuses_a_second_open_invitation_to_the_same_address(self, invite):
        invite(email="baru@contoh.test")
        with pytest.raises(ApplicationError) as caught:
            invite(email="BARU@contoh.test")
        assert caught.value.field == "email"

    def test_it_allows_a_new_invitation_after_revoking_the_open_one(self, invite, pr_admin):
        first, _token = invite()
        services.invitation_revoke(member=pr_admin, invitation=first)

        second, _token = invite()
        assert second.pk != first.pk

    def test_it_requires_coordinated_units_for_a_coordinator(self, invite, unit_humas):
        with pytest.raises(ApplicationError) as caught:
            invite(role=Role.COORDINATOR, unit=unit_humas)
        assert caught.value.field == "coordinated_units"


class TestInvitationResend:
    def test_it_issues_a_fresh_token_and_expiry_and_mails_again(
        self, invite, pr_admin, org, mailoutbox, django_capture_on_commit_callbacks
    ):
        invitation, old_token = invite()
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(hours=1))
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.EXPIRED

        with django_capture_on_commit_callbacks(execute=True):
            invitation, new_token = services.invitation_resend(member=pr_admin, invitation=invitation)

        invitation.refresh_from_db()
        assert new_token != old_token
        assert invitation.token_hash == services.invitation_token_hash(new_token)
        assert invitation.status == Invitation.Status.PENDING
        assert len(mailoutbox) == 2
        assert f"/invite/{new_token}/" in mailoutbox[1].body
        assert_audited("invitation.resend", actor=pr_admin.user, organization=org, target=invitation)

    def test_it_refuses_accepted_and_revoked_invitations(self, pr_admin, org):
        accepted = InvitationFactory(organization=org, accepted_at=timezone.now())
        revoked = InvitationFactory(organization=org, revoked_at=timezone.now())
        for invitation in (accepted, revoked):
            with pytest.raises(ApplicationError):
                services.invitation_resend(member=pr_admin, invitation=invitation)
        assert not AuditEvent.objects.filter(action="invitation.resend").exists()

    def test_it_refuses_a_member_of_another_organization(self, outsider_admin, org):
        invitation = InvitationFactory(organization=org)
        with pytest.raises(ApplicationError) as caught:
            services.invitation_resend(member=outsider_admin, invitation=invitation)
        assert caught.value.code == "forbidden"

    def test_it_refuses_a_coordinator_on_an_invitation_for_a_higher_role(self, coordinator, org):
        invitation = InvitationFactory(organization=org, role=Role.ADMIN)
        with pytest.raises(ApplicationError) as caught:
            services.invitation_resend(member=coordinator, invitation=invitation)
        assert caught.value.code == "forbidden"


class TestInvitationRevoke:
    def test_it_revokes_with_an_audit_row(self, invite, pr_admin, org):
        invitation, _token = invite()

        services.invitation_revoke(member=pr_admin, invitation=invitation)

        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.REVOKED
        assert_audited("invitation.revoke", actor=pr_admin.user, organization=org, target=invitation)

    def test_it_is_idempotent(self, invite, pr_admin):
        invitation, _token = invite()
        services.invitation_revoke(member=pr_admin, invitation=invitation)
        services.invitation_revoke(member=pr_admin, invitation=invitation)

        assert AuditEvent.objects.filter(action="invitation.revoke").count() == 1

    def test_it_refuses_an_accepted_invitation(self, pr_admin, org):
        invitation = InvitationFactory(organization=org, accepted_at=timezone.now())
        with pytest.raises(ApplicationError):
            services.invitation_revoke(member=pr_admin, invitation=invitation)

    def test_it_refuses_a_member_of_another_organization(self, outsider_admin, org):
        invitation = InvitationFactory(organization=org)
        with pytest.raises(ApplicationError):
            services.invitation_revoke(member=outsider_admin, invitation=invitation)
        invitation.refresh_from_db()
        assert invitation.revoked_at is None


class TestInvitationAccept:
    def test_it_creates_the_account_and_membership_for_a_new_user(self, invite, org, unit_media):
        invitation, _token = invite(email="baru@contoh.test", unit=unit_media)

        membership = services.invitation_accept(invitation=invitation, full_name="Dewi Baru", password=NEW_PASSWORD)

        user = User.objects.get(email="baru@contoh.test")
        assert user.full_name == "Dewi Baru"
        assert user.check_password(NEW_PASSWORD)
        assert membership.user == user
        assert (membership.organization, membership.role, membership.unit) == (org, Role.AMBASSADOR, unit_media)
        assert membership.is_active
        invitation.refresh_from_db()
        assert invitation.accepted_by == user
        assert invitation.status == Invitation.Status.ACCEPTED

    def test_it_writes_audit_rows_as_the_new_user(self, invite, org):
        invitation, _token = invite()

        membership = services.invitation_accept(invitation=invitation, full_name="Dewi Baru", password=NEW_PASSWORD)

        event = assert_audited("invitation.accept", actor=membership.user, organization=org, target=invitation)
        assert event.changes == {"role": "ambassador"}
        assert_audited("user.create", actor=membership.user, organization=None, target=membership.user)

    def test_it_is_single_use(self, invite):
        invitation, _token = invite()
        services.invitation_accept(invitation=invitation, full_name="Dewi Baru", password=NEW_PASSWORD)
        invitation.refresh_from_db()

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, user=User.objects.get(email="baru@contoh.test"))

        assert caught.value.code == "used"
        assert AuditEvent.objects.filter(action="invitation.accept").count() == 1

    def test_it_claims_the_invitation_race_safely(self, invite):
        invitation, _token = invite(email="kedua@contoh.test")
        first = Invitation.objects.get(pk=invitation.pk)
        second = Invitation.objects.get(pk=invitation.pk)  # loaded before the first click commits
        user = UserFactory(email=invitation.email)

        services.invitation_accept(invitation=first, user=user)
        assert second.accepted_at is None  # the stale copy still looks usable ...
        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=second, user=user)  # ... but the conditional claim fails

        assert caught.value.code == "used"
        assert Membership.objects.filter(user=user).count() == 1
        assert AuditEvent.objects.filter(action="invitation.accept").count() == 1

    def test_a_lost_race_creates_no_account(self, invite):
        invitation, _token = invite()
        stale = Invitation.objects.get(pk=invitation.pk)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())  # the other click won

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=stale, full_name="Dewi Baru", password=NEW_PASSWORD)

        assert caught.value.code == "used"
        assert not User.objects.filter(email="baru@contoh.test").exists()
        assert not AuditEvent.objects.filter(action__in=["user.create", "invitation.accept"]).exists()

    def test_it_refuses_an_expired_invitation(self, org):
        invitation = InvitationFactory(organization=org, expires_at=timezone.now() - timedelta(seconds=1))

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, full_name="X", password=NEW_PASSWORD)

        assert caught.value.code == "expired"
        assert not User.objects.filter(email=invitation.email).exists()

    def test_it_refuses_a_revoked_invitation(self, invite, pr_admin):
        invitation, _token = invite()
        services.invitation_revoke(member=pr_admin, invitation=invitation)

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, full_name="X", password=NEW_PASSWORD)
        assert caught.value.code == "revoked"

    def test_it_refuses_a_missing_invitation(self, db):
        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=None, full_name="X", password=NEW_PASSWORD)  # type: ignore[arg-type]
        assert caught.value.code == "invalid"

    def test_it_refuses_the_wrong_logged_in_account(self, invite, outsider_admin, org):
        invitation, _token = invite()

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, user=outsider_admin.user)

        assert caught.value.code == "wrong_account"
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING
        assert not Membership.objects.filter(organization=org, user=outsider_admin.user).exists()

    def test_it_accepts_for_the_logged_in_owner_of_the_address(self, invite, outsider_admin, org, unit_humas):
        invitation, _token = invite(
            email=outsider_admin.user.email.upper(),
            role=Role.COORDINATOR,
            unit=unit_humas,
            coordinated_units=[unit_humas],
        )

        membership = services.invitation_accept(invitation=invitation, user=outsider_admin.user)

        assert (membership.organization, membership.role, membership.unit) == (org, Role.COORDINATOR, unit_humas)
        assert list(membership.coordinated_units.all()) == [unit_humas]
        assert_audited("invitation.accept", actor=outsider_admin.user, organization=org, target=invitation)

    def test_it_refuses_a_new_account_for_an_address_that_has_one(self, invite, outsider_admin):
        invitation, _token = invite(email=outsider_admin.user.email)

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, full_name="X", password=NEW_PASSWORD)

        assert caught.value.field == "email"
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_it_refuses_a_weak_password_and_leaves_the_invitation_open(self, invite):
        invitation, _token = invite()

        with pytest.raises(ApplicationError) as caught:
            services.invitation_accept(invitation=invitation, full_name="Dewi Baru", password="12345")

        assert caught.value.field == "password"
        assert not User.objects.filter(email="baru@contoh.test").exists()
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_it_reactivates_a_former_member(self, invite, org, unit_ditjen):
        former = MembershipFactory(
            organization=org, role=Role.VIEWER, is_active=False, user=UserFactory(email="lama@contoh.test")
        )
        invitation, _token = invite(email="lama@contoh.test", unit=unit_ditjen)

        membership = services.invitation_accept(invitation=invitation, user=former.user)

        assert membership.pk == former.pk
        former.refresh_from_db()
        assert (former.is_active, former.role, former.unit) == (True, Role.AMBASSADOR, unit_ditjen)

    def test_it_drops_a_unit_archived_since_the_invitation(self, invite, pr_admin, unit_ditjen):
        invitation, _token = invite(unit=unit_ditjen)
        services.unit_archive(member=pr_admin, unit=unit_ditjen)
        invitation.refresh_from_db()

        membership = services.invitation_accept(invitation=invitation, full_name="Dewi Baru", password=NEW_PASSWORD)

        assert membership.unit is None

    def test_the_existing_password_of_a_logged_in_user_is_kept(self, invite, outsider_admin):
        invitation, _token = invite(email=outsider_admin.user.email)

        services.invitation_accept(invitation=invitation, user=outsider_admin.user)

        outsider_admin.user.refresh_from_db()
        assert outsider_admin.user.check_password(PASSWORD)
