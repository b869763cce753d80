"""`duta academy courses` and `duta academy install`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from duta.academy.models import Course, Module
from duta.academy.services.curriculum import builtin_courses
from duta.core.models import AuditEvent
from duta.organizations.services import organization_create
from tests.academy.builders import course_make
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("academy", *args, stdout=out)
    return out.getvalue()


class TestCourses:
    def test_a_new_organization_lists_the_six_built_in_courses_as_json(self):
        organization = organization_create(
            actor=None, name="Dinas Kominfo Sukamaju", slug="sukamaju", kind="regional_government", admin=None
        )
        rows = json.loads(run("courses", "--org", "sukamaju", "--json"))
        assert [row["slug"] for row in rows] == [course.slug for course in builtin_courses()]
        assert len(rows) == 6
        for row in rows:
            assert set(row) == {"slug", "title", "modules", "questions"}
            assert isinstance(row["modules"], int)
            assert row["modules"] >= 1
            assert isinstance(row["questions"], int)
            assert row["questions"] >= 8
        first = Course.objects.get(organization=organization, slug=rows[0]["slug"])
        assert rows[0]["title"] == first.title
        assert rows[0]["modules"] == first.modules.count()
        assert rows[0]["questions"] == first.questions.count()

    def test_counts_and_order_follow_the_courses(self):
        organization = OrganizationFactory(slug="kecil")
        second = course_make(organization, slug="kedua", lessons=1, questions=3)
        first = course_make(organization, slug="pertama", lessons=2, questions=0, published=False)
        Module.objects.create(course=first, title="Modul 2", position=1)
        Course.objects.filter(pk=first.pk).update(position=1)
        Course.objects.filter(pk=second.pk).update(position=2)
        course_make(OrganizationFactory(slug="lain"), slug="bukan-milik")
        rows = json.loads(run("courses", "--org", "kecil", "--json"))
        assert rows == [
            {"slug": "pertama", "title": "Kursus pertama", "modules": 2, "questions": 0},
            {"slug": "kedua", "title": "Kursus kedua", "modules": 1, "questions": 3},
        ]

    def test_the_text_output_is_a_table(self):
        organization = OrganizationFactory(slug="kecil")
        course_make(organization, slug="kedua", questions=3)
        course_make(organization, slug="draf", questions=2, published=False)
        lines = run("courses", "--org", "kecil").splitlines()
        assert lines[0].split() == ["slug", "title", "modules", "questions", "published"]
        rows = {line.split()[0]: line.split() for line in lines[1:]}
        assert rows["kedua"][-3:] == ["1", "3", "yes"]
        assert rows["draf"][-3:] == ["1", "2", "no"]

    def test_an_organization_without_courses_says_so(self):
        OrganizationFactory(slug="kosong")
        assert "no courses" in run("courses", "--org", "kosong")
        assert json.loads(run("courses", "--org", "kosong", "--json")) == []

    def test_an_unknown_organization_is_an_error(self):
        with pytest.raises(CommandError, match="Unknown organization 'nope'"):
            run("courses", "--org", "nope")

    def test_the_organization_is_required(self):
        with pytest.raises(CommandError):
            run("courses")


class TestInstall:
    def test_it_installs_what_an_organization_lacks_and_says_what(self):
        organization = OrganizationFactory(slug="baru")
        slugs = [course.slug for course in builtin_courses()]
        out = run("install", "--org", "baru")
        assert f"added {len(slugs)} courses" in out
        assert all(slug in out for slug in slugs)
        assert Course.objects.filter(organization=organization).count() == len(slugs)
        assert AuditEvent.objects.filter(organization_id=organization.pk, action="academy.curriculum.install").exists()
        assert "nothing to add" in run("install", "--org", "baru")

    def test_all_organizations_as_json(self):
        first = OrganizationFactory(slug="satu")
        OrganizationFactory(slug="dua")
        slugs = [course.slug for course in builtin_courses()]
        Course.objects.filter(organization=first).delete()
        run("install", "--org", "satu")
        Course.objects.filter(organization=first, slug=slugs[-1]).delete()
        result = json.loads(run("install", "--all", "--json"))
        assert result == [{"org": "dua", "added": slugs}, {"org": "satu", "added": [slugs[-1]]}]

    def test_org_and_all_exclude_each_other_and_one_is_required(self):
        OrganizationFactory(slug="satu")
        with pytest.raises(CommandError):
            run("install")
        with pytest.raises(CommandError):
            run("install", "--org", "satu", "--all")

    def test_an_unknown_organization_is_an_error(self):
        with pytest.raises(CommandError, match="Unknown organization 'nope'"):
            run("install", "--org", "nope")
