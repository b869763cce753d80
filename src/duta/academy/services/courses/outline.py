"""A course's modules and their lessons, in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duta.academy.models import Course, Lesson, LessonFile, Module
from duta.academy.services.courses._common import (
    UP,
    delete_stored_after_commit,
    next_position,
    record,
    renumber,
    require_admin,
    stored_files,
    swap,
    title_check,
    validate,
)
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership


@dataclass(frozen=True)
class LessonData:
    title: str
    body: str = ""
    summary_en: str = ""
    video_url: str = ""


@transaction.atomic
def module_create(*, member: Membership, course: Course, title: str) -> Module:
    require_admin(member, course)
    module = Module(course=course, title=title_check(title), position=next_position(course.modules.all()))
    validate(module)
    module.save()
    record(member, "academy.module.create", module, {"course": course.slug, "title": module.title})
    return module


@transaction.atomic
def module_update(*, member: Membership, module: Module, title: str) -> Module:
    require_admin(member, module.course)
    module.title = title_check(title)
    validate(module)
    module.save(update_fields=["title", "updated_at"])
    record(member, "academy.module.update", module, {"title": module.title})
    return module


@transaction.atomic
def module_delete(*, member: Membership, module: Module) -> None:
    require_admin(member, module.course)
    files = stored_files(LessonFile.objects.filter(lesson__module=module))
    record(member, "academy.module.delete", module, {"course": module.course.slug, "title": module.title})
    module.delete()
    delete_stored_after_commit(files)


@transaction.atomic
def module_move(*, member: Membership, module: Module, direction: str) -> bool:
    """Swap the module with the one above or below it; False when it is at that end already."""
    course = module.course
    require_admin(member, course)
    siblings = list(course.modules.select_for_update().order_by("position", "pk"))
    moved = swap(siblings, module, direction)
    if moved:
        record(member, "academy.module.move", module, {"direction": direction, "position": module.position})
    return moved


def _lesson_fill(lesson: Lesson, data: LessonData) -> dict[str, Any]:
    video_url = data.video_url.strip()
    if video_url and not video_url.lower().startswith(("http://", "https://")):
        raise ApplicationError(_("Give a video link that starts with https://."), field="video_url")
    values = {
        "title": title_check(data.title),
        "body": data.body.replace("\r\n", "\n"),
        "summary_en": data.summary_en.strip(),
        "video_url": video_url,
    }
    changes: dict[str, Any] = {name: value for name, value in values.items() if getattr(lesson, name) != value}
    for name, value in values.items():
        setattr(lesson, name, value)
    validate(lesson)
    if "body" in changes:
        changes["body"] = len(lesson.body)  # its length: the text itself stays out of the log
    return changes


@transaction.atomic
def lesson_create(*, member: Membership, module: Module, data: LessonData) -> Lesson:
    require_admin(member, module.course)
    lesson = Lesson(module=module, position=next_position(module.lessons.all()))
    changes = _lesson_fill(lesson, data)
    lesson.save()
    record(member, "academy.lesson.create", lesson, {"module": module.pk, **changes})
    return lesson


@transaction.atomic
def lesson_update(*, member: Membership, lesson: Lesson, data: LessonData) -> Lesson:
    require_admin(member, lesson.module.course)
    changes = _lesson_fill(lesson, data)
    if changes:
        lesson.save()
        record(member, "academy.lesson.update", lesson, changes)
    return lesson


@transaction.atomic
def lesson_delete(*, member: Membership, lesson: Lesson) -> None:
    require_admin(member, lesson.module.course)
    files = stored_files(lesson.files.all())
    record(member, "academy.lesson.delete", lesson, {"module": lesson.module_id, "title": lesson.title})
    lesson.delete()
    delete_stored_after_commit(files)


@transaction.atomic
def lesson_move(*, member: Membership, lesson: Lesson, direction: str) -> bool:
    """Swap the lesson with its neighbour in the module; from the first (last) place of a module it goes to the
    end (start) of the module above (below). False when there is nowhere to go."""
    course = lesson.module.course
    require_admin(member, course)
    modules = list(course.modules.select_for_update().order_by("position", "pk"))
    siblings = list(Lesson.objects.filter(module_id=lesson.module_id).order_by("position", "pk"))
    moved = swap(siblings, lesson, direction)
    if not moved:
        index = next(position for position, module in enumerate(modules) if module.pk == lesson.module_id)
        neighbour = index - 1 if direction == UP else index + 1
        if not 0 <= neighbour < len(modules):
            return False
        target = modules[neighbour]
        others = list(Lesson.objects.filter(module=target).order_by("position", "pk"))
        lesson.module = target
        lesson.save(update_fields=["module", "updated_at"])
        renumber([*others, lesson] if direction == UP else [lesson, *others])
        renumber([sibling for sibling in siblings if sibling.pk != lesson.pk])
    record(
        member,
        "academy.lesson.move",
        lesson,
        {"direction": direction, "module": lesson.module_id, "position": lesson.position},
    )
    return True
