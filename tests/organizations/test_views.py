from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duta.core.audit import audit_record
from duta.core.models import AuditEvent
from duta.organizations.models import Invitation, Role, Unit
from tests.factories import InvitationFactory, MembershipFactory, UnitFactory, UserFactory
from tests.organizations.helpers import assert_audited

HTMX = {"HX-Request": "true"}


def url(name: str, *args) -> str:
    return reverse(f"organizations:{name}", args=["contoh", *args])


def template_names(response) -> list[str]:
    return [t.name for t in response.templates if t.name]


@pytest.fixture
def invitation(org, pr_admin):
    return InvitationFactory(organization=org, invited_by=pr_admin.user, email="tamu@contoh.test")


@pytest.fixture
def org_pages(unit_humas, ambassador, invitation):
    """Every page under /o/contoh/, as (method, url)."""
    return [
        ("get", url("organization_home")),
        ("get", url("unit_list")),
        ("post", url("unit_list")),
        ("get", url("unit_detail", unit_humas.pk)),
        ("post", url("unit_detail", unit_humas.pk)),
        ("get", url("member_list")),
        ("get", url("member_detail", ambassador.pk)),
        ("post", url("member_detail", ambassador.pk)),
        ("get", url("invitation_list")),
        ("post", url("invitation_list")),
        ("post", url("invitation_action", invitation.pk, "resend")),
        ("post", url("invitation_action", invitation.pk, "revoke")),
        ("get", url("audit_log")),
    ]


ADMIN_PAGES = [
    ("get", "unit_list"),
    ("get", "unit_detail"),
    ("get", "member_list"),
    ("get", "member_detail"),
    ("get", "invitation_list"),
    ("post", "invitation_list"),
    ("post", "invitation_action"),
    ("get", "audit_log"),
]


class TestOrganizationPagesForOutsiders:
    def test_a_member_of_another_organization_gets_404_everywhere(self, client_for, outsider_admin, org_pages):
        client = client_for(outsider_admin)
        data = {"action": "delete", "name": "x", "email": "x@contoh.test", "role": "admin"}

        for method, page in org_pages:
            response = getattr(client, method)(page, data if method == "post" else None)
            assert response.status_code == 404, (method, page)

        assert Unit.objects.filter(organization__slug="contoh").count() == 3
        assert not Invitation.objects.filter(revoked_at__isnull=False).exists()
        assert not AuditEvent.objects.exists()

    def test_a_former_member_gets_404(self, client_for, ambassador):
        ambassador.is_active = False
        ambassador.save()
        assert client_for(ambassador).get(url("organization_home")).status_code == 404

    def test_an_unknown_organization_is_404(self, client_for, pr_admin):
        assert (
            client_for(pr_admin).get(reverse("organizations:organization_home", args=["tidak-ada"])).status_code == 404
        )

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, org_pages):
        for method, page in org_pages:
            response = getattr(client, method)(page)
            assert response.status_code == 302, (method, page)
            assert response.url.startswith(reverse("accounts:login"))

    def test_objects_of_another_organization_are_404_under_one_s_own_slug(self, client_for, pr_admin, outsider_admin):
        foreign_unit = UnitFactory(organization=outsider_admin.organization)
        foreign_invitation = InvitationFactory(organization=outsider_admin.organization, invited_by=outsider_admin.user)
        client = client_for(pr_admin)

        assert client.get(url("unit_detail", foreign_unit.pk)).status_code == 404
        assert client.get(url("member_detail", outsider_admin.pk)).status_code == 404
        assert client.post(url("invitation_action", foreign_invitation.pk, "revoke")).status_code == 404
        foreign_invitation.refresh_from_db()
        assert foreign_invitation.revoked_at is None


class TestOrganizationPagesByRole:
    @pytest.fixture
    def pages(self, unit_humas, ambassador, invitation):
        return {
            "unit_list": url("unit_list"),
            "unit_detail": url("unit_detail", unit_humas.pk),
            "member_list": url("member_list"),
            "member_detail": url("member_detail", ambassador.pk),
            "invitation_list": url("invitation_list"),
            "invitation_action": url("invitation_action", invitation.pk, "revoke"),
            "audit_log": url("audit_log"),
        }

    @pytest.mark.parametrize(("method", "page"), ADMIN_PAGES)
    def test_an_ambassador_gets_403_on_admin_pages(self, client_for, ambassador, pages, method, page):
        response = getattr(client_for(ambassador), method)(pages[page])
        assert response.status_code == 403

    def test_an_ambassador_does_not_change_anything_through_admin_pages(
        self, client_for, ambassador, invitation, pages
    ):
        client = client_for(ambassador)
        client.post(pages["invitation_action"])
        client.post(pages["invitation_list"], {"email": "x@contoh.test", "role": "ambassador"})

        invitation.refresh_from_db()
        assert invitation.revoked_at is None
        assert Invitation.objects.count() == 1

    def test_an_ambassador_sees_their_start_page(self, client_for, ambassador):
        response = client_for(ambassador).get(url("organization_home"))

        assert response.status_code == 200
        assert "organizations/start.html" in template_names(response)
        assert "organizations/home.html" not in template_names(response)
        assert "Bagian Media" in response.content.decode()

    @pytest.mark.parametrize(
        ("page", "expected"),
        [
            ("unit_list", 200),
            ("unit_detail", 200),
            ("member_list", 403),
            ("member_detail", 403),
            ("invitation_list", 403),
            ("audit_log", 403),
        ],
    )
    def test_a_viewer_sees_units_but_not_people(self, client_for, viewer, pages, page, expected):
        assert client_for(viewer).get(pages[page]).status_code == expected

    def test_a_viewer_cannot_change_a_unit(self, client_for, viewer, unit_humas):
        response = client_for(viewer).post(url("unit_detail", unit_humas.pk), {"action": "rename", "name": "Baru"})

        assert response.status_code == 403
        unit_humas.refresh_from_db()
        assert unit_humas.name == "Biro Humas"

    @pytest.mark.parametrize("page", ["invitation_list", "unit_list", "member_list"])
    def test_a_coordinator_opens_the_pages_of_their_role(self, client_for, coordinator, pages, page):
        assert client_for(coordinator).get(pages[page]).status_code == 200

    def test_a_coordinator_gets_403_on_the_audit_log(self, client_for, coordinator):
        assert client_for(coordinator).get(url("audit_log")).status_code == 403

    def test_an_admin_sees_the_overview(self, client_for, pr_admin, ambassador, unit_setjen):
        response = client_for(pr_admin).get(url("organization_home"))

        assert response.status_code == 200
        assert "organizations/home.html" in template_names(response)
        assert response.context["counts"]["ambassadors"] == 1
        assert "Sekretariat Jenderal" in response.content.decode()


class TestHomeView:
    def test_it_sends_a_member_of_one_organization_there(self, client_for, ambassador):
        response = client_for(ambassador).get(reverse("organizations:home"))
        assert response.status_code == 302
        assert response.url == url("organization_home")

    def test_it_lets_a_member_of_several_organizations_choose(self, client_for, pr_admin, outsider_admin):
        MembershipFactory(user=pr_admin.user, organization=outsider_admin.organization, role=Role.VIEWER)

        response = client_for(pr_admin).get(reverse("organizations:home"))

        assert response.status_code == 200
        assert "organizations/choose.html" in template_names(response)

    def test_it_remembers_the_last_organization(self, client_for, pr_admin, outsider_admin):
        MembershipFactory(user=pr_admin.user, organization=outsider_admin.organization, role=Role.VIEWER)
        client = client_for(pr_admin)
        client.get(reverse("organizations:organization_home", args=["lain"]))

        response = client.get(reverse("organizations:home"))

        assert response.url == reverse("organizations:organization_home", args=["lain"])


class TestCoordinatorScopeInViews:
    def test_a_coordinator_cannot_open_another_unit_s_member(self, client_for, coordinator, other_unit_member):
        response = client_for(coordinator).get(url("member_detail", other_unit_member.pk))
        assert response.status_code == 404

    def test_a_coordinator_cannot_change_another_unit_s_member(self, client_for, coordinator, other_unit_member):
        response = client_for(coordinator).post(url("member_detail", other_unit_member.pk), {"action": "deactivate"})

        assert response.status_code == 404
        other_unit_member.refresh_from_db()
        assert other_unit_member.is_active

    def test_a_coordinator_does_not_see_another_unit_s_member_listed(
        self, client_for, coordinator, ambassador, other_unit_member
    ):
        response = client_for(coordinator).get(url("member_list"))

        body = response.content.decode()
        assert "duta@contoh.test" in body
        assert "lain@contoh.test" not in body
        assert "Sari Lain" not in body
        assert other_unit_member not in response.context["page"].object_list

    def test_a_coordinator_does_not_find_another_unit_s_member_by_search(
        self, client_for, coordinator, other_unit_member
    ):
        response = client_for(coordinator).get(url("member_list"), {"q": "lain"})
        assert "lain@contoh.test" not in response.content.decode()

    def test_a_coordinator_cannot_open_a_unit_outside_their_subtree(
        self, client_for, coordinator, unit_setjen, unit_ditjen
    ):
        client = client_for(coordinator)
        assert client.get(url("unit_detail", unit_ditjen.pk)).status_code == 404
        assert client.get(url("unit_detail", unit_setjen.pk)).status_code == 404

    def test_a_coordinator_s_unit_tree_lists_only_their_subtree(self, client_for, coordinator, unit_ditjen):
        body = client_for(coordinator).get(url("unit_list")).content.decode()
        assert "Bagian Media" in body
        assert "Direktorat Jenderal A" not in body


class TestHtmxPartials:
    @pytest.mark.parametrize(
        ("page", "target", "marker"),
        [
            ("member_list", "rows", 'id="rows"'),
            ("unit_list", "tree", 'id="tree"'),
            ("invitation_list", "rows", 'id="rows"'),
            ("audit_log", "rows", 'id="rows"'),
        ],
    )
    def test_an_htmx_request_gets_only_the_partial(
        self, client_for, pr_admin, ambassador, unit_media, invitation, page, target, marker
    ):
        audit_record(actor=pr_admin.user, organization=pr_admin.organization, action="unit.create")
        client = client_for(pr_admin)

        full = client.get(url(page)).content.decode()
        partial = client.get(url(page), headers={**HTMX, "HX-Target": target}).content.decode()

        assert "<html" in full
        assert marker in full
        assert marker in partial
        for frame in ("<html", "<head", "<body", "<header", "<footer"):
            assert frame not in partial, frame
        assert partial.lstrip().startswith("<div")
        assert len(partial) < len(full)

    def test_the_member_rows_partial_applies_the_filters(self, client_for, pr_admin, ambassador, other_unit_member):
        response = client_for(pr_admin).get(url("member_list"), {"q": "putri"}, headers={**HTMX, "HX-Target": "rows"})

        body = response.content.decode()
        assert "duta@contoh.test" in body
        assert "lain@contoh.test" not in body

    def test_a_boosted_request_gets_the_whole_page(self, client_for, pr_admin):
        response = client_for(pr_admin).get(
            url("member_list"), headers={**HTMX, "HX-Boosted": "true", "HX-Target": "rows"}
        )
        assert "<html" in response.content.decode()


class TestQueryBudgets:
    """The first request of a session also stores the organization in it: measure from the second on."""

    def queries_for(self, client, page) -> int:
        client.get(page)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200
        return len(captured)

    def test_the_member_list_does_not_grow_with_the_members(
        self, client_for, pr_admin, org, unit_media, unit_ditjen, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)
        MembershipFactory.create_batch(3, organization=org, unit=unit_media)
        few = self.queries_for(client, url("member_list"))

        MembershipFactory.create_batch(15, organization=org, unit=unit_media)
        MembershipFactory.create_batch(15, organization=org, unit=unit_ditjen, role=Role.VIEWER)
        with django_assert_max_num_queries(10):
            response = client.get(url("member_list"))
        assert len(response.context["page"].object_list) == 34
        assert self.queries_for(client, url("member_list")) == few

    def test_the_coordinator_s_member_list_does_not_grow_with_the_members(
        self, client_for, coordinator, org, unit_media, django_assert_max_num_queries
    ):
        client = client_for(coordinator)
        client.get(url("member_list"))
        MembershipFactory.create_batch(30, organization=org, unit=unit_media)
        with django_assert_max_num_queries(11):
            response = client.get(url("member_list"))
        assert len(response.context["page"].object_list) == 31

    def test_the_unit_tree_does_not_grow_with_the_units(
        self, client_for, pr_admin, org, unit_setjen, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)
        few = self.queries_for(client, url("unit_list"))
        for number in range(30):
            unit = UnitFactory(parent=unit_setjen, name=f"Biro {number}")
            MembershipFactory(organization=org, unit=unit)
        with django_assert_max_num_queries(8):
            client.get(url("unit_list"))
        assert self.queries_for(client, url("unit_list")) == few

    def test_the_invitation_list_does_not_grow_with_the_invitations(
        self, client_for, pr_admin, org, unit_media, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)
        InvitationFactory(organization=org, invited_by=pr_admin.user, unit=unit_media)
        few = self.queries_for(client, url("invitation_list"))
        InvitationFactory.create_batch(30, organization=org, invited_by=pr_admin.user, unit=unit_media)
        with django_assert_max_num_queries(10):
            client.get(url("invitation_list"))
        assert self.queries_for(client, url("invitation_list")) == few

    def test_the_audit_log_does_not_grow_with_the_events(
        self, client_for, pr_admin, org, django_assert_max_num_queries
    ):
        client = client_for(pr_admin)
        audit_record(actor=pr_admin.user, organization=org, action="unit.create")
        few = self.queries_for(client, url("audit_log"))
        for number in range(30):
            audit_record(actor=pr_admin.user, organization=org, action=f"test.action{number % 3}", target=pr_admin)
        with django_assert_max_num_queries(9):
            client.get(url("audit_log"))
        assert self.queries_for(client, url("audit_log")) == few

    def test_the_admin_home_stays_within_budget(
        self, client_for, pr_admin, org, unit_setjen, django_assert_max_num_queries
    ):
        for number in range(20):
            UnitFactory(parent=unit_setjen, name=f"Biro {number}")
        MembershipFactory.create_batch(20, organization=org, unit=unit_setjen)
        client = client_for(pr_admin)
        client.get(url("organization_home"))
        with django_assert_max_num_queries(11):
            client.get(url("organization_home"))


class TestUnitViews:
    def test_an_admin_creates_a_unit_from_the_form(self, client_for, pr_admin, org, unit_setjen):
        response = client_for(pr_admin).post(url("unit_list"), {"name": "Biro Hukum", "parent": unit_setjen.pk})

        assert response.status_code == 302
        unit = Unit.objects.get(name="Biro Hukum")
        assert unit.parent == unit_setjen
        assert_audited("unit.create", actor=pr_admin.user, organization=org, target=unit)

    def test_a_refused_create_shows_the_error_on_the_form(self, client_for, pr_admin, unit_setjen, unit_humas):
        response = client_for(pr_admin).post(url("unit_list"), {"name": "biro humas", "parent": unit_setjen.pk})

        assert response.status_code == 200
        assert response.context["form"].errors["name"]
        assert Unit.objects.filter(parent=unit_setjen).count() == 1

    def test_a_coordinator_cannot_pick_a_parent_outside_their_subtree(self, client_for, coordinator, unit_ditjen):
        response = client_for(coordinator).post(url("unit_list"), {"name": "Tim Liar", "parent": unit_ditjen.pk})

        assert response.status_code == 200
        assert response.context["form"].errors["parent"]
        assert not Unit.objects.filter(name="Tim Liar").exists()

    def test_rename_move_archive_and_delete_through_the_detail_page(
        self, client_for, pr_admin, org, unit_setjen, unit_ditjen
    ):
        client = client_for(pr_admin)
        unit = UnitFactory(parent=unit_setjen, name="Biro Sementara")
        page = url("unit_detail", unit.pk)

        assert client.post(page, {"action": "rename", "name": "Biro Tetap"}).status_code == 302
        assert client.post(page, {"action": "move", "parent": unit_ditjen.pk}).status_code == 302
        assert client.post(page, {"action": "archive"}).status_code == 302
        unit.refresh_from_db()
        assert (unit.name, unit.parent, unit.is_archived) == ("Biro Tetap", unit_ditjen, True)
        assert unit.path == f"{unit_ditjen.path}{unit.pk}/"

        response = client.post(page, {"action": "delete"})
        assert response.status_code == 302
        assert response.url == url("unit_list")
        assert not Unit.objects.filter(pk=unit.pk).exists()
        assert [e.action for e in AuditEvent.objects.filter(target_id=str(unit.pk)).order_by("pk")] == [
            "unit.rename",
            "unit.move",
            "unit.archive",
            "unit.delete",
        ]

    def test_a_refused_action_is_shown_as_a_message(self, client_for, pr_admin, ambassador, unit_media):
        pr_admin.user.language = "en"
        pr_admin.user.save()

        response = client_for(pr_admin).post(url("unit_detail", unit_media.pk), {"action": "delete"})

        assert response.status_code == 200
        messages = [str(m) for m in response.context["messages"]]
        assert len(messages) == 1
        assert "Archive it instead" in messages[0]
        assert "Archive it instead" in response.content.decode()
        assert Unit.objects.filter(pk=unit_media.pk).exists()

    def test_a_coordinator_gets_403_changing_their_own_root(self, client_for, coordinator, unit_humas):
        response = client_for(coordinator).post(url("unit_detail", unit_humas.pk), {"action": "archive"})

        assert response.status_code == 403
        unit_humas.refresh_from_db()
        assert not unit_humas.is_archived

    def test_a_unit_cannot_be_moved_under_its_own_descendant_from_the_page(
        self, client_for, pr_admin, unit_humas, unit_media
    ):
        response = client_for(pr_admin).post(
            url("unit_detail", unit_humas.pk), {"action": "move", "parent": unit_media.pk}
        )

        assert response.status_code == 200
        assert response.context["move_form"].errors["parent"]
        unit_humas.refresh_from_db()
        assert unit_humas.parent_id != unit_media.pk


class TestMemberViews:
    def test_an_admin_changes_a_member_s_unit(self, client_for, pr_admin, org, ambassador, unit_ditjen):
        response = client_for(pr_admin).post(
            url("member_detail", ambassador.pk), {"action": "update", "role": "ambassador", "unit": unit_ditjen.pk}
        )

        assert response.status_code == 302
        ambassador.refresh_from_db()
        assert ambassador.unit == unit_ditjen
        assert_audited("membership.update", actor=pr_admin.user, organization=org, target=ambassador)

    def test_the_last_admin_cannot_demote_themselves_from_the_page(self, client_for, pr_admin):
        response = client_for(pr_admin).post(url("member_detail", pr_admin.pk), {"action": "update", "role": "viewer"})

        assert response.status_code == 200
        assert response.context["form"].errors["role"]
        pr_admin.refresh_from_db()
        assert pr_admin.role == Role.ADMIN

    def test_a_coordinator_cannot_promote_from_the_page(self, client_for, coordinator, ambassador, unit_media):
        response = client_for(coordinator).post(
            url("member_detail", ambassador.pk),
            {"action": "update", "role": "coordinator", "unit": unit_media.pk, "coordinated_units": [unit_media.pk]},
        )

        assert response.status_code == 200
        assert response.context["form"].errors
        ambassador.refresh_from_db()
        assert ambassador.role == Role.AMBASSADOR

    def test_a_coordinator_deactivates_an_ambassador_of_their_subtree(self, client_for, coordinator, org, ambassador):
        response = client_for(coordinator).post(url("member_detail", ambassador.pk), {"action": "deactivate"})

        assert response.status_code == 302
        ambassador.refresh_from_db()
        assert not ambassador.is_active
        assert_audited("membership.deactivate", actor=coordinator.user, organization=org, target=ambassador)


class TestInvitationViews:
    def test_an_admin_resends_and_revokes(
        self, client_for, pr_admin, org, invitation, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(pr_admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("invitation_action", invitation.pk, "resend"))
        assert response.status_code == 302
        assert len(mailoutbox) == 1

        client.post(url("invitation_action", invitation.pk, "revoke"))

        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.REVOKED
        assert_audited("invitation.resend", actor=pr_admin.user, organization=org, target=invitation)
        assert_audited("invitation.revoke", actor=pr_admin.user, organization=org, target=invitation)

    def test_an_unknown_action_changes_nothing(self, client_for, pr_admin, invitation):
        response = client_for(pr_admin).post(url("invitation_action", invitation.pk, "accept"))

        assert response.status_code == 404
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_actions_are_post_only(self, client_for, pr_admin, invitation):
        assert client_for(pr_admin).get(url("invitation_action", invitation.pk, "revoke")).status_code == 405

    def test_a_coordinator_cannot_touch_an_admin_s_invitation(self, client_for, coordinator, invitation):
        response = client_for(coordinator).post(url("invitation_action", invitation.pk, "revoke"))

        assert response.status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_a_coordinator_is_offered_only_the_ambassador_role_and_their_units(
        self, client_for, coordinator, unit_humas, unit_media, unit_ditjen
    ):
        form = client_for(coordinator).get(url("invitation_list")).context["form"]

        assert [value for value, _label in form.fields["role"].choices] == ["ambassador"]
        assert set(form.fields["unit"].queryset) == {unit_humas, unit_media}

    def test_the_list_filters_by_status(self, client_for, pr_admin, org, invitation):
        accepted = InvitationFactory(organization=org, invited_by=pr_admin.user, accepted_by=UserFactory())
        Invitation.objects.filter(pk=accepted.pk).update(accepted_at=accepted.created_at)

        response = client_for(pr_admin).get(url("invitation_list"), {"status": "accepted"})

        assert list(response.context["page"].object_list) == [accepted]


class TestAuditLogView:
    def test_it_lists_only_this_organization_s_events_and_filters(self, client_for, pr_admin, outsider_admin, org):
        audit_record(actor=pr_admin.user, organization=org, action="unit.create")
        audit_record(actor=pr_admin.user, organization=org, action="invitation.create")
        audit_record(actor=outsider_admin.user, organization=outsider_admin.organization, action="unit.secret")
        client = client_for(pr_admin)

        body = client.get(url("audit_log")).content.decode()
        assert "unit.create" in body
        assert "invitation.create" in body
        assert "unit.secret" not in body

        filtered = client.get(url("audit_log"), {"action": "invitation.create"})
        assert [e.action for e in filtered.context["page"].object_list] == ["invitation.create"]

    def test_times_are_shown_in_the_member_s_time_zone(self, client_for, pr_admin, org):
        pr_admin.user.time_zone = "Asia/Jayapura"
        pr_admin.user.save()
        audit_record(actor=pr_admin.user, organization=org, action="unit.create")

        body = client_for(pr_admin).get(url("audit_log")).content.decode()

        assert "WIT" in body
        assert "+09:00" in body
