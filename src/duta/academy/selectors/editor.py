"""The editor's reads, each scoped to a course the member may open (``course_get_for_member``): a row of another
course or organization is not found (404)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from duta.academy.models import Course, Lesson, LessonFile, Module, Question
from duta.academy.selectors.courses import course_get_for_member, course_list_for_member
from duta.organizations.models import Membership


def editor_courses(member: Membership) -> QuerySet[Course]:
    return course_list_for_member(member=member).prefetch_related("required_for")


def editor_course(member: Membership, slug: str) -> Course:
    return course_get_for_member(member=member, slug=slug, outline=False)  # the editor reads its own outline


def course_modules(course: Course) -> list[Module]:
    """The modules in order, each with its lessons (and their file counts) in order."""
    lessons = Lesson.objects.annotate(file_count=Count("files")).order_by("position", "pk")
    return list(
        Module.objects.filter(course=course)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("lessons", queryset=lessons))
    )


def course_quiz(course: Course) -> QuerySet[Question]:
    return course.questions.order_by("position", "pk").prefetch_related("choices")


def module_in(course: Course, module_pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("course"), pk=module_pk, course=course)


def lesson_in(course: Course, lesson_pk: int) -> Lesson:
    return get_object_or_404(Lesson.objects.select_related("module__course"), pk=lesson_pk, module__course=course)


def question_in(course: Course, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("course").prefetch_related("choices"), pk=question_pk, course=course
    )


def file_in(course: Course, file_pk: int) -> LessonFile:
    return get_object_or_404(
        LessonFile.objects.select_related("lesson__module__course"), pk=file_pk, lesson__module__course=course
    )


def lesson_files(lesson: Lesson) -> list[LessonFile]:
    return list(LessonFile.objects.filter(lesson=lesson).order_by("created_at", "pk"))
