from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from duta.organizations.models import Role, Unit
from tests.factories import MembershipFactory, UnitFactory
from tests.organizations.helpers import assert_audited


def units_url(slug: str = "contoh") -> str:
    return reverse("api:unit_list", args=[slug])


def members_url(slug: str = "contoh") -> str:
    return reverse("api:member_list", args=[slug])


def post_json(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


class TestApiAccess:
    @pytest.mark.parametrize("url", [units_url, members_url])
    def test_an_unauthenticated_caller_gets_403(self, client, org, url):
        response = client.get(url())
        assert response.status_code == 403
        assert "detail" in response.json()

    def test_an_unauthenticated_post_gets_403(self, client, org):
        assert post_json(client, units_url(), {"name": "Biro Baru"}).status_code == 403
        assert not Unit.objects.filter(name="Biro Baru").exists()

    @pytest.mark.parametrize("url", [units_url, members_url])
    def test_a_member_of_another_organization_gets_404(self, client_for, outsider_admin, org, url):
        assert client_for(outsider_admin).get(url()).status_code == 404

    def test_a_member_of_another_organization_cannot_post_a_unit(self, client_for, outsider_admin, org):
        response = post_json(client_for(outsider_admin), units_url(), {"name": "Biro Liar"})

        assert response.status_code == 404
        assert not Unit.objects.filter(name="Biro Liar").exists()

    def test_an_unknown_organization_is_404(self, client_for, pr_admin):
        assert client_for(pr_admin).get(units_url("tidak-ada")).status_code == 404

    @pytest.mark.parametrize(
        ("persona", "url", "expected"),
        [
            ("ambassador", units_url, 403),
            ("ambassador", members_url, 403),
            ("viewer", members_url, 403),
            ("viewer", units_url, 200),
            ("coordinator", members_url, 200),
        ],
    )
    def test_roles_open_what_they_may(self, request, client_for, persona, url, expected):
        assert client_for(request.getfixturevalue(persona)).get(url()).status_code == expected

    @pytest.mark.parametrize("persona", ["ambassador", "viewer"])
    def test_roles_that_cannot_create_units_get_403(self, request, client_for, unit_media, persona):
        client = client_for(request.getfixturevalue(persona))

        assert post_json(client, units_url(), {"name": "Tim Liar"}).status_code == 403
        assert post_json(client, units_url(), {"name": "Tim Liar", "parent": unit_media.pk}).status_code == 403
        assert not Unit.objects.filter(name="Tim Liar").exists()


class TestUnitListApi:
    def test_an_admin_lists_every_unit_of_the_organization(
        self, client_for, pr_admin, ambassador, unit_setjen, unit_humas, unit_media, unit_ditjen, outsider_admin
    ):
        UnitFactory(organization=outsider_admin.organization, name="Unit Lain")

        data = client_for(pr_admin).get(units_url()).json()

        assert data["count"] == 4
        by_name = {row["name"]: row for row in data["results"]}
        assert set(by_name) == {"Sekretariat Jenderal", "Biro Humas", "Bagian Media", "Direktorat Jenderal A"}
        assert by_name["Bagian Media"] == {
            "id": unit_media.pk,
            "name": "Bagian Media",
            "parent": unit_humas.pk,
            "depth": 2,
            "archived": False,
            "member_count": 1,
        }

    def test_a_coordinator_lists_only_their_subtree(self, client_for, coordinator, unit_setjen, unit_ditjen):
        data = client_for(coordinator).get(units_url()).json()
        assert {row["name"] for row in data["results"]} == {"Biro Humas", "Bagian Media"}

    def test_an_admin_creates_a_unit_with_an_audit_row(self, client_for, pr_admin, org, unit_setjen):
        response = post_json(client_for(pr_admin), units_url(), {"name": "Biro Hukum", "parent": unit_setjen.pk})

        assert response.status_code == 201
        unit = Unit.objects.get(name="Biro Hukum")
        assert response.json()["id"] == unit.pk
        assert response.json()["depth"] == 1
        assert unit.path == f"{unit_setjen.path}{unit.pk}/"
        event = assert_audited("unit.create", actor=pr_admin.user, organization=org, target=unit)
        assert event.ip_address == "127.0.0.1"

    def test_an_admin_creates_a_top_level_unit(self, client_for, pr_admin):
        response = post_json(client_for(pr_admin), units_url(), {"name": "Inspektorat"})

        assert response.status_code == 201
        assert response.json()["parent"] is None

    def test_a_refused_creation_answers_400_with_detail(self, client_for, pr_admin, unit_setjen, unit_humas):
        response = post_json(client_for(pr_admin), units_url(), {"name": "BIRO HUMAS", "parent": unit_setjen.pk})

        assert response.status_code == 400
        body = response.json()
        assert body["detail"]
        assert body["field"] == "name"
        assert Unit.objects.filter(parent=unit_setjen).count() == 1

    def test_an_invalid_payload_answers_400(self, client_for, pr_admin):
        response = post_json(client_for(pr_admin), units_url(), {"parent": "x"})
        assert response.status_code == 400
        assert set(response.json()) >= {"name", "parent"}

    def test_a_coordinator_creates_inside_their_subtree(self, client_for, coordinator, org, unit_media):
        response = post_json(client_for(coordinator), units_url(), {"name": "Tim Foto", "parent": unit_media.pk})

        assert response.status_code == 201
        assert_audited(
            "unit.create", actor=coordinator.user, organization=org, target=Unit.objects.get(name="Tim Foto")
        )

    def test_a_coordinator_cannot_create_outside_their_subtree(self, client_for, coordinator, unit_ditjen):
        client = client_for(coordinator)

        assert post_json(client, units_url(), {"name": "Tim Liar", "parent": unit_ditjen.pk}).status_code == 404
        assert post_json(client, units_url(), {"name": "Tim Liar"}).status_code == 403
        assert not Unit.objects.filter(name="Tim Liar").exists()

    def test_a_parent_of_another_organization_is_404(self, client_for, pr_admin, outsider_admin):
        foreign = UnitFactory(organization=outsider_admin.organization)

        response = post_json(client_for(pr_admin), units_url(), {"name": "Biro", "parent": foreign.pk})

        assert response.status_code == 404
        assert not foreign.children.exists()


class TestMemberListApi:
    def test_an_admin_lists_every_member(
        self, client_for, pr_admin, coordinator, ambassador, viewer, other_unit_member, outsider_admin
    ):
        data = client_for(pr_admin).get(members_url()).json()

        assert data["count"] == 5
        assert "admin@lain.test" not in {row["email"] for row in data["results"]}
        row = next(r for r in data["results"] if r["email"] == "duta@contoh.test")
        assert row == {
            "id": ambassador.pk,
            "email": "duta@contoh.test",
            "full_name": "Putri Duta",
            "role": "ambassador",
            "unit": ambassador.unit_id,
            "is_active": True,
        }

    def test_a_coordinator_lists_only_their_subtree(
        self, client_for, coordinator, ambassador, other_unit_member, pr_admin
    ):
        data = client_for(coordinator).get(members_url()).json()
        assert {row["email"] for row in data["results"]} == {"pic@contoh.test", "duta@contoh.test"}

    def test_it_filters_by_role_and_text(self, client_for, pr_admin, coordinator, ambassador, other_unit_member):
        client = client_for(pr_admin)

        by_role = client.get(members_url(), {"role": "coordinator"}).json()
        by_text = client.get(members_url(), {"q": "Sari"}).json()

        assert [row["email"] for row in by_role["results"]] == ["pic@contoh.test"]
        assert [row["email"] for row in by_text["results"]] == ["lain@contoh.test"]

    def test_a_coordinator_cannot_find_others_by_search(self, client_for, coordinator, other_unit_member):
        data = client_for(coordinator).get(members_url(), {"q": "lain"}).json()
        assert data["count"] == 0

    def test_it_pages_with_a_bounded_number_of_queries(
        self, client_for, pr_admin, org, unit_media, django_assert_max_num_queries
    ):
        MembershipFactory.create_batch(30, organization=org, unit=unit_media, role=Role.AMBASSADOR)
        client = client_for(pr_admin)
        client.get(members_url())

        with django_assert_max_num_queries(8):
            data = client.get(members_url(), {"limit": 50}).json()

        assert data["count"] == 31
        assert len(data["results"]) == 31
