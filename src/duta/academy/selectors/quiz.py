"""A quiz attempt as the learner sees it: the questions in the attempt's order, answered ones with their marking
and explanation."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from duta.academy.models import Attempt, Choice, Course, Question
from duta.organizations.models import Membership


@dataclass(frozen=True)
class ShownQuestion:
    number: int
    question: Question
    choices: list[Choice]
    chosen: frozenset[int]  # empty until answered
    answered: bool
    mark: bool | None  # right or not, as marked when answered

    @property
    def is_correct(self) -> bool:
        return bool(self.mark)


def attempt_get_for_member(*, member: Membership, course: Course, number: int) -> Attempt:
    """The member's own attempt; anyone else's is not found."""
    attempt = Attempt.objects.filter(member=member, course=course, number=number).first()
    if attempt is None:
        raise Http404
    return attempt


def attempt_questions(attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions in its order; a question since removed from the course is left out, and an answer
    added to a question since is shown after the others."""
    layout = [(int(row[0]), [int(choice) for choice in row[1]]) for row in attempt.layout]
    wanted = [question_id for question_id, _choices in layout]
    questions = Question.objects.filter(course_id=attempt.course_id, pk__in=wanted).in_bulk()
    choices: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question_id__in=wanted).order_by("position", "pk"):
        choices.setdefault(choice.question_id, []).append(choice)
    shown = []
    for number, (question_id, choice_ids) in enumerate(layout, start=1):
        question = questions.get(question_id)
        if question is None:
            continue
        answer = attempt.answers.get(str(question_id))
        shown.append(
            ShownQuestion(
                number=number,
                question=question,
                choices=_in_order(choices.get(question_id, []), choice_ids),
                chosen=frozenset(answer or ()),
                answered=answer is not None,
                mark=attempt.marks.get(str(question_id)),
            )
        )
    return shown


def _in_order(choices: list[Choice], shown: list[int]) -> list[Choice]:
    """``choices`` in the attempt's order ``shown``, those added since at the end."""
    place = {pk: index for index, pk in enumerate(shown)}
    return sorted(choices, key=lambda choice: place.get(choice.pk, len(place)))
