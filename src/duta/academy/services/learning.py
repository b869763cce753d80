"""A learner's writes: lessons read, quiz attempts and answers, the course completed (its certificate), another
attempt granted by the PR team, and the automatic move of a candidate in training to active once every course
their program requires is passed."""

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
from duta.academy.models import Attempt, AttemptGrant, Choice, Completion, Course, Lesson, LessonDone, Question
from duta.academy.selectors.courses import required_courses_by_program
from duta.academy.selectors.learning import attempts_allowed, attempts_used, lessons_unread
from duta.accounts.models import User
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Organization, Role
from duta.programs.models import Candidate, Stage
from duta.programs.services import candidate_training_passed


def _require_learner(member: Membership, course: Course) -> None:
    if course.organization_id != member.organization_id or not member.is_active:
        raise forbidden()
    if not course.is_published:
        raise ApplicationError(_("This course is not published."), code="unpublished")


@transaction.atomic
def lesson_mark_done(*, member: Membership, lesson: Lesson) -> bool:
    """The member has read ``lesson``; True when this is news. A course without questions is completed once every
    lesson is read."""
    course = lesson.module.course
    _require_learner(member, course)
    _, created = LessonDone.objects.get_or_create(member=member, lesson=lesson, defaults={"done_at": timezone.now()})
    if created:
        audit_record(actor=member.user, organization=member.organization, action="academy.lesson.done", target=lesson)
    _settle(member=member, course=course)
    return created


def _settle(*, member: Membership, course: Course) -> Completion | None:
    """Bring the member's state in the course up to date after the course changed under them: an open attempt with
    nothing left to answer is marked (or voided when every question it showed was deleted), and a course without
    questions whose lessons are all read is completed. Nobody is ever left with nothing to do."""
    completion = Completion.objects.filter(member=member, course=course).first()
    if completion is not None:
        return completion
    open_attempt = Attempt.objects.filter(member=member, course=course, finished_at__isnull=True).first()
    if open_attempt is not None:
        live = _live_questions(open_attempt)
        if not live.keys() - {int(key) for key in open_attempt.answers}:
            completion = _attempt_finish(member=member, attempt=open_attempt, live=live)
            if completion is not None:
                return completion
    if not course.questions.exists() and not lessons_unread(member=member, course=course):
        return _course_complete(member=member, course=course, score=None)
    return None


# --- quizzes -------------------------------------------------------------------------------------


def attempt_start(*, member: Membership, course: Course) -> Attempt:
    """Open an attempt at the course's quiz, or return the one still open (just marked, when the course changed so
    that nothing is left to answer): every lesson read first, the course not passed yet, attempts left. Questions
    and answers are shuffled per attempt when the course says so."""
    _require_learner(member, course)
    with transaction.atomic():  # kept even when the start is refused below
        open_attempt = Attempt.objects.filter(member=member, course=course, finished_at__isnull=True).first()
        completion = _settle(member=member, course=course)
    if completion is not None:
        if open_attempt is None:
            raise ApplicationError(_("You have passed this course already."), code="passed")
        open_attempt.refresh_from_db()
        return open_attempt
    return _attempt_open(member=member, course=course)


@transaction.atomic
def _attempt_open(*, member: Membership, course: Course) -> Attempt:
    Membership.objects.select_for_update().filter(pk=member.pk).first()  # one start at a time per member
    open_attempt = Attempt.objects.filter(member=member, course=course, finished_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if lessons_unread(member=member, course=course):
        raise ApplicationError(_("Read every lesson of the course before the quiz."), code="lessons_unread")
    questions = list(course.questions.order_by("position", "pk").prefetch_related("choices"))
    if not questions:
        raise ApplicationError(_("This course has no quiz."), code="no_quiz")
    used = attempts_used(member=member, course=course)
    allowed = attempts_allowed(member=member, course=course)
    if rules.attempts_left(allowed=allowed, used=used) == 0:
        raise ApplicationError(
            _("You have used all %(count)d attempts at this quiz. Ask the PR team for another chance.")
            % {"count": allowed},
            code="no_attempts",
        )
    layout = rules.attempt_layout(
        ((question.pk, [choice.pk for choice in question.choices.all()]) for question in questions),
        shuffle=course.shuffle_answers,
        seed=secrets.randbits(64),
    )
    number = Attempt.objects.filter(member=member, course=course).count() + 1
    attempt = Attempt.objects.create(
        member=member, course=course, number=number, started_at=timezone.now(), layout=layout
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
    """One answer marked; ``attempt`` is finished (with its score) when this was the last question."""

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
    """Mark one answer of an open attempt, once, against the question's answers as they are now: the answer and
    its mark are locked, and its explanation shown at once. The last answer finishes the attempt; a pass completes
    the course."""
    attempt = Attempt.objects.select_for_update().select_related("course").get(pk=attempt.pk)
    if attempt.member_id != member.pk:
        raise forbidden()
    if attempt.finished_at is not None:
        raise ApplicationError(_("This attempt is finished."), code="finished")
    if question_id not in {int(row[0]) for row in attempt.layout}:
        raise ApplicationError(_("This question is not part of this attempt."), code="unknown_question")
    if str(question_id) in attempt.answers:
        raise ApplicationError(_("You have answered this question already."), code="answered")
    live = _live_questions(attempt)
    if question_id not in live:
        raise ApplicationError(_("This question was removed from the course."), code="stale")
    question = Question.objects.get(pk=question_id)
    offered = Choice.objects.filter(question=question).values_list("pk", flat=True)
    try:
        rules.answer_check(kind=question.kind, offered=list(offered), chosen=choice_ids)
    except rules.AnswerError as error:
        raise ApplicationError(ANSWER_ERRORS[error.code](), code=error.code, field="choices") from error
    is_correct = rules.answer_is_correct(chosen=choice_ids, correct=live[question_id])
    attempt.answers[str(question_id)] = sorted(set(choice_ids))
    attempt.marks[str(question_id)] = is_correct
    completion = None
    if live.keys() - {int(key) for key in attempt.answers}:
        attempt.correct += int(is_correct)
        attempt.save(update_fields=["answers", "marks", "correct"])
    else:  # the last question still in the course
        completion = _attempt_finish(member=member, attempt=attempt, live=live)
    return Marked(is_correct=is_correct, attempt=attempt, completion=completion)


def _live_questions(attempt: Attempt) -> dict[int, frozenset[int]]:
    """The attempt's questions still in the course, each with its correct choices now. A question deleted while
    the attempt was open no longer counts, either way."""
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
    """Score the attempt over its questions still in the course, by the marks given when they were answered, then
    complete the course when it passed. With none left the attempt is voided: finished, unscored, not counted."""
    course = attempt.course
    attempt.finished_at = timezone.now()
    attempt.correct = sum(1 for pk in live if attempt.marks.get(str(pk)))
    attempt.score = rules.score_percent(attempt.correct, len(live)) if live else None
    attempt.passed = attempt.score is not None and attempt.score >= course.passing_score
    attempt.save(update_fields=["answers", "marks", "correct", "finished_at", "score", "passed"])
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


@transaction.atomic
def attempt_grant(*, member: Membership, learner: Membership, course: Course) -> AttemptGrant:
    """The PR team gives ``learner`` one more attempt at ``course``'s quiz (when they used every one)."""
    if (
        member.role != Role.ADMIN
        or course.organization_id != member.organization_id
        or learner.organization_id != member.organization_id
    ):
        raise forbidden()
    if course.max_attempts == 0:
        raise ApplicationError(_("This course allows any number of attempts."), code="no_limit")
    if Completion.objects.filter(member=learner, course=course).exists():
        raise ApplicationError(_("This learner has passed the course already."), code="passed")
    grant = AttemptGrant.objects.create(member=learner, course=course, granted_by=member.user)
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.attempt.grant",
        target=grant,
        changes={"course": course.slug, "learner": learner.pk},
    )
    return grant


# --- completing a course ---------------------------------------------------------------------------


def _course_complete(*, member: Membership, course: Course, score: int | None) -> Completion:
    """The course is done: its certificate (a code that verifies publicly), then the move to active of any
    candidacy whose program's required courses are now all passed."""
    completion = None
    for _try in range(5):
        try:
            with transaction.atomic():
                completion = Completion.objects.create(
                    organization=member.organization,
                    member=member,
                    course=course,
                    code=code_new(),
                    holder_name=str(member.user),
                    course_title=course.title,
                    score=score,
                    completed_at=timezone.now(),
                )
            break
        except IntegrityError:
            existing = Completion.objects.filter(member=member, course=course).first()
            if existing is not None:  # completed at the same moment by another request
                return existing
            # else the one-in-a-trillion code was taken: draw another
    if completion is None:  # pragma: no cover - five collisions in a row
        raise ApplicationError(_("The certificate could not be made. Try again."))
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="academy.course.complete",
        target=completion,
        changes={"course": course.slug, "score": score, "code": completion.code},
    )
    _promote(
        organization=member.organization,
        candidates=_training_candidates(member.organization).filter(employee__user_id=member.user_id),
        actor=None,
    )
    return completion


def _training_candidates(organization: Organization) -> QuerySet[Candidate]:
    return Candidate.objects.filter(
        program__organization=organization, stage=Stage.TRAINING, employee__user__isnull=False
    ).select_related("employee")


def _promote(*, organization: Organization, candidates: QuerySet[Candidate], actor: User | None) -> int:
    """Move those of ``candidates`` whose program's required courses are all passed to active."""
    required = required_courses_by_program(organization)
    if not required:
        return 0
    candidates_list = list(candidates.filter(program_id__in=required))
    if not candidates_list:
        return 0
    done: dict[int, set[int]] = defaultdict(set)
    for completer, course_id in Completion.objects.filter(
        organization=organization,
        course__isnull=False,
        member__user_id__in=candidates.filter(program_id__in=required).values("employee__user_id"),
    ).values_list("member__user_id", "course_id"):
        done[completer].add(course_id)
    moved = 0
    for candidate in candidates_list:
        user_id = candidate.employee.user_id
        assert user_id is not None
        if rules.program_passed(required=required[candidate.program_id], completed=done[user_id]):
            candidate_training_passed(
                candidate=candidate, reason=_("Passed every course the program requires."), actor=actor
            )
            moved += 1
    return moved


@transaction.atomic
def training_promote_due(*, organization: Organization, actor: User | None = None) -> int:
    """Move to active every candidate in training of ``organization`` who has passed all the courses their program
    requires (after the required courses changed, and by the worker's sweep); returns how many moved."""
    return _promote(organization=organization, candidates=_training_candidates(organization), actor=actor)
