"""`duta analytics refresh`: recompute the dashboards' figures now (the worker does it every few minutes)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from huey.contrib.djhuey import HUEY
from huey.exceptions import TaskLockedException

from duta.analytics.services.refresh import analytics_refresh, analytics_refresh_all
from duta.analytics.tasks import REFRESH_LOCK
from duta.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Analytics. `duta analytics refresh` recomputes the current periods' figures of every organization "
        "(or of --org SLUG); `--all` recomputes every period since the first share."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        refresh = actions.add_parser("refresh", help="Recompute the dashboards' figures.")
        refresh.add_argument("--org", default=None, help="The organization's short name (default: all of them).")
        refresh.add_argument("--all", action="store_true", help="Every period since the first share.")
        refresh.add_argument("--json", action="store_true", dest="as_json", help="Print the result as JSON.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(**options)

    def do_refresh(self, *, org: str | None, all: bool, as_json: bool, **options: Any) -> None:
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with the short name {org!r}.")
        # the same lock as the worker's periodic refresh: two refreshes of one organization would collide
        try:
            with HUEY.lock_task(REFRESH_LOCK):
                results = [self._refresh(organization, everything=all, quiet=as_json) for organization in organizations]
        except TaskLockedException as error:
            raise CommandError("The worker is recomputing the figures right now: try again in a minute.") from error
        if as_json:
            self.stdout.write(json.dumps(results))

    def _refresh(self, organization: Organization, *, everything: bool, quiet: bool) -> dict[str, Any]:
        refresh = analytics_refresh_all if everything else analytics_refresh
        result = refresh(organization=organization)
        if not quiet:
            self.stdout.write(
                f"{organization.slug}: {len(result.periods)} periods, {result.stats} rows, "
                f"{result.members} ambassadors in {result.seconds:.1f} s"
            )
        return {
            "org": organization.slug,
            "periods": len(result.periods),
            "rows": result.stats,
            "ambassadors": result.members,
            "seconds": round(result.seconds, 2),
        }
