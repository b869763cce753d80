"""Pure rules over roles and unit paths: no database here (pytest-django blocks any access)."""

from __future__ import annotations

import pytest

from duta.organizations import rules

# The conftest tree, with made-up ids: setjen /1/ > humas /1/2/ > media /1/2/3/; ditjen /4/.
SETJEN = "/1/"
HUMAS = "/1/2/"
MEDIA = "/1/2/3/"
DITJEN = "/4/"
COORDINATOR_SCOPE = [HUMAS]


class TestPathInScope:
    def test_it_includes_the_scope_root_itself(self):
        assert rules.path_in_scope(HUMAS, [HUMAS])

    def test_it_includes_descendants_at_any_depth(self):
        assert rules.path_in_scope(MEDIA, [HUMAS])
        assert rules.path_in_scope("/1/2/3/9/10/", [HUMAS])

    def test_it_excludes_ancestors_and_siblings(self):
        assert not rules.path_in_scope(SETJEN, [HUMAS])
        assert not rules.path_in_scope(DITJEN, [HUMAS])

    def test_it_does_not_confuse_ids_that_share_leading_digits(self):
        assert not rules.path_in_scope("/12/", ["/1/"])
        assert not rules.path_in_scope("/1/23/", [HUMAS])

    def test_it_accepts_any_of_several_roots(self):
        assert rules.path_in_scope(DITJEN, [HUMAS, DITJEN])

    def test_it_is_false_for_an_empty_scope(self):
        assert not rules.path_in_scope(MEDIA, [])


class TestPathStrictlyBelowScope:
    def test_it_excludes_the_root_and_includes_descendants(self):
        assert not rules.path_strictly_below_scope(HUMAS, [HUMAS])
        assert rules.path_strictly_below_scope(MEDIA, [HUMAS])


class TestCanCreateUnit:
    def test_it_lets_admins_create_anywhere_including_the_top_level(self):
        assert rules.can_create_unit(rules.ADMIN, None, [])
        assert rules.can_create_unit(rules.ADMIN, DITJEN, [])

    def test_it_lets_a_coordinator_create_under_own_root_and_descendants(self):
        assert rules.can_create_unit(rules.COORDINATOR, HUMAS, COORDINATOR_SCOPE)
        assert rules.can_create_unit(rules.COORDINATOR, MEDIA, COORDINATOR_SCOPE)

    def test_it_refuses_a_coordinator_at_the_top_level_or_outside_the_subtree(self):
        assert not rules.can_create_unit(rules.COORDINATOR, None, COORDINATOR_SCOPE)
        assert not rules.can_create_unit(rules.COORDINATOR, SETJEN, COORDINATOR_SCOPE)
        assert not rules.can_create_unit(rules.COORDINATOR, DITJEN, COORDINATOR_SCOPE)

    @pytest.mark.parametrize("role", [rules.AMBASSADOR, rules.VIEWER])
    def test_it_refuses_other_roles(self, role):
        assert not rules.can_create_unit(role, HUMAS, [HUMAS])


class TestCanChangeUnit:
    def test_it_lets_admins_change_any_unit(self):
        for path in (SETJEN, HUMAS, MEDIA, DITJEN):
            assert rules.can_change_unit(rules.ADMIN, path, [])

    def test_it_refuses_a_coordinator_on_their_own_root(self):
        assert not rules.can_change_unit(rules.COORDINATOR, HUMAS, COORDINATOR_SCOPE)

    def test_it_lets_a_coordinator_change_descendants_of_their_root(self):
        assert rules.can_change_unit(rules.COORDINATOR, MEDIA, COORDINATOR_SCOPE)
        assert rules.can_change_unit(rules.COORDINATOR, "/1/2/3/7/", COORDINATOR_SCOPE)

    def test_it_refuses_a_coordinator_outside_their_subtree(self):
        assert not rules.can_change_unit(rules.COORDINATOR, SETJEN, COORDINATOR_SCOPE)
        assert not rules.can_change_unit(rules.COORDINATOR, DITJEN, COORDINATOR_SCOPE)

    @pytest.mark.parametrize("role", [rules.AMBASSADOR, rules.VIEWER])
    def test_it_refuses_other_roles_even_with_a_scope(self, role):
        assert not rules.can_change_unit(role, MEDIA, COORDINATOR_SCOPE)


class TestCanMoveUnit:
    def test_it_rejects_moving_under_itself(self):
        assert not rules.can_move_unit(rules.ADMIN, HUMAS, HUMAS, [])

    def test_it_rejects_moving_under_own_descendant(self):
        assert not rules.can_move_unit(rules.ADMIN, HUMAS, MEDIA, [])
        assert not rules.can_move_unit(rules.ADMIN, SETJEN, "/1/2/3/99/", [])

    def test_it_lets_admins_move_anywhere_else_including_the_top_level(self):
        assert rules.can_move_unit(rules.ADMIN, HUMAS, DITJEN, [])
        assert rules.can_move_unit(rules.ADMIN, HUMAS, None, [])

    def test_it_does_not_take_a_shared_digit_prefix_for_a_descendant(self):
        assert rules.can_move_unit(rules.ADMIN, "/1/", "/12/", [])

    def test_it_lets_a_coordinator_move_a_descendant_within_the_subtree(self):
        assert rules.can_move_unit(rules.COORDINATOR, "/1/2/3/5/", MEDIA, COORDINATOR_SCOPE)
        assert rules.can_move_unit(rules.COORDINATOR, "/1/2/3/5/", HUMAS, COORDINATOR_SCOPE)

    def test_it_refuses_a_coordinator_moving_their_own_root(self):
        assert not rules.can_move_unit(rules.COORDINATOR, HUMAS, DITJEN, [HUMAS, DITJEN])

    def test_it_refuses_a_coordinator_moving_out_of_the_subtree_or_to_the_top_level(self):
        assert not rules.can_move_unit(rules.COORDINATOR, MEDIA, DITJEN, COORDINATOR_SCOPE)
        assert not rules.can_move_unit(rules.COORDINATOR, MEDIA, None, COORDINATOR_SCOPE)

    def test_it_refuses_a_coordinator_moving_a_unit_under_its_own_descendant(self):
        assert not rules.can_move_unit(rules.COORDINATOR, MEDIA, "/1/2/3/5/", COORDINATOR_SCOPE)

    @pytest.mark.parametrize("role", [rules.AMBASSADOR, rules.VIEWER])
    def test_it_refuses_other_roles(self, role):
        assert not rules.can_move_unit(role, MEDIA, HUMAS, COORDINATOR_SCOPE)


class TestInvitableRoles:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            (rules.ADMIN, {rules.ADMIN, rules.COORDINATOR, rules.AMBASSADOR, rules.VIEWER}),
            (rules.COORDINATOR, {rules.AMBASSADOR}),
            (rules.AMBASSADOR, set()),
            (rules.VIEWER, set()),
            ("unknown", set()),
        ],
    )
    def test_it_lists_what_each_role_may_invite(self, role, expected):
        assert set(rules.invitable_roles(role)) == expected

    def test_it_matches_can_assign_role(self):
        assert rules.can_assign_role(rules.COORDINATOR, rules.AMBASSADOR)
        assert not rules.can_assign_role(rules.COORDINATOR, rules.COORDINATOR)
        assert not rules.can_assign_role(rules.COORDINATOR, rules.ADMIN)
        assert rules.can_assign_role(rules.ADMIN, rules.ADMIN)
        assert not rules.can_assign_role(rules.AMBASSADOR, rules.AMBASSADOR)


class TestCanManageMember:
    def test_it_lets_admins_manage_anyone_even_without_a_unit(self):
        assert rules.can_manage_member(rules.ADMIN, None, [])
        assert rules.can_manage_member(rules.ADMIN, DITJEN, [])

    def test_it_lets_a_coordinator_manage_members_of_their_subtree_only(self):
        assert rules.can_manage_member(rules.COORDINATOR, HUMAS, COORDINATOR_SCOPE)
        assert rules.can_manage_member(rules.COORDINATOR, MEDIA, COORDINATOR_SCOPE)
        assert not rules.can_manage_member(rules.COORDINATOR, DITJEN, COORDINATOR_SCOPE)
        assert not rules.can_manage_member(rules.COORDINATOR, None, COORDINATOR_SCOPE)

    @pytest.mark.parametrize("role", [rules.AMBASSADOR, rules.VIEWER])
    def test_it_refuses_other_roles(self, role):
        assert not rules.can_manage_member(role, MEDIA, COORDINATOR_SCOPE)


class TestPageRules:
    @pytest.mark.parametrize(
        ("role", "overview", "members", "units", "audit"),
        [
            (rules.ADMIN, True, True, True, True),
            (rules.COORDINATOR, True, True, True, False),
            (rules.VIEWER, True, False, True, False),
            (rules.AMBASSADOR, False, False, False, False),
        ],
    )
    def test_it_opens_pages_by_role(self, role, overview, members, units, audit):
        assert rules.can_see_organization_overview(role) is overview
        assert rules.can_see_members(role) is members
        assert rules.can_see_units(role) is units
        assert rules.can_browse_audit_log(role) is audit
