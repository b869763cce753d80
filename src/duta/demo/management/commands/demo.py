from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from duta.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo organizations, units, members and log-ins (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load()
        self.stdout.write(
            f"Demo data: {result.created_users} users, {result.created_units} units, "
            f"{result.created_memberships} memberships, {result.created_employees} employees, "
            f"{result.created_programs} programs, {result.created_screenings} reputation checks, "
            f"{result.created_campaigns} campaigns and {result.created_links} tracked links added."
        )
        self.stdout.write(self.style.SUCCESS("Demo log-ins (open http://127.0.0.1:8000/):"))
        width = max(len(email) for email, _password, _role in result.logins)
        for email, password, role in result.logins:
            self.stdout.write(f"  {email.ljust(width)}  {password}  ({role})")
