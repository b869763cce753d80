"""`duta academy courses --org SLUG [--json]` lists an organization's courses; `duta academy install (--org SLUG |
--all) [--json]` copies the built-in courses an organization lacks into it."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from duta.academy.models import Course
from duta.academy.services.curriculum import curriculum_install
from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Academy. `duta academy courses --org SLUG [--json]` lists the organization's courses; "
        "`duta academy install (--org SLUG | --all) [--json]` installs the built-in courses it lacks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        courses = actions.add_parser("courses", help="List an organization's courses.")
        courses.add_argument("--org", required=True, help="The organization's short name.")
        courses.add_argument("--json", action="store_true", dest="as_json", help="Print the list as JSON.")
        install = actions.add_parser("install", help="Install the built-in courses an organization lacks.")
        which = install.add_mutually_exclusive_group(required=True)
        which.add_argument("--org", default=None, help="The organization's short name.")
        which.add_argument("--all", action="store_true", help="Every organization.")
        install.add_argument("--json", action="store_true", dest="as_json", help="Print what was added as JSON.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"do_{action}")(**options)
        except ApplicationError as error:
            raise CommandError(error.message) from error

    def _organization(self, slug: str) -> Organization:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(f"Unknown organization {slug!r}.")
        return organization

    def do_courses(self, *, org: str, as_json: bool, **options: Any) -> None:
        organization = self._organization(org)
        courses = list(
            Course.objects.filter(organization=organization)
            .annotate(module_count=Count("modules", distinct=True), question_count=Count("questions", distinct=True))
            .order_by("position", "title", "id")  # an aggregate query ignores Meta.ordering
        )
        if as_json:
            rows = [
                {
                    "slug": course.slug,
                    "title": course.title,
                    "modules": course.module_count,
                    "questions": course.question_count,
                }
                for course in courses
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not courses:
            self.stdout.write(f"{organization.slug} has no courses.")
            return
        table = [("slug", "title", "modules", "questions", "published")] + [
            (
                course.slug,
                course.title,
                str(course.module_count),
                str(course.question_count),
                "yes" if course.is_published else "no",
            )
            for course in courses
        ]
        widths = [max(len(row[column]) for row in table) for column in range(5)]
        for row in table:
            cells = [
                cell.rjust(width) if column in (2, 3) else cell.ljust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())

    def do_install(self, *, org: str | None, all: bool, as_json: bool, **options: Any) -> None:
        organizations = list(Organization.objects.order_by("slug")) if all else [self._organization(org or "")]
        results = []
        for organization in organizations:
            added = curriculum_install(organization=organization, actor=None)
            results.append({"org": organization.slug, "added": [course.slug for course in added]})
            if not as_json:
                if added:
                    names = ", ".join(course.slug for course in added)
                    self.stdout.write(self.style.SUCCESS(f"{organization.slug}: added {len(added)} courses: {names}"))
                else:
                    self.stdout.write(f"{organization.slug}: nothing to add")
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
