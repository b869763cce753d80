"""Tables as downloads: CSV for Excel (UTF-8 with a byte-order mark) and XLSX, numbers kept as numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from duta.analytics.export import clean_filename, export_format, table_response

HEADERS = ["Unit", "Klik", "Partisipasi (%)", "Tanggal"]
ROWS = [
    ["Biro Humas", 1234, Decimal("12.5"), dt.date(2026, 11, 1)],
    ["Bagian Média", 0, 7.25, None],
    ['=HYPERLINK("http://evil")', -3, None, dt.date(2026, 11, 2)],
]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


class TestCsv:
    def test_a_table_with_a_byte_order_mark_and_plain_numbers(self) -> None:
        response = table_response(filename="duta units", headers=HEADERS, rows=ROWS, fmt="csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="duta-units.csv"'
        rows = csv_rows(response.content)
        assert rows[0] == HEADERS
        assert rows[1] == ["Biro Humas", "1234", "12.5", "2026-11-01"]
        assert rows[2] == ["Bagian Média", "0", "7.25", ""]

    def test_text_that_looks_like_a_formula_stays_text(self) -> None:
        rows = csv_rows(table_response(filename="x", headers=HEADERS, rows=ROWS, fmt="csv").content)
        assert rows[3][0] == '\'=HYPERLINK("http://evil")'
        assert rows[3][1] == "-3"  # a number, not text

    def test_lazy_translations_and_booleans(self) -> None:
        response = table_response(filename="x", headers=[gettext_lazy("Clicks")], rows=[[True]], fmt="csv")
        rows = csv_rows(response.content)
        assert rows[0] == ["Klik"]
        assert rows[1] == ["ya"]


class TestXlsx:
    def test_numbers_stay_numbers(self) -> None:
        response = table_response(filename="duta-units", headers=HEADERS, rows=ROWS, fmt="xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"] == 'attachment; filename="duta-units.xlsx"'
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert values[0] == HEADERS
        assert values[1][:3] == ["Biro Humas", 1234, 12.5]
        assert values[1][3].date() == dt.date(2026, 11, 1)
        assert values[2][:4] == ["Bagian Média", 0, 7.25, None]
        assert sheet.title == "duta-units"

    def test_text_that_looks_like_a_formula_stays_text(self) -> None:
        response = table_response(filename="x", headers=HEADERS, rows=ROWS, fmt="xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = sheet.cell(row=4, column=1)
        assert cell.value == '=HYPERLINK("http://evil")'
        assert cell.data_type == "s"

    def test_control_characters_are_dropped(self) -> None:
        response = table_response(filename="x", headers=["a"], rows=[["bad\x00text\x1f"]], fmt="xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.cell(row=2, column=1).value == "badtext"

    def test_timezone_aware_times_are_written(self) -> None:
        moment = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
        response = table_response(filename="x", headers=["t"], rows=[[moment]], fmt="xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.cell(row=2, column=1).value == dt.datetime(2026, 11, 1, 9, 30)


class TestFormatsAndNames:
    @pytest.mark.parametrize("fmt", ["", "pdf", "CSV ", "json"])
    def test_an_unknown_format_answers_400(self, fmt: str) -> None:
        assert table_response(filename="x", headers=["a"], rows=[], fmt=fmt).status_code == 400

    @pytest.mark.parametrize(
        ("filename", "clean"),
        [
            ("Laporan Bulanan November 2026", "laporan-bulanan-november-2026.csv"),
            ('../../etc/"passwd"\r\n', "etc-passwd.csv"),
            ("perbandingan.csv", "perbandingan.csv"),
            ("Kampanye ñandú", "kampanye-nandu.csv"),
            ("///", "duta-export.csv"),
        ],
    )
    def test_the_filename_is_clean(self, filename: str, clean: str) -> None:
        assert clean_filename(filename, "csv") == clean

    def test_the_format_is_read_from_the_query(self) -> None:
        factory = RequestFactory()
        assert export_format(factory.get("/", {"format": "XLSX"})) == "xlsx"
        assert export_format(factory.get("/")) == ""

    def test_an_empty_table_is_still_a_file(self) -> None:
        response = table_response(filename="x", headers=["a", "b"], rows=[], fmt="csv")
        assert csv_rows(response.content) == [["a", "b"]]
