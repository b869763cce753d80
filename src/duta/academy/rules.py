"""The academy's rules, pure (no ORM): a quiz attempt's order, marking an answer, the score, attempts left, and what
a learner still owes of the courses their programs require."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

SINGLE, MULTIPLE = "single", "multiple"  # the values of ``Question.Kind``


def attempt_layout(
    questions: Iterable[tuple[int, Iterable[int]]], *, shuffle: bool, seed: int | str
) -> list[list[int | list[int]]]:
    """The order an attempt shows: ``[[question id, [choice ids]], ...]``; questions and each question's choices
    shuffled with ``seed`` when ``shuffle`` (so one attempt always shows the same order, the next another)."""
    layout: list[list[int | list[int]]] = [[question, list(choices)] for question, choices in questions]
    if shuffle:
        generator = random.Random(seed)
        generator.shuffle(layout)
        for row in layout:
            choices = row[1]
            assert isinstance(choices, list)
            generator.shuffle(choices)
    return layout


class AnswerError(ValueError):
    """An answer that cannot be marked; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def answer_check(*, kind: str, offered: Collection[int], chosen: Collection[int]) -> None:
    """Raise ``AnswerError`` unless ``chosen`` is a valid answer: choices of this question only, exactly one for a
    single-answer question, at least one for a multiple-answer one."""
    chosen_set = set(chosen)
    if not chosen_set:
        raise AnswerError("empty")
    if not chosen_set <= set(offered):
        raise AnswerError("unknown")
    if kind == SINGLE and len(chosen_set) != 1:
        raise AnswerError("one_only")


def answer_is_correct(*, chosen: Collection[int], correct: Collection[int]) -> bool:
    """Right only when exactly the correct choices are chosen: no partial credit."""
    return set(chosen) == set(correct)


def score_percent(correct: int, total: int) -> int:
    """The score as a whole percentage, rounded half up (7 of 9 is 78)."""
    if total <= 0:
        return 0
    return (200 * correct + total) // (2 * total)


def attempts_left(*, allowed: int, used: int) -> int | None:
    """How many attempts remain; None when ``allowed`` is 0 (no limit)."""
    if allowed == 0:
        return None
    return max(0, allowed - used)


@dataclass(frozen=True)
class Owed:
    """A learner's required courses (ids) and which of them are done."""

    required: frozenset[int]
    done: frozenset[int]

    @property
    def missing(self) -> frozenset[int]:
        return self.required - self.done

    @property
    def complete(self) -> bool:
        return bool(self.required) and not self.missing

    @property
    def percent(self) -> int:
        return score_percent(len(self.done), len(self.required))


def owed(
    *, programs: Iterable[int], required_by_program: Mapping[int, Collection[int]], completed: Collection[int]
) -> Owed:
    """The courses required by any of ``programs`` and which of them are in ``completed``."""
    required = frozenset(course for program in programs for course in required_by_program.get(program, ()))
    return Owed(required=required, done=required & frozenset(completed))


def program_passed(*, required: Collection[int], completed: Collection[int]) -> bool:
    """A program's training is passed when it requires at least one course and every one is completed."""
    return bool(required) and set(required) <= set(completed)
