"""Streaming JSON: objects are picked out at given paths while the entry is read, never the whole document.

Paths are ijson prefixes: ``"item"`` is each element of a top-level array, ``"comments_v2.item"`` each element
of the array under the top-level key ``comments_v2``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator
from typing import Any

import ijson  # type: ignore[import-untyped]
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from duta.screening.archives._base import ArchiveError, size_words
from duta.screening.archives._source import EntryStream

_BOM = b"\xef\xbb\xbf"
_JS_ASSIGNMENT = re.compile(rb"^\s*window\.YTD\.[\w.]+\s*=\s*")
_JS_PREFIX_MAX = 4096
_NESTING = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}


class _JsonInput(io.RawIOBase):
    """The entry without a byte order mark and, for X files, without the ``window.YTD.x.part0 =`` prefix."""

    def __init__(self, stream: EntryStream, *, javascript: bool) -> None:
        super().__init__()
        self.stream = stream
        self._javascript = javascript
        self._pending: bytes | None = None

    def readable(self) -> bool:
        return True

    def _start(self) -> bytes:
        start = b""
        while len(start) < _JS_PREFIX_MAX and (chunk := self.stream.read(_JS_PREFIX_MAX)):
            start += chunk
            if not self._javascript or b"=" in start:
                break
        start = start.removeprefix(_BOM)
        if not self._javascript:
            return start
        match = _JS_ASSIGNMENT.match(start)
        if match is None:
            raise ArchiveError(
                capfirst(
                    _(
                        "%(file)s does not start like a file of an X archive (window.YTD.… = [ … ]). "
                        "Upload the archive zip as X delivered it."
                    )
                    % {"file": self.stream.label}
                ),
                code="archive_invalid_json",
            )
        return start[match.end() :]

    def readinto(self, buffer: Any) -> int:
        if self._pending is None:
            self._pending = self._start()
        if self._pending:
            size = min(len(buffer), len(self._pending))
            buffer[:size] = self._pending[:size]
            self._pending = self._pending[size:]
            return size
        return self.stream.readinto(buffer)


def items(
    stream: EntryStream, prefixes: Collection[str], *, expected: str, javascript: bool = False
) -> Iterator[tuple[str, Any]]:
    """``(prefix, value)`` for every value found at one of ``prefixes``, in file order.

    A document that breaks off or is not JSON raises ``ArchiveError`` naming the entry and what was expected.
    """
    source = _JsonInput(stream, javascript=javascript)
    try:
        if len(prefixes) == 1:  # ijson matches a single path in C
            (prefix,) = prefixes
            for value in ijson.items(source, prefix, use_float=True):
                yield prefix, value
        else:
            yield from _items_at(ijson.parse(source, use_float=True), frozenset(prefixes))
    except (ijson.JSONError, UnicodeDecodeError) as error:  # a key that is not UTF-8 fails to decode
        raise _invalid(stream, expected, error) from error


def first(stream: EntryStream, prefixes: Collection[str], *, expected: str, javascript: bool = False) -> Any:
    """The first value found at one of ``prefixes`` (reading stops there), or ``None``."""
    for _prefix, value in items(stream, prefixes, expected=expected, javascript=javascript):
        return value
    return None


def _items_at(events: Iterator[tuple[str, str, Any]], prefixes: frozenset[str]) -> Iterator[tuple[str, Any]]:
    for prefix, event, value in events:
        if prefix not in prefixes or event in ("map_key", "end_map", "end_array"):
            continue
        if event not in _NESTING:
            yield prefix, value
            continue
        builder = ijson.ObjectBuilder()
        depth = 0
        while True:
            builder.event(event, value)
            depth += _NESTING.get(event, 0)
            if depth == 0:
                break
            _prefix, event, value = next(events)
        yield prefix, builder.value


def head_shape(data: bytes) -> tuple[str, tuple[str, ...]]:
    """``("dict", keys)`` or ``("list", keys of its first object)`` for the start of a JSON document, else
    ``("", ())``. The start may be cut anywhere."""
    top = ""
    keys: list[str] = []
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(data.removeprefix(_BOM))):
            if not top:
                top = {"start_map": "dict", "start_array": "list"}.get(event, "")
                if not top:
                    break
            elif event == "map_key" and prefix == ("" if top == "dict" else "item"):
                keys.append(value)
            elif top == "list" and prefix == "item" and event == "end_map":
                break
    except (ijson.JSONError, UnicodeDecodeError):
        pass  # the head is cut (or damaged): what was read so far is the answer
    return top, tuple(keys)


def _invalid(stream: EntryStream, expected: str, error: Exception) -> ArchiveError:
    if "premature EOF" in str(error):
        message = _(
            "%(file)s breaks off after %(read)s: it is incomplete. Expected %(expected)s. Download the export again."
        )
    else:
        message = _(
            "%(file)s is not valid JSON (damaged after about %(read)s). Expected %(expected)s. "
            "Download the export again."
        )
    return ArchiveError(
        capfirst(message % {"file": stream.label, "read": size_words(stream.count), "expected": expected}),
        code="archive_invalid_json",
    )
