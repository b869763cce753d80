"""What every write on a course shares: the PR team's check, validation, the audit row, positions, and what
happens once the transaction is committed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from duta.academy.models import Course, Lesson, LessonFile, Module, Question
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden, full_clean_or_refuse
from duta.organizations.models import Membership, Role

UP, DOWN = "up", "down"
Ordered = TypeVar("Ordered", Module, Lesson, Question)


def require_admin(member: Membership, course: Course | None = None) -> None:
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()
    if course is not None and course.organization_id != member.organization_id:
        raise forbidden()


def validate(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    full_clean_or_refuse(instance, exclude=exclude, validate_constraints=False)


def record(member: Membership, action: str, target: models.Model, changes: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=member.user, organization=member.organization, action=action, target=target, changes=changes or {}
    )


def next_position(queryset: models.QuerySet[Any]) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def renumber(items: Sequence[models.Model]) -> None:
    """Positions 0, 1, 2 ... in the order given, written only where they changed."""
    changed = []
    for position, item in enumerate(items):
        if item.position != position:  # type: ignore[attr-defined]
            item.position = position  # type: ignore[attr-defined]
            changed.append(item)
    if changed:
        type(items[0]).objects.bulk_update(changed, ["position"])  # type: ignore[attr-defined]


def swap(siblings: list[Ordered], item: Ordered, direction: str) -> bool:
    """Swap ``item`` with its neighbour above or below; False when it is first (or last) already."""
    if direction not in (UP, DOWN):
        raise ApplicationError(_("Move a row up or down."), code="direction")
    index = next(position for position, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    renumber(siblings)
    item.position = next(sibling.position for sibling in siblings if sibling.pk == item.pk)
    return True


def stored_files(queryset: models.QuerySet[LessonFile]) -> list[str]:
    return [name for name in queryset.values_list("file", flat=True) if name]


def delete_stored_after_commit(names: list[str]) -> None:
    """Remove files from the storage once the rows that named them are gone for good."""
    if not names:
        return
    storage = LessonFile._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def promote_after_commit(member: Membership) -> None:
    """The required courses changed: candidates who already passed every course their program now requires move
    to active once this transaction is committed."""
    organization, actor = member.organization, member.user

    def promote() -> None:
        from duta.academy.services.learning import training_promote_due

        training_promote_due(organization=organization, actor=actor)

    transaction.on_commit(promote)


def title_check(title: str) -> str:
    title = title.strip()
    if not title:
        raise ApplicationError(_("Give it a title."), field="title")
    return title
