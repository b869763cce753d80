"""Courses, learners and candidacies for the academy's tests, built straight in the database."""

from __future__ import annotations

from duta.academy.models import Choice, Course, Lesson, Module, Question
from duta.organizations.models import Membership, Organization
from duta.people.models import Employee
from duta.programs.models import Candidate, Program, Stage
from tests.factories import CandidateFactory, EmployeeFactory


def course_make(
    organization: Organization,
    *,
    slug: str = "bercerita",
    lessons: int = 2,
    questions: int = 4,
    passing_score: int = 75,
    max_attempts: int = 3,
    shuffle: bool = False,
    published: bool = True,
) -> Course:
    """A course of one module with ``lessons`` lessons and ``questions`` single-answer questions whose first
    choice is right (and, with ``questions`` >= 2, the last question a multiple-answer one with two right)."""
    course = Course.objects.create(
        organization=organization,
        slug=slug,
        title=f"Kursus {slug}",
        summary="Ringkasan kursus.",
        summary_en="Course summary.",
        passing_score=passing_score,
        max_attempts=max_attempts,
        shuffle_answers=shuffle,
        is_published=published,
    )
    module = Module.objects.create(course=course, title="Modul 1", position=0)
    for index in range(lessons):
        Lesson.objects.create(
            module=module, title=f"Pelajaran {index + 1}", body=f"Isi **{index + 1}**.", position=index
        )
    for index in range(questions):
        multiple = questions >= 2 and index == questions - 1
        question = Question.objects.create(
            course=course,
            text=f"Pertanyaan {index + 1}?",
            kind=Question.Kind.MULTIPLE if multiple else Question.Kind.SINGLE,
            explanation=f"Penjelasan {index + 1}.",
            position=index,
        )
        Choice.objects.create(question=question, text="Benar", is_correct=True, position=0)
        Choice.objects.create(
            question=question, text="Juga benar" if multiple else "Salah", is_correct=multiple, position=1
        )
        Choice.objects.create(question=question, text="Keliru", is_correct=False, position=2)
    return course


def right_answers(question: Question) -> list[int]:
    return list(question.choices.filter(is_correct=True).values_list("pk", flat=True))


def wrong_answer(question: Question) -> list[int]:
    return [question.choices.filter(is_correct=False).values_list("pk", flat=True)[0]]


def candidacy(member: Membership, program: Program, stage: str = Stage.TRAINING) -> Candidate:
    """``member``'s roster entry (made when missing) as a candidate of ``program`` at ``stage``."""
    employee = Employee.objects.filter(organization=member.organization, user=member.user).first()
    if employee is None:
        employee = EmployeeFactory(
            organization=member.organization, unit=member.unit, user=member.user, email=member.user.email
        )
    return CandidateFactory(program=program, employee=employee, stage=stage)


def in_english(*members: Membership) -> None:
    """Their pages and messages in English (tests run in Indonesian by default)."""
    for member in members:
        member.user.language = "en"
        member.user.save(update_fields=["language"])
