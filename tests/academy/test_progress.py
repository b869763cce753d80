from __future__ import annotations

import pytest

from duta.academy.models import Completion
from duta.academy.selectors.progress import learner_rows, unit_rows
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.organizations.selectors import scope_reader
from duta.programs.models import Stage
from tests.academy.builders import candidacy, course_make
from tests.factories import MembershipFactory, ProgramFactory, UnitFactory


def _pass(member: Membership, course) -> None:
    Completion.objects.create(
        organization=member.organization,
        member=member,
        course=course,
        code=f"TEST-{member.pk:04d}-{course.pk:04d}",
        holder_name=member.user.full_name,
        course_title=course.title,
        completed_at="2026-11-20T03:00:00Z",
    )


@pytest.fixture
def setup(
    org: Organization, unit_media: Unit, unit_ditjen: Unit, ambassador: Membership, other_unit_member: Membership
):
    """Two required courses; the ambassador of Bagian Media passed both, two in Ditjen passed none and one."""
    program = ProgramFactory(organization=org)
    first, second = course_make(org, slug="satu"), course_make(org, slug="dua")
    first.required_for.add(program)
    second.required_for.add(program)
    candidacy(ambassador, program, Stage.ACTIVE)
    _pass(ambassador, first)
    _pass(ambassador, second)
    candidacy(other_unit_member, program, Stage.TRAINING)
    third = MembershipFactory(organization=org, role=Role.AMBASSADOR, unit=unit_ditjen)
    candidacy(third, program, Stage.TRAINING)
    _pass(third, first)
    return program


@pytest.mark.django_db
class TestSelectors:
    def test_learners_carry_their_required_courses_least_advanced_first(self, setup, pr_admin: Membership) -> None:
        rows = learner_rows(reader=scope_reader(pr_admin))
        assert [(row.done, row.required) for row in rows] == [(0, 2), (1, 2), (2, 2)]
        assert rows[0].in_training
        assert not rows[2].in_training

    def test_units_below_the_organizations_rate_lag(self, setup, pr_admin: Membership, unit_ditjen: Unit) -> None:
        rows, overall = unit_rows(reader=scope_reader(pr_admin), parent=None)
        assert (overall.learners, overall.trained, overall.done, overall.required) == (3, 1, 3, 6)
        by_name = {row.unit.name: row for row in rows}
        ditjen = by_name[unit_ditjen.name]
        assert (ditjen.learners, ditjen.done, ditjen.required, ditjen.percent, ditjen.lagging) == (2, 1, 4, 25, True)
        assert rows[0].unit == unit_ditjen  # the furthest behind first
        top = [row for row in rows if row.unit != unit_ditjen]
        assert len(top) == 1
        assert top[0].percent == 100
        assert not top[0].lagging

    def test_a_coordinator_sees_only_their_subtree(self, setup, coordinator: Membership) -> None:
        rows = learner_rows(reader=scope_reader(coordinator))
        assert [row.name for row in rows] == ["Putri Duta"]

    def test_drilling_down_shows_the_children(self, setup, pr_admin: Membership, unit_setjen: Unit, unit_humas: Unit):
        rows, _overall = unit_rows(reader=scope_reader(pr_admin), parent=unit_setjen)
        assert [row.unit for row in rows] == [unit_humas]


@pytest.mark.django_db
class TestViews:
    def test_the_admin_sees_which_units_lag(self, setup, client_for, pr_admin: Membership, unit_ditjen: Unit) -> None:
        response = client_for(pr_admin).get(f"/o/{pr_admin.organization.slug}/academy/progress/")
        assert response.status_code == 200
        rows = response.content.decode().split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
        assert rows[0].lstrip().startswith('<tr class="lagging">')
        assert unit_ditjen.name in rows[0]
        assert "25%" in rows[0]
        assert 'class="lagging"' not in rows[1]
        assert "100%" in rows[1]

    def test_the_people_list_filters_those_behind(self, setup, client_for, viewer: Membership) -> None:
        response = client_for(viewer).get(f"/o/{viewer.organization.slug}/academy/progress/people/?show=behind")
        assert response.status_code == 200
        assert response.context["count"] == 2

    def test_an_ambassador_gets_403(self, client_for, ambassador: Membership) -> None:
        assert client_for(ambassador).get(f"/o/{ambassador.organization.slug}/academy/progress/").status_code == 403

    def test_another_organization_gets_404(self, client_for, org: Organization, outsider_admin: Membership) -> None:
        client = client_for(outsider_admin)
        assert client.get(f"/o/{org.slug}/academy/progress/").status_code == 404
        assert client.get(f"/o/{org.slug}/academy/progress/people/").status_code == 404

    def test_another_organizations_unit_is_404_under_ones_own_slug(
        self, setup, client_for, outsider_admin: Membership, unit_ditjen: Unit
    ) -> None:
        client = client_for(outsider_admin)
        slug = outsider_admin.organization.slug
        assert client.get(f"/o/{slug}/academy/progress/?unit={unit_ditjen.pk}").status_code == 404
        assert client.get(f"/o/{slug}/academy/progress/people/?unit={unit_ditjen.pk}").status_code == 404

    def test_a_unit_outside_the_coordinators_scope_is_404(
        self, setup, client_for, coordinator: Membership, unit_ditjen: Unit
    ) -> None:
        client = client_for(coordinator)
        slug = coordinator.organization.slug
        assert client.get(f"/o/{slug}/academy/progress/?unit={unit_ditjen.pk}").status_code == 404
        assert client.get(f"/o/{slug}/academy/progress/people/?unit=abc").status_code == 404
        other = UnitFactory()
        assert client.get(f"/o/{slug}/academy/progress/?unit={other.pk}").status_code == 404
