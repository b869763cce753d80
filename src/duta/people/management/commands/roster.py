from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization
from duta.people.services import ImportReport, roster_import


class Command(BaseCommand):
    help = "The employee roster: `duta roster import FILE --org SLUG [--dry-run] [--skip-invalid] [--json]`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser(
            "import", help="Import an HR roster (CSV or XLSX), matching people by employee number."
        )
        load.add_argument("file", help="The CSV or XLSX file.")
        load.add_argument("--org", required=True, help="The organization's short name.")
        load.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        load.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows and list the invalid ones."
        )
        load.add_argument("--json", action="store_true", help="Print one JSON document on stdout.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self.import_roster(**options)

    def import_roster(
        self, *, file: str, org: str, dry_run: bool, skip_invalid: bool, json: bool, **options: Any
    ) -> None:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"Unknown organization {org!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        total = {"rows": 0}

        def progress(done: int, of: int) -> None:
            total["rows"] = max(total["rows"], done)
            if not json and sys.stderr.isatty():
                sys.stderr.write(f"\r{done} rows" + (f" of {of}" if of else ""))

        try:
            with path.open("rb") as handle:
                report = roster_import(
                    organization=organization,
                    actor=None,
                    file=handle,
                    filename=path.name,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    progress=progress,
                )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            self._print(report)
        if report.errors and not skip_invalid:
            raise CommandError(
                f"{report.invalid} invalid row(s): nothing was imported. Fix them, or run again with --skip-invalid."
            )

    def _print(self, report: ImportReport) -> None:
        verb = "Would import" if report.dry_run else ("Imported" if report.applied else "Checked")
        self.stdout.write(
            f"{verb} {report.total_rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.invalid} invalid; {report.units_created} new units, "
            f"{report.follower_points} new follower counts ({report.flagged} flagged for review)."
        )
        if report.unknown_headers:
            self.stdout.write("Ignored columns: " + ", ".join(report.unknown_headers))
        for error in report.errors:
            self.stdout.write(f"  row {error.row_number}, {error.column}: {error.message}")


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
