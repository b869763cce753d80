"""X (Twitter) archives: ``data/tweets.js`` and its parts, community posts and long posts (``note-tweet.js``).

Each file is JavaScript: ``window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]``. The prefix is skipped and the
array streamed. Tweet texts are HTML-escaped by X (``&amp;`` ``&lt;`` ``&gt;``) and hold t.co links: the text
handed out has the escapes undone, t.co links replaced by the links the person wrote and media links removed.

A long post appears twice in an archive: cut short (with a link) in ``tweets.js`` and whole in ``note-tweet.js``,
under a different id and with no reference between them. The whole text replaces the cut one when the two were
posted within a few seconds of each other and start with the same words; notes that match no tweet are handed
out on their own after the tweets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from duta.screening.archives import _json
from duta.screening.archives._base import ArchiveError, ArchivePost, Head, Part, Spec, from_iso, make_post, text_of
from duta.screening.archives._source import Source

_FILE = re.compile(r"(?:^|/)data/(tweets?|community-tweet|note-tweet|account)(?:-part(\d+))?\.js$")
_VARIABLE = re.compile(r"^\s*window\.YTD\.(\w+)\.part\d+\s*=")
_KINDS = {
    "tweet": "tweets",
    "tweets": "tweets",
    "community-tweet": "community",
    "community_tweet": "community",
    "note-tweet": "notes",
    "note_tweet": "notes",
    "account": "account",
}
_ORDER = ("account", "notes", "tweets", "community")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_X_DATE = re.compile(r"^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$")
_LINK = re.compile(r"https?://\S+")
_MATCH_CHARS = 40
_MATCH_SECONDS = 3
_POST_KINDS = frozenset({"tweets", "community", "notes"})
_NOTES_MAX_CHARS = 64 * 1024 * 1024


def zip_parts(names: Sequence[str]) -> list[Part]:
    found: list[tuple[int, int, str, Part]] = []
    for name in names:
        match = _FILE.search(name)
        if match:
            kind = _KINDS[match.group(1)]
            found.append((_ORDER.index(kind), int(match.group(2) or 0), name, Part(name, kind)))
    if not any(entry[-1].kind in _POST_KINDS for entry in found):
        return []
    return [entry[-1] for entry in sorted(found, key=lambda entry: entry[:3])]


def file_part(head: Head) -> Part | None:
    match = _VARIABLE.match(head.text)
    if match is None or match.group(1) not in _KINDS:
        return None
    return Part(head.name, _KINDS[match.group(1)])


def account(source: Source, parts: Sequence[Part]) -> str:
    username, display_name = _names(source, parts)
    return username or display_name


def _names(source: Source, parts: Sequence[Part]) -> tuple[str, str]:
    """The user name (the handle in post links) and the display name from ``data/account.js``."""
    for part in parts:
        if part.kind == "account":
            with source.open(part.name) as stream:
                value = _json.first(stream, ["item.account"], expected=_("the X account"), javascript=True)
            if isinstance(value, dict):
                return text_of(value.get("username")).strip(), text_of(value.get("accountDisplayName")).strip()
    return "", ""


def posts(source: Source, parts: Sequence[Part], found_account: Callable[[str], None]) -> Iterator[ArchivePost]:
    username, _display_name = _names(source, parts)
    notes = _Notes()
    for part in parts:
        if part.kind == "notes":
            for value in _array(source, part, "item"):
                note = value.get("noteTweet") if isinstance(value, dict) else None
                if isinstance(note, dict):
                    notes.add(note)
    for part in parts:
        if part.kind in ("tweets", "community"):
            for value in _array(source, part, "item"):
                tweet = value.get("tweet", value) if isinstance(value, dict) else None
                if isinstance(tweet, dict):
                    post = _tweet(source, tweet, username, notes)
                    if post is not None:
                        yield post
    for note in notes.unmatched():
        yield make_post(source, "x", text=note.text, created_at=note.created_at, kind="post", source_id=note.id)


def _array(source: Source, part: Part, prefix: str) -> Iterator[Any]:
    with source.open(part.name) as stream:
        for _prefix, value in _json.items(stream, [prefix], expected=_("an X archive array of posts"), javascript=True):
            yield value


def _tweet(source: Source, tweet: dict[str, Any], username: str, notes: _Notes) -> ArchivePost | None:
    raw = text_of(tweet.get("full_text")) or text_of(tweet.get("text"))
    text = _with_links(_ENTITY.sub(lambda match: _ENTITIES[match.group(1)], raw), tweet.get("entities"))
    created_at = x_date(tweet.get("created_at"))
    whole = notes.take(created_at, text)
    if whole is not None:
        text = whole
    if not text.strip():
        return None
    if raw.startswith("RT @"):
        kind = "repost"
    elif tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"):
        kind = "reply"
    else:
        kind = "post"
    tweet_id = text_of(tweet.get("id_str")) or str(tweet.get("id") or "")
    url = ""
    if tweet_id:
        url = f"https://x.com/{username}/status/{tweet_id}" if username else f"https://x.com/i/web/status/{tweet_id}"
    return make_post(source, "x", text=text, created_at=created_at, kind=kind, source_id=tweet_id, url=url)


def _with_links(text: str, entities: Any) -> str:
    """t.co links replaced by the links the person wrote; links to attached photos and videos removed."""
    if not isinstance(entities, dict):
        return text
    for link in entities.get("urls") or ():
        if isinstance(link, dict) and text_of(link.get("url")) and text_of(link.get("expanded_url")):
            text = text.replace(link["url"], link["expanded_url"])
    for media in entities.get("media") or ():
        if isinstance(media, dict) and text_of(media.get("url")):
            text = text.replace(media["url"], "")
    return text.strip()


def x_date(value: Any) -> datetime | None:
    """``"Wed Oct 10 20:19:24 +0000 2018"`` (English month names whatever the server's locale) as UTC."""
    match = _X_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return from_iso(value)
    month = _MONTHS.get(match.group(1))
    if month is None:
        return None
    offset = _offset(match.group(6), match.group(7), match.group(8))
    try:
        moment = datetime(
            int(match.group(9)),
            month,
            int(match.group(2)),
            int(match.group(3)),
            int(match.group(4)),
            int(match.group(5)),
            tzinfo=offset,
        )
    except ValueError:
        return None
    return moment.astimezone(UTC)


@cache
def _offset(sign: str, hours: str, minutes: str) -> timezone:
    if hours == minutes == "00":
        return UTC
    return timezone((-1 if sign == "-" else 1) * timedelta(hours=int(hours), minutes=int(minutes)))


@dataclass
class _Note:
    id: str
    created_at: datetime | None
    text: str
    used: bool = False


class _Notes:
    """The long posts of ``note-tweet.js``, found again by time and first words."""

    def __init__(self) -> None:
        self._by_second: dict[int, list[_Note]] = {}
        self._all: list[_Note] = []
        self._chars = 0

    def add(self, raw: dict[str, Any]) -> None:
        core = raw.get("core")
        if not isinstance(core, dict):
            return
        text = text_of(core.get("text"))
        for link in core.get("urls") or ():
            if isinstance(link, dict) and text_of(link.get("shortUrl")) and text_of(link.get("expandedUrl")):
                text = text.replace(link["shortUrl"], link["expandedUrl"])
        if not text.strip():
            return
        self._chars += len(text)
        if self._chars > _NOTES_MAX_CHARS:  # they are kept in memory until the tweets are read
            raise ArchiveError(
                _("The long posts of this X archive (note-tweet.js) hold more text than a real archive does."),
                code="archive_too_much_data",
            )
        note = _Note(text_of(raw.get("noteTweetId")), from_iso(raw.get("createdAt")), text)
        self._all.append(note)
        if note.created_at is not None:
            self._by_second.setdefault(int(note.created_at.timestamp()), []).append(note)

    def take(self, created_at: datetime | None, text: str) -> str | None:
        if created_at is None or not self._by_second:
            return None
        start = _start(text)
        if len(start) < 10:
            return None
        second = int(created_at.timestamp())
        for moment in range(second - _MATCH_SECONDS, second + _MATCH_SECONDS + 1):
            for note in self._by_second.get(moment, ()):
                if not note.used and _start(note.text).startswith(start):
                    note.used = True
                    return note.text
        return None

    def unmatched(self) -> Iterator[_Note]:
        return (note for note in self._all if not note.used)


def _start(text: str) -> str:
    return " ".join(_LINK.sub(" ", text).replace("…", " ").split())[:_MATCH_CHARS]


SPEC = Spec(
    format="x",
    expected="data/tweets.js",
    post_kinds=_POST_KINDS,
    zip_parts=zip_parts,
    file_part=file_part,
    account=account,
    posts=posts,
)
