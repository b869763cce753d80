"""Run the test suite on one database: ``sqlite`` (embedded) or ``postgres`` (a real server).

PostgreSQL: DATABASE_URL when it names a PostgreSQL server, else 127.0.0.1:5432 as user
postgres (trust auth) with a database name unique to this run; pytest-django creates the test
database and drops it afterwards. When no server answers, the pass is skipped with a notice on a
developer's machine and fails under CI (CI=true).
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_url() -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if urlsplit(configured).scheme in {"postgres", "postgresql", "pgsql"}:
        return configured
    return f"postgres://postgres@127.0.0.1:5432/duta_{os.getpid()}"


def postgres_reachable(url: str) -> str | None:
    import psycopg

    parts = urlsplit(url)
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return None
    except psycopg.Error as error:
        return str(error).strip()


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"sqlite", "postgres"}:
        print("usage: run_suite.py sqlite|postgres [pytest arguments]", file=sys.stderr)
        return 2
    backend, extra = argv[0], argv[1:]
    environment = dict(os.environ)
    command = [sys.executable, "-m", "pytest", *extra]
    if backend == "sqlite":
        environment["DATABASE_URL"] = ""
    else:
        url = postgres_url()
        problem = postgres_reachable(url)
        if problem:
            message = f"PostgreSQL at {urlsplit(url).hostname}:{urlsplit(url).port or 5432} does not answer: {problem}"
            if IN_CI:
                print(f"error: {message}", file=sys.stderr)
                return 1
            print(f"skipped the PostgreSQL pass: {message}")
            return 0
        environment["DATABASE_URL"] = url
        command += ["-m", "not browser"]  # the browser test runs once, in the SQLite pass
    print(f"== test suite on {backend} ==", flush=True)
    return subprocess.call(command, env=environment)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
