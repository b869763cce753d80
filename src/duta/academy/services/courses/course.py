"""A course and its settings, and the programs that require it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from duta.academy.models import Course, LessonFile
from duta.academy.services.courses._common import (
    delete_stored_after_commit,
    next_position,
    promote_after_commit,
    record,
    require_admin,
    stored_files,
    validate,
)
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership
from duta.programs.models import Program

RESERVED_SLUGS = {"new", "install"}  # the editor's own addresses under manage/


@dataclass(frozen=True)
class CourseData:
    title: str
    slug: str = ""  # made from the title when empty (new courses)
    title_en: str = ""
    summary: str = ""
    summary_en: str = ""
    minutes: int = 30
    is_published: bool = True
    passing_score: int = 75
    max_attempts: int = 3
    shuffle_answers: bool = True
    required_for: Sequence[Program] = ()


def course_data(course: Course) -> CourseData:
    """A course's settings as they are, to change one or two with ``dataclasses.replace``."""
    return CourseData(
        title=course.title,
        slug=course.slug,
        title_en=course.title_en,
        summary=course.summary,
        summary_en=course.summary_en,
        minutes=course.minutes,
        is_published=course.is_published,
        passing_score=course.passing_score,
        max_attempts=course.max_attempts,
        shuffle_answers=course.shuffle_answers,
        required_for=list(course.required_for.all()),
    )


COURSE_FIELDS = (
    "title",
    "title_en",
    "summary",
    "summary_en",
    "minutes",
    "is_published",
    "passing_score",
    "max_attempts",
    "shuffle_answers",
)


def _programs_check(member: Membership, programs: Sequence[Program], *, published: bool) -> set[int]:
    if any(program.organization_id != member.organization_id for program in programs):
        raise ApplicationError(_("Choose programs of your organization."), field="required_for")
    if programs and not published:  # learners cannot open it: candidates would wait in training for ever
        raise ApplicationError(
            _("Publish the course before a program requires it, or leave the programs empty."),
            field="is_published",
        )
    return {program.pk for program in programs}


def _slug_check(member: Membership, slug: str, course: Course | None) -> None:
    if slug in RESERVED_SLUGS:
        raise ApplicationError(_("This short name is reserved: choose another."), field="slug")
    taken = Course.objects.filter(organization=member.organization, slug=slug)
    if course is not None:
        taken = taken.exclude(pk=course.pk)
    if taken.exists():
        raise ApplicationError(_("Another course has this short name already."), field="slug")


def _slug_from_title(member: Membership, title: str) -> str:
    base = slugify(title)[:40].strip("-") or "kursus"
    slug, number = base, 1
    existing = set(Course.objects.filter(organization=member.organization).values_list("slug", flat=True))
    while slug in existing or slug in RESERVED_SLUGS:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _course_fill(course: Course, data: CourseData) -> dict[str, Any]:
    """Copy ``data`` onto ``course``; the fields that changed, with their new values."""
    changes = {}
    for name in COURSE_FIELDS:
        value = getattr(data, name)
        value = value.strip() if isinstance(value, str) else value
        if getattr(course, name) != value:
            changes[name] = value
            setattr(course, name, value)
    return changes


@transaction.atomic
def course_create(*, member: Membership, data: CourseData) -> Course:
    require_admin(member)
    program_ids = _programs_check(member, data.required_for, published=data.is_published)
    slug = data.slug.strip().lower() or _slug_from_title(member, data.title)
    _slug_check(member, slug, None)
    course = Course(
        organization=member.organization,
        slug=slug,
        position=next_position(Course.objects.filter(organization=member.organization)),
        created_by=member.user,
    )
    _course_fill(course, data)
    validate(course)
    course.save()
    course.required_for.set(program_ids)
    record(member, "academy.course.create", course, {"slug": slug, "required_for": sorted(program_ids)})
    if program_ids:
        promote_after_commit(member)
    return course


@transaction.atomic
def course_update(*, member: Membership, course: Course, data: CourseData) -> Course:
    require_admin(member, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    program_ids = _programs_check(member, data.required_for, published=data.is_published)
    changes = _course_fill(course, data)
    slug = data.slug.strip().lower()
    if slug and slug != course.slug:
        _slug_check(member, slug, course)
        changes["slug"] = course.slug = slug
    validate(course)
    before = set(course.required_for.values_list("pk", flat=True))
    if program_ids != before:
        course.required_for.set(program_ids)
        changes["required_for"] = sorted(program_ids)
    if changes:
        course.save()
        record(member, "academy.course.update", course, changes)
    if program_ids != before:
        promote_after_commit(member)
    return course


@transaction.atomic
def course_delete(*, member: Membership, course: Course) -> None:
    """Delete a course with its lessons, files, quiz and attempts. Its certificates stay valid: they keep the
    course's title as printed."""
    require_admin(member, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    files = stored_files(LessonFile.objects.filter(lesson__module__course=course))
    was_required = course.required_for.exists()
    record(
        member,
        "academy.course.delete",
        course,
        {"slug": course.slug, "title": course.title, "certificates": course.completions.count()},
    )
    course.delete()
    delete_stored_after_commit(files)
    if was_required:
        promote_after_commit(member)
