"""Training progress for the PR team, leadership and coordinators: per learner (the courses their programs require
and how many they passed) and per unit, one level of the tree at a time, each row covering its subtree, with the
units below the organization's rate marked as lagging."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max

from duta.academy import rules
from duta.academy.access import ProgressReader
from duta.academy.models import Completion, Course, LessonDone
from duta.organizations.models import Membership, Unit
from duta.programs.models import Candidate, Stage

LEARNING_STAGES = (Stage.TRAINING, Stage.ACTIVE, Stage.PAUSED)


@dataclass
class LearnerRow:
    member_id: int
    name: str
    email: str
    unit_id: int | None
    unit_name: str
    unit_path: str
    programs: list[tuple[str, str]] = field(default_factory=list)  # (program name, stage label)
    required: int = 0
    done: int = 0
    completed: int = 0  # every course passed, required or not
    last_activity: datetime | None = None

    @property
    def percent(self) -> int | None:
        return rules.score_percent(self.done, self.required) if self.required else None

    @property
    def in_training(self) -> bool:
        return any(stage == Stage.TRAINING.label for _name, stage in self.programs)


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


def learner_rows(*, reader: ProgressReader) -> list[LearnerRow]:
    """Every member in training, active or paused in a program, within the reader's scope: the required courses
    of their programs and how many they passed; the least advanced first. A fixed number of queries."""
    organization = reader.member.organization
    candidacies = list(
        Candidate.objects.filter(
            program__organization=organization, stage__in=LEARNING_STAGES, employee__user__isnull=False
        ).values_list("employee__user_id", "program_id", "program__name", "stage")
    )
    user_ids = {user_id for user_id, *_rest in candidacies}
    members = (
        Membership.objects.filter(organization=organization, is_active=True, user_id__in=user_ids)
        .select_related("user", "unit")
        .only("pk", "user_id", "user__full_name", "user__email", "unit_id", "unit__name", "unit__path")
    )
    rows: dict[int, LearnerRow] = {}
    by_user: dict[int, LearnerRow] = {}
    for membership in members:
        unit = membership.unit
        path = unit.path if unit is not None else ""
        if not reader.whole_organization and not (path and reader.sees_path(path)):
            continue
        row = LearnerRow(
            member_id=membership.pk,
            name=membership.user.full_name or membership.user.email,
            email=membership.user.email,
            unit_id=membership.unit_id,
            unit_name=unit.name if unit is not None else "",
            unit_path=path,
        )
        rows[membership.pk] = by_user[membership.user_id] = row
    required_by_program: dict[int, set[int]] = defaultdict(set)
    for program_id, course_id in Course.required_for.through.objects.filter(
        course__organization=organization
    ).values_list("program_id", "course_id"):
        required_by_program[program_id].add(course_id)
    programs_of: dict[int, set[int]] = defaultdict(set)
    for user_id, program_id, program_name, stage in candidacies:
        found = by_user.get(user_id)
        if found is not None:
            found.programs.append((program_name, str(Stage(stage).label)))
            programs_of[found.member_id].add(program_id)
    completed: dict[int, set[int]] = defaultdict(set)
    for member_id, course_id, completed_at in Completion.objects.filter(
        organization=organization, member_id__in=rows, course__isnull=False
    ).values_list("member_id", "course_id", "completed_at"):
        completed[member_id].add(course_id)
        _touch(rows[member_id], completed_at)
    for member_id, latest in (
        LessonDone.objects.filter(member_id__in=rows)
        .values_list("member_id")
        .annotate(latest=Max("done_at"))
        .values_list("member_id", "latest")
    ):
        _touch(rows[member_id], latest)
    for member_id, row in rows.items():
        owed = rules.owed(
            programs=programs_of[member_id], required_by_program=required_by_program, completed=completed[member_id]
        )
        row.required, row.done, row.completed = len(owed.required), len(owed.done), len(completed[member_id])
    return sorted(
        rows.values(), key=lambda row: (row.percent is None, row.percent or 0, row.name.casefold(), row.member_id)
    )


def _touch(row: LearnerRow, moment: datetime | None) -> None:
    if moment is not None and (row.last_activity is None or moment > row.last_activity):
        row.last_activity = moment


def unit_rows(*, reader: ProgressReader, parent: Unit | None) -> tuple[list[UnitRow], Overall]:
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
    rows = [UnitRow(unit=unit, has_children=unit.pk in parents) for unit in shown]
    for learner in learners:
        for row in rows:
            if learner.unit_path.startswith(row.unit.path):
                row.learners += 1
                row.required += learner.required
                row.done += learner.done
                row.trained += int(bool(learner.required) and learner.done == learner.required)
                break
    rows = [row for row in rows if row.learners]
    for row in rows:
        row.lagging = row.percent is not None and overall.percent is not None and row.percent < overall.percent
    rows.sort(key=lambda row: (row.percent is None, row.percent or 0, row.unit.name.casefold()))
    return rows, overall
