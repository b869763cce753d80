"""Weekly reminders of unfinished courses, through the notification outbox (kind ``training``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duta.academy import rules
from duta.academy.models import Completion, Course, LessonDone
from duta.academy.selectors.courses import required_courses_by_program
from duta.academy.selectors.learning import LEARNING_STAGES, courses_out_of_attempts
from duta.notifications.models import Kind
from duta.notifications.services import notifications_send
from duta.organizations.models import Membership, Organization
from duta.programs.models import Candidate

TITLES_SHOWN = 5


def _unfinished_by_member(organization: Organization) -> dict[int, list[Course]]:
    """Per learner (a member in training, active or paused in a program): the published courses their programs
    require that they have not passed, and those they started and left, without the ones they have no attempt
    left at (the PR team decides those). Queries filtered by the organization, never by lists of ids."""
    courses = Course.objects.filter(organization=organization, is_published=True).in_bulk()
    required_by_program = required_courses_by_program(organization)
    members = dict(Membership.objects.filter(organization=organization, is_active=True).values_list("user_id", "pk"))
    programs_of: dict[int, set[int]] = defaultdict(set)
    for user_id, program_id in Candidate.objects.filter(
        program__organization=organization, stage__in=LEARNING_STAGES, employee__user__isnull=False
    ).values_list("employee__user_id", "program_id"):
        if user_id in members:
            programs_of[members[user_id]].add(program_id)
    if not programs_of:
        return {}
    passed: dict[int, set[int]] = defaultdict(set)
    for member_id, course_id in Completion.objects.filter(organization=organization, course__isnull=False).values_list(
        "member_id", "course_id"
    ):
        passed[member_id].add(course_id)
    started: dict[int, set[int]] = defaultdict(set)
    for member_id, course_id in (
        LessonDone.objects.filter(member__organization=organization, lesson__module__course__in=courses)
        .values_list("member_id", "lesson__module__course_id")
        .distinct()
    ):
        started[member_id].add(course_id)
    stuck = {
        (member_id, course.pk)
        for member_id, found in courses_out_of_attempts(organization_id=organization.pk).items()
        for course in found
    }
    unfinished: dict[int, list[Course]] = {}
    for member_id, programs in programs_of.items():
        owed = rules.owed(programs=programs, required_by_program=required_by_program, completed=passed[member_id])
        wanted = (owed.missing | started[member_id]) - passed[member_id]
        left = [courses[pk] for pk in wanted if pk in courses and (member_id, pk) not in stuck]
        if left:
            unfinished[member_id] = sorted(left, key=lambda course: (course.position, course.title))
    return unfinished


@transaction.atomic
def training_reminders_send(*, organization: Organization, today: date) -> int:
    """Remind every learner of their unfinished courses, once per ISO week (the outbox's key), each in their own
    language; returns how many were reminded (the outbox writes the audit rows)."""
    unfinished = _unfinished_by_member(organization)
    if not unfinished:
        return 0
    year, week, _weekday = today.isocalendar()
    url = reverse("academy:course_list", args=[organization.slug])
    sent = 0
    members = Membership.objects.filter(organization=organization, is_active=True).select_related("user")
    for member in members.iterator(chunk_size=2000):
        courses = unfinished.get(member.pk)
        if not courses:
            continue
        with translation.override(member.user.language or "id"):
            titles = "\n".join(f"- {course.title}" for course in courses[:TITLES_SHOWN])
            more = len(courses) - TITLES_SHOWN
            body = _("These courses are waiting for you:") + "\n" + titles
            if more > 0:
                body += "\n" + ngettext("and %(count)d more.", "and %(count)d more.", more) % {"count": more}
            sent += notifications_send(
                organization=organization,
                recipients=[member.user],
                kind=Kind.TRAINING,
                subject=ngettext(
                    "A course is waiting for you in the academy",
                    "%(count)d courses are waiting for you in the academy",
                    len(courses),
                )
                % {"count": len(courses)},
                body=body,
                url=url,
                key=f"academy.training:{member.pk}:{year}-W{week:02d}",
                topic="academy",
            )
    return sent
