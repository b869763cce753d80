from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from duta.academy.models import Choice, Course, Question
from duta.academy.services.curriculum import builtin_courses, curriculum_install
from duta.core.models import AuditEvent
from duta.organizations.services import organization_create
from tests.factories import OrganizationFactory

SLUGS = [
    "bercerita-digital",
    "etika-bermedia-sosial",
    "jejak-digital-privasi",
    "cek-fakta-hoaks",
    "netralitas-pemilu",
    "komunikasi-krisis",
]


def test_the_built_in_curriculum_has_six_courses_each_with_a_quiz_of_eight_or_more() -> None:
    courses = builtin_courses()
    assert [course.slug for course in courses] == SLUGS
    for course in courses:
        assert course.question_count >= 8, course.slug
        assert course.data["summary_en"].strip(), course.slug
        assert all(lesson["summary_en"].strip() for module in course.data["modules"] for lesson in module["lessons"])


@pytest.mark.django_db
def test_a_new_organization_starts_with_its_own_copy() -> None:
    organization = organization_create(
        actor=None, name="Dinas Kominfo Sukamaju", slug="sukamaju", kind="regional_government", admin=None
    )
    courses = list(Course.objects.filter(organization=organization))
    assert [course.slug for course in courses] == SLUGS
    assert all(course.builtin == course.slug and course.is_published for course in courses)
    for course in courses:
        questions = list(course.questions.all())
        assert len(questions) >= 8
        for question in questions:
            correct = question.choices.filter(is_correct=True).count()
            assert correct == 1 if question.kind == Question.Kind.SINGLE else correct >= 1
    assert AuditEvent.objects.filter(organization_id=organization.pk, action="academy.curriculum.install").count() == 1


@pytest.mark.django_db
def test_installing_again_adds_only_what_is_missing_and_keeps_edits() -> None:
    organization = OrganizationFactory()
    assert len(curriculum_install(organization=organization)) == 6
    edited = Course.objects.get(organization=organization, slug="cek-fakta-hoaks")
    edited.title = "Cek Fakta (versi kami)"
    edited.save()
    Course.objects.filter(organization=organization, slug="komunikasi-krisis").delete()
    again = curriculum_install(organization=organization)
    assert [course.slug for course in again] == ["komunikasi-krisis"]
    assert Course.objects.get(pk=edited.pk).title == "Cek Fakta (versi kami)"
    assert curriculum_install(organization=organization) == []
    assert Course.objects.filter(organization=organization).count() == 6


@pytest.mark.django_db
def test_each_organizations_copy_is_its_own() -> None:
    first, second = OrganizationFactory(), OrganizationFactory()
    curriculum_install(organization=first)
    curriculum_install(organization=second)
    Question.objects.filter(course__organization=first).delete()
    assert Question.objects.filter(course__organization=second).count() >= 48
    assert Choice.objects.filter(question__course__organization=second).count() >= 48 * 3


def test_the_curriculum_files_follow_their_format() -> None:
    """``scripts/check_curriculum.py``: keys, lengths, counts, one right answer per single-answer question, Markdown
    that renders, links only to official sites."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "check_curriculum.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(done.stdout.splitlines()) == 6
