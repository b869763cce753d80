"""A learner's writes: lessons read, quiz attempts and answers, the course completed (its certificate), and the
automatic move of a candidate in training to active once every course their program requires is passed."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from duta.academy import rules
from duta.academy.codes import code_new
from duta.academy.models import Attempt, Choice, Completion, Course, Lesson, LessonDone, Question
from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Organization
from duta.programs.models import Candidate, Stage
from duta.programs.services import candidate_training_passed


def _require_learner(member: Membership, course: Course) -> None:
    if course.organization_id != member.organization_id or not member.is_active:
        raise forbidden()
    if not course.is_published:
        raise ApplicationError(_("This course is not published."), code="unpublished")


def _lesson_ids(course: Course) -> list[int]:
    return list(
        Lesson.objects.filter(module__course=course)
        .order_by("module__position", "module_id", "position", "pk")
        .values_list("pk", flat=True)
    )


def lessons_unread(*, member: Membership, course: Course) -> list[int]:
    """The ids of the course's lessons the member has not read yet, in reading order."""
    read = set(
        LessonDone.objects.filter(member=member, lesson__module__course=course).values_list("lesson_id", flat=True)
    )
    return [pk for pk in _lesson_ids(course) if pk not in read]


@transaction.atomic
def lesson_mark_done(*, member: Membership, lesson: Lesson) -> bool:
    """The member has read ``lesson``; True when this is news. A course without questions is completed by its last
    lesson."""
    course = lesson.module.course
    _require_learner(member, course)
    _, created = LessonDone.objects.get_or_create(member=member, lesson=lesson, defaults={"done_at": timezone.now()})
    if created:
        audit_record(actor=member.user, organization=member.organization, action="academy.lesson.done", target=lesson)
        if not course.questions.exists() and not lessons_unread(member=member, course=course):
            _course_complete(member=member, course=course, score=None)
    return created


# --- quizzes -------------------------------------------------------------------------------------


def attempts_used(*, member: Membership, course: Course) -> int:
    return Attempt.objects.filter(member=member, course=course, finished_at__isnull=False).count()


@transaction.atomic
def attempt_start(*, member: Membership, course: Course) -> Attempt:
    """Open an attempt at the course's quiz (or return the one still open): every lesson read first, the course not
    passed yet, attempts left. Questions and answers are shuffled per attempt when the course says so."""
    _require_learner(member, course)
    Membership.objects.select_for_update().filter(pk=member.pk).first()  # one start at a time per member
    open_attempt = Attempt.objects.filter(member=member, course=course, finished_at__isnull=True).first()
    if open_attempt is not None:
        live = _live_questions(open_attempt)
        if live and not live.keys() - {int(key) for key in open_attempt.answers}:
            # every question still in the course is answered (the others were deleted since): mark it now
            _attempt_finish(member=member, attempt=open_attempt, live=live)
        return open_attempt
    if Completion.objects.filter(member=member, course=course).exists():
        raise ApplicationError(_("You have passed this course already."), code="passed")
    if lessons_unread(member=member, course=course):
        raise ApplicationError(_("Read every lesson of the course before the quiz."), code="lessons_unread")
    questions = list(course.questions.order_by("position", "pk").prefetch_related("choices"))
    if not questions:
        raise ApplicationError(_("This course has no quiz."), code="no_quiz")
    used = attempts_used(member=member, course=course)
    if rules.attempts_left(allowed=course.max_attempts, used=used) == 0:
        raise ApplicationError(
            _("You have used all %(count)d attempts at this quiz. Ask the PR team for another chance.")
            % {"count": course.max_attempts},
            code="no_attempts",
        )
    layout = rules.attempt_layout(
        ((question.pk, [choice.pk for choice in question.choices.all()]) for question in questions),
        shuffle=course.shuffle_answers,
        seed=secrets.randbits(64),
    )
    attempt = Attempt.objects.create(
        member=member, course=course, number=used + 1, started_at=timezone.now(), layout=layout
    )
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.attempt.start",
        target=attempt,
        changes={"course": course.slug, "number": attempt.number},
    )
    return attempt


@dataclass(frozen=True)
class Marked:
    """One answer marked: whether it was right, the correct choices and the question's explanation; ``attempt``
    is finished (with its score) when this was the last question."""

    question: Question
    chosen: frozenset[int]
    correct_choices: frozenset[int]
    is_correct: bool
    attempt: Attempt
    completion: Completion | None


ANSWER_ERRORS = {
    "empty": lambda: _("Choose an answer."),
    "unknown": lambda: _("Choose among this question's answers."),
    "one_only": lambda: _("Choose one answer only."),
}


@transaction.atomic
def attempt_answer(*, member: Membership, attempt: Attempt, question_id: int, choice_ids: list[int]) -> Marked:
    """Mark one answer of an open attempt, once: the answer is locked, and its explanation shown at once. The last
    answer finishes the attempt; a pass completes the course."""
    attempt = Attempt.objects.select_for_update().select_related("course").get(pk=attempt.pk)
    if attempt.member_id != member.pk:
        raise forbidden()
    if attempt.finished_at is not None:
        raise ApplicationError(_("This attempt is finished."), code="finished")
    offered = {int(row[0]): [int(choice) for choice in row[1]] for row in attempt.layout}
    if question_id not in offered:
        raise ApplicationError(_("This question is not part of this attempt."), code="unknown_question")
    if str(question_id) in attempt.answers:
        raise ApplicationError(_("You have answered this question already."), code="answered")
    question = Question.objects.filter(pk=question_id, course=attempt.course).first()
    if question is None:
        raise ApplicationError(_("This question was removed from the course. Start the quiz again."), code="stale")
    try:
        rules.answer_check(kind=question.kind, offered=offered[question_id], chosen=choice_ids)
    except rules.AnswerError as error:
        raise ApplicationError(ANSWER_ERRORS[error.code](), code=error.code, field="choices") from error
    live = _live_questions(attempt)
    correct = live[question_id]
    is_correct = rules.answer_is_correct(chosen=choice_ids, correct=correct)
    attempt.answers[str(question_id)] = sorted(set(choice_ids))
    completion = None
    if live.keys() - {int(key) for key in attempt.answers}:
        attempt.correct += int(is_correct)
        attempt.save(update_fields=["answers", "correct"])
    else:  # the last question still in the course
        completion = _attempt_finish(member=member, attempt=attempt, live=live)
    return Marked(
        question=question,
        chosen=frozenset(choice_ids),
        correct_choices=correct,
        is_correct=is_correct,
        attempt=attempt,
        completion=completion,
    )


def _live_questions(attempt: Attempt) -> dict[int, frozenset[int]]:
    """The attempt's questions still in the course, each with its correct choices. A question deleted while the
    attempt was open no longer counts, either way."""
    ids = [int(row[0]) for row in attempt.layout]
    live: dict[int, set[int]] = {
        pk: set()
        for pk in Question.objects.filter(course_id=attempt.course_id, pk__in=ids).values_list("pk", flat=True)
    }
    for question_id, choice_id in Choice.objects.filter(question_id__in=live, is_correct=True).values_list(
        "question_id", "pk"
    ):
        live[question_id].add(choice_id)
    return {pk: frozenset(choices) for pk, choices in live.items()}


def _attempt_finish(*, member: Membership, attempt: Attempt, live: dict[int, frozenset[int]]) -> Completion | None:
    """Score the attempt over the questions still in the course, then complete the course when it passed."""
    course = attempt.course
    attempt.finished_at = timezone.now()
    attempt.correct = sum(
        rules.answer_is_correct(chosen=attempt.answers.get(str(pk), ()), correct=correct)
        for pk, correct in live.items()
    )
    attempt.score = rules.score_percent(attempt.correct, len(live))
    attempt.passed = attempt.score >= course.passing_score
    attempt.save(update_fields=["answers", "correct", "finished_at", "score", "passed"])
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.attempt.finish",
        target=attempt,
        changes={"course": course.slug, "number": attempt.number, "score": attempt.score, "passed": attempt.passed},
    )
    if not attempt.passed:
        return None
    return _course_complete(member=member, course=course, score=attempt.score)


# --- completing a course ---------------------------------------------------------------------------


def _holder_name(user: User) -> str:
    return user.full_name.strip() or user.email


def _course_complete(*, member: Membership, course: Course, score: int | None) -> Completion:
    """The course is done: its certificate (a code that verifies publicly), then the move to active of any
    candidacy whose program's required courses are now all passed."""
    existing = Completion.objects.filter(member=member, course=course).first()
    if existing is not None:
        return existing
    for _try in range(5):
        try:
            with transaction.atomic():
                completion = Completion.objects.create(
                    organization=member.organization,
                    member=member,
                    course=course,
                    code=code_new(),
                    holder_name=_holder_name(member.user),
                    course_title=course.title,
                    score=score,
                    completed_at=timezone.now(),
                )
            break
        except IntegrityError:  # the one-in-a-trillion code already taken: draw another
            continue
    else:  # pragma: no cover - five collisions in a row
        raise ApplicationError(_("The certificate could not be made. Try again."))
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.course.complete",
        target=completion,
        changes={"course": course.slug, "score": score, "code": completion.code},
    )
    _promote(organization=member.organization, user_ids=[member.user_id], actor=None)
    return completion


def _required_by_program(organization: Organization) -> dict[int, set[int]]:
    required: dict[int, set[int]] = defaultdict(set)
    for program_id, course_id in Course.required_for.through.objects.filter(
        course__organization=organization
    ).values_list("program_id", "course_id"):
        required[program_id].add(course_id)
    return required


def _completed_by_user(organization: Organization, user_ids: list[int] | None) -> dict[int, set[int]]:
    completions = Completion.objects.filter(organization=organization, course__isnull=False)
    if user_ids is not None:
        completions = completions.filter(member__user_id__in=user_ids)
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, course_id in completions.values_list("member__user_id", "course_id"):
        done[user_id].add(course_id)
    return done


def _training_candidates(organization: Organization, program_ids: set[int]) -> QuerySet[Candidate]:
    return Candidate.objects.filter(
        program__organization=organization,
        program_id__in=program_ids,
        stage=Stage.TRAINING,
        employee__user__isnull=False,
    ).select_related("employee")


def _promote(*, organization: Organization, user_ids: list[int] | None, actor: User | None) -> int:
    required = _required_by_program(organization)
    if not required:
        return 0
    candidates = _training_candidates(organization, set(required))
    if user_ids is not None:
        candidates = candidates.filter(employee__user_id__in=user_ids)
    candidates_list = list(candidates)
    if not candidates_list:
        return 0
    done = _completed_by_user(organization, user_ids)
    moved = 0
    for candidate in candidates_list:
        user_id = candidate.employee.user_id
        assert user_id is not None
        if rules.program_passed(required=required[candidate.program_id], completed=done.get(user_id, set())):
            candidate_training_passed(
                candidate=candidate,
                reason=_("Passed every course the program requires."),
                actor=actor,
            )
            moved += 1
    return moved


@transaction.atomic
def training_promote_due(*, organization: Organization, actor: User | None = None) -> int:
    """Move to active every candidate in training of ``organization`` who has passed all the courses their program
    requires (after the required courses changed, and by the worker's sweep); returns how many moved."""
    return _promote(organization=organization, user_ids=None, actor=actor)
