"""`duta clicks ship`: move the redirectors' click journals into the database (see duta.links.services.shipping)."""

from __future__ import annotations

import json
import signal
import time
from argparse import ArgumentParser
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duta.links.journal import journal_files
from duta.links.models import JournalCursor
from duta.links.services import Shipper, ShipReport


class Command(BaseCommand):
    help = (
        "Tracked-link clicks. `duta clicks ship` stores the click journals of this node's redirectors, then keeps "
        "watching them (Ctrl-C stops it after the batch in progress); `--once` stores what is there and exits. "
        "`duta clicks status` shows the journals waiting."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ship = actions.add_parser("ship", help="Store the click journals in the database.")
        ship.add_argument("--dir", default=None, help="The journal folder (default LINKS_JOURNAL_DIR).")
        ship.add_argument("--once", action="store_true", help="Store what the journals hold now, then exit.")
        ship.add_argument("--interval", type=float, default=1.0, help="Seconds between two looks (default 1).")
        ship.add_argument("--json", action="store_true", help="With --once: print the report as JSON.")
        status = actions.add_parser("status", help="The journal files waiting to be stored.")
        status.add_argument("--dir", default=None, help="The journal folder (default LINKS_JOURNAL_DIR).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(**options)

    def _directory(self, value: str | None) -> Path:
        directory = Path(value) if value else Path(settings.LINKS_JOURNAL_DIR)
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} is not a folder.")
        return directory

    def do_ship(self, *, dir: str | None, once: bool, interval: float, json: bool, **options: Any) -> None:
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        directory = self._directory(dir)
        shipper = Shipper(
            directory,
            node=settings.LINKS_NODE or None,
            repeat_window=timedelta(minutes=settings.LINKS_REPEAT_WINDOW_MINUTES),
        )
        if once:
            started = time.perf_counter()
            report = shipper.ship_all()
            self._print(report, time.perf_counter() - started, as_json=json)
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_args: stopping.append(True))
        self.stdout.write(f"Shipping clicks from {directory} every {interval:g} s (Ctrl-C stops).")

        def on_report(report: ShipReport) -> None:
            if report.lines or report.removed or report.orphans:
                self._print(report, None, as_json=False)

        shipper.run(
            interval=interval, should_stop=lambda: bool(stopping), on_report=on_report, sleep=_sleeper(stopping)
        )

    def _print(self, report: ShipReport, seconds: float | None, *, as_json: bool) -> None:
        if as_json:
            data = {
                "files": report.files,
                "lines": report.lines,
                "stored": report.stored,
                "counted": report.counted,
                "previews": report.previews,
                "filtered": report.filtered,
                "already_stored": report.already_stored,
                "skipped": report.skipped,
                "removed": len(report.removed),
                "seconds": round(seconds or 0.0, 3),
            }
            self.stdout.write(json.dumps(data, sort_keys=True))
            return
        line = (
            f"{report.stored} clicks stored ({report.counted} counted, {report.previews} link previews, "
            f"{report.filtered} crawlers or repeats)"
        )
        if report.already_stored:
            line += f", {report.already_stored} already stored"
        if report.skipped:
            line += f", {report.skipped} unreadable lines skipped"
        if report.removed:
            line += f"; {len(report.removed)} journal file(s) done and removed"
        if report.orphans:
            line += f"; {len(report.orphans)} journal(s) of stopped redirectors closed"
        if seconds is not None:
            line += f" in {seconds:.2f} s"
        self.stdout.write(line + ".")

    def do_status(self, *, dir: str | None, **options: Any) -> None:
        directory = self._directory(dir)
        files = journal_files(directory)
        if not files:
            self.stdout.write(f"No journal files in {directory}: everything is stored.")
            return
        cursors = dict(
            JournalCursor.objects.filter(name__in=[file.name for file in files]).values_list("name", "offset")
        )
        for file in files:
            size = file.path.stat().st_size if file.path.exists() else 0
            waiting = max(size - cursors.get(file.name, 0), 0)
            state = "closed" if file.closed else "being written"
            self.stdout.write(f"{file.name}  {state}  {size} bytes, {waiting} bytes not stored yet")


def _sleeper(stopping: list[bool]) -> Any:
    def sleep(seconds: float) -> None:
        end = time.monotonic() + seconds
        while not stopping and time.monotonic() < end:
            time.sleep(min(0.1, end - time.monotonic()))

    return sleep
