"""Bulk writing for the large demo: rows by raw INSERT (SQLite) or COPY (PostgreSQL), journal files shipped by the
real shipper, and timestamps kept as given."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, reset_queries

from duta.campaigns.models import (
    Campaign,
    CampaignSettings,
    CaptionVariant,
    ContentItem,
    ItemEvent,
    PostReport,
)
from duta.demo.large.data import NODE
from duta.links.models import ShareLink
from duta.links.services import Shipper, ShipReport
from duta.organizations.models import Membership, Unit
from duta.people.models import Employee, SocialAccount
from duta.programs.models import Candidate, Program


class Table:
    """Rows into ``model``'s table without building model instances: an INSERT run for each row on SQLite (one
    prepared statement), COPY on PostgreSQL. Each row holds the values of ``fields`` (names separated by spaces) in
    that order, as the database stores them (ids for foreign keys, ``_Loader.stamp`` for times); every other column
    gets its field's default, and a column that has none and may not be null is refused here, before any row is
    written."""

    def __init__(self, model: type[models.Model], fields: str) -> None:
        meta = model._meta
        names = fields.split()
        given = [meta.get_field(name) for name in names]
        assert all(isinstance(model_field, models.Field) for model_field in given)
        rest = [
            model_field
            for model_field in meta.concrete_fields
            if model_field.name not in names and not isinstance(model_field, models.AutoField)
        ]
        extra = []
        for model_field in rest:
            default = model_field.get_default()
            if default is None and not model_field.null:
                raise ValueError(f"{model.__name__}.{model_field.name} needs a value")
            extra.append(model_field.get_db_prep_save(default, connection))
        self.extra = tuple(extra)
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in [*given, *rest])  # type: ignore[union-attr]
        table = connection.ops.quote_name(meta.db_table)
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        values = ", ".join(["%s"] * (len(given) + len(rest)))
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"  # noqa: S608 (names from the model)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        extra = self.extra
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row + extra)
            else:
                cursor.executemany(self.insert_sql, [row + extra for row in rows])


class Journal:
    """Closed journal files as a redirector leaves them (``links.journal``): ``<node>.<pid>.<token>.<n>.closed``,
    each line ``<id>\\t<code>\\t<visitor>\\t<referrer>\\t<user agent>``, the id being 12 hex digits of the time in
    milliseconds, 10 random ones per file and a 10-digit line number. Written in large blocks rather than a line
    per ``write(2)``: nothing reads these files before they are closed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.token = secrets.token_hex(4)
        self.number = 0
        self.lines = 0
        self.handle: Any = None

    def write(self, lines: list[tuple[int, str]]) -> None:
        if self.handle is None:
            self.number += 1
            self.name = f"{NODE}.{os.getpid()}.{self.token}.{self.number:06d}"
            self.handle = open(self.directory / f"{self.name}.writing", "w", encoding="utf-8")  # noqa: SIM115
            self.prefix = secrets.token_hex(5)
            self.lines = 0
        prefix, first = self.prefix, self.lines + 1
        self.handle.write(
            "".join(
                [f"{ms:012x}{prefix}{sequence:010x}\t{fields}\n" for sequence, (ms, fields) in enumerate(lines, first)]
            )
        )
        self.lines += len(lines)

    def close(self) -> None:
        if self.handle is None:
            return
        self.handle.close()
        self.handle = None
        source = self.directory / f"{self.name}.writing"
        source.replace(self.directory / f"{self.name}.closed")


def ship(directory: Path, total: ShipReport) -> float:
    """Store the closed files with the real shipper, adding its report to ``total``; returns the seconds it took.
    A new shipper each time: what it keeps between batches (the recent visitors, the links met) stays the size of
    one file."""
    started = time.perf_counter()
    shipper = Shipper(directory, node=NODE, repeat_window=timedelta(minutes=settings.LINKS_REPEAT_WINDOW_MINUTES))
    total.add(shipper.ship_all())
    reset_queries()
    return time.perf_counter() - started


@contextmanager
def backdating() -> Iterator[None]:
    """Let the loader set ``created_at`` and ``updated_at`` (``auto_now_add``/``auto_now``) itself, so that rows
    are dated when they happened; restored on the way out."""
    touched: list[tuple[models.DateTimeField[Any, Any], bool, bool]] = []
    for model in (
        Unit,
        Membership,
        Employee,
        SocialAccount,
        Program,
        Candidate,
        CampaignSettings,
        Campaign,
        ContentItem,
        CaptionVariant,
        ItemEvent,
        ShareLink,
        PostReport,
    ):
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateTimeField) and (model_field.auto_now or model_field.auto_now_add):
                touched.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in touched:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add
