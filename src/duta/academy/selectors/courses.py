"""Courses as a member may see them: learners the organization's published courses, the PR team every course."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from duta.academy.models import Course, Lesson, Module
from duta.organizations.models import Membership, Organization, Role


def _courses(member: Membership) -> QuerySet[Course]:
    courses = Course.objects.filter(organization=member.organization)
    if member.role != Role.ADMIN:
        courses = courses.filter(is_published=True)
    return courses


def course_list_for_member(*, member: Membership) -> QuerySet[Course]:
    """The courses this member may open, with their counts of lessons and questions."""
    return (
        _courses(member)
        .annotate(
            lesson_count=Count("modules__lessons", distinct=True), question_count=Count("questions", distinct=True)
        )
        .order_by("position", "title", "id")  # an aggregate drops the model's ordering
    )


def course_get_for_member(*, member: Membership, slug: str) -> Course:
    """One course with its modules and lessons in order; 404 outside the organization or unpublished (non-admins)."""
    course = (
        _courses(member)
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.prefetch_related(Prefetch("lessons", Lesson.objects.all())))
        )
        .filter(slug=slug)
        .first()
    )
    if course is None:
        raise Http404
    return course


def course_lessons(course: Course) -> list[Lesson]:
    """The course's lessons in reading order (module by module), from the prefetched modules."""
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


def required_courses_by_program(organization: Organization) -> dict[int, set[int]]:
    """Program id -> the ids of the published courses it requires (the one definition for promotion, progress and
    reminders; the editor refuses to unpublish a required course)."""
    required: dict[int, set[int]] = defaultdict(set)
    for program_id, course_id in Course.required_for.through.objects.filter(
        course__organization=organization, course__is_published=True
    ).values_list("program_id", "course_id"):
        required[program_id].add(course_id)
    return required
