from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
import segno
from django.test import override_settings
from django.utils import timezone, translation
from pypdf import PdfReader

from duta.academy.certificates import (
    certificate_date,
    certificate_pdf,
    qr_modules,
    qr_runs,
    verification_url,
)
from duta.academy.models import Completion
from duta.organizations.models import Membership
from tests.academy.builders import course_make

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def completion(ambassador: Membership) -> Completion:
    course = course_make(ambassador.organization)
    return Completion.objects.create(
        organization=ambassador.organization,
        member=ambassador,
        course=course,
        code="7KQ2-M9XD-4RTA",
        holder_name="Putri Duta",
        course_title="Bercerita Digital untuk Humas",
        score=88,
        completed_at=dt.datetime(2025, 3, 4, 20, 30, tzinfo=dt.UTC),  # 5 March in Jakarta
    )


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@override_settings(SITE_URL="https://duta.contoh.go.id")
def test_the_certificate_is_one_page_with_the_holder_the_course_the_date_and_the_code(completion: Completion) -> None:
    with translation.override("en"), timezone.override(JAKARTA):
        content = certificate_pdf(completion, organization_name="Kementerian Contoh")
    assert content.startswith(b"%PDF-")
    reader, text = _text(content)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842
    assert round(float(box.height)) == 595
    for expected in (
        "Kementerian Contoh",
        "Certificate of completion",
        "Putri Duta",
        "Bercerita Digital untuk Humas",
        "5 March 2025",
        "88%",
        "7KQ2-M9XD-4RTA",
        "https://duta.contoh.go.id/verify/7KQ2-M9XD-4RTA/",
    ):
        assert expected in text, expected
    assert reader.metadata is not None
    assert reader.metadata.author == "Kementerian Contoh"
    assert "Bercerita Digital untuk Humas" in (reader.metadata.title or "")


def test_it_speaks_the_active_language_and_leaves_out_a_missing_score(completion: Completion) -> None:
    completion.score = None
    with translation.override("id"), timezone.override(JAKARTA):
        _reader, text = _text(certificate_pdf(completion, organization_name="Kementerian Contoh"))
        date = certificate_date(completion)
    assert date == "5 Maret 2025"
    assert date in text
    assert "%" not in text


def test_the_date_is_the_day_in_the_active_zone(completion: Completion) -> None:
    with translation.override("en"):
        with timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
            assert certificate_date(completion) == "5 March 2025"
        with timezone.override(zoneinfo.ZoneInfo("UTC")):
            assert certificate_date(completion) == "4 March 2025"


def test_the_same_certificate_gives_the_same_bytes(completion: Completion) -> None:
    with translation.override("en"), timezone.override(JAKARTA):
        first = certificate_pdf(completion, organization_name="Kementerian Contoh")
        second = certificate_pdf(completion, organization_name="Kementerian Contoh")
        other = certificate_pdf(completion, organization_name="Kementerian Lain")
    assert first == second
    assert first != other


def test_long_names_and_titles_still_print_whole(completion: Completion) -> None:
    completion.holder_name = "Raden Ajeng Siti Nurhaliza Kusumawardhani Prawirodirdjo Hadiningrat Sastroamidjojo"
    completion.course_title = "Etika Bermedia Sosial bagi Aparatur Sipil Negara: " + "Netralitas, Privasi, Hoaks " * 4
    with translation.override("en"), timezone.override(JAKARTA):
        _reader, text = _text(certificate_pdf(completion, organization_name="Kementerian Contoh"))
    flat = " ".join(text.split())
    assert completion.holder_name in flat
    assert completion.course_title.strip() in flat


@override_settings(SITE_URL="https://duta.contoh.go.id")
def test_the_qr_code_drawn_is_segnos_for_the_verification_address() -> None:
    url = verification_url("7KQ2-M9XD-4RTA")
    assert url == "https://duta.contoh.go.id/verify/7KQ2-M9XD-4RTA/"
    modules = qr_modules(url)
    expected = segno.make(url, error="m")
    assert expected.error in ("M", "Q", "H")
    assert [[bool(cell) for cell in row] for row in expected.matrix] == [list(row) for row in modules]
    assert modules != qr_modules(verification_url("7KQ2-M9XD-4RTB"))


def test_the_runs_cover_exactly_the_dark_modules() -> None:
    modules = qr_modules("https://duta.example/verify/0000-1111-2222/")
    covered = {(row, start + offset) for row, start, length in qr_runs(modules) for offset in range(length)}
    dark = {(row, column) for row, cells in enumerate(modules) for column, cell in enumerate(cells) if cell}
    assert covered == dark
    assert qr_runs([[True, True, False, True], [False, False, False, False], [False, True, True, True]]) == [
        (0, 0, 2),
        (0, 3, 1),
        (2, 1, 3),
    ]
