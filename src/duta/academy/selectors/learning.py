"""What a learner sees of their own progress: per course, lessons read, attempts, the certificate, and which
courses their programs require of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from duta.academy import rules
from duta.academy.models import Attempt, Completion, Course, LessonDone
from duta.organizations.models import Membership
from duta.programs.models import Candidate, Program, Stage

LEARNING_STAGES = (Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED)


@dataclass
class CourseStatus:
    """A member's state in one course."""

    course: Course
    lessons: int = 0
    lessons_read: int = 0
    attempts_used: int = 0
    best_score: int | None = None
    open_attempt: int | None = None  # its number
    completion: Completion | None = None
    required_by: list[Program] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.completion is not None

    @property
    def attempts_left(self) -> int | None:
        return rules.attempts_left(allowed=self.course.max_attempts, used=self.attempts_used)

    @property
    def out_of_attempts(self) -> bool:
        return not self.passed and self.attempts_left == 0 and self.open_attempt is None

    @property
    def started(self) -> bool:
        return self.lessons_read > 0 or self.attempts_used > 0 or self.open_attempt is not None

    @property
    def percent(self) -> int:
        if self.passed:
            return 100
        steps = self.lessons + 1  # every lesson, then the quiz
        return min(99, rules.score_percent(self.lessons_read, steps))


def required_programs_for_member(*, member: Membership) -> dict[int, list[Program]]:
    """Course id -> the member's programs (in training, active or paused) that require it."""
    programs = Program.objects.filter(
        organization=member.organization,
        candidates__employee__user_id=member.user_id,
        candidates__employee__organization=member.organization,
        candidates__stage__in=LEARNING_STAGES,
    ).prefetch_related("required_courses")
    required: dict[int, list[Program]] = defaultdict(list)
    for program in programs:
        for course in program.required_courses.all():
            required[course.pk].append(program)
    return required


def course_statuses(*, member: Membership, courses: list[Course]) -> list[CourseStatus]:
    """The member's state in each of ``courses`` (which carry ``lesson_count`` from ``course_list_for_member`` or
    are counted here), in a fixed number of queries."""
    ids = [course.pk for course in courses]
    statuses = {
        course.pk: CourseStatus(course=course, lessons=getattr(course, "lesson_count", 0)) for course in courses
    }
    for course_id, count in _read_counts(member, ids):
        statuses[course_id].lessons_read = count
    for attempt in Attempt.objects.filter(member=member, course_id__in=ids).only(
        "course_id", "number", "finished_at", "score"
    ):
        status = statuses[attempt.course_id]
        if attempt.finished_at is None:
            status.open_attempt = attempt.number
        else:
            status.attempts_used += 1
            if attempt.score is not None and (status.best_score is None or attempt.score > status.best_score):
                status.best_score = attempt.score
    for completion in Completion.objects.filter(member=member, course_id__in=ids):
        assert completion.course_id is not None
        statuses[completion.course_id].completion = completion
    for course_id, programs in required_programs_for_member(member=member).items():
        if course_id in statuses:
            statuses[course_id].required_by = programs
    return [statuses[pk] for pk in ids]


def _read_counts(member: Membership, course_ids: list[int]) -> list[tuple[int, int]]:
    counts: dict[int, int] = defaultdict(int)
    for course_id in LessonDone.objects.filter(member=member, lesson__module__course_id__in=course_ids).values_list(
        "lesson__module__course_id", flat=True
    ):
        counts[course_id] += 1
    return list(counts.items())


def candidacies_in_training(*, member: Membership) -> list[Candidate]:
    """The member's candidacies waiting on training, to say what passing the courses leads to."""
    return list(
        Candidate.objects.filter(
            program__organization=member.organization,
            employee__user_id=member.user_id,
            employee__organization=member.organization,
            stage=Stage.TRAINING,
        ).select_related("program")
    )
