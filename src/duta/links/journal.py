"""The click journal: one append-only file per redirector process, read by the shipper.

A line is ``<id>\\t<code>\\t<visitor>\\t<referrer>\\t<user agent>\\n`` in UTF-8 (tabs and line breaks in the
headers become spaces). ``<id>`` is 32 hex digits, unique everywhere and sorting by time: 12 digits of the time in
milliseconds, 10 random digits per file and a 10-digit line number. Each line is written with one ``write(2)`` on
a file opened with ``O_APPEND``: once the call returns the line is in the kernel's page cache, so killing the
process loses nothing. A background thread ``fsync``\\s the file every second (never the request), which bounds
what a power cut can take.

A file is ``<node>.<pid>.<token>.<number>.active`` while its process writes it, and is renamed ``….closed`` when
the process rotates it (by size or age) or exits. The shipper stores a file's lines from its cursor on, and
deletes a closed file only when everything in it is stored. The ``.active`` file of a process that died (SIGKILL,
a crash) is closed by the shipper of the same node when that process is gone, or by any shipper once it has not
changed for a long time.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

ACTIVE = ".active"
CLOSED = ".closed"
FIELD_LIMIT = 300  # characters kept of the referrer and the user agent
_NAME_RE = re.compile(r"(?P<node>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.(?P<token>[0-9a-f]+)\.(?P<number>\d+)")
_NODE_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")
_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def node_name(name: str | None = None) -> str:
    """This machine's name as it appears in journal file names (letters, digits and dashes)."""
    cleaned = _NODE_UNSAFE.sub("-", name or socket.gethostname()).strip("-")
    return cleaned[:60] or "node"


def clean_field(value: str) -> str:
    """A header as the journal keeps it: at most ``FIELD_LIMIT`` characters, no tabs or line breaks."""
    value = value[:FIELD_LIMIT]
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_SPACES)
    return value


class JournalWriter:
    """The journal of one process. Thread-safe: each line is one locked ``os.write``."""

    def __init__(
        self, directory: Path, *, node: str | None = None, rotate_bytes: int = 64 << 20, rotate_seconds: float = 60.0
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.node = node_name(node)
        self.rotate_bytes = rotate_bytes
        self.rotate_seconds = rotate_seconds
        self._lock = threading.Lock()
        self._token = secrets.token_hex(4)
        self._number = 0
        self._fd = -1
        self._open_next()

    @property
    def path(self) -> Path:
        return self._path

    def _open_next(self) -> None:
        self._number += 1
        name = f"{self.node}.{os.getpid()}.{self._token}.{self._number:06d}"
        self._path = self.directory / (name + ACTIVE)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        self._fd = os.open(self._path, flags, 0o600)
        self._prefix = secrets.token_hex(5)  # the middle of every click id in this file
        self._sequence = 0
        self._size = 0
        self._opened = time.monotonic()

    def _close_current(self) -> None:
        if self._fd < 0:
            return
        os.close(self._fd)
        self._fd = -1
        if self._size:
            os.replace(self._path, self._path.with_suffix(CLOSED))
        else:
            self._path.unlink(missing_ok=True)  # nothing in it: nothing to ship

    def append(self, milliseconds: int, fields: str) -> str:
        """Write one click at ``milliseconds`` since 1970 (``fields``: everything after the id, tab-separated,
        without the newline) and return its id. Raises ``OSError`` when the disk refuses; the file is then rotated
        so that a torn line stays at the end of a closed file."""
        with self._lock:
            if self._fd < 0:
                self._open_next()
            self._sequence += 1
            click_id = f"{milliseconds:012x}{self._prefix}{self._sequence:010x}"
            data = f"{click_id}\t{fields}\n".encode("utf-8", "replace")
            try:
                written = os.write(self._fd, data)
                while written < len(data):  # only on a full disk or a signal: finish the line or fail
                    written += os.write(self._fd, data[written:])
            except OSError:
                self._size += 1  # whatever reached the file must be shipped (or skipped as torn) before removal
                self._rotate_locked()
                raise
            self._size += written
            if self._size >= self.rotate_bytes:
                self._rotate_locked()
            return click_id

    def _rotate_locked(self) -> None:
        try:
            self._close_current()
        finally:
            self._open_next()

    def maintain(self) -> None:
        """Rotate a file that has clicks and is older than ``rotate_seconds``, and flush the current file to
        disk. Called by the redirector's background thread, never on a request."""
        with self._lock:
            if self._size and time.monotonic() - self._opened >= self.rotate_seconds:
                self._rotate_locked()
            duplicate = os.dup(self._fd) if self._fd >= 0 else -1
        if duplicate >= 0:
            try:
                os.fsync(duplicate)
            finally:
                os.close(duplicate)

    def close(self) -> None:
        with self._lock:
            self._close_current()


# --- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalFile:
    path: Path
    name: str  # without the suffix: the cursor's key
    closed: bool

    @property
    def node(self) -> str:
        match = _NAME_RE.fullmatch(self.name)
        return match["node"] if match else ""

    @property
    def pid(self) -> int:
        match = _NAME_RE.fullmatch(self.name)
        return int(match["pid"]) if match else 0


def journal_files(directory: Path) -> list[JournalFile]:
    """The journal files in ``directory``, oldest first (by node, process and number)."""
    found = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return []
    for entry in entries:
        for suffix, closed in ((ACTIVE, False), (CLOSED, True)):
            if entry.name.endswith(suffix) and _NAME_RE.fullmatch(entry.name[: -len(suffix)]):
                found.append(JournalFile(Path(entry.path), entry.name[: -len(suffix)], closed))
    return sorted(found, key=lambda file: (file.node, file.pid, file.name))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_orphans(directory: Path, *, node: str | None = None, stale_seconds: float = 3600.0) -> list[str]:
    """Close the ``.active`` files whose process is gone, and return their names: on this node, when the process
    no longer exists; on any node (a shared folder, or a process number used again), when the file has clicks
    and has not changed for ``stale_seconds``. A live redirector rotates a file with clicks every minute or so,
    so only a dead one leaves such a file; an empty file of another node is left alone (its redirector may be
    idle, and would go on writing into the file after the rename)."""
    here = node_name(node)
    closed = []
    now = time.time()
    for file in journal_files(directory):
        if file.closed:
            continue
        try:
            status = file.path.stat()
        except FileNotFoundError:
            continue
        gone = file.node == here and not _process_alive(file.pid)
        stale = status.st_size > 0 and now - status.st_mtime > stale_seconds
        if gone or stale:
            try:
                os.replace(file.path, file.path.with_suffix(CLOSED))
            except FileNotFoundError:
                continue  # another shipper closed it first
            closed.append(file.name)
    return closed


# A line's five fields: id, code, visitor, referrer, user agent. LINE finds the lines of a text (``findall``);
# CLICK is what the shipper stores: an id of 32 hex digits and a visitor of 16 (nothing a UUID or COPY chokes on).
LINE = re.compile(r"^([0-9a-f]{32})\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)\t([^\t\n]*)$", re.MULTILINE)
CLICK = re.compile(r"([0-9a-f]{32})\t([^\t\n]*)\t([0-9a-f]{16})\t([^\t\n]*)\t([^\t\n]*)")


def read_complete(path: Path, offset: int, max_bytes: int) -> tuple[str, int]:
    """The complete lines of ``path`` from byte ``offset`` (about ``max_bytes`` of them at most) as one decoded
    text that ends with a newline, and the offset after it. A line still being written (no newline yet) is left
    for the next read. ``LINE.findall(text)`` gives the clicks: (id, code, visitor, referrer, user agent)."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(max_bytes)
        if len(data) == max_bytes and b"\n" not in data:
            data += handle.readline()  # a line longer than a batch (never written by a redirector): read on
    end = data.rfind(b"\n")
    if end < 0:
        return "", offset
    return data[: end + 1].decode("utf-8", "replace"), offset + end + 1


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1
