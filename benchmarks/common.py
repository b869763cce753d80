"""What the benchmarks that need a database of their own share (they run as scripts: ``benchmarks/`` is on the
import path)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

POSTGRES = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


class BenchmarkError(Exception):
    """Something would not run: the benchmark stops with a non-zero exit code."""


@contextlib.contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database on 127.0.0.1:5432 for the length of the block (its URL), dropped after."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise BenchmarkError(f"PostgreSQL on 127.0.0.1:5432 (user postgres): {error}") from error
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
