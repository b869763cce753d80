"""Roster import speed on SQLite: a realistic HR roster of 100,000 rows, imported and then re-imported.

    .venv/bin/python benchmarks/roster_import.py [--rows N] [--seed S]

Everything happens in a temporary directory (a fresh SQLite database, the generated CSV, the
job queue's file), so it never touches var/. Prints rows, seconds and rows per second for the
first import and for the re-import (which must change nothing), and the peak memory of the process.
The settings are the defaults of a checkout (DEBUG on, which logs every query): set DEBUG=false and
a SECRET_KEY in the environment to measure the production settings.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import fresh_django

if TYPE_CHECKING:
    from duta.organizations.models import Organization
    from duta.people.services import ImportReport

TARGET_ROWS_PER_SECOND = 5000

FIRST_NAMES = [
    "Agus",
    "Budi",
    "Dewi",
    "Eko",
    "Fitri",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rina",
    "Sari",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Ayu",
    "Bambang",
    "Citra",
    "Dian",
    "Fajar",
    "Galih",
    "Hana",
    "Irfan",
    "Januarti",
    "Kurniawan",
    "Lukman",
    "Maya",
    "Nanda",
    "Oktavia",
    "Pratiwi",
    "Rizky",
    "Siti",
    "Taufik",
    "Utami",
    "Vina",
    "Wulan",
    "Yohanes",
    "Zainal",
    "Andi",
    "Bayu",
    "Desi",
    "Endang",
    "Ketut",
    "Wayan",
    "Nyoman",
    "Komang",
    "Ratna",
    "Slamet",
]
LAST_NAMES = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Siregar",
    "Simanjuntak",
    "Nasution",
    "Harahap",
    "Lubis",
    "Sitompul",
    "Pardede",
    "Hutapea",
    "Wibowo",
    "Setiawan",
    "Kusuma",
    "Pratama",
    "Rahmawati",
    "Susanto",
    "Gunawan",
    "Halim",
    "Tanjung",
    "Sinaga",
    "Panjaitan",
    "Manurung",
    "Sembiring",
    "Ginting",
    "Tarigan",
    "Purba",
    "Situmorang",
    "Permana",
    "Firmansyah",
    "Ramadhan",
    "Syahputra",
    "Maharani",
    "Anggraini",
    "Putra",
]
TOP_UNITS = ("Sekretariat Jenderal", "Direktorat Jenderal Aplikasi Informatika", "Badan Penelitian dan Pengembangan")
SECOND_UNITS = (
    "Biro Hubungan Masyarakat",
    "Biro Perencanaan",
    "Biro Kepegawaian",
    "Direktorat Tata Kelola",
    "Direktorat Layanan",
    "Pusat Data dan Informasi",
    "Pusat Pendidikan dan Pelatihan",
)
THIRD_UNITS = (
    "Bagian Media",
    "Bagian Publikasi",
    "Bagian Umum",
    "Subbagian Tata Usaha",
    "Subdirektorat Kebijakan",
    "Subdirektorat Evaluasi",
)
HEADERS = (
    "NIP",
    "Nama Lengkap",
    "Email Dinas",
    "Unit Kerja",
    "Tanggal Lahir",
    "TMT",
    "No. HP",
    "Instagram",
    "Pengikut IG",
    "Twitter",
    "Followers Twitter",
    "TikTok",
    "followers_tiktok",
)


def unit_paths(rng: random.Random, count: int = 40) -> list[str]:
    """``count`` leaf units three levels deep, written "A / B / C"."""
    every = [f"{a} / {b} / {c}" for a in TOP_UNITS for b in SECOND_UNITS for c in THIRD_UNITS]
    return rng.sample(every, count)


def written_count(followers: int, rng: random.Random) -> str:
    """A follower count the way people type it: 1200, 1.200, 1,2rb or 12K."""
    style = rng.random()
    if followers >= 1000 and style < 0.25:
        return f"{followers:,}".replace(",", ".")
    if followers >= 1000 and style < 0.40:
        rounded = round(followers / 100) * 100
        return f"{rounded / 1000:.1f}".replace(".", ",").replace(",0", "") + "rb"
    if followers >= 10_000 and style < 0.50:
        return f"{round(followers / 1000)}K"
    return str(followers)


def written_handle(platform: str, name: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.6:
        return f"@{name}"
    if platform == "instagram":
        return f"https://www.instagram.com/{name}/" if style < 0.85 else f"instagram.com/{name}"
    if platform == "x":
        return f"https://twitter.com/{name}" if style < 0.85 else f"x.com/{name}"
    return f"https://www.tiktok.com/@{name}"


def generate(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    units = unit_paths(rng)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(rows):
            born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 37))
            joined = date(max(born.year + 20, 1990), rng.randint(1, 12), 1)
            while True:
                nip = f"{born:%Y%m%d}{joined:%Y%m}{rng.randint(1, 2)}{rng.randrange(1000):03d}"
                if nip not in seen:
                    seen.add(nip)
                    break
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            local = f"{first}.{last}{number}".lower()
            cells = [
                nip,
                f"{first} {last}",
                f"{local}@kemen.go.id",
                rng.choice(units),
                f"{born:%d/%m/%Y}",
                f"{joined:%d/%m/%Y}",
                f"08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            ]
            for platform, share, limit in (("instagram", 0.85, 30), ("x", 0.5, 15), ("tiktok", 0.6, 24)):
                if rng.random() < share:
                    followers = int(min(rng.lognormvariate(6.6, 1.3), 5_000_000))
                    name = local.replace(".", "_")[:limit]
                    cells += [written_handle(platform, name, rng), written_count(followers, rng)]
                else:
                    cells += ["", ""]
            writer.writerow(cells)


def to_xlsx(source: Path, target: Path) -> None:
    """The same roster as HR's Excel file: one sheet, text cells as the CSV has them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    workbook.save(target)


def timed_import(path: Path, organization: Organization) -> tuple[ImportReport, float]:
    from duta.people.services import roster_import

    started = time.perf_counter()
    with path.open("rb") as file:
        report = roster_import(organization=organization, actor=None, file=file, filename=path.name)
    return report, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the roster (default 100,000)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--profile", action="store_true", help="profile the first import with cProfile")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="the roster's file format")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="duta-bench-") as temp:
        directory = Path(temp)
        fresh_django.setup(directory)
        from django.conf import settings
        from django.db import connection

        from duta.organizations.services import organization_create

        assert connection.vendor == "sqlite"
        organization = organization_create(
            actor=None, name="Kementerian Benchmark", slug="bench", kind="ministry", admin=None
        )

        roster = directory / "roster.csv"
        started = time.perf_counter()
        generate(roster, args.rows, args.seed)
        if args.format == "xlsx":
            roster_xlsx = directory / "roster.xlsx"
            to_xlsx(roster, roster_xlsx)
            roster = roster_xlsx
        size = roster.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} rows as {args.format.upper()} ({size:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        first, first_seconds = timed_import(roster, organization)
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        second, second_seconds = timed_import(roster, organization)

        failures = []
        if first.invalid or first.created != args.rows:
            failures.append(f"first import: {first.created} created, {first.invalid} invalid")
        if (second.unchanged, second.updated, second.created, second.follower_points) != (args.rows, 0, 0, 0):
            failures.append(
                f"re-import: {second.unchanged} unchanged, {second.updated} updated, "
                f"{second.created} created, {second.follower_points} new counts"
            )

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        rate_first = args.rows / first_seconds
        rate_second = args.rows / second_seconds
        debug = "on" if settings.DEBUG else "off"
        print(f"database: SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, DEBUG {debug}")
        print(
            f"first import: {args.rows:,} rows in {first_seconds:.2f} s = {rate_first:,.0f} rows/s "
            f"({first.units_created} units, {first.follower_points:,} follower counts)"
        )
        print(f"re-import:    {args.rows:,} rows in {second_seconds:.2f} s = {rate_second:,.0f} rows/s (all unchanged)")
        print(f"peak memory:  {peak_mb:,.0f} MB (maxrss)")
        met = min(rate_first, rate_second) >= TARGET_ROWS_PER_SECOND
        print(
            f"target: >= {TARGET_ROWS_PER_SECOND} rows/s on SQLite ({args.format.upper()}): "
            f"{'MET' if met else 'NOT MET'}"
        )
        for failure in failures:
            print(f"error: {failure}", file=sys.stderr)
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
