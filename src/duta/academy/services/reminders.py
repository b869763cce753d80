"""Reminders through the notification outbox: unfinished courses every week (kind ``training``), mentoring
follow-ups when they fall due (kind ``reminder``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duta.academy import rules
from duta.academy.models import Completion, Course, FollowUp, LessonDone
from duta.academy.selectors.courses import required_courses_by_program
from duta.academy.selectors.learning import LEARNING_STAGES, courses_out_of_attempts
from duta.core.audit import audit_record
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
def training_reminders_send(*, organization: Organization, today: dt.date) -> int:
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


# --- mentoring follow-ups ---------------------------------------------------------------------------------

REMINDER_TOPIC = "academy.mentoring"


# --- reminders -------------------------------------------------------------------------------------


def _reminder_texts(follow_up: FollowUp, today: dt.date) -> tuple[str, str]:
    """The subject and body of a follow-up's reminder, in the active language."""
    mentorship = follow_up.session.mentorship
    other = mentorship.mentee if follow_up.owner_id == mentorship.mentor_id else mentorship.mentor
    due = formats.date_format(follow_up.due_on, "j F Y")
    if follow_up.due_on < today:
        subject = _("Mentoring follow-up overdue since %(date)s") % {"date": due}
    else:
        subject = _("Mentoring follow-up due today")
    body = "\n\n".join(
        [
            follow_up.text,
            _("Agreed with %(name)s in the session “%(topic)s” of %(date)s; due on %(due)s.")
            % {
                "name": other.user,
                "topic": follow_up.session.topic,
                "date": formats.date_format(follow_up.session.held_on, "j F Y"),
                "due": due,
            },
            _("Once it is done, mark it done on the pairing's page."),
        ]
    )
    return subject, body


@transaction.atomic
def follow_ups_remind(*, today: dt.date) -> int:
    """Remind the owner of every open follow-up due on or before ``today`` that was not reminded yet, once, in their
    own language; pairings that ended and owners no longer active are left out. Returns how many were reminded."""
    due = list(
        FollowUp.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            done_at__isnull=True,
            reminded_on__isnull=True,
            due_on__lte=today,
            session__mentorship__ended_at__isnull=True,
            owner__is_active=True,
            owner__user__is_active=True,
        )
        .select_related(
            "owner__user",
            "session__mentorship__organization",
            "session__mentorship__mentor__user",
            "session__mentorship__mentee__user",
        )
        .order_by("pk")
    )
    by_organization: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in due:
        mentorship = follow_up.session.mentorship
        organization = mentorship.organization
        user = follow_up.owner.user
        with translation.override(user.language or "id"):
            subject, body = _reminder_texts(follow_up, today)
        notifications_send(
            organization=organization,
            recipients=[user],
            kind=Kind.REMINDER,
            subject=subject,
            body=body,
            url=reverse("academy:mentoring_detail", kwargs={"org_slug": organization.slug, "pk": mentorship.pk}),
            key=f"academy.followup:{follow_up.pk}",
            topic=REMINDER_TOPIC,
        )
        by_organization[organization.pk].append(follow_up)
    for follow_ups in by_organization.values():
        FollowUp.objects.filter(pk__in=[follow_up.pk for follow_up in follow_ups]).update(reminded_on=today)
        audit_record(
            actor=None,
            organization=follow_ups[0].session.mentorship.organization,
            action="academy.followup.remind",
            changes={"follow_ups": [follow_up.pk for follow_up in follow_ups], "on": today.isoformat()},
        )
    return len(due)
