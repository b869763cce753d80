"""`duta clicks ship`: the journals of the redirectors into `Click` rows and the daily `ClickRollup` counts.

One batch is one transaction: the clicks, the rollups they add to, and the journal file's cursor move together,
so a batch is stored once or not at all. If a batch comes again anyway (a cursor lost with a restored database),
the clicks' unique ids make it harmless: stored ids are skipped and add nothing to the rollups.

Link previews (WhatsApp, Facebook, X, Telegram, Slack, LinkedIn…), crawlers, and a visitor's repeated clicks on
the same link within ``repeat_window`` are stored with their verdict but not counted as clicks.

The inserts are written in SQL rather than through the ORM: at a hundred thousand clicks a second, building
model instances would cost more than the database (see ADR 0008).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from duta.links import journal, rules
from duta.links.models import (
    Click,
    ClickRollup,
    JournalCursor,
    ShareLink,
    UserAgent,
    Verdict,
    click_id_floor,
)

logger = logging.getLogger(__name__)

_AGENT_CACHE_LIMIT = 50_000
_QUARTER_HOUR_MS = 15 * 60 * 1000
_LINK_AND_VERDICT = itemgetter(1, 5)
SQLITE_CACHE_KIB = 64 * 1024


@dataclass(frozen=True)
class LinkInfo:
    link_id: int
    organization_id: int
    member_id: int
    item_id: int
    campaign_id: int
    unit_id: int | None
    platform: str


@dataclass
class ShipReport:
    files: int = 0
    lines: int = 0
    stored: int = 0
    counted: int = 0
    previews: int = 0
    filtered: int = 0
    already_stored: int = 0  # clicks of a batch shipped before: skipped
    skipped: int = 0  # unreadable lines, unknown codes, torn last lines
    removed: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    def add(self, other: ShipReport) -> None:
        for name in ("files", "lines", "stored", "counted", "previews", "filtered", "already_stored", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.removed += other.removed
        self.orphans += other.orphans


Row = tuple[str, int, str, str, int, str]  # id, link id, visitor, referrer, user agent id, verdict
HUMAN, COUNTED, REPEAT = "human", Verdict.COUNTED.value, Verdict.REPEAT.value
_COLUMNS = {COUNTED: 0, Verdict.PREVIEW.value: 1, Verdict.BOT.value: 2, REPEAT: 2}


@dataclass
class _Batch:
    """The lines of a journal file from ``offset`` to ``end``, judged."""

    offset: int
    end: int
    lines: int
    rows: list[Row] = field(default_factory=list)
    pending: dict[tuple[int, str], int] = field(default_factory=dict)  # (link, visitor) -> ms, counted here
    counts: dict[tuple[int, str], int] = field(default_factory=dict)  # (link, verdict) -> clicks
    days: dict[tuple[int, date, str], int] = field(default_factory=dict)  # (link, day, verdict) -> clicks
    new_agents: dict[str, tuple[int, str]] = field(default_factory=dict)  # text -> (id, kind), not stored before
    skipped: int = 0


def _agent(text: str) -> tuple[int, str]:
    """A user agent's id (a 64-bit hash of its text) and kind."""
    digest = hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True), rules.agent_kind(text)


class Shipper:
    """Ships every journal in ``directory``. Keeps, between batches, the links it has met, the verdicts of the
    user agents it has read, and the last counted click of each visitor on each link within the window."""

    def __init__(
        self,
        directory: Path,
        *,
        node: str | None = None,
        batch_bytes: int = 16 << 20,
        repeat_window: timedelta = timedelta(minutes=30),
        orphan_seconds: float = 3600.0,
    ) -> None:
        self.directory = Path(directory)
        self.node = node
        self.batch_bytes = batch_bytes
        self.window_ms = int(repeat_window.total_seconds() * 1000)
        self.orphan_seconds = orphan_seconds
        self._links: dict[str, int] = {}  # code -> link id
        self._by_id: dict[int, LinkInfo] = {}
        self._agents: dict[str, tuple[int, str]] = {}  # text -> (id, kind), for the user agents stored
        self._recent: dict[tuple[int, str], int] = {}
        self._seeded = False
        self._zone = ZoneInfo(settings.TIME_ZONE)
        self._days: dict[int, date] = {}
        self._table = connection.ops.quote_name(Click._meta.db_table)
        self._rollups = connection.ops.quote_name(ClickRollup._meta.db_table)

    # --- the loop -----------------------------------------------------------------------------------

    def ship_all(self) -> ShipReport:
        """Store everything the journals hold now; remove the closed files that are fully stored."""
        report = ShipReport(
            orphans=journal.close_orphans(self.directory, node=self.node, stale_seconds=self.orphan_seconds)
        )
        # Hundreds of thousands of new tuples would set off the cyclic garbage collector again and again, for
        # nothing: none of them is in a cycle. It runs again when the pass is over.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if not self._seeded:
                self._seed_recent()
            for file in journal.journal_files(self.directory):
                report.files += 1
                report.add(self._ship_file(file))
            self._prune_recent()
        finally:
            if collecting:
                gc.enable()
        return report

    def run(
        self,
        *,
        interval: float = 1.0,
        should_stop: Callable[[], bool] = lambda: False,
        on_report: Callable[[ShipReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Ship, wait ``interval`` seconds, ship again, until ``should_stop()``. When the database is down the
        batch is left where it is and tried again, waiting longer each time (up to a minute): nothing is lost."""
        delay = interval
        while not should_stop():
            try:
                report = self.ship_all()
            except Exception as error:
                if not _database_error(error):
                    raise
                logger.warning("clicks ship: the database is unavailable (%s); trying again in %.0f s", error, delay)
                _reset_connection()
                sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            delay = interval
            if on_report is not None:
                on_report(report)
            sleep(interval)

    # --- one file -----------------------------------------------------------------------------------

    def _ship_file(self, file: journal.JournalFile) -> ShipReport:
        """Ship the file up to the size it has now (a busy redirector's file must not keep the others waiting),
        then remove it if it is closed and stored to its end."""
        report = ShipReport()
        size = journal.file_size(file.path)
        while size >= 0 and (stored := self._ship_batch(file, report)) and stored < size:  # (-1: removed)
            pass
        if file.closed:
            self._finish(file, report)
        return report

    def _ship_batch(self, file: journal.JournalFile, report: ShipReport) -> int:
        """Store the next batch of ``file``; returns the file's offset after it, or 0 when there was nothing
        (complete) to store."""
        with transaction.atomic():
            cursor, _created = JournalCursor.objects.select_for_update().get_or_create(name=file.name)
            batch = self._read(file.path, cursor.offset)
            if batch is None:
                return 0
            with connection.cursor() as sql:
                if connection.vendor == "sqlite":
                    sql.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")  # the primary key index stays in memory
                else:
                    # A batch's commit need not wait for the disk: if PostgreSQL crashes first, the batch and its
                    # cursor are lost together and the lines are shipped again. A journal file is only removed
                    # after a synchronous commit (``_finish``), which flushes every batch before it.
                    sql.execute("SET LOCAL synchronous_commit TO OFF")
            self._insert_agents(batch.new_agents)
            inserted = self._insert(batch.rows)
            already = len(batch.rows) - len(inserted)
            if already:  # a batch shipped before: only what was not stored counts
                batch.days = self._days_of(inserted)
            counts = self._add_rollups(batch.days)
            cursor.offset = batch.end
            cursor.clicks += len(inserted)
            cursor.save(update_fields=["offset", "clicks", "updated_at"])
        # only now that it is committed do the batch's clicks count as "recent" for the next batches
        if already:
            fresh = {(row[1], row[2]) for row in inserted}
            batch.pending = {key: ms for key, ms in batch.pending.items() if key in fresh}
        self._recent.update(batch.pending)
        if len(self._agents) + len(batch.new_agents) > _AGENT_CACHE_LIMIT:
            self._agents.clear()
        self._agents.update(batch.new_agents)
        report.lines += batch.lines
        report.stored += len(inserted)
        report.already_stored += already
        report.skipped += batch.skipped
        report.counted += counts[0]
        report.previews += counts[1]
        report.filtered += counts[2]
        return batch.end

    def _finish(self, file: journal.JournalFile, report: ShipReport) -> None:
        """Remove a closed file that is stored to its end (a torn last line, from a full disk, is skipped)."""
        cursor = JournalCursor.objects.filter(name=file.name).first()
        size = journal.file_size(file.path)
        offset = cursor.offset if cursor is not None else 0
        if size < 0 or offset < size:
            if size >= 0 and cursor is not None and _only_torn_tail(file.path, offset):
                report.skipped += 1
                logger.warning("clicks ship: %s ends with an incomplete line; it is skipped", file.name)
            else:
                return
        with transaction.atomic():  # a synchronous commit: every batch of the file is on disk after it
            JournalCursor.objects.filter(name=file.name).delete()
        file.path.unlink(missing_ok=True)  # (if this never happens, the file is shipped again: nothing is new)
        report.removed.append(file.name)

    # --- parsing and verdicts -----------------------------------------------------------------------

    def _read(self, path: Path, offset: int) -> _Batch | None:
        """The batch that starts at ``offset``, judged, or None when there is no complete line there."""
        try:
            text, end = journal.read_complete(path, offset, self.batch_bytes)
        except FileNotFoundError:
            return None
        if not text:
            return None
        lines = text.split("\n")
        lines.pop()  # the text ends with a newline
        batch = _Batch(offset=offset, end=end, lines=len(lines))
        unknown = self._verdicts(lines, batch)
        if unknown:  # links not met before: read them, then try these lines again
            self._load_links({line.split("\t", 2)[1] for line in unknown if line.count("\t") == 4})
            batch.skipped += len(self._verdicts(unknown, batch))  # unknown codes, or not clicks at all
        rows = batch.rows  # in the order of their ids (by time), as the redirector wrote them
        batch.counts = Counter(map(_LINK_AND_VERDICT, rows))
        if rows:
            ids = [row[0] for row in rows]
            first, last = (self._day(int(edge[:12], 16) // _QUARTER_HOUR_MS) for edge in (min(ids), max(ids)))
            if first == last:  # a batch is seconds of clicks: almost always within one day
                batch.days = {(link_id, first, verdict): n for (link_id, verdict), n in batch.counts.items()}
            else:
                batch.days = self._days_of(rows)
        return batch

    def _verdicts(self, lines: list[str], batch: _Batch) -> list[str]:
        """Add the clicks of ``lines`` to ``batch`` with their verdicts; returns the lines it could not read."""
        links, agents, recent, window = self._links, self._agents, self._recent, self.window_ms
        pending, append, new_agents, match = batch.pending, batch.rows.append, batch.new_agents, journal.CLICK.fullmatch
        unknown = []
        for line in lines:
            parsed = match(line)  # an id of 32 hex digits and a visitor of 16: nothing a UUID or COPY chokes on
            link_id = links.get(parsed[2]) if parsed else None
            if parsed is None or link_id is None:
                unknown.append(line)
                continue
            click_id, _code, visitor, referrer, text_agent = parsed.groups()
            agent = agents.get(text_agent) or new_agents.get(text_agent)
            if agent is None:
                agent = new_agents[text_agent] = _agent(text_agent)
            if agent[1] == HUMAN:
                ms = int(click_id[:12], 16)
                key = (link_id, visitor)  # the visitor hash covers the address's network and the browser
                last = pending.get(key) or recent.get(key)
                if last is not None and -window < ms - last < window:
                    verdict = REPEAT
                else:
                    verdict = COUNTED
                    pending[key] = ms
            else:
                verdict = agent[1]  # "preview" or "bot"
            append((click_id, link_id, visitor, referrer, agent[0], verdict))
        return unknown

    def _load_links(self, codes: set[str]) -> None:
        missing = list(codes)
        fields = ("code", "pk", "organization_id", "member_id", "item_id", "campaign_id", "unit_id", "platform")
        for start in range(0, len(missing), 500):
            for code, *values in ShareLink.objects.filter(code__in=missing[start : start + 500]).values_list(*fields):
                info = LinkInfo(*values)
                self._links[code] = info.link_id
                self._by_id[info.link_id] = info

    def _seed_recent(self) -> None:
        """The counted clicks within the window, from the database (a range of the time-ordered primary key): a
        restarted shipper knows them too."""
        since = click_id_floor(int(time.time() * 1000) - self.window_ms)
        rows = Click.objects.filter(id__gte=since, verdict=Verdict.COUNTED).values_list("link_id", "visitor", "id")
        for link_id, visitor, click_id in rows.iterator(chunk_size=10_000):
            ms = int(click_id.hex[:12], 16)
            key = (link_id, visitor)
            if ms > self._recent.get(key, 0):
                self._recent[key] = ms
        self._seeded = True

    def _prune_recent(self) -> None:
        if len(self._recent) < 10_000:
            return
        horizon = int(time.time() * 1000) - self.window_ms
        self._recent = {key: ms for key, ms in self._recent.items() if ms >= horizon}

    # --- SQL ----------------------------------------------------------------------------------------

    def _insert_agents(self, agents: dict[str, tuple[int, str]]) -> None:
        fresh = [(pk, text, kind) for text, (pk, kind) in agents.items()]
        if not fresh:
            return
        table = connection.ops.quote_name(UserAgent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (id, text, kind) VALUES (%s, %s, %s) ON CONFLICT (id) DO NOTHING",  # noqa: S608
                fresh,
            )

    def _insert(self, rows: list[Row]) -> list[Row]:
        """Insert the clicks; returns the rows that were not stored before (all of them, unless the batch was
        shipped before)."""
        if not rows:
            return []
        try:
            with transaction.atomic():
                self._write(rows)
            return rows
        except IntegrityError:
            pass
        stored = self._stored_ids([row[0] for row in rows])
        fresh = [row for row in rows if row[0] not in stored]
        if fresh:
            self._write(fresh)
        return fresh

    def _write(self, rows: list[Row]) -> None:
        columns = "id, link_id, visitor, referrer, agent_id, verdict"
        with connection.cursor() as cursor, connection.wrap_database_errors:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg 3: COPY is several times faster than INSERT
                with raw.copy(f"COPY {self._table} ({columns}) FROM STDIN") as copy:
                    copy.write("".join([_copy_line(row) for row in rows]))
            else:
                sql = f"INSERT INTO {self._table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
                cursor.executemany(sql, rows)

    def _stored_ids(self, ids: list[str]) -> set[str]:
        stored: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = [UUID(hex=value) for value in ids[start : start + 500]]
            stored.update(value.hex for value in Click.objects.filter(id__in=chunk).values_list("id", flat=True))
        return stored

    def _days_of(self, rows: list[Row]) -> dict[tuple[int, date, str], int]:
        """The clicks of ``rows`` per link, day and verdict."""
        days: dict[tuple[int, date, str], int] = {}
        for row in rows:
            key = (row[1], self._day(int(row[0][:12], 16) // _QUARTER_HOUR_MS), row[5])
            days[key] = days.get(key, 0) + 1
        return days

    def _add_rollups(self, per_link: dict[tuple[int, date, str], int]) -> tuple[int, int, int]:
        """Add the clicks to the daily counts per link, ambassador, item, campaign and unit. Returns the numbers
        of counted clicks, previews and filtered ones."""
        totals: dict[tuple[str, int, date, str], list[int]] = {}
        counts = [0, 0, 0]
        for (link_id, day, verdict), number in per_link.items():
            info = self._by_id[link_id]
            column = _COLUMNS[verdict]
            counts[column] += number
            for dimension, key in (
                ("link", info.link_id),
                ("member", info.member_id),
                ("item", info.item_id),
                ("campaign", info.campaign_id),
                ("unit", info.unit_id),
            ):
                if key is None:
                    continue
                slot = totals.get((dimension, key, day, info.platform))
                if slot is None:
                    slot = totals[(dimension, key, day, info.platform)] = [info.organization_id, 0, 0, 0]
                slot[column + 1] += number
        if totals:
            self._upsert_rollups(
                [
                    (organization_id, dimension, key, day, platform, clicks, previews, filtered)
                    for (dimension, key, day, platform), (organization_id, clicks, previews, filtered) in totals.items()
                ]
            )
        return counts[0], counts[1], counts[2]

    def _upsert_rollups(self, values: list[tuple[int, str, int, date, str, int, int, int]]) -> None:
        """Add to the daily counts, creating the rows that do not exist yet. PostgreSQL takes them through COPY into
        a temporary table and one INSERT … ON CONFLICT from it (thousands of rows per batch: a statement each would
        cost more than the clicks); SQLite, in-process, as one prepared statement run for each."""
        key = connection.ops.quote_name("key")
        table = self._rollups
        columns = f"organization_id, dimension, {key}, day, platform, clicks, previews, filtered"
        conflict = (
            f"ON CONFLICT (dimension, {key}, day, platform) DO UPDATE SET clicks = {table}.clicks + excluded.clicks, "
            f"previews = {table}.previews + excluded.previews, filtered = {table}.filtered + excluded.filtered"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(  # one per connection, emptied after each use
                    "CREATE TEMPORARY TABLE IF NOT EXISTS duta_rollup_batch (organization_id bigint, "
                    f"dimension varchar(8), {key} bigint, day date, platform varchar(16), clicks integer, "
                    "previews integer, filtered integer)"
                )
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY duta_rollup_batch ({columns}) FROM STDIN") as copy,
                ):
                    copy.write("".join(["\t".join(map(str, row)) + "\n" for row in values]))
                cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM duta_rollup_batch {conflict}")  # noqa: S608
                cursor.execute("TRUNCATE duta_rollup_batch")
            else:
                rows = [(*row[:3], row[3].isoformat(), *row[4:]) for row in values]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 8)}) {conflict}", rows)  # noqa: S608

    def _day(self, quarter: int) -> date:
        """The day, in the site's time zone (``TIME_ZONE``, Asia/Jakarta by default), of a quarter hour since 1970
        (every time zone's offset is a whole number of quarter hours)."""
        day = self._days.get(quarter)
        if day is None:
            if len(self._days) > 100_000:
                self._days.clear()
            day = self._days[quarter] = datetime.fromtimestamp(quarter * _QUARTER_HOUR_MS / 1000, self._zone).date()
        return day


def _copy_line(row: Row) -> str:
    """One row in COPY's text format. The redirector keeps tabs and line breaks out of the fields; a backslash
    (possible in a referrer or a user agent) is doubled."""
    click_id, link_id, visitor, referrer, agent_id, verdict = row
    if "\\" in referrer:
        referrer = referrer.replace("\\", "\\\\")
    return f"{click_id}\t{link_id}\t{visitor}\t{referrer}\t{agent_id}\t{verdict}\n"


def _only_torn_tail(path: Path, offset: int) -> bool:
    """Whether everything after ``offset`` is one incomplete line (what a full disk leaves behind)."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        rest = handle.read(1 << 20)
    return b"\n" not in rest


def _database_error(error: BaseException) -> bool:
    from django.db import DatabaseError, InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def _reset_connection() -> None:
    with contextlib.suppress(Exception):  # a connection that is already broken
        connection.close()


__all__ = ["LinkInfo", "ShipReport", "Shipper"]
