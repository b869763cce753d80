from __future__ import annotations

import pytest

from duta.academy import rules


class TestAttemptLayout:
    def test_it_keeps_the_order_without_shuffling(self) -> None:
        layout = rules.attempt_layout([(1, [10, 11]), (2, [20, 21, 22])], shuffle=False, seed=1)
        assert layout == [[1, [10, 11]], [2, [20, 21, 22]]]

    def test_it_shuffles_questions_and_choices_the_same_way_for_one_seed(self) -> None:
        questions = [(number, [number * 10 + index for index in range(5)]) for number in range(1, 11)]
        first = rules.attempt_layout(questions, shuffle=True, seed=42)
        assert first == rules.attempt_layout(questions, shuffle=True, seed=42)
        assert sorted(row[0] for row in first) == list(range(1, 11))
        assert all(sorted(row[1]) == [row[0] * 10 + index for index in range(5)] for row in first)
        seeds = {str(rules.attempt_layout(questions, shuffle=True, seed=seed)) for seed in range(20)}
        assert len(seeds) > 15  # another attempt, another order


class TestAnswers:
    def test_a_single_answer_question_takes_exactly_one(self) -> None:
        rules.answer_check(kind=rules.SINGLE, offered=[1, 2, 3], chosen=[2])
        with pytest.raises(rules.AnswerError) as error:
            rules.answer_check(kind=rules.SINGLE, offered=[1, 2, 3], chosen=[1, 2])
        assert error.value.code == "one_only"

    def test_it_refuses_an_empty_answer_and_foreign_choices(self) -> None:
        with pytest.raises(rules.AnswerError) as empty:
            rules.answer_check(kind=rules.MULTIPLE, offered=[1, 2], chosen=[])
        assert empty.value.code == "empty"
        with pytest.raises(rules.AnswerError) as foreign:
            rules.answer_check(kind=rules.MULTIPLE, offered=[1, 2], chosen=[1, 9])
        assert foreign.value.code == "unknown"

    def test_only_exactly_the_right_choices_are_right(self) -> None:
        assert rules.answer_is_correct(chosen=[1, 3], correct=[3, 1])
        assert not rules.answer_is_correct(chosen=[1], correct=[1, 3])
        assert not rules.answer_is_correct(chosen=[1, 2, 3], correct=[1, 3])


@pytest.mark.parametrize(
    ("correct", "total", "percent"), [(7, 9, 78), (1, 8, 13), (6, 8, 75), (0, 8, 0), (8, 8, 100), (0, 0, 0), (1, 3, 33)]
)
def test_score_percent_rounds_half_up(correct: int, total: int, percent: int) -> None:
    assert rules.score_percent(correct, total) == percent


def test_attempts_left() -> None:
    assert rules.attempts_left(allowed=3, used=1) == 2
    assert rules.attempts_left(allowed=3, used=5) == 0
    assert rules.attempts_left(allowed=0, used=12) is None


def test_owed_unites_the_programs_requirements() -> None:
    owed = rules.owed(programs=[1, 2], required_by_program={1: [10, 11], 2: [11, 12], 3: [13]}, completed=[11, 13])
    assert owed.required == {10, 11, 12}
    assert owed.done == {11}
    assert owed.missing == {10, 12}
    assert not owed.complete
    assert owed.percent == 33
    assert not rules.owed(programs=[3], required_by_program={}, completed=[]).complete


def test_a_program_without_required_courses_is_never_passed_by_the_academy() -> None:
    assert not rules.program_passed(required=[], completed=[1])
    assert rules.program_passed(required=[1, 2], completed=[2, 1, 5])
    assert not rules.program_passed(required=[1, 2], completed=[1])
