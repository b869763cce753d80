"""The monthly report as a PDF (A4, portrait) for leadership, drawn with reportlab from a ``ReportData``.

    charts = report_charts(data)           # "drawing charts"
    content = report_pdf(data, charts)     # "writing PDF": the bytes of the file

Text is set in DejaVu Sans (vendored in ``core/pdf/fonts`` with its licence), so every Latin and Indonesian name
renders; every word comes from gettext, so run it under ``translation.override(report.language)``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from duta.analytics import value
from duta.analytics.reports import text
from duta.analytics.reports.data import ReportData
from duta.campaigns.rules import duration_text
from duta.core.pdf import BOLD, BRAND, INK, LINE, MUTED, REGULAR, WASH, register_fonts

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN  # the frame's width
CAMPAIGNS_SHOWN = 20  # the rest are in the XLSX


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_num": ParagraphStyle(
            "cell_num", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0, textColor=MUTED
        ),
        "head_num": ParagraphStyle(
            "head_num",
            parent=base,
            fontName=BOLD,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=13,
            leading=16,
            spaceBefore=10,
            spaceAfter=6,
            textColor=BRAND,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=4, keepWithNext=1
        ),
        "organization": ParagraphStyle("organization", parent=base, fontName=BOLD, fontSize=12, leading=15),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=22, leading=27, textColor=BRAND, spaceAfter=2
        ),
        "month": ParagraphStyle("month", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4),
    }


def _p(words: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: names may hold ``&`` or ``<``)."""
    return Paragraph(escape(words), _styles()[style])


@dataclass
class ReportCharts:
    participation: Drawing | None
    platforms: Drawing | None


# --- charts ---------------------------------------------------------------------------------------------------


def report_charts(data: ReportData) -> ReportCharts:
    register_fonts()
    return ReportCharts(participation=_participation_chart(data), platforms=_platform_chart(data))


def _axis_fonts(chart: Any) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
        axis.labels.fillColor = MUTED
        axis.strokeColor = LINE
    chart.valueAxis.gridStrokeColor = LINE
    chart.valueAxis.visibleGrid = True


def _participation_chart(data: ReportData) -> Drawing | None:
    """Participation (%) per week over the last six months: one bar a week, the report's month in the brand
    colour and the weeks before it lighter."""
    if not data.weeks:
        return None
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = WIDTH - 14 * mm, height - 16 * mm
    values = [round(100 * week.totals.participation, 1) for week in data.weeks]
    chart.data = [values]
    top = max(values, default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100 if top > 50 else max(10, int(top // 10 + 1) * 10)
    chart.valueAxis.valueStep = chart.valueAxis.valueMax / 5
    chart.valueAxis.labelTextFormat = lambda amount: f"{text.number(round(amount))}%"
    every = max(1, len(data.weeks) // 7)
    chart.categoryAxis.categoryNames = [
        formats.date_format(week.start, "j M") if index % every == 0 else "" for index, week in enumerate(data.weeks)
    ]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.barSpacing = 0
    chart.groupSpacing = 2
    chart.bars[0].fillColor = colors.HexColor("#9ec3e8")
    chart.bars[0].strokeColor = None
    for index, week in enumerate(data.weeks):
        if week.end >= data.month and week.start <= data.period.end:
            chart.bars[(0, index)].fillColor = BRAND
    _axis_fonts(chart)
    drawing.add(chart)
    return drawing


def _platform_chart(data: ReportData) -> Drawing | None:
    """Clicks per platform in the month, most first (from the top)."""
    lines = [line for line in data.platforms if line.totals.clicks or line.totals.shares]
    if not lines:
        return None
    lines = sorted(lines, key=lambda line: line.totals.clicks)  # the chart draws from the bottom up
    bar = 7 * mm
    height = len(lines) * bar + 14 * mm
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 30 * mm, 8 * mm
    chart.width, chart.height = WIDTH - 36 * mm, len(lines) * bar
    chart.data = [[line.totals.clicks for line in lines]]
    chart.categoryAxis.categoryNames = [line.label for line in lines]
    top = max((line.totals.clicks for line in lines), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(5, top + max(1, top // 10))
    chart.valueAxis.labelTextFormat = lambda amount: text.number(int(amount))
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda amount: text.number(int(amount))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _axis_fonts(chart)
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = INK
    drawing.add(chart)
    return drawing


# --- the document -----------------------------------------------------------------------------------------------


def _table(headers: list[tuple[str, bool]], rows: list[list[str]], widths: list[float]) -> Table:
    """A table with a header row; ``headers`` are (words, is_number): numbers are right-aligned."""
    numeric = [is_number for _words, is_number in headers]
    body = [[_p(words, "head_num" if is_number else "head") for words, is_number in headers]]
    for row in rows:
        body.append([_p(cell, "cell_num" if numeric[index] else "cell") for index, cell in enumerate(row)])
    table = Table(body, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, WASH]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _columns(*fractions: float) -> list[float]:
    total = sum(fractions)
    return [WIDTH * fraction / total for fraction in fractions]


def _cover(data: ReportData) -> list[Any]:
    band = Table([[""]], colWidths=[WIDTH], rowHeights=[3 * mm])
    band.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), BRAND)]))
    return [
        band,
        Spacer(1, 6 * mm),
        _p(data.organization, "organization"),
        _p(text.title(), "title"),
        _p(text.month_label(data.month), "month"),
        _p(_("Made on %(moment)s") % {"moment": text.moment_text(data, data.generated_at)}, "small"),
        Spacer(1, 4 * mm),
    ]


def _summary(data: ReportData) -> list[Any]:
    previous = text.month_label(data.period.previous().start)
    rows = [
        [
            row.label,
            text.shown(row.kind, row.current),
            text.shown(row.kind, row.previous),
            text.change(row.kind, row.current, row.previous),
        ]
        for row in text.summary_rows(data)
    ]
    table = _table(
        [(_("Figure"), False), (text.month_label(data.month), True), (previous, True), (_("Difference"), True)],
        rows,
        _columns(3.2, 1.6, 1.6, 1.8),
    )
    return [_p(_("Summary"), "h2"), table, Spacer(1, 2 * mm), _p(text.reach_note(), "small")]


def _emv(data: ReportData) -> list[Any]:
    valuation = data.emv
    if valuation is None:
        return []
    rows = [
        [
            part.label,
            text.number(part.clicks),
            _("no rate") if part.cpc is None else value.rupiah(part.cpc),
            text.number(part.reach),
            _("no rate") if part.cpm is None else value.rupiah(part.cpm),
            value.rupiah(part.value),
        ]
        for part in valuation.parts
    ]
    rows.append([_("Total"), "", "", "", "", value.rupiah(valuation.total)])
    table = _table(
        [
            (_("Platform"), False),
            (_("Clicks"), True),
            (_("CPC (per click)"), True),
            (_("Potential reach"), True),
            (_("CPM (per 1,000 reach)"), True),
            (_("Value"), True),
        ],
        rows,
        _columns(2, 1.3, 1.5, 1.6, 1.7, 1.7),
    )
    flow: list[Any] = [
        _p(_("Earned media value (estimate)"), "h3"),
        _p(
            _(
                "What the same clicks and potential reach would have cost as paid advertising, at the rates the PR "
                "team set. It is an estimate, not money earned or saved."
            ),
            "small",
        ),
        table,
        Spacer(1, 1.5 * mm),
        _p(_("Value = clicks × CPC + potential reach × CPM ÷ 1,000."), "small"),
    ]
    if valuation.no_rate:
        flow.append(
            _p(
                _("No rate for %(platforms)s: their figures count as Rp 0 here.")
                % {"platforms": ", ".join(valuation.no_rate_labels)},
                "small",
            )
        )
    return [KeepTogether(flow)]


def _charts(data: ReportData, charts: ReportCharts) -> list[Any]:
    flow: list[Any] = [_p(_("Trends"), "h2"), _p(_("Participation per week, last six months"), "h3")]
    if charts.participation is not None:
        flow += [
            charts.participation,
            _p(_("The weeks of %(month)s are darker.") % {"month": text.month_label(data.month)}, "small"),
        ]
    else:
        flow.append(_p(_("No figures yet."), "small"))
    platform_flow: list[Any] = [_p(_("Clicks per platform"), "h3")]
    if charts.platforms is not None:
        platform_flow.append(charts.platforms)
    else:
        platform_flow.append(_p(_("Nobody shared this month."), "small"))
    return [KeepTogether(flow), KeepTogether(platform_flow)]


def _units(data: ReportData) -> list[Any]:
    flow: list[Any] = [_p(_("Top units by participation"), "h2")]
    if not data.units:
        return [*flow, _p(_("No unit had active ambassadors this month."), "small")]
    rows = [
        [
            str(index),
            line.name,
            text.number(line.totals.active),
            text.number(line.totals.sharers),
            text.percent(line.totals.participation),
            text.change(text.PERCENT, line.totals.participation, line.previous.participation),
        ]
        for index, line in enumerate(data.units, start=1)
    ]
    table = _table(
        [
            ("#", True),
            (_("Unit"), False),
            (_("Active"), True),
            (_("Shared"), True),
            (_("Participation"), True),
            (_("Since last month"), True),
        ],
        rows,
        _columns(0.5, 4, 1.1, 1.1, 1.5, 1.7),
    )
    return [*flow, table]


def _ambassadors(data: ReportData) -> list[Any]:
    flow: list[Any] = [_p(_("Top ambassadors by points"), "h2")]
    if data.ambassadors is None:
        return [
            *flow,
            _p(
                _(
                    "Leaderboards are off in this organization, so no ambassador is ranked here. The PR team turns "
                    "them on in the analytics settings, after a data protection impact assessment."
                ),
                "small",
            ),
        ]
    if not data.ambassadors:
        return [*flow, _p(_("No ambassador has points in this season yet."), "small")]
    rows = [
        [str(line.rank), line.name, line.unit, text.number(line.points), line.level_label or str(line.level)]
        for line in data.ambassadors
    ]
    table = _table(
        [
            ("#", True),
            (_("Ambassador"), False),
            (_("Unit"), False),
            (_("Points"), True),
            (pgettext("recognition level", "Level"), False),
        ],
        rows,
        _columns(0.5, 3, 3, 1.1, 1.6),
    )
    return [
        *flow,
        table,
        Spacer(1, 1.5 * mm),
        _p(_("Points of the current season; hidden names stay hidden."), "small"),
    ]


def _campaigns(data: ReportData) -> list[Any]:
    flow: list[Any] = [_p(_("Campaigns of the month"), "h2")]
    if not data.campaigns:
        return [*flow, _p(_("No campaign ran this month."), "small")]
    rows = [
        [
            line.name + (f" ({line.kind_label})" if line.is_crisis else ""),
            text.percent(line.totals.participation),
            text.number(line.totals.shares),
            text.number(line.totals.posts),
            text.number(line.totals.clicks),
        ]
        for line in data.campaigns[:CAMPAIGNS_SHOWN]
    ]
    table = _table(
        [
            (_("Campaign"), False),
            (_("Participation"), True),
            (_("Shares"), True),
            (_("Reported posts"), True),
            (_("Clicks"), True),
        ],
        rows,
        _columns(3.6, 1.5, 1.2, 1.8, 1.2),
    )
    flow.append(table)
    hidden = len(data.campaigns) - CAMPAIGNS_SHOWN
    if hidden > 0:
        flow += [
            Spacer(1, 1.5 * mm),
            _p(_("%(count)s more campaigns are in the XLSX file.") % {"count": hidden}, "small"),
        ]
    return flow


def _crises(data: ReportData) -> list[Any]:
    flow: list[Any] = [_p(_("Crisis responses"), "h2")]
    if not data.crises:
        return [*flow, _p(_("No crisis broadcast was sent this month."), "small")]
    rows = [
        [
            line.campaign,
            text.short_moment_text(data, line.sent_at),
            text.number(line.audience),
            f"{text.number(line.delivered)} / {text.number(line.opened)}",
            text.number(line.shared),
            duration_text(line.first_share),
            duration_text(line.median_share),
        ]
        for line in data.crises
    ]
    table = _table(
        [
            (_("Crisis"), False),
            (_("Sent"), False),
            (_("Audience"), True),
            (_("Delivered / opened"), True),
            (_("Shared"), True),
            (_("First share"), True),
            (_("Median share"), True),
        ],
        rows,
        _columns(2.1, 1.7, 1.1, 1.6, 1.3, 1.2, 1.2),
    )
    note = _("Times are counted from the broadcast to each recipient's first reported post on the crisis's content.")
    return [*flow, table, Spacer(1, 1.5 * mm), _p(note, "small")]


def _how_to_read() -> list[Any]:
    return [
        _p(_("How to read this report"), "h2"),
        *[Paragraph("• " + escape(line), _styles()["small"]) for line in text.definitions()],
    ]


def _canvas_class(data: ReportData) -> type[Canvas]:
    """A canvas that writes "page X of Y" and the report's name at the foot of every page (two passes)."""
    footer_left = f"Duta · {data.organization} · {text.month_label(data.month)}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(LINE)
            self.setLineWidth(0.5)
            self.line(MARGIN, 12 * mm, A4[0] - MARGIN, 12 * mm)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, 8 * mm, footer_left[:110])
            page = _("Page %(page)s of %(total)s") % {"page": self._pageNumber, "total": total}
            self.drawRightString(A4[0] - MARGIN, 8 * mm, page)
            self.restoreState()

    return NumberedCanvas


def report_pdf(data: ReportData, charts: ReportCharts | None = None) -> bytes:
    """The PDF file's bytes."""
    register_fonts()
    charts = charts or report_charts(data)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{text.title()} – {text.month_label(data.month)}",
        author=data.organization,
        subject=text.title(),
        creator="Duta",
        lang=data.language,
    )
    story: list[Any] = [
        *_cover(data),
        *_summary(data),
        *_emv(data),
        *_charts(data, charts),
        *_units(data),
        *_ambassadors(data),
        *_campaigns(data),
        *_crises(data),
        *_how_to_read(),
    ]
    document.build(story, canvasmaker=_canvas_class(data))
    return buffer.getvalue()
