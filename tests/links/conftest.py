"""Fixtures of the links tests: an ambassador with a live item in their feed and their share links (made through
the services), a journal folder in ``tmp_path``, journal lines written as the redirector writes them, and
redirectors that are stopped (and their refresh thread joined) after the test.

    def test_x(sharer, live_item, share_link, write_journal, journal_dir):
        link = share_link()                      # sharer's WhatsApp link of live_item
        write_journal([click(link.code, at=...)])  # a closed journal file
        Shipper(journal_dir).ship_all()

The campaigns fixtures (``live_item``, ``make_ambassador``, ``update_settings``…) are imported from
``tests/campaigns/conftest.py``, so that items are built exactly as there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.utils import translation

from duta.campaigns.models import ContentItem
from duta.links.journal import JournalWriter
from duta.links.models import ShareLink
from duta.links.redirector import Redirector
from duta.links.services import share_link_ensure
from duta.organizations.models import Membership, Unit
from tests.campaigns.conftest import (
    brief,
    bring_live,
    campaign,
    crisis,
    live_crisis_item,
    live_item,
    make_ambassador,
    make_item,
    second_admin,
    update_settings,
)

# the campaigns fixtures, offered to the links tests as they are to the campaigns tests
__all__ = [
    "brief",
    "bring_live",
    "campaign",
    "crisis",
    "live_crisis_item",
    "live_item",
    "make_ambassador",
    "make_item",
    "second_admin",
    "update_settings",
]

Maker = Callable[..., Any]
NODE = "test-node"

# User agents as the redirector meets them
PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile "
    "Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Mobile/15E148 Safari/604.1"
)
WHATSAPP_PREVIEW = "WhatsApp/2.23.20.0 A"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def journal_dir(tmp_path: Path, settings: Any) -> Path:
    """An empty journal folder, also set as ``LINKS_JOURNAL_DIR`` (and this node as ``LINKS_NODE``)."""
    directory = tmp_path / "clicks"
    directory.mkdir()
    settings.LINKS_JOURNAL_DIR = directory
    settings.LINKS_NODE = NODE
    return directory


@pytest.fixture
def sharer(make_ambassador: Maker, unit_media: Unit, update_settings: Maker) -> Membership:
    """An ambassador with an X account (WhatsApp needs none), in an organization whose posting window is off."""
    update_settings(stagger_minutes=0)
    return make_ambassador(unit=unit_media, platforms=["x"])


@pytest.fixture
def share_link(sharer: Membership, live_item: ContentItem) -> Callable[..., ShareLink]:
    """``share_link(platform="whatsapp", member=sharer, item=live_item)``: made by ``share_link_ensure``."""

    def _make(platform: str = "whatsapp", *, member: Membership = sharer, item: ContentItem = live_item) -> ShareLink:
        link = share_link_ensure(member=member, item_pk=item.pk, platform=platform)
        assert link is not None, "the item has no page to link to"
        return link

    return _make


# --- journal lines ----------------------------------------------------------------------------------


def ms(moment: datetime) -> int:
    """Milliseconds since 1970 of an aware datetime: what the redirector puts at the head of a click id."""
    return int(moment.timestamp() * 1000)


@dataclass(frozen=True)
class Line:
    """One click as the redirector journals it."""

    code: str
    at: int  # milliseconds since 1970
    visitor: str = "a1b2c3d4e5f60718"
    agent: str = PHONE
    referrer: str = ""

    @property
    def fields(self) -> str:
        return f"{self.code}\t{self.visitor}\t{self.referrer}\t{self.agent}"


@pytest.fixture
def write_journal(journal_dir: Path) -> Callable[..., list[str]]:
    """``write_journal(lines, close=True, node=NODE)``: the lines in a journal file of this process (closed, or left
    active); returns the click ids."""

    def _write(lines: Iterable[Line], *, close: bool = True, node: str = NODE) -> list[str]:
        writer = JournalWriter(journal_dir, node=node)
        ids = [writer.append(line.at, line.fields) for line in lines]
        if close:
            writer.close()
        return ids

    return _write


# --- the redirector ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def call(app: Any, path: str, *, method: str = "GET", address: str = "203.0.113.45", **headers: str) -> Response:
    """``app`` called as a WSGI server would call it (``headers``: ``HTTP_USER_AGENT=…`` and so on)."""
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": method, "REMOTE_ADDR": address, **headers}
    setup_testing_defaults(environ)
    answered: list[Any] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answered.extend([status, response_headers])

    body = b"".join(app(environ, start_response))
    return Response(int(answered[0].split()[0]), dict(answered[1]), body)


@pytest.fixture
def make_redirector(journal_dir: Path) -> Iterator[Callable[..., Redirector]]:
    """``make_redirector(**options)``: a Redirector on ``journal_dir`` whose refresh thread loads the links once at
    start and then waits (tests call ``refresh()``). Stopped after the test, its thread joined (so that its
    database connection is closed before the tables are flushed)."""
    made: list[Redirector] = []
    before = set(threading.enumerate())

    def _make(**options: Any) -> Redirector:
        options = {"journal_dir": journal_dir, "node": NODE, "refresh_seconds": 3600.0, **options}
        redirector = Redirector(**options)
        made.append(redirector)
        return redirector

    yield _make
    for redirector in made:
        redirector.stop()
    for thread in set(threading.enumerate()) - before:
        if thread.name == "duta-links-refresh":
            thread.join(timeout=10)
            assert not thread.is_alive(), "the redirector's refresh thread did not stop"
