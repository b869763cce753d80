"""What a learner sees of their own progress: per course, lessons read, attempts, the certificate, and which
courses their programs require of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from duta.academy import rules
from duta.academy.models import Attempt, AttemptGrant, Completion, Course, Lesson, LessonDone
from duta.organizations.models import Membership
from duta.programs.models import Candidate, Program, Stage

LEARNING_STAGES = (Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED)  # who counts as a learner of a program's courses


def lessons_unread(*, member: Membership, course: Course) -> list[int]:
    """The ids of the course's lessons the member has not read yet, in reading order."""
    read = set(
        LessonDone.objects.filter(member=member, lesson__module__course=course).values_list("lesson_id", flat=True)
    )
    lessons = Lesson.objects.filter(module__course=course).order_by("module__position", "module_id", "position", "pk")
    return [pk for pk in lessons.values_list("pk", flat=True) if pk not in read]


def attempts_used(*, member: Membership, course: Course) -> int:
    """Finished attempts that count (a voided one, with no score, does not)."""
    return Attempt.objects.filter(member=member, course=course, finished_at__isnull=False, score__isnull=False).count()


def attempts_allowed(*, member: Membership, course: Course) -> int:
    """The course's attempts plus those the PR team granted this learner; 0 means no limit."""
    if course.max_attempts == 0:
        return 0
    return course.max_attempts + AttemptGrant.objects.filter(member=member, course=course).count()


@dataclass
class CourseStatus:
    """A member's state in one course."""

    course: Course
    lessons: int = 0
    lessons_read: int = 0
    attempts_used: int = 0
    best_score: int | None = None
    open_attempt: int | None = None  # its number
    granted: int = 0  # attempts the PR team added for this learner
    completion: Completion | None = None
    required_by: list[Program] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.completion is not None

    @property
    def attempts_allowed(self) -> int:
        """The course's attempts and those granted to this learner; 0 means no limit."""
        return self.course.max_attempts + self.granted if self.course.max_attempts else 0

    @property
    def attempts_left(self) -> int | None:
        return rules.attempts_left(allowed=self.attempts_allowed, used=self.attempts_used)

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
        elif attempt.score is not None:  # a voided attempt does not count
            status.attempts_used += 1
            if status.best_score is None or attempt.score > status.best_score:
                status.best_score = attempt.score
    for course_id in AttemptGrant.objects.filter(member=member, course_id__in=ids).values_list("course_id", flat=True):
        statuses[course_id].granted += 1
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


def courses_out_of_attempts(*, organization_id: int) -> dict[int, list[Course]]:
    """Member id -> the courses (with a limit of attempts) at which they used every attempt, granted ones included."""
    limited = Course.objects.filter(organization_id=organization_id, max_attempts__gt=0).in_bulk()
    granted: dict[tuple[int, int], int] = {
        (member_id, course_id): count
        for member_id, course_id, count in AttemptGrant.objects.filter(course__in=limited)
        .values("member_id", "course_id")
        .annotate(count=Count("pk"))
        .values_list("member_id", "course_id", "count")
    }
    found: dict[int, list[Course]] = defaultdict(list)
    for member_id, course_id, used in (
        Attempt.objects.filter(course__in=limited, finished_at__isnull=False, score__isnull=False)
        .values("member_id", "course_id")
        .annotate(used=Count("pk"))
        .values_list("member_id", "course_id", "used")
    ):
        course = limited[course_id]
        if used >= course.max_attempts + granted.get((member_id, course_id), 0):
            found[member_id].append(course)
    return found
