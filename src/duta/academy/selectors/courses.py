"""Courses as a member may see them: learners the organization's published courses, the PR team every course."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from duta.academy.models import Course, Lesson, LessonDone, LessonFile, Module
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


def course_get_for_member(*, member: Membership, slug: str, outline: bool = True) -> Course:
    """One course (with its modules and lessons in order when ``outline``); 404 outside the organization or
    unpublished (non-admins)."""
    courses = _courses(member)
    if outline:
        lessons = Prefetch("lessons", Lesson.objects.all())
        courses = courses.prefetch_related(Prefetch("modules", queryset=Module.objects.prefetch_related(lessons)))
    course = courses.filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def course_get_by_pk_for_member(*, member: Membership, pk: int) -> Course:
    """A course by its id, as ``course_get_for_member`` (without its outline); 404 when not found."""
    course = _courses(member).filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def lessons_read(*, member: Membership, course: Course) -> set[int]:
    """The ids of the course's lessons the member has read."""
    return set(
        LessonDone.objects.filter(member=member, lesson__module__course=course).values_list("lesson_id", flat=True)
    )


def lesson_image_urls(*, member: Membership, course: Course, files: Iterable[LessonFile]) -> dict[str, str]:
    """A lesson's images by the name its Markdown uses, each at its scoped address."""
    return {
        found.name: reverse("academy:lesson_file", args=[member.organization.slug, course.slug, found.pk])
        for found in files
        if found.kind == LessonFile.Kind.IMAGE
    }


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
