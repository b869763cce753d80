"""A CSV file of posts: ``date,text,url`` (``tanggal,teks,tautan``; ``isi`` and ``link`` too) with a header row.

UTF-8 with or without a byte order mark, separated by commas or semicolons. Dates are ISO 8601 or day first
(``23/11/2026 14:05``); without a zone they are Jakarta time. Unlike the platform exports, which come from the
platform, a CSV is made by hand: a row that cannot be read stops the import with the row's number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from duta.screening.archives._base import ArchiveError, ArchivePost, Head, Part, Spec, make_post, web_link
from duta.screening.archives._source import Source

_JAKARTA = ZoneInfo("Asia/Jakarta")
_COLUMNS = {
    "date": "date",
    "tanggal": "date",
    "text": "text",
    "teks": "text",
    "isi": "text",
    "url": "url",
    "tautan": "url",
    "link": "url",
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$")
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def zip_parts(names: Sequence[str]) -> list[Part]:
    return []  # a CSV is uploaded as it is


def file_part(head: Head) -> Part | None:
    first_line = head.text.lstrip("\ufeff").splitlines()[0] if head.text.strip() else ""
    return Part(head.name, "csv") if _header(first_line) is not None else None


def account(source: Source, parts: Sequence[Part]) -> str:
    return ""


def _header(line: str) -> tuple[str, dict[str, int]] | None:
    """The separator and the column of each known field, when ``line`` names at least a date and a text."""
    for delimiter in (";", ","):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            field = _COLUMNS.get(cell.strip().strip('"').lower())
            if field and field not in columns:
                columns[field] = index
        if {"date", "text"} <= columns.keys():
            return delimiter, columns
    return None


def posts(source: Source, parts: Sequence[Part], found_account: Callable[[str], None]) -> Iterator[ArchivePost]:
    for part in parts:
        with source.open(part.name) as stream:
            # undecodable bytes stay in the text as surrogates, so the row that holds them can be named
            text = io.TextIOWrapper(
                io.BufferedReader(stream), encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
            row_number = 1
            try:
                line = text.readline()
                if _NOT_UTF8.search(line):
                    raise _row_error(1, _("it is not UTF-8 text (save the file as CSV UTF-8)"))
                header = _header(line)
                if header is None:
                    raise ArchiveError(
                        _("The CSV file needs a header row naming the columns date, text and url."),
                        code="archive_csv_header",
                    )
                delimiter, columns = header
                for row_number, row in enumerate(csv.reader(text, delimiter=delimiter), start=2):
                    post = _row(source, row, columns, row_number)
                    if post is not None:
                        yield post
            except csv.Error as error:
                raise _row_error(row_number + 1, str(error)) from error


def _row(source: Source, row: list[str], columns: dict[str, int], number: int) -> ArchivePost | None:
    if not any(cell.strip() for cell in row):
        return None
    if any(_NOT_UTF8.search(cell) for cell in row):
        raise _row_error(number, _("it is not UTF-8 text (save the file as CSV UTF-8)"))
    needed = max(columns["date"], columns["text"]) + 1  # a missing last column (the link) is an empty one
    if len(row) < needed:
        raise _row_error(
            number, _("it has %(found)d columns, %(needed)d are needed") % {"found": len(row), "needed": needed}
        )
    text = row[columns["text"]]
    if not text.strip():
        return None
    created_at = csv_date(row[columns["date"]])
    if created_at is None:
        raise _row_error(
            number,
            _("the date “%(value)s” is not a date such as 2026-11-23 14:05 or 23/11/2026 14:05")
            % {"value": row[columns["date"]].strip()[:40]},
        )
    url = row[columns["url"]].strip() if columns.get("url", len(row)) < len(row) else ""
    if url and not web_link(url):
        raise _row_error(number, _("the link “%(value)s” does not start with https://") % {"value": url[:80]})
    return make_post(source, "csv", text=text, created_at=created_at, kind="post", url=url)


def csv_date(value: str) -> datetime | None:
    """ISO 8601 or day-first date (and time); without a zone, Jakarta time. Aware UTC, or ``None``."""
    value = value.strip()
    moment: datetime | None = None
    if _ISO_START.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    elif match := _DAY_FIRST.match(value):
        day, month, year, hour, minute, second = (int(group) if group else 0 for group in match.groups())
        try:
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_JAKARTA)
    return moment.astimezone(UTC)


def _row_error(number: int, problem: str) -> ArchiveError:
    return ArchiveError(
        _("Row %(row)d of the CSV file cannot be read: %(problem)s.") % {"row": number, "problem": problem},
        code="archive_csv_row",
    )


SPEC = Spec(
    format="csv",
    expected="date,text,url",
    post_kinds=frozenset({"csv"}),
    zip_parts=zip_parts,
    file_part=file_part,
    account=account,
    posts=posts,
)
