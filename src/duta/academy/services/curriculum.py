"""The built-in curriculum (``academy/curriculum/*.yaml``, original text in Bahasa Indonesia with English
summaries): each organization gets its own copy, which it may then edit like any course."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max

from duta.academy.models import Choice, Course, Lesson, Module, Question
from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.organizations.models import Organization

CURRICULUM_DIR = Path(__file__).resolve().parent.parent / "curriculum"


@dataclass(frozen=True)
class BuiltinCourse:
    slug: str
    data: dict[str, Any]

    @property
    def question_count(self) -> int:
        return len(self.data["quiz"])


@lru_cache(maxsize=1)
def builtin_courses() -> tuple[BuiltinCourse, ...]:
    """The built-in courses in their order (file name), read once per process."""
    courses = []
    for path in sorted(CURRICULUM_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        courses.append(BuiltinCourse(slug=data["slug"], data=data))
    return tuple(courses)


def builtin_courses_missing(organization: Organization) -> list[BuiltinCourse]:
    """The built-in courses the organization lacks: none of its courses was copied from them or has their short
    name."""
    courses = Course.objects.filter(organization=organization)
    present = set(courses.exclude(builtin="").values_list("builtin", flat=True)) | set(
        courses.values_list("slug", flat=True)
    )
    return [builtin for builtin in builtin_courses() if builtin.slug not in present]


@transaction.atomic
def curriculum_install(*, organization: Organization, actor: User | None = None) -> list[Course]:
    """Copy the built-in courses the organization lacks (by their ``builtin`` slug, or a course with the same short
    name) into it, with their modules, lessons and quizzes; one audit row. Idempotent: a course the organization
    deleted comes back, one it edited is left as it is."""
    missing = {builtin.slug for builtin in builtin_courses_missing(organization)}
    last = Course.objects.filter(organization=organization).aggregate(last=Max("position"))["last"] or 0
    created: list[Course] = []
    for position, builtin in enumerate(builtin_courses(), start=last + 1):
        if builtin.slug in missing:
            created.append(_course_copy(organization=organization, builtin=builtin, position=position, actor=actor))
    if created:
        audit_record(
            actor=actor,
            organization=organization,
            action="academy.curriculum.install",
            changes={"courses": [course.slug for course in created]},
        )
    return created


def _course_copy(*, organization: Organization, builtin: BuiltinCourse, position: int, actor: User | None) -> Course:
    data = builtin.data
    course = Course.objects.create(
        organization=organization,
        slug=builtin.slug,
        builtin=builtin.slug,
        title=data["title"],
        title_en=data.get("title_en", ""),
        summary=data.get("summary", "").strip(),
        summary_en=data.get("summary_en", "").strip(),
        minutes=int(data.get("minutes", 30)),
        passing_score=int(data.get("passing_score", 75)),
        max_attempts=int(data.get("max_attempts", 3)),
        position=position,
        created_by=actor,
    )
    modules = Module.objects.bulk_create(
        [Module(course=course, title=module["title"], position=index) for index, module in enumerate(data["modules"])]
    )
    Lesson.objects.bulk_create(
        [
            Lesson(
                module=module,
                title=lesson["title"],
                body=lesson.get("body", "").strip() + "\n",
                summary_en=lesson.get("summary_en", "").strip(),
                video_url=lesson.get("video_url") or "",
                position=index,
            )
            for module, source in zip(modules, data["modules"], strict=True)
            for index, lesson in enumerate(source["lessons"])
        ]
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                course=course,
                text=question["text"].strip(),
                kind=question.get("kind", Question.Kind.SINGLE),
                explanation=question.get("explanation", "").strip(),
                position=index,
            )
            for index, question in enumerate(data["quiz"])
        ]
    )
    Choice.objects.bulk_create(
        [
            Choice(
                question=question, text=str(choice["text"]).strip(), is_correct=bool(choice["correct"]), position=index
            )
            for question, source in zip(questions, data["quiz"], strict=True)
            for index, choice in enumerate(source["choices"])
        ]
    )
    return course


def curriculum_install_on_create(*, organization: Organization, actor: User | None = None, **_: Any) -> None:
    """``organizations.signals.organization_created`` receiver: a new organization starts with the curriculum."""
    curriculum_install(organization=organization, actor=actor)
