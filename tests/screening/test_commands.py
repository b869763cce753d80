"""`duta screening scan|train|evaluate`: what an operator runs on a file or on the datasets."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from duta.core.models import AuditEvent
from duta.screening.models import ScreenedPost, Screening, ScreeningUpload
from tests.screening.exports import CAMPAIGN, LEAK, PLAIN, facebook_posts_bytes, x_archive_bytes
from tests.screening.tiny_data import write_tiny_data


def scan(*args: str) -> str:
    out = io.StringIO()
    call_command("screening", "scan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def x_archive(tmp_path: Path) -> Path:
    path = tmp_path / "twitter-2026.zip"
    path.write_bytes(x_archive_bytes([*PLAIN, CAMPAIGN[0], LEAK]))
    return path


@pytest.mark.django_db
class TestScan:
    def test_json_lists_every_post_with_its_reasons_and_stores_nothing(self, x_archive: Path) -> None:
        result = json.loads(scan(str(x_archive), "--json"))
        posts = {post["id"]: post for post in result["posts"]}
        assert len(posts) == len(PLAIN) + 2
        assert set(next(iter(posts.values()))) >= {"id", "date", "flagged", "categories", "reasons"}
        flagged = [post for post in result["posts"] if post["flagged"]]
        assert all(post["categories"] and post["reasons"] for post in flagged)
        assert not any(post["categories"] for post in result["posts"] if not post["flagged"])
        campaign = next(post for post in flagged if "political" in post["categories"])
        assert any("“coblos”" in reason for reason in campaign["reasons"])
        summary = result["summary"]
        assert (summary["posts"], summary["flagged"], summary["format"]) == (len(PLAIN) + 2, len(flagged), "x")
        assert (summary["level"], summary["level_rule"]["code"]) == ("high", "severe")  # the leaked NIK at least
        assert summary["categories"]["leak"] == 1
        assert summary["account"] == "calon_duta"
        assert "3174051205900001" not in json.dumps(result)  # a leaked NIK is never printed whole
        assert not (Screening.objects.exists())
        assert not (ScreeningUpload.objects.exists())
        assert not (ScreenedPost.objects.exists())
        assert not AuditEvent.objects.filter(action__startswith="screening.").exists()

    def test_a_post_repeated_in_two_parts_of_an_archive_counts_once(self, tmp_path: Path) -> None:
        path = tmp_path / "twitter.zip"
        with zipfile.ZipFile(io.BytesIO(x_archive_bytes([CAMPAIGN[0], PLAIN[0]]))) as source:
            tweets = source.read("data/tweets.js").decode()
            with zipfile.ZipFile(path, "w") as archive:
                for name in source.namelist():
                    archive.writestr(name, source.read(name))
                archive.writestr("data/tweets-part1.js", tweets.replace(".part0 =", ".part1 =", 1))
        result = json.loads(scan(str(path), "--json"))
        assert (len(result["posts"]), result["summary"]["posts"], result["summary"]["flagged"]) == (2, 2, 1)

    def test_the_text_report_lists_the_flagged_posts(self, tmp_path: Path) -> None:
        path = tmp_path / "your_posts_1.json"
        path.write_bytes(facebook_posts_bytes([PLAIN[0], CAMPAIGN[1]]))
        report = scan(str(path), "--lang", "en")
        assert "facebook: 2 posts, 1 flagged." in report
        assert "coblos" in report
        assert PLAIN[0] not in report
        assert "Political partisanship" in report

    def test_a_forced_format_that_does_not_fit_is_an_error(self, x_archive: Path) -> None:
        with pytest.raises(CommandError):
            scan(str(x_archive), "--format", "facebook")

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("broken.zip", b"PK\x03\x04 not really a zip"),
            ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
            ("empty.json", b""),
        ],
    )
    def test_a_bad_file_is_a_clear_error(self, tmp_path: Path, name: str, content: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CommandError) as error:
            scan(str(path), "--json")
        assert str(error.value)

    def test_an_export_without_a_post_is_an_error_not_a_clear_level(self, tmp_path: Path) -> None:
        path = tmp_path / "posts.csv"
        path.write_text("date,text,url\n", encoding="utf-8")
        with pytest.raises(CommandError, match="No post was found"):
            scan(str(path), "--lang", "en")

    def test_a_missing_file_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="No such file"):
            scan(str(tmp_path / "nothing.zip"))

    def test_the_process_exits_non_zero_on_a_bad_file(self, tmp_path: Path) -> None:
        path = tmp_path / "archive.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not an export")
        done = subprocess.run(
            [sys.executable, "-m", "duta.manage", "screening", "scan", str(path), "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode != 0
        assert done.stderr.strip()
        assert '"posts"' not in done.stdout


@pytest.mark.django_db
def test_train_and_evaluate_write_models_and_benchmarks(tmp_path: Path) -> None:
    data_dir = write_tiny_data(tmp_path / "data", rows=40)
    models = tmp_path / "models"
    out = io.StringIO()
    call_command("screening", "train", "--data", str(data_dir), "--out", str(models), stdout=out, stderr=io.StringIO())
    assert set(json.loads(out.getvalue())["heads"]) >= {"hate", "abusive", "negative"}
    assert (models / "model.json").is_file()
    assert (models / "card-ibrohim.md").is_file()

    out = io.StringIO()
    call_command(
        "screening", "evaluate", "--data", str(data_dir), "--models", str(models), "--json", stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    report = json.loads(out.getvalue())
    names = [bench["name"] for bench in report["benchmarks"]]
    assert len(names) == 5
    assert all(0 <= bench["score"] <= 100 and "met" in bench for bench in report["benchmarks"])
    assert report["posts_per_s_per_core"] > 0
    assert json.loads((models / "benchmarks.json").read_text())["benchmarks"] == report["benchmarks"]
    assert "Not recorded for these files" not in (models / "card-ibrohim.md").read_text()


def test_train_refuses_a_missing_data_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No data directory"):
        call_command("screening", "train", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "m"))
