"""The monthly report's tables as an XLSX workbook (openpyxl, write-only), from a ``ReportData``.

One sheet per table, named in the report's language, each with a header row; numbers stay numbers (participation
as a fraction shown as a percentage, money in rupiah), times are the local wall-clock time, and text is never read
as a formula."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from duta.analytics.reports import text
from duta.analytics.reports.data import ReportData
from duta.analytics.selectors.dashboards import Figures

PERCENT_FORMAT = "0.0%"
RUPIAH_FORMAT = '"Rp" #,##0'
MINUTES_FORMAT = "0.0"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Percent(float):
    """A fraction shown as a percentage."""


class Rupiah(int):
    """Whole rupiah."""


def _cell(sheet: Any, content: Any) -> WriteOnlyCell:
    if content is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(content, Percent):
        cell = WriteOnlyCell(sheet, value=float(content))
        cell.number_format = PERCENT_FORMAT
        return cell
    if isinstance(content, Rupiah):
        cell = WriteOnlyCell(sheet, value=int(content))
        cell.number_format = RUPIAH_FORMAT
        return cell
    if isinstance(content, dt.timedelta):
        cell = WriteOnlyCell(sheet, value=round(content.total_seconds() / 60, 1))
        cell.number_format = MINUTES_FORMAT
        return cell
    if isinstance(content, int | float) and not isinstance(content, bool):
        return WriteOnlyCell(sheet, value=content)
    if isinstance(content, dt.datetime):
        cell = WriteOnlyCell(sheet, value=content.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(content, dt.date):
        cell = WriteOnlyCell(sheet, value=content)
        cell.number_format = "yyyy-mm-dd"
        return cell
    cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", str(content)))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    name = _SHEET_FORBIDDEN.sub("-", title).strip("'")[:31] or "Duta"
    candidate, number = name, 2
    while candidate.casefold() in taken:
        suffix = f" {number}"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _add(
    workbook: Workbook, taken: set[str], title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = workbook.create_sheet(title=_sheet_title(title, taken))
    header_cells = []
    for header in headers:
        cell = _cell(sheet, header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, content) for content in row])


def _figures(totals: Figures) -> list[Any]:
    return [
        totals.active,
        totals.sharers,
        Percent(totals.participation),
        totals.shares,
        totals.posts,
        totals.clicks,
        totals.previews,
        totals.potential_reach,
        totals.observed_reach,
        totals.engagements,
    ]


def _figure_headers() -> list[str]:
    return [
        _("Active ambassadors"),
        _("Shared"),
        _("Participation"),
        _("Shares"),
        _("Reported posts"),
        _("Clicks"),
        _("Link previews"),
        _("Potential reach"),
        _("Observed reach"),
        _("Reactions, comments and reshares"),
    ]


def _summary(data: ReportData) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Figure"),
        text.month_label(data.month),
        text.month_label(data.period.previous().start),
        _("Difference"),
        _("Relative difference"),
    ]
    rows: list[list[Any]] = []
    for row in text.summary_rows(data):
        relative = text.relative_change(row.current, row.previous)
        wrap: type = Percent if row.kind == text.PERCENT else Rupiah if row.kind == text.RUPIAH else int
        rows.append(
            [
                row.label,
                wrap(row.current),
                wrap(row.previous),
                wrap(row.current - row.previous),
                None if relative is None or row.kind == text.PERCENT else Percent(relative),
            ]
        )
    return headers, rows


def report_xlsx(data: ReportData) -> bytes:
    """The workbook's bytes."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()

    headers, rows = _summary(data)
    _add(workbook, taken, _("Summary"), headers, rows)

    _add(
        workbook,
        taken,
        _("Weeks"),
        [_("Week"), _("From"), _("To"), *_figure_headers()],
        [[week.key, week.start, week.end, *_figures(week.totals)] for week in data.weeks],
    )
    _add(
        workbook,
        taken,
        _("Platforms"),
        [_("Platform"), *_figure_headers()],
        [[line.label, *_figures(line.totals)] for line in data.platforms],
    )
    _add(
        workbook,
        taken,
        _("Units"),
        ["#", _("Unit"), *_figure_headers(), _("Participation last month")],
        [
            [index, line.name, *_figures(line.totals), Percent(line.previous.participation)]
            for index, line in enumerate(data.units, start=1)
        ],
    )
    ambassador_headers = [
        "#",
        _("Ambassador"),
        _("Unit"),
        _("Points"),
        pgettext("recognition level", "Level"),
        _("Level name"),
    ]
    if data.ambassadors is None:
        ambassador_rows: list[list[Any]] = [[None, _("Leaderboards are off in this organization.")]]
    else:
        ambassador_rows = [
            [line.rank, line.name, line.unit, line.points, line.level, line.level_label] for line in data.ambassadors
        ]
    _add(workbook, taken, _("Ambassadors"), ambassador_headers, ambassador_rows)
    _add(
        workbook,
        taken,
        _("Campaigns"),
        [_("Campaign"), _("Kind"), *_figure_headers()],
        [[line.name, line.kind_label, *_figures(line.totals)] for line in data.campaigns],
    )
    _add(
        workbook,
        taken,
        _("Crisis responses"),
        [
            _("Crisis"),
            _("Sent"),
            _("Audience"),
            _("Recipients"),
            _("Delivered"),
            _("Opened"),
            _("Shared"),
            _("First share (minutes)"),
            _("Median share (minutes)"),
        ],
        [
            [
                line.campaign,
                text.local(data, line.sent_at),
                line.audience,
                line.recipients,
                line.delivered,
                line.opened,
                line.shared,
                line.first_share,
                line.median_share,
            ]
            for line in data.crises
        ],
    )
    if data.emv is not None:
        _add(
            workbook,
            taken,
            _("Earned media value"),
            [
                _("Platform"),
                _("Clicks"),
                _("CPC (per click)"),
                _("Potential reach"),
                _("CPM (per 1,000 reach)"),
                _("Value"),
            ],
            [
                [
                    part.label,
                    part.clicks,
                    None if part.cpc is None else Rupiah(part.cpc),
                    part.reach,
                    None if part.cpm is None else Rupiah(part.cpm),
                    Rupiah(part.value),
                ]
                for part in data.emv.parts
            ]
            + [[_("Total"), None, None, None, None, Rupiah(data.emv.total)]],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
