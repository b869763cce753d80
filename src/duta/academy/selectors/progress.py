"""Training progress for the PR team, leadership and coordinators: per learner (the courses their programs require,
how many they passed, and those they have no attempt left at) and per unit, one level of the tree at a time, each
row covering its subtree, with the units below the rate of everyone shown marked as lagging.

A fixed number of queries filtered by the organization (never a list of ids, which SQLite caps), then one pass in
Python: fine for 100,000 learners."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max

from duta.academy import rules
from duta.academy.models import Completion, Course, LessonDone
from duta.academy.selectors.courses import required_courses_by_program
from duta.academy.selectors.learning import LEARNING_STAGES, courses_out_of_attempts
from duta.organizations.models import Membership, Unit
from duta.organizations.selectors import ScopeReader
from duta.programs.models import Candidate, Stage


@dataclass
class LearnerRow:
    member_id: int
    name: str
    unit_name: str
    unit_path: str
    programs: list[tuple[str, str]] = field(default_factory=list)  # (program name, stage code)
    required: int = 0
    done: int = 0
    completed: int = 0  # every course passed, required or not
    last_activity: datetime | None = None
    out_of_attempts: list[Course] = field(default_factory=list)  # required, not passed, no attempt left

    @property
    def percent(self) -> int | None:
        return rules.score_percent(self.done, self.required) if self.required else None

    @property
    def in_training(self) -> bool:
        return any(stage == Stage.TRAINING for _name, stage in self.programs)

    @property
    def program_stages(self) -> list[tuple[str, str]]:
        return [(name, str(Stage(stage).label)) for name, stage in self.programs]


@dataclass
class UnitRow:
    unit: Unit
    has_children: bool
    learners: int = 0
    trained: int = 0  # learners who passed every required course
    required: int = 0
    done: int = 0
    lagging: bool = False

    @property
    def percent(self) -> int | None:
        return rules.score_percent(self.done, self.required) if self.required else None


@dataclass(frozen=True)
class Overall:
    learners: int
    trained: int
    required: int
    done: int

    @property
    def percent(self) -> int | None:
        return rules.score_percent(self.done, self.required) if self.required else None


def learner_rows(*, reader: ScopeReader) -> list[LearnerRow]:
    """Every member in training, active or paused in a program, within the reader's scope, the least advanced
    first."""
    organization = reader.member.organization
    candidacies = Candidate.objects.filter(
        program__organization=organization, stage__in=LEARNING_STAGES, employee__user__isnull=False
    )
    rows: dict[int, LearnerRow] = {}
    by_user: dict[int, LearnerRow] = {}
    for pk, user_id, full_name, email, unit_name, path in Membership.objects.filter(
        organization=organization, is_active=True, user_id__in=candidacies.values("employee__user_id")
    ).values_list("pk", "user_id", "user__full_name", "user__email", "unit__name", "unit__path"):
        if not reader.whole_organization and not (path and reader.sees_path(path)):
            continue
        rows[pk] = by_user[user_id] = LearnerRow(
            member_id=pk, name=full_name or email, unit_name=unit_name or "", unit_path=path or ""
        )
    required_by_program = required_courses_by_program(organization)
    programs_of: dict[int, set[int]] = defaultdict(set)
    for user_id, program_id, program_name, stage in candidacies.values_list(
        "employee__user_id", "program_id", "program__name", "stage"
    ):
        found = by_user.get(user_id)
        if found is not None:
            found.programs.append((program_name, stage))
            programs_of[found.member_id].add(program_id)
    completed: dict[int, set[int]] = defaultdict(set)
    for member_id, course_id, completed_at in Completion.objects.filter(
        organization=organization, course__isnull=False
    ).values_list("member_id", "course_id", "completed_at"):
        if member_id in rows:
            completed[member_id].add(course_id)
            _touch(rows[member_id], completed_at)
    for member_id, latest in (
        LessonDone.objects.filter(member__organization=organization)
        .values("member_id")
        .annotate(latest=Max("done_at"))
        .values_list("member_id", "latest")
    ):
        if member_id in rows:
            _touch(rows[member_id], latest)
    no_attempt_left = courses_out_of_attempts(organization_id=organization.pk)
    for member_id, row in rows.items():
        owed = rules.owed(
            programs=programs_of[member_id], required_by_program=required_by_program, completed=completed[member_id]
        )
        row.required, row.done, row.completed = len(owed.required), len(owed.done), len(completed[member_id])
        row.out_of_attempts = [course for course in no_attempt_left.get(member_id, []) if course.pk in owed.missing]
    return sorted(
        rows.values(), key=lambda row: (row.percent is None, row.percent or 0, row.name.casefold(), row.member_id)
    )


def _touch(row: LearnerRow, moment: datetime | None) -> None:
    if moment is not None and (row.last_activity is None or moment > row.last_activity):
        row.last_activity = moment


def unit_rows(*, reader: ScopeReader, parent: Unit | None) -> tuple[list[UnitRow], Overall]:
    """The units shown at one level (under ``parent``, else the top of the reader's scope), each summing its
    subtree; a unit whose rate is below the whole scope's is ``lagging``. Units without learners are left out."""
    learners = learner_rows(reader=reader)
    overall = Overall(
        learners=len(learners),
        trained=sum(1 for row in learners if row.required and row.done == row.required),
        required=sum(row.required for row in learners),
        done=sum(row.done for row in learners),
    )
    units = list(
        Unit.objects.filter(organization=reader.member.organization, archived_at__isnull=True).only(
            "pk", "name", "path", "depth", "parent_id"
        )
    )
    visible = [unit for unit in units if reader.sees_path(unit.path)]
    visible_ids = {unit.pk for unit in visible}
    if parent is None:
        shown = [unit for unit in visible if unit.parent_id is None or unit.parent_id not in visible_ids]
    else:
        shown = [unit for unit in visible if unit.parent_id == parent.pk]
    parents = {unit.parent_id for unit in visible}
    by_id = {unit.pk: UnitRow(unit=unit, has_children=unit.pk in parents) for unit in shown}
    for learner in learners:
        # a unit's path lists its ancestors' ids from the root: the first one shown is the learner's row
        row = next(
            (by_id[int(part)] for part in learner.unit_path.strip("/").split("/") if part and int(part) in by_id), None
        )
        if row is None:
            continue
        row.learners += 1
        row.required += learner.required
        row.done += learner.done
        row.trained += int(bool(learner.required) and learner.done == learner.required)
    rows = [row for row in by_id.values() if row.learners]
    for row in rows:
        row.lagging = row.percent is not None and overall.percent is not None and row.percent < overall.percent
    rows.sort(key=lambda row: (row.percent is None, row.percent or 0, row.unit.name.casefold()))
    return rows, overall
