"""What every PDF Duta draws shares: the vendored DejaVu Sans fonts (every Latin and Indonesian name prints as
written; licence in ``fonts/LICENSE``) and the house colours."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
BRAND = colors.HexColor("#0b5cad")
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#545d68")
LINE = colors.HexColor("#d5dae0")
WASH = colors.HexColor("#f4f6f8")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """DejaVu Sans regular and bold, registered once per process as one family."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
