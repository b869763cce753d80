"""`duta redirector`: serve only `/s/<code>` (a node of its own behind nginx; `duta serve` answers it too)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duta.config.env import Env


class Command(BaseCommand):
    help = (
        "Serve the tracked-link redirector (/s/<code>) with granian: every process keeps the links in memory and "
        "writes its own click journal in LINKS_JOURNAL_DIR, for `duta clicks ship` to store."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        env = Env()
        parser.add_argument("--host", default=env.string("REDIRECTOR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env.integer("REDIRECTOR_PORT", 8001, minimum=1))
        parser.add_argument("--workers", type=int, default=env.integer("REDIRECTOR_WORKERS", 2, minimum=1))

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535")
        self.stdout.write(f"Duta redirector on http://{host}:{port}/s/ ({workers} process(es))")
        Granian(
            "duta.links.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=1,
            websockets=False,
            respawn_failed_workers=True,
        ).serve()
