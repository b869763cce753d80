from __future__ import annotations

import datetime as dt

import pytest

from duta.academy.models import Attempt, Completion, LessonDone
from duta.academy.services.reminders import training_reminders_send
from duta.notifications.models import Notification
from duta.organizations.models import Membership, Organization, Role
from duta.programs.models import Stage
from tests.academy.builders import candidacy, course_make
from tests.factories import MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 23)


def test_learners_are_reminded_of_required_and_started_courses_once_a_week(
    org: Organization, ambassador: Membership, other_unit_member: Membership
) -> None:
    program = ProgramFactory(organization=org)
    required = course_make(org, slug="wajib")
    required.required_for.add(program)
    started = course_make(org, slug="dimulai")
    course_make(org, slug="lain")  # neither required nor started: not reminded
    candidacy(ambassador, program, Stage.TRAINING)
    LessonDone.objects.create(
        member=ambassador, lesson=started.modules.get().lessons.first(), done_at="2026-11-20T03:00Z"
    )
    candidacy(other_unit_member, program, Stage.ACTIVE)
    Completion.objects.create(
        organization=org,
        member=other_unit_member,
        course=required,
        code="AAAA-BBBB-CCCC",
        holder_name="x",
        course_title="x",
        completed_at="2026-11-20T03:00Z",
    )
    assert training_reminders_send(organization=org, today=MONDAY) == 1
    notification = Notification.objects.get()
    assert notification.recipient_id == ambassador.user_id
    assert notification.kind == "training"
    assert "Kursus wajib" in notification.body
    assert "Kursus dimulai" in notification.body
    assert "Kursus lain" not in notification.body
    assert notification.url == f"/o/{org.slug}/academy/"
    assert training_reminders_send(organization=org, today=MONDAY + dt.timedelta(days=2)) == 0  # same week
    assert training_reminders_send(organization=org, today=MONDAY + dt.timedelta(days=7)) == 1


def test_it_speaks_each_learners_language_and_skips_courses_out_of_attempts(org: Organization) -> None:
    program = ProgramFactory(organization=org)
    first, second = course_make(org, slug="satu", max_attempts=1), course_make(org, slug="dua")
    first.required_for.add(program)
    second.required_for.add(program)
    member = MembershipFactory(organization=org, role=Role.AMBASSADOR, user=UserFactory(language="en"))
    candidacy(member, program, Stage.TRAINING)
    Attempt.objects.create(
        member=member, course=first, number=1, started_at="2026-11-20T03:00Z", finished_at="2026-11-20T03:10Z", score=10
    )
    assert training_reminders_send(organization=org, today=MONDAY) == 1
    notification = Notification.objects.get()
    assert notification.subject == "A course is waiting for you in the academy"
    assert "Kursus dua" in notification.body
    assert "Kursus satu" not in notification.body


def test_nobody_outside_the_learning_stages_is_reminded(org: Organization, ambassador: Membership) -> None:
    program = ProgramFactory(organization=org)
    course_make(org).required_for.add(program)
    candidacy(ambassador, program, Stage.INTERVIEW)
    assert training_reminders_send(organization=org, today=MONDAY) == 0


def test_the_worker_reminds_every_organization_on_mondays_and_promotes_every_quarter_hour(
    org: Organization, ambassador: Membership
) -> None:
    from duta.academy.tasks import training_promote_due_task, training_reminders_task

    program = ProgramFactory(organization=org)
    course = course_make(org, questions=0)
    course.required_for.add(program)
    candidate = candidacy(ambassador, program, Stage.TRAINING)
    assert training_reminders_task.call_local() == 1
    Completion.objects.create(
        organization=org,
        member=ambassador,
        course=course,
        code="AAAA-BBBB-EEEE",
        holder_name="x",
        course_title="x",
        completed_at="2026-11-20T03:00Z",
    )
    assert training_promote_due_task.call_local() == 1
    candidate.refresh_from_db()
    assert candidate.stage == Stage.ACTIVE
