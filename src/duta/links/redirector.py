"""`GET /s/<code>`: the hot path. A plain WSGI callable, not a Django view.

Per request: one dictionary lookup, one hash (cached per visitor), one ``os.write`` to the journal, a 302. No
session, no template, no database, Redis or fsync. A background thread per process loads the links, picks up
changed ones every ``LINKS_REFRESH_SECONDS``, keeps the day's visitor salt, rotates and flushes the journal.

Two ways to serve it: `duta redirector` (a process of its own, for nginx to send ``/s/`` to), and ``mount()``,
which the main WSGI application uses so that `duta serve` answers ``/s/`` with the same code.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from duta.links import rules
from duta.links.journal import JournalWriter, clean_field

logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PREFIX = "/s/"
_VISITOR_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Entry:
    link_id: int
    location: str
    active: bool


class Redirector:
    def __init__(
        self,
        *,
        journal_dir: Path,
        node: str | None = None,
        refresh_seconds: float = 1.0,
        trust_forwarded_for: bool = False,
        rotate_seconds: float = 60.0,
        rotate_bytes: int = 64 << 20,
        start_wait_seconds: float = 10.0,
    ) -> None:
        self.journal_dir = Path(journal_dir)
        self.node = node
        self.refresh_seconds = refresh_seconds
        self.trust_forwarded_for = trust_forwarded_for
        self.rotate_seconds = rotate_seconds
        self.rotate_bytes = rotate_bytes
        self.start_wait_seconds = start_wait_seconds
        self.links: dict[str, Entry] = {}
        self.loaded = threading.Event()
        self._locations: dict[str, str] = {}  # one string per distinct address (shared by many links)
        self._visitors: dict[tuple[str, str], str] = {}
        self._salts: dict[date, bytes] = {}
        self._zone = ZoneInfo(settings.TIME_ZONE)
        self._day_ends = 0.0
        self._salt = b""
        self._watermark: datetime | None = None
        self._journal: JournalWriter | None = None
        self._started_pid = 0
        self._start_lock = threading.Lock()
        self._stop = threading.Event()
        self._pages = _pages()
        self.journal_errors = 0

    # --- the request --------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self._started_pid != os.getpid():
            self.start()
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return [b""]
        code = environ.get("PATH_INFO", "")[len(PREFIX) :].rstrip("/")
        entry = self.links.get(code)
        if entry is None:
            if not self.loaded.is_set():
                return self._page(start_response, "503 Service Unavailable", "unavailable", [("Retry-After", "5")])
            return self._page(start_response, "404 Not Found", "unknown")
        if not entry.active:
            return self._page(start_response, "410 Gone", "gone")
        now = time.time()
        if now >= self._day_ends:
            self._next_day(now)
        address = environ.get("REMOTE_ADDR", "")
        if self.trust_forwarded_for:
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                address = forwarded.rsplit(",", 1)[-1].strip()
        agent = environ.get("HTTP_USER_AGENT", "")
        visitor = self._visitors.get((address, agent))
        if visitor is None:
            visitor = self._visitor(address, agent)
        referrer = environ.get("HTTP_REFERER", "")
        try:
            self._journal.append(  # type: ignore[union-attr]  # set by start()
                int(now * 1000), f"{code}\t{visitor}\t{clean_field(referrer)}\t{clean_field(agent)}"
            )
        except OSError:
            # the visitor still gets where they were going; the failure is logged (and counted) for the team
            self.journal_errors += 1
            logger.exception("click journal: cannot append in %s", self.journal_dir)
        start_response(
            "302 Found",
            [
                ("Location", entry.location),
                ("Content-Length", "0"),
                ("Cache-Control", "no-store"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
                ("X-Robots-Tag", "noindex"),
            ],
        )
        return [b""]

    def _page(
        self, start_response: Callable[..., Any], status: str, page: str, extra: list[tuple[str, str]] | None = None
    ) -> Iterable[bytes]:
        body = self._pages[page]
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Robots-Tag", "noindex"),
        ]
        start_response(status, headers + (extra or []))
        return [body]

    def _visitor(self, address: str, agent: str) -> str:
        if len(self._visitors) >= _VISITOR_CACHE_LIMIT:
            self._visitors = {}
        visitor = rules.visitor_hash(self._salt, address, agent)
        self._visitors[(address, agent)] = visitor
        return visitor

    def _next_day(self, now: float) -> None:
        local = datetime.fromtimestamp(now, self._zone)
        today = local.date()
        self._salt = self._salts.get(today) or self._local_salt(today)
        self._visitors = {}
        midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), self._zone)
        self._day_ends = midnight.timestamp()

    def _local_salt(self, day: date) -> bytes:
        """When the shared salt could not be read (the database is down), this process's own: visitor hashes
        then differ between processes for the day, so fewer repeated clicks are recognised."""
        return self._salts.setdefault(day, secrets.token_bytes(32))

    # --- the background thread ----------------------------------------------------------------------

    def start(self) -> None:
        """Open this process's journal and start the refresh thread (once per process: after a fork, again), then
        wait a little for the first load of the links."""
        with self._start_lock:
            if self._started_pid == os.getpid():
                return
            self._journal = JournalWriter(
                self.journal_dir, node=self.node, rotate_bytes=self.rotate_bytes, rotate_seconds=self.rotate_seconds
            )
            self.loaded.clear()
            self.links = {}
            self._watermark = None
            self._day_ends = 0.0
            self._stop.clear()
            threading.Thread(target=self._run, name="duta-links-refresh", daemon=True).start()
            atexit.register(self.stop)  # a process that ends normally closes its journal (the shipper can remove it)
            self._started_pid = os.getpid()
        self.loaded.wait(self.start_wait_seconds)

    def stop(self) -> None:
        self._stop.set()
        if self._journal is not None:
            self._journal.close()

    def _run(self) -> None:
        failures = 0
        next_salts = 0.0
        while not self._stop.is_set():
            if time.monotonic() >= next_salts:
                try:
                    self.refresh_salts()
                    next_salts = time.monotonic() + 60
                except Exception:  # the links still load; until then the process hashes with its own salt
                    logger.exception("tracked links: the visitor salts could not be read or made")
                    _close_connection()
                    next_salts = time.monotonic() + 10
            try:
                self.refresh()
                failures = 0
            except Exception:  # the database may be down: keep serving what is in memory, and try again
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    logger.exception("tracked links: refresh failed (%s times in a row)", failures)
                _close_connection()
            try:
                if self._journal is not None:
                    self._journal.maintain()
            except OSError:
                logger.exception("click journal: cannot rotate or flush")
            self._stop.wait(self.refresh_seconds)
        _close_connection()

    def refresh(self) -> int:
        """Load the links changed since the last look (all of them the first time). Returns how many."""
        from duta.links.selectors import links_changed_since

        rows, self._watermark = links_changed_since(self._watermark)
        links = self.links
        for row in rows:
            entry = links.get(row.code)
            if entry is None or entry.location != row.location or entry.active != row.active:
                location = self._locations.setdefault(row.location, row.location)
                links[row.code] = Entry(row.link_id, location, row.active)
        self.loaded.set()
        return len(rows)

    def refresh_salts(self) -> None:
        from duta.links.services import visitor_salts_ensure

        today = datetime.now(self._zone).date()
        salts = visitor_salts_ensure(days=[today, today + timedelta(days=1)])
        self._salts = {day: bytes.fromhex(salt) for day, salt in salts.items()}
        if self._salts.get(today) and self._salt != self._salts[today] and self._day_ends:
            self._day_ends = 0.0  # take the shared salt at the next request


def _close_connection() -> None:
    from django.db import connection

    with contextlib.suppress(Exception):  # a connection that is already broken
        connection.close()


def _pages() -> dict[str, bytes]:
    """The three pages the redirector can answer besides a 302, rendered once (in both languages)."""
    pages = {}
    for name in ("gone", "unknown", "unavailable"):
        with translation.override(settings.LANGUAGE_CODE):
            pages[name] = render_to_string("links/redirect_page.html", {"page": name}).encode()
    return pages


def redirector_from_settings() -> Redirector:
    return Redirector(
        journal_dir=settings.LINKS_JOURNAL_DIR,
        node=settings.LINKS_NODE or None,
        refresh_seconds=settings.LINKS_REFRESH_SECONDS,
        trust_forwarded_for=settings.TRUST_X_FORWARDED_FOR,
        rotate_seconds=settings.LINKS_JOURNAL_ROTATE_SECONDS,
    )


def mount(app: WSGIApp, redirector: Redirector | None = None) -> WSGIApp:
    """``app`` with ``/s/…`` answered by the redirector (made on the first such request)."""
    holder: list[Redirector] = [redirector] if redirector is not None else []
    lock = threading.Lock()

    def dispatch(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(PREFIX):
            if not holder:
                with lock:
                    if not holder:
                        holder.append(redirector_from_settings())
            return holder[0](environ, start_response)
        return app(environ, start_response)

    return dispatch
