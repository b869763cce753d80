"""A course's quiz: questions with their answers, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duta.academy.models import Choice, Course, Question
from duta.academy.services.courses._common import next_position, record, require_admin, swap, validate
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Membership

MIN_CHOICES, MAX_CHOICES = 2, 8


@dataclass(frozen=True)
class ChoiceData:
    text: str
    is_correct: bool = False


@dataclass(frozen=True)
class QuestionData:
    text: str
    kind: str = Question.Kind.SINGLE
    explanation: str = ""
    choices: Sequence[ChoiceData] = field(default_factory=tuple)


def _question_check(data: QuestionData) -> list[ChoiceData]:
    """The answers that have a text, once the question is known to be well formed."""
    if not data.text.strip():
        raise ApplicationError(_("Write the question."), field="text")
    if data.kind not in Question.Kind.values:
        raise ApplicationError(_("Choose the kind of question."), field="kind")
    if any(choice.is_correct and not choice.text.strip() for choice in data.choices):
        raise ApplicationError(_("An answer marked correct has no text."), field="choices")
    choices = [ChoiceData(text=choice.text.strip(), is_correct=choice.is_correct) for choice in data.choices]
    choices = [choice for choice in choices if choice.text]
    if len(choices) < MIN_CHOICES:
        raise ApplicationError(_("Give at least two answers."), field="choices")
    if len(choices) > MAX_CHOICES:
        raise ApplicationError(_("Give at most eight answers."), field="choices")
    if any(len(choice.text) > 500 for choice in choices):
        raise ApplicationError(_("Keep each answer under 500 characters."), field="choices")
    correct = sum(choice.is_correct for choice in choices)
    if data.kind == Question.Kind.SINGLE and correct != 1:
        raise ApplicationError(
            _("A question with one answer needs exactly one answer marked correct."), field="choices"
        )
    if data.kind == Question.Kind.MULTIPLE and correct == 0:
        raise ApplicationError(
            _("A question with several answers needs at least one answer marked correct."), field="choices"
        )
    return choices


def _choices_save(question: Question, choices: list[ChoiceData]) -> None:
    """Write the answers in order, reusing the existing rows (an attempt in progress keeps its answer ids)."""
    existing = list(question.choices.order_by("position", "pk"))
    for position, data in enumerate(choices):
        if position < len(existing):
            row = existing[position]
            if (row.text, row.is_correct, row.position) != (data.text, data.is_correct, position):
                row.text, row.is_correct, row.position = data.text, data.is_correct, position
                row.save(update_fields=["text", "is_correct", "position"])
        else:
            Choice.objects.create(question=question, text=data.text, is_correct=data.is_correct, position=position)
    surplus = [row.pk for row in existing[len(choices) :]]
    if surplus:
        Choice.objects.filter(pk__in=surplus).delete()


def _question_fill(question: Question, data: QuestionData) -> list[ChoiceData]:
    choices = _question_check(data)
    question.text, question.kind, question.explanation = data.text.strip(), data.kind, data.explanation.strip()
    validate(question)
    return choices


def _choices_audit(choices: list[ChoiceData]) -> dict[str, Any]:
    return {"choices": len(choices), "correct": [index for index, choice in enumerate(choices) if choice.is_correct]}


@transaction.atomic
def question_create(*, member: Membership, course: Course, data: QuestionData) -> Question:
    require_admin(member, course)
    question = Question(course=course, position=next_position(course.questions.all()))
    choices = _question_fill(question, data)
    question.save()
    _choices_save(question, choices)
    record(member, "academy.question.create", question, {"course": course.slug, **_choices_audit(choices)})
    return question


@transaction.atomic
def question_update(*, member: Membership, question: Question, data: QuestionData) -> Question:
    require_admin(member, question.course)
    choices = _question_fill(question, data)
    question.save()
    _choices_save(question, choices)
    record(member, "academy.question.update", question, {"kind": question.kind, **_choices_audit(choices)})
    return question


@transaction.atomic
def question_delete(*, member: Membership, question: Question) -> None:
    require_admin(member, question.course)
    record(member, "academy.question.delete", question, {"course": question.course.slug, "text": question.text[:200]})
    question.delete()


@transaction.atomic
def question_move(*, member: Membership, question: Question, direction: str) -> bool:
    course = question.course
    require_admin(member, course)
    Course.objects.select_for_update().filter(pk=course.pk).first()
    siblings = list(course.questions.order_by("position", "pk"))
    moved = swap(siblings, question, direction)
    if moved:
        record(member, "academy.question.move", question, {"direction": direction, "position": question.position})
    return moved
