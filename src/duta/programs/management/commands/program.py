from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization
from duta.programs.models import Program
from duta.programs.selectors import program_evaluate
from duta.programs.services import cohort_compute, program_create


class Command(BaseCommand):
    help = (
        "Programs: `duta program create --org SLUG --slug PSLUG --rules RULES.json`, "
        "`duta program evaluate --org SLUG --program PSLUG [--json]`, "
        "`duta program select --org SLUG --program PSLUG [--size N] [--json]`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a program with its eligibility rules.")
        create.add_argument("--org", required=True)
        create.add_argument("--slug", required=True, help="The program's short name.")
        create.add_argument("--name", default=None, help="Its full name (default: the short name).")
        create.add_argument("--rules", required=True, help="A JSON file with the eligibility rules.")
        create.add_argument("--json", action="store_true")
        for name, text in (
            ("evaluate", "Check every employee against the program's rules, with the reasons."),
            ("select", "Choose a cohort from the eligible employees (nothing is written)."),
        ):
            action = actions.add_parser(name, help=text)
            action.add_argument("--org", required=True)
            action.add_argument("--program", required=True, help="The program's short name.")
            action.add_argument("--json", action="store_true", help="Print one JSON document on stdout.")
            action.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES], default=None)
            if name == "select":
                action.add_argument(
                    "--size", type=int, default=None, help="Cohort size (default: the rules' cohort_size)."
                )

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"Unknown organization {org!r}.")
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            try:
                getattr(self, f"do_{action}")(organization, **options)
            except ApplicationError as error:
                raise CommandError(error.message) from error

    def _program(self, organization: Organization, slug: str) -> Program:
        program = Program.objects.filter(organization=organization, slug=slug).first()
        if program is None:
            raise CommandError(f"Unknown program {slug!r} in {organization.slug}.")
        return program

    def do_create(
        self, organization: Organization, *, slug: str, name: str | None, rules: str, json: bool, **options: Any
    ) -> None:
        path = Path(rules)
        try:
            data = _loads(path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise CommandError(f"Cannot read {rules}: {error.strerror}.") from error
        except ValueError as error:
            raise CommandError(f"{rules} is not valid JSON: {error}.") from error
        program = program_create(organization=organization, actor=None, slug=slug, name=name or slug, rules=data)
        if json:
            self.stdout.write(_dumps({"slug": program.slug, "name": program.name, "rules": program.rules}))
        else:
            self.stdout.write(self.style.SUCCESS(f"Created program {program.slug} in {organization.slug}."))

    def do_evaluate(self, organization: Organization, *, program: str, json: bool, **options: Any) -> None:
        results = program_evaluate(program=self._program(organization, program))
        language = translation.get_language()
        rows: list[dict[str, Any]] = [
            {
                "employee_id": employee.employee_id,
                "name": employee.name,
                "eligible": evaluation.eligible,
                "reasons": [reason.text_id if language == "id" else reason.text_en for reason in evaluation.reasons],
                "details": [
                    {"rule": r.rule, "passed": r.passed, "id": r.text_id, "en": r.text_en} for r in evaluation.reasons
                ],
            }
            for employee, evaluation in results
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        eligible = sum(row["eligible"] for row in rows)
        self.stdout.write(f"{eligible} of {len(rows)} employees are eligible.")
        for row in rows:
            mark = "+" if row["eligible"] else "-"
            self.stdout.write(f"{mark} {row['employee_id']} {row['name']}: " + "; ".join(row["reasons"]))

    def do_select(
        self, organization: Organization, *, program: str, json: bool, size: int | None, **options: Any
    ) -> None:
        decisions = cohort_compute(program=self._program(organization, program), size=size)
        language = translation.get_language()
        chosen = [
            {
                "rank": rank,
                "employee_id": d.employee_id,
                "score": d.score,
                "score_parts": d.score_parts,
                "unit": d.unit,
                "generation": d.generation,
                "reason": d.reason_id if language == "id" else d.reason_en,
            }
            for rank, d in enumerate((d for d in decisions if d.chosen), start=1)
        ]
        if json:
            self.stdout.write(_dumps(chosen))
            return
        self.stdout.write(f"{len(chosen)} chosen of {len(decisions)} eligible employees.")
        for d in decisions:
            reason = d.reason_id if language == "id" else d.reason_en
            self.stdout.write(f"{'*' if d.chosen else ' '} {d.employee_id} {d.score:5.1f} {d.unit}: {reason}")


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _loads(text: str) -> object:
    return json.loads(text)
