"""The shared vocabulary of the archive readers: the post, the limits, the error and small text and date helpers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import filesizeformat

from duta.core.exceptions import ApplicationError

if TYPE_CHECKING:
    from duta.screening.archives._source import Source

FORMATS = ("x", "facebook", "instagram", "tiktok", "csv")
PLATFORM_LABELS = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "csv": "CSV"}


@dataclass(frozen=True, slots=True)
class ArchivePost:
    """One piece of text the person published: a post, a reply, a comment, a caption."""

    platform: str  # "x", "facebook", "instagram", "tiktok", "csv"
    source_id: str  # the platform's id, or a stable sha1 of (date, text) when the export has none
    created_at: datetime | None  # timezone-aware, UTC
    text: str  # repaired, as the person wrote it
    url: str  # link to the original post when known, else ""
    kind: str  # "post", "reply", "repost", "comment", "video", "photo"


@dataclass(frozen=True)
class ArchiveLimits:
    """How much of an upload is read before it is refused; the defaults fit real exports with room to spare."""

    max_file_bytes: int = 2 * 1024**3 + 512 * 1024**2  # the upload itself
    max_zip_entries: int = 200_000
    max_entry_bytes: int = 1024**3  # uncompressed size of one entry we read, counted while reading
    max_total_read_bytes: int = 4 * 1024**3  # all entries we read together
    max_ratio: float = 200.0  # uncompressed/compressed of an entry we read
    max_posts: int = 2_000_000
    max_text_chars: int = 20_000  # longer texts are cut, not rejected


class ArchiveError(ApplicationError):
    """The upload cannot be read: ``message`` says why in words, ``code`` is stable (``"archive_zip_bomb"``)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code, field="file")


@dataclass(frozen=True, slots=True)
class Part:
    """One file a reader reads: a zip entry, or the uploaded file itself. ``kind`` is the reader's own word."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Head:
    """The start of a single uploaded file, to recognise it by its content."""

    name: str
    text: str  # the first 64 KiB without a byte order mark, decoded as UTF-8 (undecodable bytes replaced)
    json_top: str  # "list", "dict" or "" when the start is not JSON
    json_keys: tuple[str, ...]  # the keys of the top object, or of the first object in the top list


@dataclass(frozen=True)
class Spec:
    """What one format reader offers to the detection and to ``Archive``."""

    format: str
    expected: str  # the files it reads, for messages ("data/tweets.js")
    post_kinds: frozenset[str]  # the part kinds that hold posts (others hold the account name)
    zip_parts: Callable[[Sequence[str]], list[Part]]
    file_part: Callable[[Head], Part | None]
    account: Callable[[Source, Sequence[Part]], str]
    posts: Callable[[Source, Sequence[Part], Callable[[str], None]], Iterator[ArchivePost]]


def matching_parts(
    names: Sequence[str], patterns: Sequence[tuple[str, re.Pattern[str]]], post_kinds: frozenset[str]
) -> list[Part]:
    """The entries matching ``patterns`` (``(kind, pattern)``, in reading order; a pattern's first group is the
    part number), sorted by pattern, number and name. None unless one of them holds posts."""
    found: list[tuple[int, int, str, Part]] = []
    for name in names:
        for index, (kind, pattern) in enumerate(patterns):
            if match := pattern.search(name):
                number = int(match.group(1) or 0) if pattern.groups else 0
                found.append((index, number, name, Part(name, kind)))
                break
    if not any(entry[-1].kind in post_kinds for entry in found):
        return []
    return [entry[-1] for entry in sorted(found, key=lambda entry: entry[:3])]


def size_words(size: float) -> str:
    return str(filesizeformat(size))


def make_post(
    source: Source,
    platform: str,
    *,
    text: str,
    created_at: datetime | None,
    kind: str,
    source_id: str = "",
    url: str = "",
) -> ArchivePost:
    """The post as the readers hand it out: text cut to the limit, an id made up from date and text when none."""
    if not source_id:
        stamp = created_at.isoformat() if created_at else ""
        source_id = hashlib.sha1(f"{stamp}\n{text}".encode(), usedforsecurity=False).hexdigest()
    limit = source.limits.max_text_chars
    if len(text) > limit:
        text = text[:limit]
    return ArchivePost(platform, source_id, created_at, text, url, kind)


def repair(value: str) -> str:
    """Facebook and Instagram write UTF-8 bytes as ``\\u00XX`` escapes: read them back as UTF-8 when they are."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


def from_timestamp(value: Any) -> datetime | None:
    """Seconds since 1970 as an aware UTC time; ``None`` for anything that is not a plausible timestamp."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: Any) -> datetime | None:
    """An ISO 8601 date and time (``Z`` or an offset; none means UTC) as an aware UTC time, else ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


_URL = re.compile(r"^https?://\S+$")


def web_link(value: Any) -> str:
    """``value`` when it is an http(s) link, else ""."""
    return value.strip() if isinstance(value, str) and _URL.match(value.strip()) else ""
