"""The roster parsing layer: pure functions over values and files, no database here."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from duta.people.parsing import (
    PLATFORMS,
    CellError,
    ParseError,
    RosterRow,
    RosterTable,
    canonical_header,
    normalize_handle,
    open_roster,
    parse_date,
    parse_follower_count,
    validate_row,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their source language, whatever translations exist."""
    with translation.override("en"):
        yield


def csv_bytes(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def xlsx_bytes(rows: list[list[object]], *, sheets_before: int = 0) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for _ in range(sheets_before):
        sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    if sheets_before:
        workbook.move_sheet(sheet, offset=-sheets_before)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def read(table: RosterTable) -> list[tuple[int, dict[str, object]]]:
    return list(table.rows())


def validate_all(table: RosterTable) -> tuple[list[RosterRow], list[CellError]]:
    rows: list[RosterRow] = []
    errors: list[CellError] = []
    headers_by_key = table.headers_by_key
    for number, raw in table.rows():
        row, row_errors = validate_row(number, raw, headers_by_key)
        if row is not None:
            rows.append(row)
        errors.extend(row_errors)
    return rows, errors


class NonSeekable(io.RawIOBase):
    """An upload stream that can only be read forward."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer):
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# ---------------------------------------------------------------------------------------------------------------
# Follower counts


class TestParseFollowerCount:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (1200, 1200),
            (0, 0),
            ("1200", 1200),
            (" 800 ", 800),
            ("1.200", 1200),
            ("1.200.000", 1_200_000),
            ("1,200", 1200),
            ("1,200,000", 1_200_000),
            ("1 200 000", 1_200_000),
            ("1\u00a0200", 1200),
            ("1,2rb", 1200),
            ("1,2 rb", 1200),
            ("1,2 ribu", 1200),
            ("12K", 12_000),
            ("12k", 12_000),
            ("2.5k", 2500),
            ("10.5K", 10_500),
            ("1,5 jt", 1_500_000),
            ("1,5jt.", 1_500_000),
            ("1.5M", 1_500_000),
            ("1,5M", 1_500_000),
            ("1M", 1_000_000),
            ("1,5 juta", 1_500_000),
            ("1.5 million", 1_500_000),
            ("2 mio", 2_000_000),
            ("0,5 jt", 500_000),
            ("1,2345 rb", 1235),
            ("10rb+", 10_000),
            ("±5rb", 5000),
            ("12.5K followers", 12_500),
            ("1.200 pengikut", 1200),
            ("1200 followers", 1200),
            ("3 subscribers", 3),
            ("1.234,00", 1234),
            ("1,234.00", 1234),
            ("1200.00", 1200),
            ("2.000.000.000", 2_000_000_000),
            (1200.0, 1200),
            (Decimal("1200"), 1200),
        ],
    )
    def test_it_reads_counts_as_people_write_them(self, value, expected):
        assert parse_follower_count(value) == expected

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("1,5", "not a whole number"),
            ("1.5", "not a whole number"),
            ("1.234,5", "not a whole number"),
            ("1,234.5", "not a whole number"),
            (1.5, "not a whole number"),
            ("1.200 rb", "can be read two ways"),
            ("1.2.3k", "can be read two ways"),
            ("-5", "cannot be negative"),
            (-5, "cannot be negative"),
            ("2.000.000.001", "more followers than any account"),
            ("3 miliar", "more followers than any account"),
            ("banyak", "is not a follower count"),
            ("12 kilo", "is not a follower count"),
            ("1.20.000", "is not a follower count"),
            ("1 20 000", "is not a follower count"),
            (True, "is not a follower count"),
            (None, "is not a follower count"),
            (float("nan"), "is not a follower count"),
            ("", "empty"),
        ],
    )
    def test_it_rejects_what_is_not_a_count(self, value, fragment):
        with pytest.raises(ParseError, match=fragment):
            parse_follower_count(value)

    def test_its_message_names_the_value(self):
        with pytest.raises(ParseError) as caught:
            parse_follower_count("banyak")
        assert str(caught.value) == "“banyak” is not a follower count: write it like 1200, 1.200, 1,2 rb or 1,5 jt."
        assert caught.value.message == str(caught.value)

    def test_parse_error_is_a_value_error(self):
        assert issubclass(ParseError, ValueError)


# ---------------------------------------------------------------------------------------------------------------
# Dates


class TestParseDate:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("1990-05-17", datetime.date(1990, 5, 17)),
            ("1990/05/17", datetime.date(1990, 5, 17)),
            ("1990-05-17 00:00:00", datetime.date(1990, 5, 17)),
            ("17/05/1990", datetime.date(1990, 5, 17)),
            ("17-05-1990", datetime.date(1990, 5, 17)),
            ("17.05.1990", datetime.date(1990, 5, 17)),
            (" 7/5/1990 ", datetime.date(1990, 5, 7)),
            ("05/07/1990", datetime.date(1990, 7, 5)),  # day first, always
            ("17 Mei 1990", datetime.date(1990, 5, 17)),
            ("17 Agustus 1945", datetime.date(1945, 8, 17)),
            ("1-Okt-2001", datetime.date(2001, 10, 1)),
            ("17 May 1990", datetime.date(1990, 5, 17)),
            (datetime.date(1990, 5, 17), datetime.date(1990, 5, 17)),
            (datetime.datetime(1990, 5, 17, 8, 30), datetime.date(1990, 5, 17)),
            (33010, datetime.date(1990, 5, 17)),
            (44927, datetime.date(2023, 1, 1)),
            (44927.75, datetime.date(2023, 1, 1)),
            (1, datetime.date(1900, 1, 1)),
            (59, datetime.date(1900, 2, 28)),
            (61, datetime.date(1900, 3, 1)),
        ],
    )
    def test_it_reads_dates_day_first_and_from_excel(self, value, expected):
        assert parse_date(value) == expected

    def test_it_rejects_impossible_dates_with_an_example_of_the_format(self):
        with pytest.raises(ParseError) as caught:
            parse_date("31/02/1990")
        assert str(caught.value) == "“31/02/1990” is not a date (use 17/05/1990 or 1990-05-17)."

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("05/17/1990", "is not a date"),
            ("1990-13-01", "is not a date"),
            ("kemarin", "is not a date"),
            ("17 Foo 1990", "is not a date"),
            ("17051990", "is not a date"),
            ("17/05/90", "four digits"),
            ("1899-12-31", "before 1900"),
            ("2999-01-01", "in the future"),
            (datetime.date(2999, 1, 1), "in the future"),
            (60, "is not a date"),  # Excel's 29 February 1900 never happened
            (0, "is not a date"),
            (-3, "is not a date"),
            (True, "is not a date"),
            (datetime.time(8, 0), "is not a date"),
            ("", "empty"),
        ],
    )
    def test_it_rejects_what_is_not_a_plausible_date(self, value, fragment):
        with pytest.raises(ParseError, match=fragment):
            parse_date(value)

    def test_today_is_not_in_the_future(self):
        from django.utils import timezone

        today = timezone.localdate()
        assert parse_date(today) == today
        with pytest.raises(ParseError, match="future"):
            parse_date(today + datetime.timedelta(days=1))


# ---------------------------------------------------------------------------------------------------------------
# Headers


class TestCanonicalHeader:
    @pytest.mark.parametrize(
        ("raw", "key"),
        [
            ("employee_id", "employee_id"),
            ("Employee ID", "employee_id"),
            ("NIP", "employee_id"),
            ("Nomor Pegawai", "employee_id"),
            ("nomor_pegawai", "employee_id"),
            ("No. Pegawai", "employee_id"),
            ("NIK Pegawai", "employee_id"),
            ("ID-Pegawai", "employee_id"),
            ("employee number", "employee_id"),
            ("NAMA", "name"),
            ("Nama Lengkap", "name"),
            ("full_name", "name"),
            ("E-mail", "email"),
            ("Surel", "email"),
            ("alamat_email", "email"),
            ("Unit_Kerja", "unit"),
            ("Satuan Kerja", "unit"),
            ("SATKER", "unit"),
            ("Department", "unit"),
            ("Divisi", "unit"),
            ("Tanggal Lahir", "birth_date"),
            ("Tgl. Lahir", "birth_date"),
            ("date of birth", "birth_date"),
            ("DOB", "birth_date"),
            ("Tanggal Masuk", "joined_on"),
            ("TMT", "joined_on"),
            ("hire_date", "joined_on"),
            ("No. HP", "phone"),
            ("Nomor HP", "phone"),
            ("WhatsApp", "phone"),
            ("No WA", "phone"),
            ("No HP/WA", "phone"),
            ("Telepon", "phone"),
            ("Instagram", "instagram"),
            ("IG", "instagram"),
            ("Akun Instagram", "instagram"),
            ("Facebook", "facebook"),
            ("FB", "facebook"),
            ("X", "x"),
            ("Twitter", "x"),
            ("X (Twitter)", "x"),
            ("TikTok", "tiktok"),
            ("YouTube", "youtube"),
            ("YT", "youtube"),
            ("LinkedIn", "linkedin"),
            ("Threads", "threads"),
            ("instagram_followers", "instagram_followers"),
            ("Followers Instagram", "instagram_followers"),
            ("Pengikut IG", "instagram_followers"),
            ("pengikut_ig", "instagram_followers"),
            ("IG Pengikut", "instagram_followers"),
            ("twitter_followers", "x_followers"),
            ("Followers X", "x_followers"),
            ("Jumlah Pengikut TikTok", "tiktok_followers"),
            ("YouTube Subscribers", "youtube_followers"),
            ("linkedin-followers", "linkedin_followers"),
            ("\ufeffNIP", "employee_id"),
        ],
    )
    def test_it_maps_indonesian_and_english_headers(self, raw, key):
        assert canonical_header(raw) == key

    @pytest.mark.parametrize("raw", ["No.", "Jabatan", "Golongan", "", "NIK", "Keterangan"])
    def test_it_returns_none_for_unknown_headers(self, raw):
        assert canonical_header(raw) is None

    def test_every_platform_has_a_handle_and_a_followers_column(self):
        for platform in PLATFORMS:
            assert canonical_header(platform) == platform
            assert canonical_header(f"{platform}_followers") == f"{platform}_followers"


# ---------------------------------------------------------------------------------------------------------------
# Handles


VALID_HANDLES = [
    # Instagram
    ("instagram", "@Budi.Santoso", "budi.santoso", "https://www.instagram.com/budi.santoso/"),
    ("instagram", "budi_santoso", "budi_santoso", "https://www.instagram.com/budi_santoso/"),
    ("instagram", "https://www.instagram.com/Budi.Santoso/", "budi.santoso", "https://www.instagram.com/budi.santoso/"),
    ("instagram", "instagram.com/budi?igsh=MWx2bHl1&utm_source=qr", "budi", "https://www.instagram.com/budi/"),
    ("instagram", "http://m.instagram.com/budi#top", "budi", "https://www.instagram.com/budi/"),
    ("instagram", "https://instagr.am/budi", "budi", "https://www.instagram.com/budi/"),
    ("instagram", "www.instagram.com/budi/reels/", "budi", "https://www.instagram.com/budi/"),
    ("instagram", "budi/", "budi", "https://www.instagram.com/budi/"),
    ("instagram", "\u200b@budi ", "budi", "https://www.instagram.com/budi/"),
    # Facebook
    ("facebook", "Budi.Santoso", "budi.santoso", "https://www.facebook.com/budi.santoso"),
    (
        "facebook",
        "https://web.facebook.com/budi.santoso/?ref=bookmarks",
        "budi.santoso",
        "https://www.facebook.com/budi.santoso",
    ),
    ("facebook", "m.facebook.com/budi.santoso", "budi.santoso", "https://www.facebook.com/budi.santoso"),
    ("facebook", "https://mbasic.facebook.com/budi.santoso", "budi.santoso", "https://www.facebook.com/budi.santoso"),
    ("facebook", "fb.com/budi.santoso", "budi.santoso", "https://www.facebook.com/budi.santoso"),
    ("facebook", "https://fb.me/budi.santoso", "budi.santoso", "https://www.facebook.com/budi.santoso"),
    ("facebook", "zuck", "zuck", "https://www.facebook.com/zuck"),
    (
        "facebook",
        "https://www.facebook.com/profile.php?id=100012345678901&mibextid=ZbWKwL",
        "profile.php?id=100012345678901",
        "https://www.facebook.com/profile.php?id=100012345678901",
    ),
    (
        "facebook",
        "https://www.facebook.com/people/Budi-Santoso/100012345678901/",
        "profile.php?id=100012345678901",
        "https://www.facebook.com/profile.php?id=100012345678901",
    ),
    (
        "facebook",
        "100012345678901",
        "profile.php?id=100012345678901",
        "https://www.facebook.com/profile.php?id=100012345678901",
    ),
    # X
    ("x", "@Budi_S", "budi_s", "https://x.com/budi_s"),
    ("x", "https://twitter.com/Budi_S?s=21&t=abc", "budi_s", "https://x.com/budi_s"),
    ("x", "https://mobile.twitter.com/budi_s", "budi_s", "https://x.com/budi_s"),
    ("x", "www.x.com/budi_s/", "budi_s", "https://x.com/budi_s"),
    ("x", "x.com/@budi_s", "budi_s", "https://x.com/budi_s"),
    ("x", "http://twitter.com/#!/budi_s", "budi_s", "https://x.com/budi_s"),
    # TikTok
    ("tiktok", "@Budi.Santoso", "budi.santoso", "https://www.tiktok.com/@budi.santoso"),
    (
        "tiktok",
        "https://www.tiktok.com/@budi.santoso?_t=8abc&_r=1",
        "budi.santoso",
        "https://www.tiktok.com/@budi.santoso",
    ),
    ("tiktok", "m.tiktok.com/@budi_s/", "budi_s", "https://www.tiktok.com/@budi_s"),
    # YouTube
    ("youtube", "@BudiSantoso", "@budisantoso", "https://www.youtube.com/@budisantoso"),
    ("youtube", "BudiSantoso", "@budisantoso", "https://www.youtube.com/@budisantoso"),
    (
        "youtube",
        "https://www.youtube.com/@BudiSantoso/videos?si=x",
        "@budisantoso",
        "https://www.youtube.com/@budisantoso",
    ),
    ("youtube", "m.youtube.com/@budi-santoso", "@budi-santoso", "https://www.youtube.com/@budi-santoso"),
    (
        "youtube",
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstUV",
        "channel/UCabcdefghijklmnopqrstUV",
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstUV",
    ),
    (
        "youtube",
        "UCabcdefghijklmnopqrstUV",
        "channel/UCabcdefghijklmnopqrstUV",
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstUV",
    ),
    ("youtube", "youtube.com/c/BudiChannel", "c/BudiChannel", "https://www.youtube.com/c/BudiChannel"),
    ("youtube", "https://www.youtube.com/user/BudiLama", "user/BudiLama", "https://www.youtube.com/user/BudiLama"),
    ("youtube", "https://www.youtube.com/BudiLama", "c/BudiLama", "https://www.youtube.com/c/BudiLama"),
    # LinkedIn
    ("linkedin", "budi-santoso-1a2b3c", "budi-santoso-1a2b3c", "https://www.linkedin.com/in/budi-santoso-1a2b3c/"),
    (
        "linkedin",
        "https://www.linkedin.com/in/Budi-Santoso/?originalSubdomain=id",
        "budi-santoso",
        "https://www.linkedin.com/in/budi-santoso/",
    ),
    ("linkedin", "id.linkedin.com/in/budi-santoso", "budi-santoso", "https://www.linkedin.com/in/budi-santoso/"),
    ("linkedin", "linkedin.com/in/andr%C3%A9-wijaya", "andré-wijaya", "https://www.linkedin.com/in/andr%C3%A9-wijaya/"),
    # Threads
    ("threads", "@budi.santoso", "budi.santoso", "https://www.threads.net/@budi.santoso"),
    ("threads", "https://www.threads.net/@Budi.Santoso", "budi.santoso", "https://www.threads.net/@budi.santoso"),
    ("threads", "threads.com/@budi.santoso?xmt=abc", "budi.santoso", "https://www.threads.net/@budi.santoso"),
]


class TestNormalizeHandle:
    @pytest.mark.parametrize(("platform", "value", "handle", "url"), VALID_HANDLES)
    def test_it_reads_names_and_profile_links(self, platform, value, handle, url):
        assert normalize_handle(platform, value) == (handle, url)

    @pytest.mark.parametrize(("platform", "value", "handle", "url"), VALID_HANDLES)
    def test_it_is_idempotent_on_its_own_output(self, platform, value, handle, url):
        assert normalize_handle(platform, handle) == (handle, url)
        assert normalize_handle(platform, url) == (handle, url)

    @pytest.mark.parametrize(
        ("platform", "value", "fragment"),
        [
            ("x", "https://www.instagram.com/budi/", "is a link to Instagram, not to X"),
            ("instagram", "https://twitter.com/budi", "is a link to X, not to Instagram"),
            ("threads", "instagram.com/budi", "is a link to Instagram, not to Threads"),
            ("instagram", "https://example.com/budi", "is not a link to Instagram"),
            ("instagram", "https://www.instagram.com/p/C1a2B3c4D5e/", "a link to a post or a video on"),
            ("instagram", "instagram.com/reel/C1a2B3c4D5e", "a link to a post or a video on"),
            ("instagram", "instagram.com/budi/p/C1a2B3c4D5e", "a link to a post or a video on"),
            ("instagram", "instagram.com/explore/tags/humas", "not the address of a profile on Instagram"),
            ("instagram", "instagram.com", "not the address of a profile on Instagram"),
            ("x", "https://x.com/budi_s/status/1790000000000000000", "a link to a post or a video on"),
            ("x", "https://x.com/i/web/status/1790000000000000000", "not the address of a profile on X"),
            ("x", "https://twitter.com/intent/tweet?text=hi", "not the address of a profile on X"),
            ("facebook", "https://www.facebook.com/budi.santoso/posts/pfbid0abc", "a link to a post or a video on"),
            ("facebook", "https://www.facebook.com/watch/?v=123", "a link to a post or a video on"),
            ("facebook", "https://fb.watch/abc123/", "a link to a post or a video on"),
            ("facebook", "https://www.facebook.com/share/1AbCdEf/", "share link"),
            ("facebook", "https://www.facebook.com/groups/humas", "not the address of a profile on Facebook"),
            ("tiktok", "https://www.tiktok.com/@budi/video/7300000000000000000", "a link to a post or a video on"),
            ("tiktok", "https://vm.tiktok.com/ZMabc123/", "short or share link"),
            ("tiktok", "https://www.tiktok.com/t/ZTabc123/", "short or share link"),
            ("tiktok", "tiktok.com/budi", "not the address of a profile on TikTok"),
            ("youtube", "https://youtu.be/dQw4w9WgXcQ", "a link to a post or a video"),
            ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "a link to a post or a video"),
            ("youtube", "https://www.youtube.com/shorts/abc", "a link to a post or a video"),
            ("youtube", "https://www.youtube.com/channel/not-a-channel-id", "not the address of a profile on YouTube"),
            ("linkedin", "https://www.linkedin.com/company/kementerian-contoh/", "page of an organization"),
            ("linkedin", "https://www.linkedin.com/posts/budi_activity-123", "a link to a post or a video on"),
            ("linkedin", "https://lnkd.in/abc", "short or share link"),
            ("threads", "https://www.threads.net/@budi/post/C1a2B3", "a link to a post or a video on"),
            ("instagram", "budi santoso", "not an Instagram username"),
            ("instagram", "a" * 31, "at most 30"),
            ("x", "budi.santoso", "not an X username"),
            ("x", "a_very_long_handle", "at most 15"),
            ("facebook", "budi_santoso", "not a Facebook username"),
            ("tiktok", "b", "2 to 30"),
            ("youtube", "@ab", "3 to 30"),
            ("linkedin", "ab", "3 to 100"),
            ("instagram", "budi@kemenkeu.go.id", "is an email address"),
            ("instagram", "   ", "account is empty"),
        ],
    )
    def test_it_rejects_what_is_not_a_profile(self, platform, value, fragment):
        with pytest.raises(ParseError, match=fragment):
            normalize_handle(platform, value)

    def test_a_wrong_platform_message_names_both(self):
        with pytest.raises(ParseError) as caught:
            normalize_handle("x", "https://www.instagram.com/budi/")
        assert str(caught.value) == "“https://www.instagram.com/budi/” is a link to Instagram, not to X."

    def test_an_unknown_platform_is_a_programming_error(self):
        with pytest.raises(ValueError, match="Unknown platform"):
            normalize_handle("myspace", "budi")


# ---------------------------------------------------------------------------------------------------------------
# Files


FULL_HEADER = "employee_id,name,email,unit,birth_date,joined_on,phone,instagram,instagram_followers\n"


class TestOpenRosterCsv:
    def test_it_reads_a_utf8_csv_with_a_bom(self):
        data = (
            "\ufeff"
            + FULL_HEADER
            + "001,Budi,budi@contoh.go.id,Setjen / Biro Humas,17/05/1990,,0812-3456-789,@budi,1.200\n"
        )
        table = open_roster(csv_bytes(data), "pegawai.csv")
        assert table.headers[0] == "employee_id"
        assert table.columns["employee_id"] == 0
        assert table.columns["instagram_followers"] == 8
        assert table.unknown_headers == []
        assert table.header_row_number == 1
        [(number, raw)] = read(table)
        assert number == 2
        assert raw["employee_id"] == "001"
        assert raw["instagram_followers"] == "1.200"

    def test_it_reads_a_semicolon_csv_written_in_windows_1252(self):
        data = "NIP;Nama;Unit Kerja\r\n199005172015031001;Désirée Müller;Biro Humas\r\n002;José Gonçalves;Setjen\r\n"
        table = open_roster(csv_bytes(data, "cp1252"), "pegawai.csv")
        assert table.columns == {"employee_id": 0, "name": 1, "unit": 2}
        rows, errors = validate_all(table)
        assert errors == []
        assert [row.name for row in rows] == ["Désirée Müller", "José Gonçalves"]
        assert rows[0].employee_id == "199005172015031001"

    def test_it_reads_a_tab_separated_utf16_file_from_excel_unicode_text(self):
        data = "\ufeffNIP\tNama\r\n001\tÁgnes\r\n"
        table = open_roster(csv_bytes(data, "utf-16-le"), "pegawai.txt")
        assert [raw for _, raw in read(table)] == [{"employee_id": "001", "name": "Ágnes"}]

    def test_the_delimiter_is_the_one_that_splits_the_header_into_more_fields(self):
        data = "NIP,Nama,Unit\n001,Budi,Biro Humas; Bagian Media\n"
        table = open_roster(csv_bytes(data), "a.csv")
        assert read(table) == [(2, {"employee_id": "001", "name": "Budi", "unit": "Biro Humas; Bagian Media"})]

    def test_a_quoted_line_break_stays_in_one_row(self):
        data = 'NIP,Nama,Unit\n001,"Budi\nSantoso",Humas\n002,Sari,Humas\n'
        rows = read(open_roster(csv_bytes(data), "a.csv"))
        assert [(number, raw["employee_id"]) for number, raw in rows] == [(2, "001"), (3, "002")]

    def test_it_skips_empty_rows_and_keeps_the_numbers_a_spreadsheet_shows(self):
        data = "No.;NIP;Nama\n1;001;Budi\n2;;\n;;\n4;004;Sari\n5; ; \n"
        rows = read(open_roster(csv_bytes(data), "a.csv"))
        assert [number for number, _ in rows] == [2, 5]

    def test_title_rows_above_the_header_are_skipped(self):
        data = "DAFTAR PEGAWAI BIRO HUMAS;;\nPer 1 Januari 2025;;\n;;\nNIP;Nama;Keterangan\n001;Budi;-\n"
        table = open_roster(csv_bytes(data), "a.csv")
        assert table.header_row_number == 4
        assert table.unknown_headers == ["Keterangan"]
        assert read(table) == [(5, {"employee_id": "001", "name": "Budi"})]

    def test_it_reads_a_stream_that_cannot_seek(self):
        stream = io.BufferedReader(NonSeekable(b"NIP,Nama\n001,Budi\n"))
        assert read(open_roster(stream, "a.csv")) == [(2, {"employee_id": "001", "name": "Budi"})]

    def test_it_leaves_the_callers_file_open(self):
        upload = csv_bytes("NIP,Nama\n001,Budi\n")
        read(open_roster(upload, "a.csv"))
        assert not upload.closed
        upload.seek(0)
        assert upload.read(3) == b"NIP"

    def test_rows_can_be_read_only_once(self):
        table = open_roster(csv_bytes("NIP,Nama\n001,Budi\n"), "a.csv")
        read(table)
        with pytest.raises(RuntimeError):
            read(table)

    def test_the_table_is_a_context_manager(self):
        with open_roster(csv_bytes("NIP,Nama\n001,Budi\n"), "a.csv") as table:
            assert table.headers == ["NIP", "Nama"]

    def test_it_reads_a_large_file_row_by_row(self):
        lines = ["NIP;Nama;Instagram;Pengikut IG"] + [f"{n:06d};Pegawai {n};@pegawai{n};{n}" for n in range(20_000)]
        table = open_roster(csv_bytes("\n".join(lines) + "\n", "cp1252"), "besar.csv")
        rows, errors = validate_all(table)
        assert errors == []
        assert len(rows) == 20_000
        assert rows[-1].row_number == 20_001
        assert rows[-1].accounts["instagram"] == ("pegawai19999", "https://www.instagram.com/pegawai19999/", 19_999)


class TestOpenRosterXlsx:
    def test_it_reads_the_first_sheet_with_native_cells(self):
        upload = xlsx_bytes(
            [
                [
                    "Nomor Pegawai",
                    "NAMA",
                    "Unit_Kerja",
                    "Tanggal Lahir",
                    "Tgl Masuk",
                    "Instagram",
                    "Pengikut IG",
                    "Twitter",
                ],
                [
                    "199005172015031001",
                    "Budi  Santoso",
                    "Setjen > Biro Humas",
                    datetime.date(1990, 5, 17),
                    44927,
                    "@budi",
                    1200,
                    None,
                ],
                ["002", "Sari", None, datetime.datetime(1988, 1, 2), None, None, None, "https://x.com/sari"],
            ]
        )
        table = open_roster(upload, "pegawai.xlsx")
        assert table.columns == {
            "employee_id": 0,
            "name": 1,
            "unit": 2,
            "birth_date": 3,
            "joined_on": 4,
            "instagram": 5,
            "instagram_followers": 6,
            "x": 7,
        }
        rows, errors = validate_all(table)
        assert errors == []
        budi, sari = rows
        assert budi.row_number == 2
        assert budi.employee_id == "199005172015031001"
        assert budi.name == "Budi Santoso"
        assert budi.unit_path == ("Setjen", "Biro Humas")
        assert budi.birth_date == datetime.date(1990, 5, 17)
        assert budi.joined_on == datetime.date(2023, 1, 1)  # an Excel serial number
        assert budi.accounts == {"instagram": ("budi", "https://www.instagram.com/budi/", 1200)}
        assert sari.birth_date == datetime.date(1988, 1, 2)
        assert sari.accounts == {"x": ("sari", "https://x.com/sari", None)}

    def test_a_long_id_typed_as_a_number_is_caught_because_excel_rounded_it(self):
        upload = xlsx_bytes([["NIP", "Nama"], [199005172015031001, "Budi"], [1234567, "Sari"]])
        rows, errors = validate_all(open_roster(upload, "a.xlsx"))
        assert [row.employee_id for row in rows] == ["1234567"]
        [error] = errors
        assert (error.row_number, error.column) == (2, "NIP")
        assert "format the column as Text" in error.message

    def test_it_detects_a_workbook_by_content_whatever_its_name(self):
        upload = xlsx_bytes([["NIP", "Nama"], ["001", "Budi"]])
        assert read(open_roster(upload, "upload")) == [(2, {"employee_id": "001", "name": "Budi"})]

    def test_it_reads_a_workbook_from_a_stream_that_cannot_seek(self):
        stream = io.BufferedReader(NonSeekable(xlsx_bytes([["NIP", "Nama"], ["001", "Budi"]]).getvalue()))
        assert read(open_roster(stream, "a.xlsx")) == [(2, {"employee_id": "001", "name": "Budi"})]

    def test_it_keeps_the_sheet_row_numbers_across_gaps(self):
        upload = xlsx_bytes([["Laporan"], [], ["NIP", "Nama"], ["001", "Budi"], [None, None], [], ["003", "Sari"]])
        table = open_roster(upload, "a.xlsx")
        assert table.header_row_number == 3
        assert [number for number, _ in read(table)] == [4, 7]

    def test_it_reads_the_first_sheet_not_the_active_one(self):
        upload = xlsx_bytes([["NIP", "Nama"], ["001", "Budi"]], sheets_before=1)
        assert len(read(open_roster(upload, "a.xlsx"))) == 1

    def test_a_header_cell_with_a_line_break_is_one_header(self):
        table = open_roster(xlsx_bytes([["NIP", "Nama", "Tanggal\nLahir"], ["1", "Budi", "17/05/1990"]]), "a.xlsx")
        assert table.headers == ["NIP", "Nama", "Tanggal Lahir"]
        assert table.columns["birth_date"] == 2

    def test_a_damaged_workbook_is_reported(self):
        with pytest.raises(ParseError, match=r"damaged or is not an \.xlsx workbook"):
            open_roster(io.BytesIO(b"PK\x03\x04" + b"\x00garbage" * 50), "pegawai.xlsx")

    def test_a_workbook_with_an_empty_first_sheet_is_reported(self):
        with pytest.raises(ParseError, match="first sheet of the workbook is empty"):
            open_roster(xlsx_bytes([]), "pegawai.xlsx")


class TestOpenRosterRejects:
    @pytest.mark.parametrize("data", [b"", b"  \r\n\r\n", b"\xef\xbb\xbf\r\n"])
    def test_an_empty_file(self, data):
        with pytest.raises(ParseError, match="The file is empty"):
            open_roster(io.BytesIO(data), "pegawai.csv")

    def test_a_header_only_file(self):
        with pytest.raises(ParseError, match="header row but no employees"):
            open_roster(csv_bytes("NIP;Nama;Email\n;;\n"), "pegawai.csv")

    def test_a_header_only_workbook(self):
        with pytest.raises(ParseError, match="header row but no employees"):
            open_roster(xlsx_bytes([["NIP", "Nama"]]), "pegawai.xlsx")

    def test_missing_required_columns_are_named_with_the_accepted_headers(self):
        with pytest.raises(ParseError) as caught:
            open_roster(csv_bytes("Nama,Email\nBudi,budi@contoh.go.id\n"), "pegawai.csv")
        message = str(caught.value)
        assert message.startswith("The file has no column for the employee ID (name it one of: employee_id, NIP,")
        assert "Nomor Pegawai" in message
        assert "for the name" not in message

    def test_a_file_without_any_known_header(self):
        with pytest.raises(ParseError) as caught:
            open_roster(csv_bytes("a,b\n1,2\n"), "pegawai.csv")
        assert "employee ID" in str(caught.value)
        assert "column for the name (name it one of: name, Nama," in str(caught.value)

    def test_duplicate_columns(self):
        with pytest.raises(ParseError) as caught:
            open_roster(csv_bytes("NIP,Nama,Instagram,IG\n001,Budi,@a,@b\n"), "pegawai.csv")
        assert str(caught.value) == (
            "The columns “Instagram” and “IG” both hold the Instagram account: keep only one of them."
        )

    def test_a_pdf(self):
        with pytest.raises(ParseError, match=r"PDF document.*\.xlsx or \.csv"):
            open_roster(io.BytesIO(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"), "pegawai.pdf")

    def test_an_old_excel_workbook(self):
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
        with pytest.raises(ParseError, match=r"old Excel format \(\.xls\).*save it as \.xlsx or \.csv"):
            open_roster(io.BytesIO(data), "pegawai.xls")

    def test_a_password_protected_workbook(self):
        data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
        with pytest.raises(ParseError, match="protected with a password"):
            open_roster(io.BytesIO(data), "pegawai.xlsx")

    def test_an_opendocument_spreadsheet(self):
        data = b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
        with pytest.raises(ParseError, match=r"OpenDocument spreadsheet \(\.ods\)"):
            open_roster(io.BytesIO(data), "pegawai.ods")

    def test_an_image_or_other_binary_file(self):
        with pytest.raises(ParseError, match="not a spreadsheet or a CSV file"):
            open_roster(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "foto.png")

    def test_a_web_page_saved_with_an_xls_name(self):
        with pytest.raises(ParseError, match="web page or an XML file"):
            open_roster(io.BytesIO(b"<html><table><tr><td>NIP</td></tr></table></html>"), "export.xls")

    def test_a_csv_that_cannot_be_parsed(self):
        table = open_roster(csv_bytes('NIP,Nama\n001,"Budi\n'), "a.csv")
        # An unterminated quote runs to the end of the file: Python's csv module keeps it as one field.
        assert read(table) == [(2, {"employee_id": "001", "name": "Budi\n"})]


# ---------------------------------------------------------------------------------------------------------------
# Rows


HEADERS = {
    "employee_id": "Nomor Pegawai",
    "name": "NAMA",
    "email": "Email",
    "unit": "Unit_Kerja",
    "birth_date": "Tanggal Lahir",
    "joined_on": "TMT",
    "phone": "No HP",
    "instagram": "IG",
    "instagram_followers": "Pengikut IG",
    "x": "Twitter",
    "x_followers": "Followers Twitter",
}


def row(**values: object) -> dict[str, object]:
    base: dict[str, object] = {"employee_id": "001", "name": "Budi Santoso"}
    base.update(values)
    return base


class TestValidateRow:
    def test_it_converts_a_complete_row(self):
        result, errors = validate_row(
            7,
            row(
                employee_id=" 0012345 ",
                name="  Budi   Santoso ",
                email=" Budi.Santoso@Contoh.GO.ID ",
                unit="Sekretariat  Jenderal / Biro Humas \\ Bagian Media",
                birth_date="17/05/1990",
                joined_on=datetime.date(2015, 3, 1),
                phone="0812-3456-789",
                instagram="https://www.instagram.com/Budi.Santoso/?igsh=abc",
                instagram_followers="1,2 rb",
                x="@budi_s",
                x_followers=None,
            ),
            HEADERS,
        )
        assert errors == []
        assert result == RosterRow(
            row_number=7,
            employee_id="0012345",
            name="Budi Santoso",
            email="budi.santoso@contoh.go.id",
            unit_path=("Sekretariat Jenderal", "Biro Humas", "Bagian Media"),
            birth_date=datetime.date(1990, 5, 17),
            joined_on=datetime.date(2015, 3, 1),
            phone="+628123456789",
            accounts={
                "instagram": ("budi.santoso", "https://www.instagram.com/budi.santoso/", 1200),
                "x": ("budi_s", "https://x.com/budi_s", None),
            },
        )

    def test_optional_fields_default_to_empty(self):
        result, errors = validate_row(2, row(), {})
        assert errors == []
        assert result is not None
        assert (result.email, result.unit_path, result.phone) == ("", (), "")
        assert result.birth_date is None
        assert result.joined_on is None
        assert result.accounts == {}

    def test_it_reports_every_error_of_a_row_with_the_columns_as_written(self):
        result, errors = validate_row(
            12,
            row(birth_date="31/02/1990", email="budi@", instagram="@budi", instagram_followers="banyak"),
            HEADERS,
        )
        assert result is None
        assert errors == [
            CellError(12, "Email", "“budi@” is not an email address."),
            CellError(12, "Tanggal Lahir", "“31/02/1990” is not a date (use 17/05/1990 or 1990-05-17)."),
            CellError(
                12, "Pengikut IG", "“banyak” is not a follower count: write it like 1200, 1.200, 1,2 rb or 1,5 jt."
            ),
        ]

    def test_missing_required_values_are_reported_under_their_columns(self):
        result, errors = validate_row(3, {"employee_id": "  ", "name": None}, HEADERS)
        assert result is None
        assert errors == [
            CellError(3, "Nomor Pegawai", "The employee ID is missing."),
            CellError(3, "NAMA", "The name is missing."),
        ]

    def test_the_key_stands_in_for_a_column_the_file_lacks(self):
        _, errors = validate_row(3, {"name": "Budi"}, {"name": "Nama"})
        assert errors == [CellError(3, "employee_id", "The employee ID is missing.")]

    def test_followers_without_an_account(self):
        _, errors = validate_row(4, row(instagram="-", instagram_followers="12K"), HEADERS)
        assert errors == [CellError(4, "Pengikut IG", "A follower count is given but no Instagram account.")]

    def test_a_wrong_platform_link_is_reported_on_its_column(self):
        _, errors = validate_row(5, row(x="https://www.instagram.com/budi/", x_followers="800"), HEADERS)
        assert [(error.column, error.message) for error in errors] == [
            ("Twitter", "“https://www.instagram.com/budi/” is a link to Instagram, not to X.")
        ]

    def test_none_markers_count_as_empty(self):
        result, errors = validate_row(
            2, row(email="-", unit="—", phone="tidak ada", instagram="N/A", instagram_followers="-"), HEADERS
        )
        assert errors == []
        assert result is not None
        assert (result.email, result.unit_path, result.phone, result.accounts) == ("", (), "", {})

    def test_an_excel_error_value_is_an_error(self):
        _, errors = validate_row(2, row(unit="#N/A"), HEADERS)
        assert errors == [
            CellError(2, "Unit_Kerja", "The cell shows the Excel error “#N/A”: fix the formula or type the value.")
        ]

    def test_the_joining_date_cannot_precede_the_birth_date(self):
        _, errors = validate_row(2, row(birth_date="17/05/1990", joined_on="1989-01-01"), HEADERS)
        assert errors == [CellError(2, "TMT", "The joining date 01/01/1989 is before the birth date 17/05/1990.")]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("19900517 201503 1 001", "199005172015031001"),
            ("'199005172015031001", "199005172015031001"),
            (199005172015031001, "199005172015031001"),
            (12345.0, "12345"),
            ("00123", "00123"),
            ("EMP-001/HUMAS", "EMP-001/HUMAS"),
        ],
    )
    def test_employee_ids(self, value, expected):
        result, errors = validate_row(2, row(employee_id=value), HEADERS)
        assert errors == []
        assert result is not None
        assert result.employee_id == expected

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("EMP 001", "contains spaces"),
            ("A" * 51, "longer than 50 characters"),
            (1.99005172015031e17, "lost its last digits"),
            ("1,99005E+17", "lost its last digits"),
            ("1.99005E+17", "lost its last digits"),
            ("#REF!", "Excel error"),
        ],
    )
    def test_bad_employee_ids(self, value, fragment):
        result, errors = validate_row(2, row(employee_id=value), HEADERS)
        assert result is None
        [error] = errors
        assert error.column == "Nomor Pegawai"
        assert fragment in error.message

    def test_a_name_too_long(self):
        _, errors = validate_row(2, row(name="x" * 201), HEADERS)
        assert errors == [CellError(2, "NAMA", "The name is longer than 200 characters.")]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Setjen/Biro Humas", ("Setjen", "Biro Humas")),
            ("Setjen > Biro Humas > Bagian  Media", ("Setjen", "Biro Humas", "Bagian Media")),
            ("Setjen\\Biro Humas", ("Setjen", "Biro Humas")),
            ("/Setjen//Biro Humas/", ("Setjen", "Biro Humas")),
            ("Biro Humas", ("Biro Humas",)),
        ],
    )
    def test_unit_paths(self, value, expected):
        result, _ = validate_row(2, row(unit=value), HEADERS)
        assert result is not None
        assert result.unit_path == expected

    def test_a_unit_name_too_long(self):
        _, errors = validate_row(2, row(unit="Setjen / " + "x" * 201), HEADERS)
        assert [error.column for error in errors] == ["Unit_Kerja"]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("0812-3456-789", "+628123456789"),
            ("+62 812 3456 789", "+628123456789"),
            ("628123456789", "+628123456789"),
            ("+62 (0)812-3456-7890", "+6281234567890"),
            ("0812.3456.7890", "+6281234567890"),
            (81234567890, "+6281234567890"),
            (6281234567890.0, "+6281234567890"),
            ("+60 12-345 6789", "+60123456789"),
        ],
    )
    def test_phones(self, value, expected):
        result, errors = validate_row(2, row(phone=value), HEADERS)
        assert errors == []
        assert result is not None
        assert result.phone == expected

    @pytest.mark.parametrize(
        "value", ["021-5551234", "0812", "0812-3456-7890 / 0813-1111-2222", "nomor kantor", "+1 23", 812.5]
    )
    def test_bad_phones(self, value):
        _, errors = validate_row(2, row(phone=value), HEADERS)
        [error] = errors
        assert error.column == "No HP"
        assert "is not an Indonesian mobile number" in error.message

    @pytest.mark.parametrize("value", ["budi", "budi@contoh", "budi @contoh.go.id", "budi@@contoh.go.id"])
    def test_bad_emails(self, value):
        _, errors = validate_row(2, row(email=value), HEADERS)
        assert [error.column for error in errors] == ["Email"]

    def test_a_mailto_link_is_an_email(self):
        result, _ = validate_row(2, row(email="mailto:Budi@Contoh.go.id"), HEADERS)
        assert result is not None
        assert result.email == "budi@contoh.go.id"

    def test_an_account_without_followers_has_none(self):
        result, _ = validate_row(2, row(instagram="budi", instagram_followers=""), HEADERS)
        assert result is not None
        assert result.accounts == {"instagram": ("budi", "https://www.instagram.com/budi/", None)}

    def test_numbers_from_a_workbook(self):
        result, errors = validate_row(
            2, row(birth_date=33010, instagram="budi", instagram_followers=1200.0, x=12345, x_followers=0), HEADERS
        )
        assert errors == []
        assert result is not None
        assert result.birth_date == datetime.date(1990, 5, 17)
        assert result.accounts["instagram"][2] == 1200
        assert result.accounts["x"] == ("12345", "https://x.com/12345", 0)

    def test_both_account_cells_of_a_platform_can_fail(self):
        _, errors = validate_row(2, row(x="x.com/a/status/1", x_followers="1,5"), HEADERS)
        assert [error.column for error in errors] == ["Twitter", "Followers Twitter"]


class TestEndToEnd:
    def test_a_messy_workbook_gives_rows_and_errors(self):
        upload = xlsx_bytes(
            [
                ["Daftar Duta Humas 2025"],
                [
                    "No.",
                    "Nomor Pegawai",
                    "NAMA",
                    "Unit_Kerja",
                    "Tanggal Lahir",
                    "Pengikut IG",
                    "Instagram",
                    "Twitter",
                    "Golongan",
                ],
                [1, "001", "Budi", "Setjen/Humas", datetime.date(1990, 5, 17), 1200, "@budi", None, "III/a"],
                [2, "002", "Sari", "Setjen/Humas", "31/02/1990", "banyak", "@sari", "instagram.com/sari", "III/b"],
                [3, None, None, None, None, None, None, None, None],
                [4, "004", "Joko", None, None, None, None, "@joko", None],
            ]
        )
        table = open_roster(upload, "duta.xlsx")
        assert table.unknown_headers == ["No.", "Golongan"]
        rows, errors = validate_all(table)
        assert [(row.row_number, row.employee_id) for row in rows] == [(3, "001"), (6, "004")]
        assert [(error.row_number, error.column) for error in errors] == [
            (4, "Tanggal Lahir"),
            (4, "Pengikut IG"),
            (4, "Twitter"),
        ]
