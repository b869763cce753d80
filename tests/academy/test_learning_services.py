from __future__ import annotations

import pytest

from duta.academy.models import Attempt, Completion, Lesson, LessonDone
from duta.academy.services.learning import (
    attempt_answer,
    attempt_grant,
    attempt_start,
    lesson_mark_done,
    training_promote_due,
)
from duta.core.exceptions import ApplicationError
from duta.core.models import AuditEvent
from duta.organizations.models import Membership, Organization
from duta.programs.models import Stage, StageChange
from tests.academy.builders import candidacy, course_make, right_answers, wrong_answer
from tests.factories import ProgramFactory


def _read_all(member: Membership, course) -> None:
    for lesson in Lesson.objects.filter(module__course=course):
        lesson_mark_done(member=member, lesson=lesson)


def _answer_all(member: Membership, attempt: Attempt, *, wrong: int = 0) -> Attempt:
    """Answer every question of ``attempt``, the first ``wrong`` of them wrongly."""
    questions = {question.pk: question for question in attempt.course.questions.all()}
    for index, row in enumerate(attempt.layout):
        question = questions[row[0]]
        chosen = wrong_answer(question) if index < wrong else right_answers(question)
        attempt = attempt_answer(member=member, attempt=attempt, question_id=question.pk, choice_ids=chosen).attempt
    return attempt


class TestLessons:
    def test_reading_a_lesson_twice_is_recorded_once(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org)
        lesson = Lesson.objects.filter(module__course=course).first()
        assert lesson_mark_done(member=ambassador, lesson=lesson)
        assert not lesson_mark_done(member=ambassador, lesson=lesson)
        assert LessonDone.objects.filter(member=ambassador).count() == 1
        assert AuditEvent.objects.filter(action="academy.lesson.done").count() == 1

    def test_a_course_without_questions_is_completed_by_its_last_lesson(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=0)
        _read_all(ambassador, course)
        completion = Completion.objects.get(member=ambassador, course=course)
        assert completion.score is None
        assert completion.course_title == course.title

    def test_an_unpublished_course_takes_no_learners(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org, published=False)
        with pytest.raises(ApplicationError):
            lesson_mark_done(member=ambassador, lesson=Lesson.objects.filter(module__course=course).first())

    def test_another_organizations_member_is_refused(self, org: Organization, outsider_admin: Membership) -> None:
        course = course_make(org)
        with pytest.raises(ApplicationError) as error:
            lesson_mark_done(member=outsider_admin, lesson=Lesson.objects.filter(module__course=course).first())
        assert error.value.code == "forbidden"


class TestQuiz:
    def test_the_quiz_opens_after_every_lesson(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org)
        with pytest.raises(ApplicationError) as error:
            attempt_start(member=ambassador, course=course)
        assert error.value.code == "lessons_unread"
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        assert attempt.number == 1
        assert attempt_start(member=ambassador, course=course) == attempt  # the open one, not a second

    def test_passing_makes_a_certificate_with_a_code(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org, questions=4, passing_score=75)
        _read_all(ambassador, course)
        attempt = _answer_all(ambassador, attempt_start(member=ambassador, course=course), wrong=1)
        assert (attempt.score, attempt.passed) == (75, True)
        completion = Completion.objects.get(member=ambassador, course=course)
        assert completion.score == 75
        assert completion.holder_name == "Putri Duta"
        assert len(completion.code.replace("-", "")) == 12
        assert AuditEvent.objects.filter(action="academy.course.complete", target_id=str(completion.pk)).exists()
        with pytest.raises(ApplicationError) as error:
            attempt_start(member=ambassador, course=course)
        assert error.value.code == "passed"

    def test_failing_every_allowed_attempt_closes_the_quiz(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org, questions=4, max_attempts=2)
        _read_all(ambassador, course)
        for number in (1, 2):
            attempt = _answer_all(ambassador, attempt_start(member=ambassador, course=course), wrong=2)
            assert (attempt.number, attempt.score, attempt.passed) == (number, 50, False)
        with pytest.raises(ApplicationError) as error:
            attempt_start(member=ambassador, course=course)
        assert error.value.code == "no_attempts"
        assert not Completion.objects.exists()

    def test_an_answer_is_marked_once_with_the_right_choices(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        question = course.questions.get(kind="multiple")
        marked = attempt_answer(
            member=ambassador, attempt=attempt, question_id=question.pk, choice_ids=right_answers(question)[:1]
        )
        assert not marked.is_correct  # half the right answers is wrong
        assert marked.attempt.marks == {str(question.pk): False}
        with pytest.raises(ApplicationError) as error:
            attempt_answer(
                member=ambassador, attempt=attempt, question_id=question.pk, choice_ids=right_answers(question)
            )
        assert error.value.code == "answered"

    @pytest.mark.parametrize("choices", ["none", "two_on_single", "foreign"])
    def test_it_refuses_a_malformed_answer(self, org: Organization, ambassador: Membership, choices: str) -> None:
        course = course_make(org)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        question = course.questions.get(position=0)
        other = course.questions.get(position=1)
        chosen = {
            "none": [],
            "two_on_single": list(question.choices.values_list("pk", flat=True)[:2]),
            "foreign": right_answers(other),
        }[choices]
        with pytest.raises(ApplicationError):
            attempt_answer(member=ambassador, attempt=attempt, question_id=question.pk, choice_ids=chosen)
        attempt.refresh_from_db()
        assert attempt.answers == {}

    def test_someone_elses_attempt_is_refused(
        self, org: Organization, ambassador: Membership, other_unit_member: Membership
    ) -> None:
        course = course_make(org)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        question = course.questions.first()
        with pytest.raises(ApplicationError) as error:
            attempt_answer(
                member=other_unit_member, attempt=attempt, question_id=question.pk, choice_ids=right_answers(question)
            )
        assert error.value.code == "forbidden"

    def test_shuffled_attempts_keep_every_question(self, org: Organization, ambassador: Membership) -> None:
        course = course_make(org, questions=8, shuffle=True)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        assert sorted(row[0] for row in attempt.layout) == sorted(course.questions.values_list("pk", flat=True))


class TestPromotion:
    def test_passing_every_required_course_makes_the_candidate_active(
        self, org: Organization, ambassador: Membership
    ) -> None:
        program = ProgramFactory(organization=org)
        first, second = course_make(org, slug="satu"), course_make(org, slug="dua", questions=0)
        first.required_for.add(program)
        second.required_for.add(program)
        candidate = candidacy(ambassador, program)
        _read_all(ambassador, first)
        _answer_all(ambassador, attempt_start(member=ambassador, course=first))
        candidate.refresh_from_db()
        assert candidate.stage == Stage.TRAINING  # one required course still to go
        _read_all(ambassador, second)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.ACTIVE
        change = StageChange.objects.get(candidate=candidate, to_stage=Stage.ACTIVE)
        assert change.from_stage == Stage.TRAINING
        assert change.actor is None
        assert AuditEvent.objects.filter(action="candidate.move", target_id=str(candidate.pk)).exists()

    def test_only_candidates_in_training_move(self, org: Organization, ambassador: Membership) -> None:
        program = ProgramFactory(organization=org)
        course = course_make(org, questions=0)
        course.required_for.add(program)
        candidate = candidacy(ambassador, program, stage=Stage.INTERVIEW)
        _read_all(ambassador, course)
        candidate.refresh_from_db()
        assert candidate.stage == Stage.INTERVIEW

    def test_required_courses_passed_earlier_promote_when_the_sweep_runs(
        self, org: Organization, ambassador: Membership
    ) -> None:
        program = ProgramFactory(organization=org)
        course = course_make(org, questions=0)
        _read_all(ambassador, course)  # passed before the program required it
        candidate = candidacy(ambassador, program)
        assert training_promote_due(organization=org) == 0  # nothing required yet: moved by hand as before
        course.required_for.add(program)
        assert training_promote_due(organization=org) == 1
        candidate.refresh_from_db()
        assert candidate.stage == Stage.ACTIVE


class TestQuestionsDeletedMidAttempt:
    def test_the_last_remaining_answer_finishes_the_attempt_over_the_questions_left(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=4, passing_score=75)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        first, *rest = [course.questions.get(pk=row[0]) for row in attempt.layout]
        attempt = attempt_answer(
            member=ambassador, attempt=attempt, question_id=first.pk, choice_ids=wrong_answer(first)
        ).attempt
        first.delete()  # the wrong answer no longer counts
        for question in rest:
            attempt = attempt_answer(
                member=ambassador, attempt=attempt, question_id=question.pk, choice_ids=right_answers(question)
            ).attempt
        assert (attempt.correct, attempt.score, attempt.passed) == (3, 100, True)

    def test_an_attempt_left_with_nothing_to_answer_is_marked_when_the_quiz_is_opened_again(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=3, passing_score=50)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        answered, *unanswered = [course.questions.get(pk=row[0]) for row in attempt.layout]
        attempt_answer(member=ambassador, attempt=attempt, question_id=answered.pk, choice_ids=right_answers(answered))
        for question in unanswered:
            question.delete()
        again = attempt_start(member=ambassador, course=course)
        assert again.pk == attempt.pk  # marked now, its result shown
        assert (again.score, again.passed) == (100, True)
        assert Completion.objects.filter(member=ambassador, course=course).exists()

    def test_an_attempt_whose_questions_were_all_replaced_is_voided_and_does_not_count(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=2, max_attempts=1)
        _read_all(ambassador, course)
        first = attempt_start(member=ambassador, course=course)
        course.questions.all().delete()
        course_make(org, slug="lain", questions=2).questions.update(course=course)  # the PR team rewrote the quiz
        second = attempt_start(member=ambassador, course=course)
        first.refresh_from_db()
        assert first.finished_at is not None
        assert first.score is None
        assert second.number == 2  # the one attempt allowed is still there

    def test_a_course_whose_quiz_was_removed_is_completed_by_the_lessons(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=2)
        _read_all(ambassador, course)
        course.questions.all().delete()
        lesson_mark_done(member=ambassador, lesson=Lesson.objects.filter(module__course=course).first())
        assert Completion.objects.filter(member=ambassador, course=course, score=None).exists()

    def test_an_answer_keeps_the_mark_it_was_given_when_the_question_changes(
        self, org: Organization, ambassador: Membership
    ) -> None:
        course = course_make(org, questions=2, passing_score=100)
        _read_all(ambassador, course)
        attempt = attempt_start(member=ambassador, course=course)
        first, second = [course.questions.get(pk=row[0]) for row in attempt.layout]
        attempt = attempt_answer(
            member=ambassador, attempt=attempt, question_id=first.pk, choice_ids=right_answers(first)
        ).attempt
        first.choices.update(is_correct=False)  # the PR team changed its mind about the answer
        attempt = attempt_answer(
            member=ambassador, attempt=attempt, question_id=second.pk, choice_ids=right_answers(second)
        ).attempt
        assert (attempt.correct, attempt.score, attempt.passed) == (2, 100, True)


class TestAttemptGrant:
    def test_the_pr_team_gives_one_more_attempt(
        self, org: Organization, ambassador: Membership, pr_admin: Membership
    ) -> None:
        course = course_make(org, questions=4, max_attempts=1)
        _read_all(ambassador, course)
        _answer_all(ambassador, attempt_start(member=ambassador, course=course), wrong=4)
        with pytest.raises(ApplicationError):
            attempt_start(member=ambassador, course=course)
        attempt_grant(member=pr_admin, learner=ambassador, course=course)
        attempt = _answer_all(ambassador, attempt_start(member=ambassador, course=course))
        assert (attempt.number, attempt.passed) == (2, True)
        assert AuditEvent.objects.filter(action="academy.attempt.grant").count() == 1

    def test_only_the_pr_team_of_the_organization_grants(
        self, org: Organization, ambassador: Membership, coordinator: Membership, outsider_admin: Membership
    ) -> None:
        course = course_make(org, max_attempts=1)
        for member in (coordinator, outsider_admin, ambassador):
            with pytest.raises(ApplicationError) as error:
                attempt_grant(member=member, learner=ambassador, course=course)
            assert error.value.code == "forbidden"


def test_a_program_cannot_require_an_unpublished_course(org: Organization, pr_admin: Membership) -> None:
    from duta.academy.services.courses.course import CourseData, course_update

    program = ProgramFactory(organization=org)
    course = course_make(org, published=False)
    with pytest.raises(ApplicationError) as error:
        course_update(
            member=pr_admin,
            course=course,
            data=CourseData(title=course.title, required_for=[program], is_published=False),
        )
    assert error.value.field == "is_published"
    course_update(member=pr_admin, course=course, data=CourseData(title=course.title, required_for=[program]))
    with pytest.raises(ApplicationError):  # and a required course stays published
        course_update(
            member=pr_admin,
            course=course,
            data=CourseData(title=course.title, required_for=[program], is_published=False),
        )
    assert list(course.required_for.all()) == [program]
