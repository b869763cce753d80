from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duta.demo.large import demo_large_load
from duta.demo.loader import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo organizations, units, members and log-ins (safe to run again). With --scale large, "
        "after the small demo: a national program ('nasional', about 2,200 units, 100,000 ambassadors, a year of "
        "campaigns, share links and 10 million clicks shipped from click journals); it takes minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["small", "large"],
            default="small",
            help="small: the two demo organizations; large: those, then the national program (default small)",
        )
        parser.add_argument(
            "--ambassadors", type=int, default=100_000, help="ambassadors of the large demo (default 100,000)"
        )
        parser.add_argument("--clicks", type=int, default=10_000_000, help="clicks of the large demo (default 10M)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self.stdout.write(
            f"Demo data: {result.created_users} users, {result.created_units} units, "
            f"{result.created_memberships} memberships, {result.created_employees} employees, "
            f"{result.created_programs} programs, {result.created_screenings} reputation checks, "
            f"{result.created_campaigns} campaigns, {result.created_links} tracked links and "
            f"{result.completed_courses} completed courses added."
        )
        logins = list(result.logins)
        if options["scale"] == "large":
            logins += self._large(options["ambassadors"], options["clicks"])
        self.stdout.write(self.style.SUCCESS("Demo log-ins (open http://127.0.0.1:8000/):"))
        width = max(len(email) for email, _password, _role in logins)
        for email, password, role in logins:
            self.stdout.write(f"  {email.ljust(width)}  {password}  ({role})")

    def _large(self, ambassadors: int, clicks: int) -> list[tuple[str, str, str]]:
        if ambassadors < 0 or clicks < 0:
            raise CommandError("--ambassadors and --clicks cannot be negative.")
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stdout.write(f"  [{time.perf_counter() - started:6.1f} s] {message}")
            self.stdout.flush()

        self.stdout.write(f"Large demo: {ambassadors:,} ambassadors and {clicks:,} clicks in 'nasional'.")
        large = demo_large_load(ambassadors=ambassadors, clicks=clicks, progress=progress)
        if not large.created:
            self.stdout.write("The large demo organization 'nasional' is there already: nothing added.")
            return []
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in large.phases)
        self.stdout.write(f"Large demo loaded in {time.perf_counter() - started:.1f} s ({phases}).")
        return large.logins
