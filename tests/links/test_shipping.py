"""`duta clicks ship`: real journal files in ``tmp_path`` into `Click` rows and daily `ClickRollup` counts, on the
real database; shipping twice, torn lines, garbage, a restarted shipper, a database that is away for a while."""

from __future__ import annotations

import io
import json
import socket
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from duta.campaigns.models import ContentItem
from duta.links.journal import JournalWriter, journal_files
from duta.links.models import Click, ClickRollup, JournalCursor, ShareLink, UserAgent
from duta.links.services import Shipper, ShipReport
from duta.organizations.models import Membership, Unit
from tests.links.conftest import (
    GOOGLEBOT,
    IPHONE,
    NODE,
    PHONE,
    WHATSAPP_PREVIEW,
    Line,
    call,
    ms,
)

pytestmark = pytest.mark.django_db

MakeLink = Callable[..., ShareLink]
Write = Callable[..., list[str]]

# 23:30 on 2 June 2026 in Jakarta (UTC+7), and an hour later: the next day there, still 2 June in UTC
LATE_EVENING = datetime(2026, 6, 2, 16, 30, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 6, 2, 17, 30, tzinfo=UTC)
JUNE_2, JUNE_3 = date(2026, 6, 2), date(2026, 6, 3)


def verdicts(ids: list[str]) -> list[str]:
    found = dict(Click.objects.values_list("id", "verdict"))
    return [found[_uuid(click_id)] for click_id in ids]


def _uuid(click_id: str) -> UUID:
    return UUID(hex=click_id)


def rollups() -> set[tuple[str, int, date, str, int, int, int]]:
    return set(ClickRollup.objects.values_list("dimension", "key", "day", "platform", "clicks", "previews", "filtered"))


@pytest.fixture
def shipper(journal_dir: Path) -> Shipper:
    return Shipper(journal_dir, node=NODE)


class TestShipperVerdicts:
    def test_it_stores_one_click_per_line_with_its_verdict(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper
    ) -> None:
        code = share_link().code
        t0 = ms(LATE_EVENING)
        ids = write_journal(
            [
                Line(code, t0, visitor="1111111111111111", agent=PHONE, referrer="https://wa.me/"),
                Line(code, t0 + 1_000, visitor="2222222222222222", agent=WHATSAPP_PREVIEW),
                Line(code, t0 + 2_000, visitor="3333333333333333", agent=GOOGLEBOT),
                Line(code, t0 + 60_000, visitor="1111111111111111", agent=PHONE),  # the same visitor, a minute on
                Line(code, t0 + 31 * 60_000, visitor="1111111111111111", agent=PHONE),  # after the 30 minutes
                Line(code, t0 + 31 * 60_000 + 1, visitor="4444444444444444", agent=PHONE),  # someone else
                Line(code, t0 + 32 * 60_000, visitor="4444444444444444", agent=""),  # no browser: a script
            ]
        )

        report = shipper.ship_all()

        assert verdicts(ids) == ["counted", "preview", "bot", "repeat", "counted", "counted", "bot"]
        assert (report.files, report.lines, report.stored) == (1, 7, 7)
        assert (report.counted, report.previews, report.filtered, report.skipped) == (3, 1, 3, 0)
        first = Click.objects.get(id=_uuid(ids[0]))
        assert (first.link_id, first.visitor, first.referrer) == (share_link().pk, "1111111111111111", "https://wa.me/")
        assert first.at == datetime.fromtimestamp(t0 / 1000, UTC)
        assert UserAgent.objects.get(pk=first.agent_id).text == PHONE

    def test_it_stores_each_user_agent_once_with_its_kind(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper
    ) -> None:
        code, t0 = share_link().code, ms(LATE_EVENING)
        write_journal([Line(code, t0 + n, visitor=f"{n:016x}", agent=agent) for n, agent in enumerate([PHONE] * 3)])
        write_journal([Line(code, t0 + 10, agent=WHATSAPP_PREVIEW), Line(code, t0 + 11, agent=PHONE)])

        shipper.ship_all()

        assert sorted(UserAgent.objects.values_list("text", "kind")) == [
            (PHONE, "human"),
            (WHATSAPP_PREVIEW, "preview"),
        ]
        assert Click.objects.count() == 5

    def test_it_judges_repeats_per_link(self, share_link: MakeLink, write_journal: Write, shipper: Shipper) -> None:
        whatsapp, x = share_link("whatsapp"), share_link("x")
        t0 = ms(LATE_EVENING)

        ids = write_journal([Line(whatsapp.code, t0), Line(x.code, t0 + 1), Line(whatsapp.code, t0 + 2)])
        shipper.ship_all()

        assert verdicts(ids) == ["counted", "counted", "repeat"]

    def test_it_still_knows_the_recent_visitors_after_a_restart(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code = share_link().code
        now = ms(datetime.now(UTC))
        first = write_journal([Line(code, now - 5 * 60_000, visitor="1111111111111111")])
        Shipper(journal_dir, node=NODE).ship_all()

        later = write_journal(
            [
                Line(code, now, visitor="1111111111111111"),  # five minutes after: a repeat
                Line(code, now + 1, visitor="2222222222222222"),
            ]
        )
        report = Shipper(journal_dir, node=NODE).ship_all()  # as after a restart: nothing in memory

        assert verdicts(first + later) == ["counted", "repeat", "counted"]
        assert (report.counted, report.filtered) == (1, 1)

    def test_it_counts_a_visitor_again_after_the_window_after_a_restart(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code = share_link().code
        now = ms(datetime.now(UTC))
        first = write_journal([Line(code, now - 40 * 60_000, visitor="1111111111111111")])
        Shipper(journal_dir, node=NODE).ship_all()

        later = write_journal([Line(code, now, visitor="1111111111111111")])
        Shipper(journal_dir, node=NODE, repeat_window=timedelta(minutes=30)).ship_all()

        assert verdicts(first + later) == ["counted", "counted"]

    def test_it_counts_every_click_with_a_window_of_zero(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code, t0 = share_link().code, ms(LATE_EVENING)
        ids = write_journal([Line(code, t0), Line(code, t0 + 1), Line(code, t0 + 2)])

        Shipper(journal_dir, node=NODE, repeat_window=timedelta(0)).ship_all()

        assert verdicts(ids) == ["counted"] * 3


class TestShipperRollups:
    def test_it_counts_per_link_member_item_campaign_and_unit_by_local_day_and_platform(
        self,
        share_link: MakeLink,
        write_journal: Write,
        shipper: Shipper,
        sharer: Membership,
        live_item: ContentItem,
        unit_media: Unit,
    ) -> None:
        whatsapp, x = share_link("whatsapp"), share_link("x")
        evening, night = ms(LATE_EVENING), ms(AFTER_MIDNIGHT)
        write_journal(
            [
                Line(whatsapp.code, evening, visitor="1111111111111111"),
                Line(whatsapp.code, evening + 1, visitor="2222222222222222", agent=WHATSAPP_PREVIEW),
                Line(whatsapp.code, evening + 2, visitor="3333333333333333", agent=GOOGLEBOT),
                Line(x.code, evening + 3, visitor="1111111111111111"),
                Line(whatsapp.code, night, visitor="4444444444444444", agent=IPHONE),
                Line(whatsapp.code, night + 1, visitor="4444444444444444", agent=IPHONE),  # a repeat
            ]
        )

        shipper.ship_all()

        keys = {
            "link": None,
            "member": sharer.pk,
            "item": live_item.pk,
            "campaign": live_item.campaign_id,
            "unit": unit_media.pk,
        }
        expected = set()
        for dimension, key in keys.items():
            expected |= {
                (dimension, key or whatsapp.pk, JUNE_2, "whatsapp", 1, 1, 1),
                (dimension, key or x.pk, JUNE_2, "x", 1, 0, 0),
                (dimension, key or whatsapp.pk, JUNE_3, "whatsapp", 1, 0, 1),
            }
        assert rollups() == expected
        assert set(ClickRollup.objects.values_list("organization_id", flat=True)) == {sharer.organization_id}

    def test_it_adds_a_batch_within_one_day_to_the_days_counts(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper
    ) -> None:
        link = share_link()
        write_journal([Line(link.code, ms(LATE_EVENING) + n, visitor=f"{n:016x}") for n in range(3)])
        shipper.ship_all()
        write_journal([Line(link.code, ms(LATE_EVENING) + 10 + n, visitor=f"{n + 10:016x}") for n in range(2)])
        shipper.ship_all()

        assert ClickRollup.objects.get(dimension="link", key=link.pk).clicks == 5
        assert ClickRollup.objects.get(dimension="link", key=link.pk).day == JUNE_2

    def test_it_writes_no_unit_row_for_a_link_without_a_unit(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper
    ) -> None:
        link = share_link()
        ShareLink.objects.filter(pk=link.pk).update(unit=None)
        write_journal([Line(link.code, ms(LATE_EVENING))])

        shipper.ship_all()

        assert sorted(ClickRollup.objects.values_list("dimension", flat=True)) == ["campaign", "item", "link", "member"]


class TestShipperAgain:
    def test_it_stores_and_counts_nothing_more_when_a_file_comes_again(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper, journal_dir: Path
    ) -> None:
        link = share_link()
        lines = [Line(link.code, ms(LATE_EVENING) + n, visitor=f"{n % 3:016x}") for n in range(6)]
        write_journal(lines, close=False)  # an active file of this (live) process: kept after shipping
        first = shipper.ship_all()
        counts, clicks = rollups(), Click.objects.count()
        assert (first.stored, clicks) == (6, 6)

        JournalCursor.objects.all().delete()  # as with a database restored from a backup
        for again in (shipper, Shipper(journal_dir, node=NODE)):
            report = again.ship_all()
            assert (report.lines, report.stored, report.already_stored) == (6, 0, 6)
            assert (report.counted, report.previews, report.filtered) == (0, 0, 0)
            JournalCursor.objects.all().delete()

        assert Click.objects.count() == clicks
        assert rollups() == counts

    def test_it_adds_only_what_is_new_of_a_partly_stored_batch(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper, journal_dir: Path
    ) -> None:
        link = share_link()
        writer = JournalWriter(journal_dir, node=NODE)
        for n in range(3):
            writer.append(ms(LATE_EVENING) + n, Line(link.code, 0, visitor=f"{n:016x}").fields)
        shipper.ship_all()
        for n in range(3, 5):
            writer.append(ms(LATE_EVENING) + n, Line(link.code, 0, visitor=f"{n:016x}").fields)
        JournalCursor.objects.all().delete()

        report = shipper.ship_all()

        assert (report.stored, report.already_stored, report.counted) == (2, 3, 2)
        assert ClickRollup.objects.get(dimension="link", key=link.pk).clicks == 5
        writer.close()


class TestShipperFiles:
    def test_it_removes_a_closed_file_fully_stored_with_its_cursor(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        write_journal([Line(code, ms(LATE_EVENING) + n, visitor=f"{n:016x}") for n in range(4)])
        (file,) = journal_files(journal_dir)

        report = shipper.ship_all()

        assert report.removed == [file.name]
        assert list(journal_dir.iterdir()) == []
        assert not JournalCursor.objects.exists()
        assert Click.objects.count() == 4

    def test_it_ships_an_active_file_and_keeps_it(
        self, share_link: MakeLink, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        writer = JournalWriter(journal_dir, node=NODE)
        writer.append(ms(LATE_EVENING), Line(code, 0, visitor="1111111111111111").fields)

        report = shipper.ship_all()

        assert (report.stored, report.removed) == (1, [])
        assert writer.path.exists()
        cursor = JournalCursor.objects.get(name=writer.path.stem)
        assert (cursor.offset, cursor.clicks) == (writer.path.stat().st_size, 1)

        writer.append(ms(LATE_EVENING) + 1, Line(code, 0, visitor="2222222222222222").fields)
        assert shipper.ship_all().stored == 1
        writer.close()
        report = shipper.ship_all()
        assert (report.stored, report.removed) == (0, [writer.path.stem])
        assert Click.objects.count() == 2
        assert list(journal_dir.iterdir()) == []

    def test_it_waits_for_the_end_of_an_incomplete_line_of_an_active_file(
        self, share_link: MakeLink, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        writer = JournalWriter(journal_dir, node=NODE)
        writer.append(ms(LATE_EVENING), Line(code, 0).fields)
        line = f"{ms(LATE_EVENING) + 1:012x}{'0' * 20}\t{code}\t2222222222222222\t\t{PHONE}\n".encode()
        with open(writer.path, "ab") as handle:
            handle.write(line[:40])

        assert (shipper.ship_all().stored, Click.objects.count()) == (1, 1)

        with open(writer.path, "ab") as handle:
            handle.write(line[40:])
        assert shipper.ship_all().stored == 1
        assert Click.objects.count() == 2
        writer.close()

    def test_it_skips_a_torn_last_line_of_a_closed_file_and_removes_the_file(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        write_journal([Line(code, ms(LATE_EVENING) + n, visitor=f"{n:016x}") for n in range(2)])
        (file,) = journal_files(journal_dir)
        with open(file.path, "ab") as handle:
            handle.write(f"{ms(LATE_EVENING) + 5:012x}{'0' * 20}\t{code}\t33".encode())  # the disk filled up

        report = shipper.ship_all()

        assert (report.stored, report.skipped, report.removed) == (2, 1, [file.name])
        assert not file.path.exists()
        assert not JournalCursor.objects.exists()

    def test_it_skips_and_counts_unknown_codes_and_garbage_lines(
        self, share_link: MakeLink, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        good = f"{ms(LATE_EVENING):012x}{'a' * 20}\t{code}\t1111111111111111\t\t{PHONE}"
        garbage = [
            f"{ms(LATE_EVENING) + 1:012x}{'b' * 20}\tZZZZZZZZZ\t1111111111111111\t\t{PHONE}",  # no such link
            "hello world",
            "",
            f"{ms(LATE_EVENING) + 2:012x}{'c' * 20}\t{code}\ttoo\tfew",
            f"{ms(LATE_EVENING) + 3:012x}{'d' * 20}\t{code}\t1\t2\t3\t4",
            f"not-hex-at-all{'e' * 18}\t{code}\t1111111111111111\t\t{PHONE}",
            "\x00\x00\x00\x00",
        ]
        path = journal_dir / f"{NODE}.1.abcd.000001.closed"
        path.write_bytes(("\n".join([good, *garbage]) + "\n").encode())

        report = shipper.ship_all()

        assert (report.lines, report.stored, report.skipped) == (8, 1, 7)
        assert report.removed == [path.stem]
        assert Click.objects.get().link_id == share_link().pk

    @pytest.mark.parametrize(
        "bad",
        [
            "abc\t{code}\t1111111111111111\t\t{agent}",  # an id cut short
            "{id}zz\t{code}\t1111111111111111\t\t{agent}",  # an id with more than hex digits
            "{id_start}zz\t{code}\t1111111111111111\t\t{agent}",  # 32 letters and digits, not all hex
            "{id}\t{code}\t" + "1" * 40 + "\t\t{agent}",  # a visitor longer than a visitor hash
            "{id}\t{code}\t1111\t\t{agent}",  # a visitor shorter than a visitor hash
            "{id}\t{code}\t" + "1" * 15 + "\\\t\t{agent}",  # 16 characters, the last a backslash (COPY's escape)
        ],
        ids=["short-id", "long-id", "id-not-hex", "long-visitor", "short-visitor", "visitor-backslash"],
    )
    def test_it_skips_a_line_that_only_looks_like_a_click(
        self, share_link: MakeLink, shipper: Shipper, journal_dir: Path, bad: str
    ) -> None:
        self._ship_with_one_bad_line(share_link().code, shipper, journal_dir, bad)

    @staticmethod
    def _ship_with_one_bad_line(code: str, shipper: Shipper, journal_dir: Path, bad: str) -> None:
        """Ships a closed journal of two good lines around ``bad`` and checks that only ``bad`` was skipped."""
        good = f"{ms(LATE_EVENING):012x}{'a' * 20}\t{code}\t2222222222222222\t\t{PHONE}"
        path = journal_dir / f"{NODE}.1.abcd.000001.closed"
        click_id = f"{ms(LATE_EVENING) + 1:012x}{'0' * 20}"
        bad_line = bad.format(id=click_id, id_start=click_id[:30], code=code, agent=PHONE)
        assert bad_line.count("\t") == 4
        path.write_bytes(f"{good}\n{bad_line}\n{good.replace('a' * 20, 'b' * 20)}\n".encode())

        report = shipper.ship_all()

        assert (report.lines, report.stored, report.skipped) == (3, 2, 1)
        assert report.removed == [path.stem]
        assert Click.objects.count() == 2

    def test_it_ships_and_keeps_a_journal_another_node_still_writes(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        write_journal([Line(code, ms(LATE_EVENING))], close=False, node="web-9")

        report = shipper.ship_all()

        assert (report.stored, report.orphans, report.removed) == (1, [], [])
        assert [file.closed for file in journal_files(journal_dir)] == [False]

    def test_it_closes_ships_and_removes_the_journal_of_a_redirector_that_died(
        self, share_link: MakeLink, shipper: Shipper, journal_dir: Path
    ) -> None:
        code = share_link().code
        path = journal_dir / f"{NODE}.999999999.abcd.000001.active"  # no such process
        path.write_text(f"{ms(LATE_EVENING):012x}{'0' * 20}\t{code}\t1111111111111111\t\t{PHONE}\n")

        report = shipper.ship_all()

        assert report.orphans == [path.stem]
        assert report.removed == [path.stem]
        assert (report.stored, Click.objects.count()) == (1, 1)
        assert list(journal_dir.iterdir()) == []

    def test_it_ships_many_lines_in_several_batches(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code = share_link().code
        ids = write_journal([Line(code, ms(LATE_EVENING) + n, visitor=f"{n:016x}") for n in range(500)])

        report = Shipper(journal_dir, node=NODE, batch_bytes=4096).ship_all()

        assert (report.lines, report.stored, report.counted) == (500, 500, 500)
        assert Click.objects.count() == 500
        assert set(Click.objects.values_list("id", flat=True)) == {_uuid(click_id) for click_id in ids}
        assert ClickRollup.objects.get(dimension="link").clicks == 500
        assert list(journal_dir.iterdir()) == []

    def test_it_stores_a_backslash_in_a_referrer_as_it_is(
        self, share_link: MakeLink, write_journal: Write, shipper: Shipper
    ) -> None:
        code = share_link().code
        referrer = r"https://contoh.example/a\b\N\t"
        write_journal([Line(code, ms(LATE_EVENING), referrer=referrer)])

        shipper.ship_all()

        assert Click.objects.get().referrer == referrer

    def test_it_ships_nothing_from_an_empty_or_missing_folder(self, db: None, tmp_path: Path) -> None:
        assert Shipper(tmp_path / "missing").ship_all() == ShipReport()
        assert Shipper(tmp_path).ship_all() == ShipReport()


@pytest.mark.django_db(transaction=True)
class TestShipperFromTheRedirector:
    def test_it_stores_what_the_redirector_journals(
        self, make_redirector: Callable[..., Any], share_link: MakeLink, journal_dir: Path
    ) -> None:
        link = share_link()
        redirector = make_redirector()
        answers = [
            call(redirector, f"/s/{link.code}", address="203.0.113.45", HTTP_USER_AGENT=PHONE),
            call(redirector, f"/s/{link.code}", address="203.0.113.46", HTTP_USER_AGENT=PHONE),  # same network
            call(redirector, f"/s/{link.code}", address="198.51.100.1", HTTP_USER_AGENT=WHATSAPP_PREVIEW),
            call(redirector, f"/s/{link.code}", address="192.0.2.1", HTTP_USER_AGENT=IPHONE),
        ]
        assert [answer.status for answer in answers] == [302] * 4
        redirector.stop()

        report = Shipper(journal_dir, node=NODE).ship_all()

        assert (report.stored, report.counted, report.previews, report.filtered) == (4, 2, 1, 1)
        assert sorted(Click.objects.values_list("verdict", flat=True)) == ["counted", "counted", "preview", "repeat"]
        assert list(journal_dir.iterdir()) == []
        (row,) = ClickRollup.objects.filter(dimension="link", key=link.pk)
        assert (row.clicks, row.previews, row.filtered) == (2, 1, 1)
        assert row.day == timezone.localdate()  # Jakarta's day (TIME_ZONE)


# --- the database goes away ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Outage:
    """The database made unavailable to this process's connection, for real, until ``end()``.

    PostgreSQL: the connection is closed and pointed at a port nobody listens on (connections are refused).
    SQLite (the test database is in memory, shared by the connections of this process): another connection holds
    an exclusive transaction with a write in it, so that this one can neither read nor write."""

    def __init__(self) -> None:
        self.port: Any = None
        self.holder: sqlite3.Connection | None = None

    def start(self) -> None:
        if connection.vendor == "postgresql":
            self.port = connection.settings_dict["PORT"]
            connection.close()
            connection.settings_dict["PORT"] = str(free_port())
            return
        self.holder = sqlite3.connect(
            connection.settings_dict["NAME"], uri=True, isolation_level=None, check_same_thread=False
        )
        self.holder.execute("BEGIN EXCLUSIVE")
        self.holder.execute("INSERT INTO links_visitorsalt (day, salt) VALUES ('2000-01-01', 'held')")

    def end(self) -> None:
        if self.port is not None:
            connection.settings_dict["PORT"] = self.port
            self.port = None
        if self.holder is not None:
            self.holder.execute("ROLLBACK")
            self.holder.close()
            self.holder = None


@pytest.fixture
def outage() -> Iterator[Outage]:
    made = Outage()
    yield made
    made.end()


@pytest.mark.django_db(transaction=True)
class TestShipperRun:
    def test_it_waits_while_the_database_is_away_and_loses_nothing(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path, outage: Outage
    ) -> None:
        code = share_link().code
        ids = write_journal([Line(code, ms(LATE_EVENING) + n, visitor=f"{n:016x}") for n in range(3)])
        (file,) = journal_files(journal_dir)
        shipper = Shipper(journal_dir, node=NODE)
        sleeps: list[float] = []
        reports: list[ShipReport] = []

        def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            if len(sleeps) == 2:  # two attempts failed: the database is back
                outage.end()

        outage.start()
        shipper.run(interval=0.5, should_stop=lambda: bool(reports), on_report=reports.append, sleep=sleep)

        assert sleeps == [0.5, 1.0, 0.5]  # waiting longer after each failure, then the usual interval
        (report,) = reports
        assert (report.stored, report.counted, report.removed) == (3, 3, [file.name])
        assert set(Click.objects.values_list("id", flat=True)) == {_uuid(click_id) for click_id in ids}
        assert ClickRollup.objects.get(dimension="link").clicks == 3
        assert list(journal_dir.iterdir()) == []

    def test_it_stops_on_an_error_that_is_not_the_database(self, tmp_path: Path) -> None:
        (tmp_path / "clicks").write_text("a file where the folder should be")
        shipper = Shipper(tmp_path / "clicks")

        with pytest.raises(NotADirectoryError):
            shipper.run(interval=0.01, should_stop=lambda: False, sleep=lambda seconds: None)


# --- the command ------------------------------------------------------------------------------------------


def clicks_command(*args: str) -> str:
    out = io.StringIO()
    call_command("clicks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class TestClicksCommand:
    def test_it_ships_once_and_prints_its_report_as_json(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code, t0 = share_link().code, ms(LATE_EVENING)
        write_journal(
            [
                Line(code, t0, visitor="1111111111111111"),
                Line(code, t0 + 1, visitor="1111111111111111"),
                Line(code, t0 + 2, agent=WHATSAPP_PREVIEW),
                Line(code, t0 + 3, agent=GOOGLEBOT),
                Line("ZZZZZZZZZ", t0 + 4),
            ]
        )

        report = json.loads(clicks_command("ship", "--once", "--json"))

        assert report.pop("seconds") >= 0
        assert report == {
            "files": 1,
            "lines": 5,
            "stored": 4,
            "counted": 1,
            "previews": 1,
            "filtered": 2,
            "already_stored": 0,
            "skipped": 1,
            "removed": 1,
        }
        assert Click.objects.count() == 4
        assert list(journal_dir.iterdir()) == []

    def test_it_ships_once_from_the_folder_it_is_given(
        self, share_link: MakeLink, tmp_path: Path, journal_dir: Path
    ) -> None:
        elsewhere = tmp_path / "elsewhere"
        writer = JournalWriter(elsewhere, node=NODE)
        writer.append(ms(LATE_EVENING), Line(share_link().code, 0).fields)
        writer.close()

        output = clicks_command("ship", "--once", "--dir", str(elsewhere))

        assert output.startswith("1 clicks stored (1 counted, 0 link previews, 0 crawlers or repeats)")
        assert "1 journal file(s) done and removed" in output
        assert Click.objects.count() == 1

    def test_it_refuses_a_file_for_a_folder_and_a_bad_interval(self, db: None, tmp_path: Path) -> None:
        (tmp_path / "file").write_text("")

        with pytest.raises(CommandError, match="is not a folder"):
            clicks_command("ship", "--once", "--dir", str(tmp_path / "file"))
        with pytest.raises(CommandError, match="--interval"):
            clicks_command("ship", "--interval", "0", "--dir", str(tmp_path))

    def test_it_shows_the_status_of_what_waits(
        self, share_link: MakeLink, write_journal: Write, journal_dir: Path
    ) -> None:
        code = share_link().code
        write_journal([Line(code, ms(LATE_EVENING))])
        writer = JournalWriter(journal_dir, node=NODE)
        writer.append(ms(LATE_EVENING) + 1, Line(code, 0).fields)
        Shipper(journal_dir, node="web-9").ship_all()  # another node's shipper: stores both, removes the closed one
        writer.append(ms(LATE_EVENING) + 2, Line(code, 0).fields)
        closed = JournalWriter(journal_dir, node=NODE)
        closed.append(ms(LATE_EVENING) + 3, Line(code, 0).fields)
        closed.close()
        line_size = len(f"{'0' * 32}\t{Line(code, 0).fields}\n".encode())

        output = clicks_command("status").splitlines()

        assert sorted(output) == sorted(
            [
                f"{writer.path.stem}  being written  {2 * line_size} bytes, {line_size} bytes not stored yet",
                f"{closed.path.stem}  closed  {line_size} bytes, {line_size} bytes not stored yet",
            ]
        )
        writer.close()

    def test_it_shows_the_status_of_an_empty_folder(self, db: None, journal_dir: Path) -> None:
        assert clicks_command("status").startswith(f"No journal files in {journal_dir}")
