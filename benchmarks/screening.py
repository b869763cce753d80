"""Reputation-screening speed: the whole pipeline per core, and a 50,000-post X archive end to end.

    .venv/bin/python benchmarks/screening.py [--posts N] [--data DIR]

1. Posts per second on one core for the whole pipeline (normalization, word lists, patterns and
   every classifier), on the real posts of the public test splits (SmSA, EmoT, Netifier) in the
   data directory. Target: at least 2,000.
2. A generated X archive of 50,000 posts (with 50 MB of media beside them, as real archives have)
   read by the background job itself into a fresh SQLite database: hashing, streaming the zip,
   screening, storing the flagged posts, the summary and the level. Target: under 60 s.
Everything happens in a temporary directory; var/ is never touched.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fresh_django

TARGET_POSTS_PER_SECOND = 2000
TARGET_SECONDS = 60.0


def write_x_archive(path: Path, texts: list[str], posts: int, seed: int) -> None:
    """An X archive as X writes it: data/account.js, data/tweets.js and media files."""
    rng = random.Random(seed)
    start = datetime(2016, 1, 1, tzinfo=UTC)
    tweets = []
    for number in range(posts):
        when = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 10))
        tweets.append(
            {
                "tweet": {
                    "id_str": str(1_000_000_000_000_000_000 + number),
                    "full_text": rng.choice(texts),
                    "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                    "lang": "in",
                }
            }
        )
    account = [{"account": {"username": "calon_duta", "accountDisplayName": "Calon Duta"}}]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/account.js", "window.YTD.account.part0 = " + json.dumps(account, indent=2))
        archive.writestr("data/tweets.js", "window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2))
        for number in range(50):  # photos do not compress
            archive.writestr(f"data/tweets_media/{number}.jpg", rng.randbytes(1024 * 1024), zipfile.ZIP_STORED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--data", default=None, help="the public datasets (default: SCREENING_DATA_DIR)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="duta-bench-") as temp:
        directory = Path(temp)
        fresh_django.setup(directory)
        from django.conf import settings
        from django.core.files.base import File
        from django.utils import timezone

        from duta.accounts.models import User
        from duta.organizations.services import organization_create
        from duta.people.models import Employee
        from duta.programs.models import Candidate, Program, Stage
        from duta.screening.engine import Screener
        from duta.screening.models import Screening, ScreeningUpload
        from duta.screening.services import screening_upload_read
        from duta.screening.throughput import posts_per_second_one_core, sample_texts

        data_dir = Path(args.data) if args.data else Path(settings.SCREENING_DATA_DIR)
        texts = sample_texts(data_dir)
        rate = posts_per_second_one_core(Screener(), texts)
        print(f"pipeline: {rate:,.0f} posts/s on one core ({len(texts)} real posts from {data_dir})")

        organization = organization_create(
            actor=None, name="Kementerian Benchmark", slug="bench", kind="ministry", admin=None
        )
        reviewer = User.objects.create_user(email="humas@bench.example", password=None, full_name="Humas Benchmark")
        employee = Employee.objects.create(organization=organization, employee_id="1", name="Calon Duta")
        program = Program.objects.create(organization=organization, slug="duta", name="Duta")
        candidate = Candidate.objects.create(
            program=program, employee=employee, stage=Stage.SCREENING, source=Candidate.Source.NOMINATED
        )
        screening = Screening.objects.create(
            organization=organization,
            candidate=candidate,
            created_by=reviewer,
            consent_source=Screening.ConsentSource.WRITTEN,
            consent_reference="benchmark",
            consent_at=timezone.now(),
            status=Screening.Status.SCANNING,
        )
        archive_path = directory / "twitter-archive.zip"
        started = time.perf_counter()
        write_x_archive(archive_path, texts, args.posts, args.seed)
        size = archive_path.stat().st_size
        took = time.perf_counter() - started
        print(f"generated an X archive of {args.posts:,} posts ({size / 1e6:.0f} MB) in {took:.1f} s")
        upload = ScreeningUpload(
            screening=screening, uploaded_by=reviewer, original_name=archive_path.name, size=size, format="x"
        )
        with archive_path.open("rb") as stream:
            upload.file.save("twitter-archive.zip", File(stream), save=True)

        started = time.perf_counter()
        screening_upload_read(upload_id=upload.pk)
        seconds = time.perf_counter() - started
        upload.refresh_from_db()
        screening.refresh_from_db()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"end to end: {upload.posts_read:,} posts read, {upload.posts_flagged:,} flagged, level {screening.level}, "
            f"in {seconds:.2f} s = {upload.posts_read / seconds:,.0f} posts/s (status {upload.status})"
        )
        print(f"peak memory: {peak_mb:,.0f} MB (maxrss); Python {sys.version.split()[0]}, DEBUG {settings.DEBUG}")
        rate_met = rate >= TARGET_POSTS_PER_SECOND
        time_met = seconds < TARGET_SECONDS and upload.status == ScreeningUpload.Status.DONE
        print(f"target: >= {TARGET_POSTS_PER_SECOND} posts/s per core: {'MET' if rate_met else 'NOT MET'}")
        print(f"target: {args.posts:,}-post archive in < {TARGET_SECONDS:.0f} s: {'MET' if time_met else 'NOT MET'}")
        if upload.status != ScreeningUpload.Status.DONE or upload.posts_read != args.posts:
            print(
                f"error: the upload ended {upload.status} with {upload.posts_read} posts: {upload.failure}",
                file=sys.stderr,
            )
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
