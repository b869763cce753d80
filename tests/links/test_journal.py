"""The click journal on the real file system: lines and ids, rotation, many threads at once, reading complete lines,
and closing the journals of processes that are gone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from duta.links import journal
from duta.links.journal import LINE, JournalWriter, clean_field, close_orphans, journal_files, read_complete

FIELDS = "Ab3dE6gH9\t0123456789abcdef\thttps://wa.me/\tMozilla/5.0"
T0 = 1_780_000_000_000  # milliseconds since 1970 (2026-05-28)


def lines_of(directory: Path) -> list[tuple[str, ...]]:
    """Every complete line of every journal file in ``directory``, parsed by ``LINE``."""
    found: list[tuple[str, ...]] = []
    for file in journal_files(directory):
        found += LINE.findall(file.path.read_text(encoding="utf-8"))
    return found


def suffixes(directory: Path) -> list[str]:
    return sorted(path.suffix for path in directory.iterdir())


class TestJournalAppend:
    def test_it_writes_lines_that_parse_with_increasing_ids_starting_with_the_time(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, node="web-1")
        ids = [writer.append(T0 + n, FIELDS) for n in range(5)]
        writer.close()

        parsed = lines_of(tmp_path)
        assert [line[0] for line in parsed] == ids
        assert ids == sorted(ids)
        assert len(set(ids)) == 5
        for n, click_id in enumerate(ids):
            assert len(click_id) == 32
            assert int(click_id[:12], 16) == T0 + n
        assert parsed[0][1:] == ("Ab3dE6gH9", "0123456789abcdef", "https://wa.me/", "Mozilla/5.0")

    def test_it_increases_ids_within_one_millisecond(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path)
        ids = [writer.append(T0, FIELDS) for _ in range(100)]
        writer.close()

        assert ids == sorted(ids)
        assert len(set(ids)) == 100

    def test_it_never_makes_an_id_another_writer_made(self, tmp_path: Path) -> None:
        first, second = JournalWriter(tmp_path, node="web-1"), JournalWriter(tmp_path, node="web-1")
        ids = [writer.append(T0, FIELDS) for _ in range(50) for writer in (first, second)]
        first.close()
        second.close()

        assert len(set(ids)) == 100
        assert first.path != second.path
        assert len(lines_of(tmp_path)) == 100

    def test_it_names_the_file_after_the_node_and_the_process(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, node="web 1.example")
        writer.append(T0, FIELDS)

        (file,) = journal_files(tmp_path)
        assert (file.node, file.pid, file.closed) == ("web-1-example", os.getpid(), False)
        assert file.path == writer.path
        assert writer.path.name.endswith(".active")
        assert writer.path.stat().st_mode & 0o777 == 0o600
        writer.close()

    def test_it_makes_a_missing_directory(self, tmp_path: Path) -> None:
        directory = tmp_path / "var" / "clicks"

        JournalWriter(directory).close()

        assert directory.is_dir()


class TestFieldClean:
    def test_it_replaces_tabs_and_line_breaks_with_spaces(self) -> None:
        assert clean_field("a\tb\nc\r\nd") == "a b c  d"

    def test_it_keeps_at_most_300_characters(self) -> None:
        assert clean_field("x" * 1000) == "x" * journal.FIELD_LIMIT
        assert journal.FIELD_LIMIT == 300

    def test_it_keeps_a_journal_line_to_five_fields(self, tmp_path: Path) -> None:
        referrer = clean_field("https://evil.example/\tforged\nline")
        agent = clean_field("Mozilla\t5.0\r\n" + "y" * 400)
        writer = JournalWriter(tmp_path)
        writer.append(T0, f"Ab3dE6gH9\t0123456789abcdef\t{referrer}\t{agent}")
        writer.close()

        (line,) = lines_of(tmp_path)
        assert line[3] == "https://evil.example/ forged line"
        assert line[4].startswith("Mozilla 5.0  y")
        assert len(line[4]) == 300


class TestJournalRotate:
    def test_it_closes_a_full_file_and_opens_the_next_one(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, rotate_bytes=500)
        ids = [writer.append(T0 + n, FIELDS) for n in range(20)]

        files = journal_files(tmp_path)
        closed = [file for file in files if file.closed]
        assert len(closed) >= 3
        assert [file.closed for file in files].count(False) <= 1
        for file in closed:
            assert file.path.stat().st_size >= 500
        writer.close()
        assert [line[0] for line in lines_of(tmp_path)] == ids
        assert all(file.closed for file in journal_files(tmp_path))

    def test_it_closes_a_file_older_than_the_rotation_age_on_maintain(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, rotate_seconds=0.2)
        writer.append(T0, FIELDS)
        first = writer.path

        writer.maintain()  # not old enough yet
        assert first.exists()
        time.sleep(0.25)
        writer.maintain()

        assert not first.exists()
        assert first.with_suffix(".closed").exists()
        assert writer.path != first
        writer.append(T0 + 1, FIELDS)
        assert writer.path.exists()
        writer.close()

    def test_it_never_rotates_an_empty_file_and_removes_it_when_closed(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, rotate_seconds=0.0)
        first = writer.path

        writer.maintain()
        assert writer.path == first
        assert suffixes(tmp_path) == [".active"]
        writer.close()

        assert list(tmp_path.iterdir()) == []

    def test_it_renames_the_file_to_closed_when_closed(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path)
        writer.append(T0, FIELDS)

        writer.close()

        assert suffixes(tmp_path) == [".closed"]
        assert (tmp_path / writer.path.name).with_suffix(".closed").read_text().count("\n") == 1

    def test_it_opens_a_new_file_for_an_append_after_close(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path)
        writer.append(T0, FIELDS)
        writer.close()

        writer.append(T0 + 1, FIELDS)

        assert suffixes(tmp_path) == [".active", ".closed"]
        writer.close()
        assert len(lines_of(tmp_path)) == 2


class TestJournalConcurrentAppend:
    def test_it_writes_exactly_the_lines_of_eight_threads_complete(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, rotate_bytes=20_000)
        per_thread, threads_count = 500, 8
        start = threading.Barrier(threads_count)
        errors: list[BaseException] = []
        written: list[list[str]] = [[] for _ in range(threads_count)]

        def work(number: int) -> None:
            try:
                start.wait(timeout=10)
                for n in range(per_thread):
                    written[number].append(writer.append(T0 + n, f"Code{number:05d}\tv{number}\t\tagent {number} {n}"))
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=work, args=(number,)) for number in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        writer.close()

        assert errors == []
        raw = "".join(file.path.read_text(encoding="utf-8") for file in journal_files(tmp_path))
        parsed = lines_of(tmp_path)
        assert raw.count("\n") == per_thread * threads_count
        assert len(parsed) == per_thread * threads_count
        assert {line[0] for line in parsed} == {click_id for ids in written for click_id in ids}
        for number in range(threads_count):
            mine = [line for line in parsed if line[1] == f"Code{number:05d}"]
            assert [line[4] for line in mine] == [f"agent {number} {n}" for n in range(per_thread)]


class TestJournalReadComplete:
    def test_it_leaves_an_incomplete_last_line_for_later(self, tmp_path: Path) -> None:
        path = tmp_path / "web.1.ab.000001.active"
        first, second = f"{'0' * 32}\t{FIELDS}\n", f"{'1' * 32}\t{FIELDS}\n"
        path.write_bytes((first + second + "2" * 20).encode())

        text, offset = read_complete(path, 0, 1 << 20)

        assert text == first + second
        assert offset == len((first + second).encode())
        assert len(LINE.findall(text)) == 2

        with open(path, "ab") as handle:
            handle.write(("2" * 12 + f"\t{FIELDS}\n").encode())
        text, end = read_complete(path, offset, 1 << 20)
        assert LINE.findall(text) == [("2" * 32, *FIELDS.split("\t"))]
        assert end == path.stat().st_size
        assert read_complete(path, end, 1 << 20) == ("", end)

    def test_it_gives_nothing_and_the_same_offset_without_a_complete_line(self, tmp_path: Path) -> None:
        path = tmp_path / "partial"
        path.write_bytes(b"0123456789abcdef")

        assert read_complete(path, 0, 1 << 20) == ("", 0)
        assert read_complete(path, 16, 1 << 20) == ("", 16)

    def test_it_stops_a_batch_at_its_last_complete_line(self, tmp_path: Path) -> None:
        path = tmp_path / "batches"
        lines = [f"{n:032x}\t{FIELDS}\n".encode() for n in range(10)]
        path.write_bytes(b"".join(lines))
        size = len(lines[0])

        text, offset = read_complete(path, 0, size * 3 + 10)
        assert offset == size * 3
        assert text.encode() == b"".join(lines[:3])

        collected, offset = [], 0
        while True:
            text, offset = read_complete(path, offset, size * 3 + 10)
            if not text:
                break
            collected += LINE.findall(text)
        assert [line[0] for line in collected] == [f"{n:032x}" for n in range(10)]
        assert offset == path.stat().st_size

    def test_it_reads_a_line_longer_than_a_batch_whole(self, tmp_path: Path) -> None:
        path = tmp_path / "long"
        long_line = f"{'a' * 32}\tAb3dE6gH9\tv\t\t{'z' * 5000}\n".encode()
        path.write_bytes(long_line + f"{'b' * 32}\t{FIELDS}\n".encode())

        text, offset = read_complete(path, 0, 100)

        assert text.encode() == long_line
        assert offset == len(long_line)

    def test_it_reads_on_past_bytes_that_are_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "bytes"
        path.write_bytes(f"{'c' * 32}\tAb3dE6gH9\tv\t\t".encode() + b"\xff\xfe agent\n")

        text, offset = read_complete(path, 0, 1 << 20)

        assert offset == path.stat().st_size
        assert LINE.findall(text)[0][4] == "\ufffd\ufffd agent"


class TestJournalFiles:
    def test_it_lists_only_journal_files_in_order(self, tmp_path: Path) -> None:
        names = ["b.20.ab.000001.active", "a.300.ab.000002.closed", "a.300.ab.000001.closed", "a.4.cd.000001.active"]
        for name in [*names, "notes.txt", "a.4.cd.active", "a.4.cd.000001.tmp", "a.4.XY.000001.active"]:
            (tmp_path / name).write_text("")

        files = journal_files(tmp_path)

        assert [file.path.name for file in files] == [
            "a.4.cd.000001.active",
            "a.300.ab.000001.closed",
            "a.300.ab.000002.closed",
            "b.20.ab.000001.active",
        ]
        assert [file.closed for file in files] == [False, True, True, False]
        assert files[1].name == "a.300.ab.000001"

    def test_it_lists_nothing_for_a_missing_directory(self, tmp_path: Path) -> None:
        assert journal_files(tmp_path / "missing") == []


WRITE_AND_DIE = """
import os, sys
from pathlib import Path
from duta.links.journal import JournalWriter
writer = JournalWriter(Path(sys.argv[1]), node=sys.argv[2])
writer.append(1780000000000, "Ab3dE6gH9\\tv\\t\\tMozilla/5.0")
print(writer.path.name, flush=True)
os._exit(0)  # as after a SIGKILL: the file is never closed
"""


def write_and_die(directory: Path, node: str) -> Path:
    """A real process that appends one click and exits without closing its journal; the file it left."""
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_DIE, str(directory), node],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return directory / done.stdout.strip()


class TestOrphansClose:
    def test_it_closes_the_file_of_a_dead_process_on_this_node(self, tmp_path: Path) -> None:
        left = write_and_die(tmp_path, "web-1")
        assert left.exists()
        assert left.suffix == ".active"

        closed = close_orphans(tmp_path, node="web-1")

        assert closed == [left.stem]
        assert not left.exists()
        assert LINE.findall(left.with_suffix(".closed").read_text())[0][1] == "Ab3dE6gH9"

    def test_it_leaves_the_file_of_a_live_process_alone(self, tmp_path: Path) -> None:
        writer = JournalWriter(tmp_path, node="web-1")  # this process: alive
        writer.append(T0, FIELDS)
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            other = tmp_path / f"web-1.{sleeper.pid}.abcd.000001.active"
            other.write_text(f"{'0' * 32}\t{FIELDS}\n")

            assert close_orphans(tmp_path, node="web-1") == []
            assert writer.path.exists()
            assert other.exists()
        finally:
            sleeper.kill()
            sleeper.wait(timeout=10)
        assert close_orphans(tmp_path, node="web-1") == [other.stem]
        writer.close()

    def test_it_counts_a_pid_that_does_not_exist_as_gone(self, tmp_path: Path) -> None:
        finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
        path = tmp_path / f"web-1.{int(finished.stdout)}.abcd.000001.active"
        path.write_text("")

        assert close_orphans(tmp_path, node="web-1") == [path.stem]

    def test_it_closes_a_file_of_another_node_only_when_stale(self, tmp_path: Path) -> None:
        fresh = tmp_path / "web-2.1.abcd.000001.active"
        stale = tmp_path / "web-2.2.abcd.000001.active"
        for path in (fresh, stale):
            path.write_text(f"{'0' * 32}\t{FIELDS}\n")
        an_hour_ago = time.time() - 3700
        os.utime(stale, (an_hour_ago, an_hour_ago))

        closed = close_orphans(tmp_path, node="web-1", stale_seconds=3600)

        assert closed == [stale.stem]
        assert fresh.exists()
        assert stale.with_suffix(".closed").exists()

    def test_it_does_not_judge_another_nodes_file_by_its_pid(self, tmp_path: Path) -> None:
        left = write_and_die(tmp_path, "web-2")

        assert close_orphans(tmp_path, node="web-1") == []
        assert left.exists()

    def test_it_leaves_closed_files_as_they_are(self, tmp_path: Path) -> None:
        path = tmp_path / "web-1.999999999.abcd.000001.closed"
        path.write_text("")

        assert close_orphans(tmp_path, node="web-1") == []
        assert path.exists()


class TestNodeName:
    @pytest.mark.parametrize(("name", "cleaned"), [("web-1", "web-1"), ("web_1.local", "web-1-local"), ("---", "node")])
    def test_it_keeps_node_names_to_letters_digits_and_dashes(self, name: str, cleaned: str) -> None:
        assert journal.node_name(name) == cleaned

    def test_it_defaults_to_the_host_name(self) -> None:
        assert journal.node_name() == journal.node_name(socket.gethostname())
