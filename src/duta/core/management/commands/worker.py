from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background job worker (the Huey consumer)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=None, help="Number of worker threads.")

    def handle(self, *args: Any, workers: int | None, **options: Any) -> None:
        arguments = ["--workers", str(workers)] if workers else []
        call_command("run_huey", *arguments)
