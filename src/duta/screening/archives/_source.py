"""The uploaded file: a zip read entry by entry, or one text file. Every byte read is counted against the limits.

Nothing is ever extracted to disk. Entries are read through ``EntryStream``, which counts the decompressed bytes
itself (the sizes in zip headers are only a hint) and stops at the first limit crossed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from duta.screening.archives._base import ArchiveError, ArchiveLimits, size_words

HEAD_BYTES = 64 * 1024
RATIO_FLOOR = 1024 * 1024  # small entries may compress very well (runs of spaces): the ratio counts beyond this
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA})
_CENTRAL_BYTES_PER_ENTRY = 1024  # a generous bound on one entry of the zip's table of contents
# what a damaged zip entry raises while it is read
DAMAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, struct.error)


class _TrackedFile(io.BufferedReader):
    """The upload on disk; remembers where the last read ended, for the progress bar."""

    position = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.position = self.tell()
        return data


class Source:
    """The uploaded file, opened once. ``names`` are the zip's file entries, or the one file's name."""

    def __init__(self, path: Path, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.path = path
        try:
            self.size = path.stat().st_size
        except OSError as error:
            raise ArchiveError(_("The uploaded file cannot be found."), code="archive_missing") from error
        if self.size > limits.max_file_bytes:
            raise ArchiveError(
                _("The file is %(size)s, more than the %(limit)s allowed.")
                % {"size": size_words(self.size), "limit": size_words(limits.max_file_bytes)},
                code="archive_too_large",
            )
        self.total_read = 0
        self._consumed = 0
        self._finished = False
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        try:
            self._file = _TrackedFile(io.FileIO(path, "rb"))
        except OSError as error:
            raise ArchiveError(_("The uploaded file cannot be opened."), code="archive_missing") from error
        try:
            self.head = self._file.read(HEAD_BYTES)
            self._file.seek(0)
            if not self.head.strip():
                raise ArchiveError(_("The file is empty."), code="archive_empty")
            self.is_zip = self.head.startswith(_ZIP_MAGIC)
            if self.is_zip:
                self._open_zip()
            self.names = list(self._infos) if self.is_zip else [path.name]
        except BaseException:
            self.close()
            raise

    def _open_zip(self) -> None:
        entries, central_size = _declared_entries(self._file, self.size)
        if (
            entries > self.limits.max_zip_entries
            or central_size > self.limits.max_zip_entries * _CENTRAL_BYTES_PER_ENTRY
        ):
            raise _too_many_entries(entries, self.limits)
        try:
            self._zip = zipfile.ZipFile(self._file)
        except (zipfile.BadZipFile, *DAMAGE_ERRORS, ValueError) as error:
            raise ArchiveError(
                _(
                    "The file starts like a zip archive but cannot be opened: it is damaged or incomplete. "
                    "Download the export again and upload it as it is."
                ),
                code="archive_bad_zip",
            ) from error
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_zip_entries:
            raise _too_many_entries(len(infos), self.limits)
        self._infos = {info.filename: info for info in infos if not info.is_dir()}

    def label(self, name: str) -> str:
        """How messages name what is read: the zip entry, or the upload itself (stored under a temporary name)."""
        return _("the entry %(name)s") % {"name": name} if self.is_zip else _("the uploaded file")

    def open(self, name: str) -> EntryStream:
        """A counted stream of one entry (or of the whole file when it is not a zip)."""
        if self._zip is None:
            self._file.seek(0)
            return EntryStream(self, name, self._file, compressed=None, owns=False)
        info = self._infos[name]
        if info.flag_bits & 0x1:
            raise ArchiveError(
                _(
                    "The entry %(name)s in the zip is protected by a password. Upload the export as the platform "
                    "delivered it, without a password."
                )
                % {"name": name},
                code="archive_encrypted",
            )
        if info.compress_type not in _METHODS:
            raise ArchiveError(
                _(
                    "The entry %(name)s is packed with a compression method we cannot unpack. Upload the export "
                    "zip as the platform delivered it, without packing it again."
                )
                % {"name": name},
                code="archive_unsupported_compression",
            )
        if info.file_size > self.limits.max_entry_bytes:  # the header's word is enough to refuse, never to accept
            raise _entry_too_large(self.label(name), self.limits)
        try:
            raw = self._zip.open(info)
        except (*DAMAGE_ERRORS, RuntimeError, ValueError) as error:  # ValueError: a name that is not UTF-8
            raise _damaged(self.label(name)) from error
        return EntryStream(self, name, raw, compressed=info.compress_size, owns=True)

    def moved(self) -> None:
        self._consumed = max(self._consumed, min(self._file.position, self.size))

    def start(self) -> None:
        """The posts are read from the start: progress counts from here (not from reading the account name)."""
        self._consumed = 0
        self._finished = False

    def finish(self) -> None:
        self._finished = True

    def progress(self) -> tuple[int, int]:
        return (self.size if self._finished else self._consumed), self.size

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        self._file.close()


class EntryStream(io.RawIOBase):
    """One entry, read in bounded chunks; counts what it hands out and enforces the size and ratio limits."""

    def __init__(self, source: Source, name: str, raw: Any, *, compressed: int | None, owns: bool) -> None:
        super().__init__()
        self.source = source
        self.name = name
        self.label = source.label(name)
        self.count = 0
        self._raw = raw
        self._compressed = compressed
        self._owns = owns  # a zip entry is closed with the stream; the upload itself stays open

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._raw.read(min(len(view), HEAD_BYTES))
        except DAMAGE_ERRORS as error:
            raise _damaged(self.label) from error
        size = len(data)
        view[:size] = data
        self.count += size
        source = self.source
        source.total_read += size
        source.moved()
        limits = source.limits
        if self.count > limits.max_entry_bytes:
            raise _entry_too_large(self.label, limits)
        if source.total_read > limits.max_total_read_bytes:
            raise ArchiveError(
                _("The export holds more than %(limit)s of text once unpacked, more than a real export does.")
                % {"limit": size_words(limits.max_total_read_bytes)},
                code="archive_too_much_data",
            )
        if self._compressed is not None and self.count > RATIO_FLOOR:
            ratio = self.count / max(self._compressed, 1)
            if ratio > limits.max_ratio:
                raise ArchiveError(
                    _(
                        "The entry %(name)s grows more than %(ratio)d times when unpacked, far more than a real "
                        "export does. The file was not read further."
                    )
                    % {"name": self.name, "ratio": int(limits.max_ratio)},
                    code="archive_zip_bomb",
                )
        return size

    def close(self) -> None:
        if self._owns:
            self._raw.close()
        super().close()


def _declared_entries(stream: _TrackedFile, size: int) -> tuple[int, int]:
    """The entry count and table-of-contents size the zip declares, read before ``zipfile`` loads the table.

    ``(0, 0)`` when the end record cannot be found: ``zipfile`` then says the zip is damaged.
    """
    tail_size = min(size, 22 + 65535)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    stream.seek(0)
    at = _end_record(tail)
    if at < 0:
        return 0, 0
    entries, central_size = struct.unpack_from("<HI", tail, at + 10)
    if entries != 0xFFFF and central_size != 0xFFFFFFFF:
        return entries, central_size
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
        return entries, central_size
    (offset,) = struct.unpack_from("<Q", tail, locator + 8)
    stream.seek(offset)
    record = stream.read(56)
    stream.seek(0)
    if len(record) < 56 or record[:4] != _ZIP64_EOCD:
        return entries, central_size
    entries64, central64 = struct.unpack_from("<QQ", record, 32)
    return int(entries64), int(central64)


def _end_record(tail: bytes) -> int:
    """Where the end record starts in the zip's last bytes: the last signature whose comment length reaches the
    end exactly (the signature may also occur inside the comment), else the last one; -1 when there is none."""
    last = at = tail.rfind(_EOCD, 0, len(tail) - 21)
    while at >= 0:
        if at + 22 + struct.unpack_from("<H", tail, at + 20)[0] == len(tail):
            return at
        at = tail.rfind(_EOCD, 0, at)
    return last


def _too_many_entries(entries: int, limits: ArchiveLimits) -> ArchiveError:
    return ArchiveError(
        _("The zip holds %(entries)d files, more than the %(limit)d a real export has.")
        % {"entries": entries, "limit": limits.max_zip_entries},
        code="archive_too_many_entries",
    )


def _entry_too_large(label: str, limits: ArchiveLimits) -> ArchiveError:
    return ArchiveError(
        capfirst(
            _("%(file)s is larger than %(limit)s once unpacked, more than a real export holds in one file.")
            % {"file": label, "limit": size_words(limits.max_entry_bytes)}
        ),
        code="archive_entry_too_large",
    )


def _damaged(label: str) -> ArchiveError:
    return ArchiveError(
        capfirst(_("%(file)s is damaged and cannot be read. Download the export again.") % {"file": label}),
        code="archive_damaged",
    )
