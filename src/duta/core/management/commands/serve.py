from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from duta.config.env import Env


class Command(BaseCommand):
    help = "Serve Duta with granian (WSGI)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        env = Env()
        parser.add_argument("--host", default=env.string("DUTA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env.integer("DUTA_PORT", 8000, minimum=1))
        parser.add_argument("--workers", type=int, default=env.integer("DUTA_WORKERS", 1, minimum=1))
        parser.add_argument("--threads", type=int, default=env.integer("DUTA_THREADS", 8, minimum=1))

    def handle(self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.stdout.write(f"Duta on http://{host}:{port}/ ({workers} worker(s), {threads} threads each)")
        Granian(
            "duta.config.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            backpressure=threads,
            websockets=False,
            respawn_failed_workers=True,
        ).serve()
