from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background job worker (the Huey consumer)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=None, help="Number of worker threads (default HUEY_WORKERS)."
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Do not schedule periodic jobs: with several workers, only one should schedule them.",
        )

    def handle(self, *args: Any, workers: int | None, no_periodic: bool, **options: Any) -> None:
        arguments: list[str] = []
        if workers is not None:
            if workers < 1:
                raise CommandError("--workers must be at least 1")
            arguments += ["--workers", str(workers)]
        if no_periodic:
            arguments.append("--no-periodic")
        call_command("run_huey", *arguments)
