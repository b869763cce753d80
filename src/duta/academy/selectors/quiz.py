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

    @property
    def correct_choices(self) -> frozenset[int]:
        return frozenset(choice.pk for choice in self.choices if choice.is_correct)

    @property
    def is_correct(self) -> bool:
        return self.answered and self.chosen == self.correct_choices


def attempt_get_for_member(*, member: Membership, course: Course, number: int) -> Attempt:
    """The member's own attempt; anyone else's is not found."""
    attempt = Attempt.objects.filter(member=member, course=course, number=number).first()
    if attempt is None:
        raise Http404
    return attempt


def attempt_questions(attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions in its order; a question since removed from the course is left out."""
    layout = [(int(row[0]), [int(choice) for choice in row[1]]) for row in attempt.layout]
    wanted = [question_id for question_id, _choices in layout]
    questions = Question.objects.filter(course_id=attempt.course_id, pk__in=wanted).in_bulk()
    choices = Choice.objects.filter(question_id__in=wanted).in_bulk()
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
                choices=[choices[pk] for pk in choice_ids if pk in choices],
                chosen=frozenset(answer or ()),
                answered=answer is not None,
            )
        )
    return shown
