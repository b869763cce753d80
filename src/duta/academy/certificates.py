"""A completed course's certificate as a PDF (A4, landscape), drawn with reportlab: who, which course, when, the
score, and the verification code with a QR code of the public page that checks it.

Every word comes from gettext and the date is shown in the active time zone: run it under
``translation.override(...)`` (and ``timezone.override(...)`` when the zone matters). The same input gives the same
bytes (the canvas is ``invariant``: no creation time, a fixed document id)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from duta.academy.models import Completion
from duta.core.pdf import BOLD, BRAND, INK, LINE, MUTED, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
TEXT_WIDTH = 230 * mm  # the centred lines
QR_SIDE = 32 * mm
EDGE = 12 * mm  # the outer frame's distance from the page's edge


def verification_url(code: str) -> str:
    """The public page that checks ``code`` (what the QR code holds)."""
    return settings.SITE_URL + reverse("verify:certificate", args=[code])


def verification_form_url() -> str:
    return settings.SITE_URL + reverse("verify:form")


# --- the QR code ---------------------------------------------------------------------------------


def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` (error correction M or better) as rows of dark (True) and light modules, top row first,
    without the quiet zone."""
    qr = segno.make(url, error="m", micro=False)
    return tuple(tuple(bool(module & 0x1) for module in row) for row in qr.matrix)


def qr_runs(modules: Sequence[Sequence[bool]]) -> list[tuple[int, int, int]]:
    """The dark modules as horizontal runs ``(row, first column, length)``: one rectangle per run, so that no seam
    shows between neighbouring squares."""
    runs = []
    for row, cells in enumerate(modules):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            runs.append((row, start, column - start))
    return runs


def _draw_qr(canvas: Canvas, url: str, *, x: float, y: float, side: float) -> None:
    """The QR code of ``url`` as vector squares in the square of ``side`` whose lower left corner is (x, y)."""
    modules = qr_modules(url)
    size = side / len(modules)
    top = y + side
    path = canvas.beginPath()
    for row, start, length in qr_runs(modules):
        path.rect(x + start * size, top - (row + 1) * size, length * size, size)
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)


# --- text ----------------------------------------------------------------------------------------


def _fit(text: str, *, font: str, size: float, smallest: float, width: float) -> tuple[float, list[str]]:
    """The font size and lines for ``text`` within ``width``: one line at the largest size that fits down to
    ``smallest``, else two or three lines at the largest size that fits (the rest cut with an ellipsis)."""
    steps = [size - step * 0.5 for step in range(int((size - smallest) / 0.5) + 1)]
    for current in steps:
        if stringWidth(text, font, current) <= width:
            return current, [text]
    for max_lines in (2, 3):
        for current in steps:
            lines = simpleSplit(text, font, current, width)
            if len(lines) <= max_lines and all(stringWidth(line, font, current) <= width for line in lines):
                return current, lines
    lines = simpleSplit(text, font, smallest, width)[:3]
    while lines and stringWidth(lines[-1] + "…", font, smallest) > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…" if lines else "…"
    return smallest, lines


def _centred(canvas: Canvas, text: str, *, y: float, font: str, size: float, smallest: float, color: object) -> float:
    """Draw ``text`` centred from the baseline ``y`` down; returns the baseline below the last line."""
    size, lines = _fit(text, font=font, size=size, smallest=smallest, width=TEXT_WIDTH)
    canvas.setFont(font, size)
    canvas.setFillColor(color)
    for line in lines:
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= size * 1.25
    return y


# --- the certificate -----------------------------------------------------------------------------


def certificate_date(completion: Completion) -> str:
    """The day the course was completed, in the active language and time zone ("5 Maret 2025")."""
    return formats.date_format(timezone.localtime(completion.completed_at), "j F Y")


def certificate_pdf(completion: Completion, *, organization_name: str) -> bytes:
    """The certificate of ``completion`` issued by ``organization_name``: the bytes of a one-page PDF."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    title = _("Certificate of completion")
    canvas.setTitle(f"{title}: {completion.course_title}")
    canvas.setAuthor(organization_name)
    canvas.setSubject(completion.holder_name)
    canvas.setCreator("Duta")

    # the frame
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(2.5)
    canvas.rect(EDGE, EDGE, PAGE_WIDTH - 2 * EDGE, PAGE_HEIGHT - 2 * EDGE, stroke=1, fill=0)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.75)
    inner = EDGE + 3 * mm
    canvas.rect(inner, inner, PAGE_WIDTH - 2 * inner, PAGE_HEIGHT - 2 * inner, stroke=1, fill=0)

    # who, what, when
    y = PAGE_HEIGHT - 42 * mm
    y = _centred(canvas, organization_name, y=y, font=BOLD, size=15, smallest=10, color=BRAND)
    y = _centred(canvas, title, y=y - 12 * mm, font=BOLD, size=32, smallest=18, color=INK)
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(1.5)
    canvas.line(PAGE_WIDTH / 2 - 30 * mm, y + 5 * mm, PAGE_WIDTH / 2 + 30 * mm, y + 5 * mm)
    y = _centred(canvas, _("This certifies that"), y=y - 10 * mm, font=REGULAR, size=12, smallest=10, color=MUTED)
    y = _centred(canvas, completion.holder_name, y=y - 7 * mm, font=BOLD, size=28, smallest=13, color=INK)
    y = _centred(canvas, _("has completed the course"), y=y - 4 * mm, font=REGULAR, size=12, smallest=10, color=MUTED)
    y = _centred(canvas, completion.course_title, y=y - 5 * mm, font=BOLD, size=20, smallest=11, color=BRAND)
    when = _("on %(date)s") % {"date": certificate_date(completion)}
    if completion.score is not None:
        when = _("%(when)s, with a score of %(score)d%%") % {"when": when, "score": completion.score}
    _centred(canvas, when, y=y - 6 * mm, font=REGULAR, size=12, smallest=10, color=INK)

    # how to check it
    url = verification_url(completion.code)
    qr_x = PAGE_WIDTH - inner - 8 * mm - QR_SIDE
    qr_y = inner + 12 * mm
    _draw_qr(canvas, url, x=qr_x, y=qr_y, side=QR_SIDE)
    url_size = 6.5
    while url_size > 4 and stringWidth(url, REGULAR, url_size) > 90 * mm:
        url_size -= 0.5
    canvas.setFont(REGULAR, url_size)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(qr_x + QR_SIDE, qr_y - 4 * mm, url)

    left = inner + 10 * mm
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(left, qr_y + 20 * mm, _("Verification code"))
    canvas.setFont(BOLD, 17)
    canvas.setFillColor(INK)
    canvas.drawString(left, qr_y + 12 * mm, completion.code)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    check = _("Scan the QR code, or enter the code at %(address)s") % {"address": verification_form_url()}
    for index, line in enumerate(simpleSplit(check, REGULAR, 8, qr_x - left - 10 * mm)[:2]):
        canvas.drawString(left, qr_y + 6 * mm - index * 10, line)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
