"""Set Django up for a benchmark on a fresh SQLite database in ``directory`` (var/ is never touched)."""

from __future__ import annotations

import os
from pathlib import Path


def setup(directory: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DUTA_VAR_DIR"] = str(directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = "duta.config.settings"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
