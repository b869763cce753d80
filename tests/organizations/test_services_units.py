from __future__ import annotations

import pytest
from django.utils import timezone, translation

from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations import services
from duta.organizations.models import Unit
from tests.factories import InvitationFactory, MembershipFactory, OrganizationFactory, UnitFactory
from tests.organizations.helpers import assert_audited


def reload(*units: Unit) -> list[Unit]:
    for unit in units:
        unit.refresh_from_db()
    return list(units)


class TestUnitCreate:
    def test_it_creates_a_top_level_unit_with_its_own_path(self, pr_admin, org):
        unit = services.unit_create(member=pr_admin, name="  Inspektorat   Jenderal ")

        unit.refresh_from_db()
        assert unit.name == "Inspektorat Jenderal"
        assert unit.path == f"/{unit.pk}/"
        assert unit.depth == 0
        assert unit.parent is None
        assert unit.organization == org

    def test_it_builds_path_and_depth_under_a_parent(self, pr_admin, unit_media):
        unit = services.unit_create(member=pr_admin, name="Subbagian Siaran Pers", parent=unit_media)

        unit.refresh_from_db()
        assert unit.path == f"{unit_media.path}{unit.pk}/"
        assert unit.depth == unit_media.depth + 1 == 3
        assert unit.ancestor_ids() == [*unit_media.ancestor_ids(), unit_media.pk]

    def test_it_writes_an_audit_row(self, pr_admin, org, unit_setjen):
        unit = services.unit_create(member=pr_admin, name="Biro Hukum", parent=unit_setjen)

        event = assert_audited("unit.create", actor=pr_admin.user, organization=org, target=unit)
        assert event.target_label == "Biro Hukum"
        assert event.changes == {"parent": "Sekretariat Jenderal"}

    def test_it_rejects_a_sibling_name_clash_case_insensitively(self, pr_admin, unit_setjen, unit_humas):
        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=pr_admin, name="BIRO  humas", parent=unit_setjen)

        assert caught.value.field == "name"
        assert Unit.objects.filter(parent=unit_setjen).count() == 1
        assert not AuditEvent.objects.filter(action="unit.create").exists()

    def test_it_rejects_a_top_level_name_clash_case_insensitively(self, pr_admin, unit_setjen):
        with pytest.raises(ApplicationError):
            services.unit_create(member=pr_admin, name="sekretariat jenderal")

    def test_it_allows_the_same_name_under_another_parent_or_in_another_organization(
        self, pr_admin, unit_setjen, unit_humas, unit_ditjen
    ):
        services.unit_create(member=pr_admin, name="Biro Humas", parent=unit_ditjen)
        UnitFactory(organization=OrganizationFactory(), name="Sekretariat Jenderal")

        assert Unit.objects.filter(name="Biro Humas").count() == 2

    def test_it_allows_the_name_of_an_archived_sibling(self, pr_admin, unit_setjen):
        old = UnitFactory(parent=unit_setjen, name="Biro Lama", archived_at=timezone.now())

        unit = services.unit_create(member=pr_admin, name="Biro Lama", parent=unit_setjen)

        assert unit.pk != old.pk

    @pytest.mark.parametrize("name", ["", "   "])
    def test_it_rejects_an_empty_name(self, pr_admin, name):
        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=pr_admin, name=name)
        assert caught.value.field == "name"

    def test_it_rejects_an_archived_parent(self, pr_admin, unit_ditjen):
        unit_ditjen.archived_at = timezone.now()
        unit_ditjen.save()

        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=pr_admin, name="Baru", parent=unit_ditjen)
        assert caught.value.field == "parent"

    def test_it_rejects_a_parent_of_another_organization(self, pr_admin, outsider_admin):
        foreign = UnitFactory(organization=outsider_admin.organization)

        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=pr_admin, name="Baru", parent=foreign)
        assert caught.value.field == "parent"
        assert not Unit.objects.filter(name="Baru").exists()

    def test_it_lets_a_coordinator_create_inside_their_subtree(self, coordinator, unit_humas, unit_media):
        for parent in (unit_humas, unit_media):
            unit = services.unit_create(member=coordinator, name=f"Tim di {parent.name}", parent=parent)
            assert unit.parent == parent

    @pytest.mark.parametrize("parent_name", [None, "unit_setjen", "unit_ditjen"])
    def test_it_refuses_a_coordinator_outside_their_subtree(self, request, coordinator, parent_name):
        parent = request.getfixturevalue(parent_name) if parent_name else None

        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=coordinator, name="Tim Liar", parent=parent)
        assert caught.value.code == "forbidden"

    @pytest.mark.parametrize("persona", ["ambassador", "viewer"])
    def test_it_refuses_ambassadors_and_viewers(self, request, persona, unit_media):
        member = request.getfixturevalue(persona)

        with pytest.raises(ApplicationError) as caught:
            services.unit_create(member=member, name="Tim", parent=unit_media)
        assert caught.value.code == "forbidden"

    def test_it_refuses_a_tree_deeper_than_the_limit(self, pr_admin, org):
        parent = None
        for level in range(services.MAX_UNIT_DEPTH):
            parent = UnitFactory(organization=org, parent=parent, name=f"Level {level}")
        assert parent is not None
        assert parent.depth == services.MAX_UNIT_DEPTH - 1

        with pytest.raises(ApplicationError):
            services.unit_create(member=pr_admin, name="Too deep", parent=parent)
        # one level less is fine
        services.unit_create(member=pr_admin, name="Deep enough", parent=parent.parent)


class TestUnitRename:
    def test_it_renames_and_writes_an_audit_row(self, pr_admin, org, unit_humas):
        services.unit_rename(member=pr_admin, unit=unit_humas, name="Biro Komunikasi Publik")

        unit_humas.refresh_from_db()
        assert unit_humas.name == "Biro Komunikasi Publik"
        event = assert_audited("unit.rename", actor=pr_admin.user, organization=org, target=unit_humas)
        assert event.changes == {"name": ["Biro Humas", "Biro Komunikasi Publik"]}

    def test_it_rejects_a_sibling_name_clash_case_insensitively(self, pr_admin, unit_setjen, unit_humas):
        other = UnitFactory(parent=unit_setjen, name="Biro Umum")

        with pytest.raises(ApplicationError) as caught:
            services.unit_rename(member=pr_admin, unit=other, name="biro HUMAS")

        assert caught.value.field == "name"
        other.refresh_from_db()
        assert other.name == "Biro Umum"

    def test_it_allows_changing_only_the_case_of_its_own_name(self, pr_admin, unit_humas):
        services.unit_rename(member=pr_admin, unit=unit_humas, name="BIRO HUMAS")

        unit_humas.refresh_from_db()
        assert unit_humas.name == "BIRO HUMAS"

    def test_it_writes_nothing_when_the_name_does_not_change(self, pr_admin, unit_humas):
        services.unit_rename(member=pr_admin, unit=unit_humas, name=" Biro  Humas ")

        assert not AuditEvent.objects.filter(action="unit.rename").exists()

    def test_it_refuses_a_coordinator_on_their_own_root(self, coordinator, unit_humas):
        with pytest.raises(ApplicationError) as caught:
            services.unit_rename(member=coordinator, unit=unit_humas, name="Biro Baru")
        assert caught.value.code == "forbidden"

    def test_it_lets_a_coordinator_rename_a_descendant(self, coordinator, org, unit_media):
        services.unit_rename(member=coordinator, unit=unit_media, name="Bagian Media Digital")

        unit_media.refresh_from_db()
        assert unit_media.name == "Bagian Media Digital"
        assert_audited("unit.rename", actor=coordinator.user, organization=org, target=unit_media)

    def test_it_refuses_a_coordinator_outside_their_subtree(self, coordinator, unit_ditjen):
        with pytest.raises(ApplicationError):
            services.unit_rename(member=coordinator, unit=unit_ditjen, name="Direktorat Baru")


class TestUnitMove:
    def test_it_updates_paths_and_depths_of_the_whole_subtree(
        self, pr_admin, unit_setjen, unit_humas, unit_media, unit_ditjen
    ):
        leaf = UnitFactory(parent=unit_media, name="Subbagian Foto")

        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_ditjen)

        humas, media, leaf, setjen = reload(unit_humas, unit_media, leaf, unit_setjen)
        assert humas.parent == unit_ditjen
        assert humas.path == f"/{unit_ditjen.pk}/{humas.pk}/"
        assert media.path == f"/{unit_ditjen.pk}/{humas.pk}/{media.pk}/"
        assert leaf.path == f"/{unit_ditjen.pk}/{humas.pk}/{media.pk}/{leaf.pk}/"
        assert (humas.depth, media.depth, leaf.depth) == (1, 2, 3)
        assert media.parent == humas  # only the moved unit changes parent
        assert setjen.path == f"/{setjen.pk}/"
        assert not setjen.children.exists()

    def test_it_moves_a_subtree_to_the_top_level(self, pr_admin, unit_humas, unit_media):
        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=None)

        humas, media = reload(unit_humas, unit_media)
        assert humas.parent is None
        assert humas.path == f"/{humas.pk}/"
        assert media.path == f"/{humas.pk}/{media.pk}/"
        assert (humas.depth, media.depth) == (0, 1)

    def test_it_moves_a_subtree_deeper(self, pr_admin, unit_setjen, unit_humas, unit_media, unit_ditjen):
        target = UnitFactory(parent=unit_ditjen, name="Sekretariat Ditjen")

        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=target)

        humas, media = reload(unit_humas, unit_media)
        assert media.path == f"{target.path}{humas.pk}/{media.pk}/"
        assert (humas.depth, media.depth) == (2, 3)

    def test_it_writes_an_audit_row(self, pr_admin, org, unit_humas, unit_ditjen):
        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_ditjen)

        event = assert_audited("unit.move", actor=pr_admin.user, organization=org, target=unit_humas)
        assert event.changes == {"parent": ["Sekretariat Jenderal", "Direktorat Jenderal A"]}

    def test_it_rejects_moving_under_own_descendant(self, pr_admin, unit_setjen, unit_humas, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.unit_move(member=pr_admin, unit=unit_setjen, new_parent=unit_media)

        assert caught.value.field == "parent"
        setjen, humas, media = reload(unit_setjen, unit_humas, unit_media)
        assert setjen.parent is None
        assert setjen.path == f"/{setjen.pk}/"
        assert media.path == f"/{setjen.pk}/{humas.pk}/{media.pk}/"
        assert not AuditEvent.objects.filter(action="unit.move").exists()

    def test_it_rejects_moving_under_itself(self, pr_admin, unit_humas):
        with pytest.raises(ApplicationError):
            services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_humas)

    def test_it_rejects_a_name_clash_at_the_new_place_case_insensitively(self, pr_admin, unit_humas, unit_ditjen):
        UnitFactory(parent=unit_ditjen, name="BIRO HUMAS")

        with pytest.raises(ApplicationError) as caught:
            services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_ditjen)

        assert caught.value.field == "name"
        unit_humas.refresh_from_db()
        assert unit_humas.parent_id != unit_ditjen.pk

    def test_it_rejects_a_parent_of_another_organization_or_an_archived_one(
        self, pr_admin, outsider_admin, unit_humas, unit_ditjen
    ):
        foreign = UnitFactory(organization=outsider_admin.organization)
        with pytest.raises(ApplicationError):
            services.unit_move(member=pr_admin, unit=unit_humas, new_parent=foreign)

        unit_ditjen.archived_at = timezone.now()
        unit_ditjen.save()
        with pytest.raises(ApplicationError):
            services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_ditjen)

    def test_it_refuses_a_subtree_that_would_become_too_deep(self, pr_admin, org, unit_humas, unit_media):
        parent = None
        for level in range(services.MAX_UNIT_DEPTH - 1):
            parent = UnitFactory(organization=org, parent=parent, name=f"Level {level}")
        assert parent is not None
        # humas has media below it: under ``parent`` media would land at depth MAX_UNIT_DEPTH
        with pytest.raises(ApplicationError):
            services.unit_move(member=pr_admin, unit=unit_humas, new_parent=parent)
        unit_media.refresh_from_db()
        assert unit_media.depth == 2

        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=parent.parent)
        unit_media.refresh_from_db()
        assert unit_media.depth == services.MAX_UNIT_DEPTH - 1

    def test_it_does_nothing_when_the_parent_stays(self, pr_admin, unit_setjen, unit_humas):
        services.unit_move(member=pr_admin, unit=unit_humas, new_parent=unit_setjen)

        assert not AuditEvent.objects.filter(action="unit.move").exists()

    def test_it_lets_a_coordinator_move_a_descendant_inside_their_subtree(
        self, coordinator, org, unit_humas, unit_media
    ):
        team = UnitFactory(parent=unit_media, name="Tim Foto")

        services.unit_move(member=coordinator, unit=team, new_parent=unit_humas)

        team.refresh_from_db()
        assert team.path == f"{unit_humas.path}{team.pk}/"
        assert team.depth == 2
        assert_audited("unit.move", actor=coordinator.user, organization=org, target=team)

    def test_it_refuses_a_coordinator_moving_out_of_their_subtree(self, coordinator, unit_media, unit_ditjen):
        with pytest.raises(ApplicationError) as caught:
            services.unit_move(member=coordinator, unit=unit_media, new_parent=unit_ditjen)
        assert caught.value.code == "forbidden"

    def test_it_refuses_a_coordinator_moving_their_own_root(self, coordinator, unit_humas, unit_ditjen):
        with pytest.raises(ApplicationError) as caught:
            services.unit_move(member=coordinator, unit=unit_humas, new_parent=unit_ditjen)
        assert caught.value.code == "forbidden"


class TestUnitArchive:
    def test_it_rejects_a_unit_with_active_members(self, pr_admin, ambassador, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.unit_archive(member=pr_admin, unit=unit_media)

        assert caught.value.code == "has_members"
        unit_media.refresh_from_db()
        assert not unit_media.is_archived

    def test_it_rejects_a_unit_with_active_children(self, pr_admin, unit_humas, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.unit_archive(member=pr_admin, unit=unit_humas)

        assert caught.value.code == "has_children"
        unit_humas.refresh_from_db()
        assert not unit_humas.is_archived

    def test_it_archives_a_unit_whose_members_are_inactive(self, pr_admin, org, unit_media):
        MembershipFactory(organization=org, unit=unit_media, is_active=False)

        services.unit_archive(member=pr_admin, unit=unit_media)

        unit_media.refresh_from_db()
        assert unit_media.is_archived
        assert_audited("unit.archive", actor=pr_admin.user, organization=org, target=unit_media)

    def test_it_archives_a_parent_once_its_children_are_archived(self, pr_admin, unit_humas, unit_media):
        services.unit_archive(member=pr_admin, unit=unit_media)
        services.unit_archive(member=pr_admin, unit=unit_humas)

        unit_humas.refresh_from_db()
        assert unit_humas.is_archived

    def test_it_refuses_a_coordinator_on_their_own_root(self, coordinator, unit_humas):
        with pytest.raises(ApplicationError) as caught:
            services.unit_archive(member=coordinator, unit=unit_humas)
        assert caught.value.code == "forbidden"


class TestUnitRestore:
    def test_it_restores_and_writes_an_audit_row(self, pr_admin, org, unit_ditjen):
        services.unit_archive(member=pr_admin, unit=unit_ditjen)

        services.unit_restore(member=pr_admin, unit=unit_ditjen)

        unit_ditjen.refresh_from_db()
        assert not unit_ditjen.is_archived
        assert_audited("unit.restore", actor=pr_admin.user, organization=org, target=unit_ditjen)

    def test_it_rejects_a_unit_whose_parent_is_archived(self, pr_admin, unit_humas, unit_media):
        services.unit_archive(member=pr_admin, unit=unit_media)
        services.unit_archive(member=pr_admin, unit=unit_humas)
        unit_media.refresh_from_db()

        with pytest.raises(ApplicationError):
            services.unit_restore(member=pr_admin, unit=unit_media)

    def test_it_rejects_a_name_now_taken_by_a_sibling(self, pr_admin, unit_setjen):
        old = UnitFactory(parent=unit_setjen, name="Biro Lama")
        services.unit_archive(member=pr_admin, unit=old)
        UnitFactory(parent=unit_setjen, name="biro lama")

        with pytest.raises(ApplicationError):
            services.unit_restore(member=pr_admin, unit=old)


class TestUnitDelete:
    def test_it_deletes_an_empty_unit_and_writes_an_audit_row(self, pr_admin, org, unit_ditjen):
        unit_id = unit_ditjen.pk

        services.unit_delete(member=pr_admin, unit=unit_ditjen)

        assert not Unit.objects.filter(pk=unit_id).exists()
        event = assert_audited("unit.delete", actor=pr_admin.user, organization=org, target_id=unit_id)
        assert event.target_type == "organizations.unit"
        assert event.changes == {"name": "Direktorat Jenderal A"}

    def test_it_refuses_a_unit_with_active_members_and_says_archive_instead(self, pr_admin, ambassador, unit_media):
        with pytest.raises(ApplicationError) as caught, translation.override("en"):
            services.unit_delete(member=pr_admin, unit=unit_media)

        assert caught.value.code == "has_members"
        assert "Archive it instead" in caught.value.message
        assert Unit.objects.filter(pk=unit_media.pk).exists()
        assert not AuditEvent.objects.filter(action="unit.delete").exists()

    def test_it_refuses_a_unit_whose_only_member_is_inactive(self, pr_admin, org, unit_ditjen):
        MembershipFactory(organization=org, unit=unit_ditjen, is_active=False)

        with pytest.raises(ApplicationError) as caught, translation.override("en"):
            services.unit_delete(member=pr_admin, unit=unit_ditjen)

        assert caught.value.code == "has_members"
        assert "Archive it instead" in caught.value.message

    def test_it_refuses_a_unit_that_is_coordinated(self, pr_admin, org, unit_ditjen):
        MembershipFactory(organization=org, role="coordinator", coordinated_units=[unit_ditjen])

        with pytest.raises(ApplicationError) as caught:
            services.unit_delete(member=pr_admin, unit=unit_ditjen)
        assert caught.value.code == "has_members"

    def test_it_refuses_a_unit_with_children(self, pr_admin, unit_humas, unit_media):
        with pytest.raises(ApplicationError) as caught:
            services.unit_delete(member=pr_admin, unit=unit_humas)
        assert caught.value.code == "has_children"

    def test_it_refuses_a_unit_named_by_an_invitation(self, pr_admin, org, unit_ditjen):
        InvitationFactory(organization=org, unit=unit_ditjen, invited_by=pr_admin.user)

        with pytest.raises(ApplicationError) as caught:
            services.unit_delete(member=pr_admin, unit=unit_ditjen)
        assert caught.value.code == "has_invitations"

    def test_it_refuses_a_coordinator_on_their_own_root_and_allows_an_empty_descendant(self, coordinator, unit_humas):
        with pytest.raises(ApplicationError):
            services.unit_delete(member=coordinator, unit=unit_humas)

        empty = UnitFactory(parent=unit_humas, name="Tim Kosong")
        services.unit_delete(member=coordinator, unit=empty)
        assert not Unit.objects.filter(pk=empty.pk).exists()
