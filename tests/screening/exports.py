"""Data exports as the platforms write them, built in memory for the screening tests."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

CAMPAIGN = [
    "Ayo coblos nomor 2, menangkan Prabowo-Gibran satu putaran! #PrabowoGibran2024",
    "Jangan lupa 14 Februari coblos PDIP, pilih nomor urut 3 ya bapak ibu",
    "Dukung terus AMIN, pilih Anies Muhaimin nomor 1 #AMIN",
]
RADICAL = "Negara thaghut ini harus dilawan, halal darahnya para pendukungnya"
LEAK = "Ini NIK saya 3174051205900001 tolong daftarkan ya"
PLAIN = [
    "Selamat pagi, semoga hari ini menyenangkan untuk kita semua",
    "Alhamdulillah rapat koordinasi hari ini berjalan lancar",
    "Terima kasih untuk tim yang sudah bekerja keras minggu ini",
    "Pemandangan di Danau Toba indah sekali, wajib dikunjungi",
]


def x_archive_bytes(texts: list[str], *, username: str = "calon_duta", start: datetime | None = None) -> bytes:
    start = start or datetime(2023, 1, 10, 7, 30, tzinfo=UTC)
    tweets = [
        {
            "tweet": {
                "id_str": str(1_700_000_000_000_000_000 + number),
                "full_text": text,
                "created_at": (start + timedelta(days=31 * number)).strftime("%a %b %d %H:%M:%S +0000 %Y"),
                "favorite_count": "3",
                "lang": "in",
            }
        }
        for number, text in enumerate(texts)
    ]
    account = [{"account": {"username": username, "accountDisplayName": "Calon Duta", "accountId": "42"}}]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/account.js", "window.YTD.account.part0 = " + json.dumps(account, indent=2))
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2))
        archive.writestr("data/tweets_media/1-foto.jpg", b"\xff\xd8\xff\xe0" + bytes(2048))
        archive.writestr("Your archive.html", "<html><body>Your archive</body></html>")
    return buffer.getvalue()


def facebook_posts_bytes(texts: list[str], *, start: int = 1_672_531_200) -> bytes:
    """``your_posts_1.json``: Facebook writes UTF-8 text as Latin-1 escapes (mojibake)."""
    posts = [
        {
            "timestamp": start + 86_400 * 40 * number,
            "data": [{"post": text.encode("utf-8").decode("latin-1")}, {"update_timestamp": start}],
            "title": "Calon Duta updated their status.",
        }
        for number, text in enumerate(texts)
    ]
    return json.dumps(posts, indent=2).encode("ascii")


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
