"""Any table of a page as a download: CSV (UTF-8 with a byte-order mark, so that Excel reads it as UTF-8) or XLSX.

    fmt = export_format(request)  # "" when the page itself is asked for
    if fmt:
        return table_response(filename="perbandingan", headers=[...], rows=[[...], ...], fmt=fmt)

Decisions:

- Numbers stay numbers (int, float, Decimal: a cell Excel can sum; CSV writes them without thousands
  separators); None is an empty cell; dates and times are dates (XLSX) or ISO 8601 (CSV); anything else is text.
- Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return) is kept as text: a leading apostrophe in CSV, a text cell in XLSX (CSV/formula injection).
- The file name keeps lower-case ASCII letters, digits, ``-`` and ``_`` (``duta-export`` when nothing is left) and gets
  the format's extension.
- An unknown format answers 400.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export_format(request: HttpRequest) -> str:
    """The ``?format=`` a page was asked for (``""``: the page itself); it may be unknown (``table_response``
    then answers 400)."""
    return str(request.GET.get("format", "")).strip().lower()


def clean_filename(filename: str, fmt: str) -> str:
    for extension in FORMATS:
        filename = filename.removesuffix(f".{extension}")
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9_-]+", "-", ascii_name.lower())
    stem = stem.strip("-_")[:80] or "duta-export"
    return f"{stem}.{fmt}"


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _csv_cell(value: Any) -> str | int | float | Decimal:
    if value is None:
        return ""
    if _number(value):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = _text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    if value is None or _number(value):
        return WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the wall-clock time of the value as given
        return WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
    if isinstance(value, dt.date | dt.time):
        return WriteOnlyCell(sheet, value=value)
    text = _ILLEGAL_XML.sub("", _text(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _xlsx(headers: Sequence[Any], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Duta")
    header_cells = []
    for header in headers:
        cell = _xlsx_cell(sheet, _text(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(*, filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], fmt: str) -> HttpResponse:
    """One table as a download in ``fmt`` (``csv`` or ``xlsx``); 400 for any other format."""
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Unknown export format: choose CSV or XLSX."), content_type="text/plain")
    name = clean_filename(filename, fmt)
    content = _csv(headers, rows) if fmt == "csv" else _xlsx(headers, rows, title=name.rsplit(".", 1)[0])
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
