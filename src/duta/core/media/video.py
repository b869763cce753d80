"""Videos: MP4, M4V or MOV files, checked by their ISO base media (ISO/IEC 14496-12) box structure, and their
metadata (GPS position, camera, owner, XMP) blanked in place without moving a single byte of anything else."""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.core.files import File
from django.utils.translation import gettext as _

from duta.core.media.base import CleanFile, Kind, refusal, unknown_type

CHUNK = 1024 * 1024
MAX_BOXES = 100_000  # per container: a real file has a few dozen
MAX_FTYP_SIZE = 4096
# Major brands of the videos a phone, a camera, a screen recorder or an editor writes.
VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41", b"mp42", b"mp71",
    b"avc1", b"dash", b"M4V ", b"M4VH", b"M4VP", b"qt  ", b"MSNV", b"XAVC", b"mmp4", b"f4v ", b"NDAS",
}  # fmt: skip
# ISO base media files that are not videos: HEIF/AVIF pictures, audio, camera raw, 3GPP.
IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis", b"crx "}
NOT_VIDEO_BRANDS = IMAGE_BRANDS | {b"M4A ", b"M4B ", b"M4P ", b"3gp4", b"3gp5", b"3gp6", b"3g2a"}
METADATA_BOXES = {b"udta", b"meta"}
FREE_BOXES = {b"free", b"skip"}  # may hold left-overs of an earlier edit: their payload is zeroed too
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


@dataclass(frozen=True)
class Box:
    type: bytes
    offset: int
    size: int
    size_field: int  # 8, or 16 with a 64-bit size
    header: int  # bytes before the payload: size_field, plus 16 for a uuid box

    @property
    def end(self) -> int:
        return self.offset + self.size


class Damaged(Exception):
    """The box structure does not hold together."""


def video_clean(stream: BinaryIO, size: int) -> CleanFile:
    """Check and clean the video in ``stream`` (a temporary file of ``size`` bytes, rewritten in place)."""
    damaged = refusal(_("The video is damaged or incomplete: upload it as an MP4 or MOV file."))
    try:
        top = list(boxes(stream, 0, size, top_level=True))
        major_brand = _ftyp_check(stream, top)
        moovs = [box for box in top if box.type == b"moov"]
        if len(moovs) != 1 or not any(box.type == b"mdat" for box in top):
            raise Damaged
        moov_children = list(boxes(stream, moovs[0].offset + moovs[0].header, moovs[0].end))
        if not any(box.type == b"mvhd" for box in moov_children):
            raise Damaged
        blank = [box for box in top if _is_metadata(box, stream)]
        width = height = None
        for box in moov_children:
            if _is_metadata(box, stream):
                blank.append(box)
            elif box.type == b"trak":
                trak_children = list(boxes(stream, box.offset + box.header, box.end))
                blank += [child for child in trak_children if _is_metadata(child, stream)]
                if width is None:
                    width, height = _video_size(stream, trak_children)
    except (Damaged, struct.error) as error:
        raise damaged from error
    for box in blank:
        free_box(stream, box)
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(0)
    quicktime = major_brand == b"qt  "
    extension = "mov" if quicktime else "mp4"
    return CleanFile(
        kind=Kind.VIDEO,
        content_type="video/quicktime" if quicktime else "video/mp4",
        extension=extension,
        size=size,
        sha256=digest.hexdigest(),
        file=File(stream, name=f"{uuid.uuid4().hex}.{extension}"),
        width=width,
        height=height,
    )


def boxes(stream: BinaryIO, start: int, end: int, *, top_level: bool = False) -> Iterator[Box]:
    """The boxes between ``start`` and ``end``, which they must fill exactly (a container may end with up to
    seven zero bytes, as QuickTime writers sometimes leave)."""
    position, count = start, 0
    while position < end:
        count += 1
        if end - position < 8:
            stream.seek(position)
            if top_level or stream.read(end - position).strip(b"\0"):
                raise Damaged
            return
        if count > MAX_BOXES:
            raise Damaged
        stream.seek(position)
        size, box_type = struct.unpack(">I4s", _read(stream, 8))
        size_field = 8
        if size == 1:
            (size,) = struct.unpack(">Q", _read(stream, 8))
            size_field = 16
        elif size == 0:  # "to the end of the file": only the last box at the top
            if not top_level:
                raise Damaged
            size = end - position
        header = size_field + (16 if box_type == b"uuid" else 0)
        if size < header or position + size > end:
            raise Damaged
        yield Box(type=box_type, offset=position, size=size, size_field=size_field, header=header)
        position += size


def free_box(stream: BinaryIO, box: Box) -> None:
    """Turn ``box`` into a ``free`` box of the same size whose payload (a uuid's user type too) is zeros."""
    stream.seek(box.offset + 4)
    stream.write(b"free")
    stream.seek(box.offset + box.size_field)
    remaining = box.size - box.size_field
    zeros = bytes(min(CHUNK, remaining))
    while remaining > 0:
        written = min(len(zeros), remaining)
        stream.write(zeros[:written])
        remaining -= written


def _is_metadata(box: Box, stream: BinaryIO) -> bool:
    if box.type in METADATA_BOXES or box.type in FREE_BOXES:
        return True
    if box.type == b"uuid":
        stream.seek(box.offset + box.size_field)
        return _read(stream, 16) == XMP_UUID
    return False


def _ftyp_check(stream: BinaryIO, top: list[Box]) -> bytes:
    """The major brand of a video's ``ftyp`` box, the first box of the file; a refusal for anything else."""
    if not top or top[0].type != b"ftyp" or not 16 <= top[0].size <= MAX_FTYP_SIZE:
        raise Damaged
    stream.seek(top[0].offset + top[0].size_field)
    payload = _read(stream, top[0].size - top[0].size_field)
    major = payload[:4]
    compatible = {payload[index : index + 4] for index in range(8, len(payload) - 3, 4)}
    if major in IMAGE_BRANDS:
        raise refusal(_("HEIC and AVIF photos cannot be used: upload the photo as a JPEG."))
    if major in VIDEO_BRANDS or (major not in NOT_VIDEO_BRANDS and compatible & VIDEO_BRANDS):
        return major
    raise unknown_type()


def _video_size(stream: BinaryIO, trak_children: list[Box]) -> tuple[int | None, int | None]:
    """Width and height of a video track as shown (a portrait phone video is stored landscape and turned)."""
    mdia = next((box for box in trak_children if box.type == b"mdia"), None)
    tkhd = next((box for box in trak_children if box.type == b"tkhd"), None)
    if mdia is None or tkhd is None or tkhd.size - tkhd.header < 84:
        return None, None
    hdlr = next((box for box in boxes(stream, mdia.offset + mdia.header, mdia.end) if box.type == b"hdlr"), None)
    if hdlr is None or hdlr.size - hdlr.header < 12:
        return None, None
    stream.seek(hdlr.offset + hdlr.header + 8)
    if _read(stream, 4) != b"vide":
        return None, None
    stream.seek(tkhd.end - 44)  # the matrix (9 x 4 bytes), then width and height in 16.16 fixed point
    a, b, _u, c, d, _v, _x, _y, _w, width, height = struct.unpack(">9i2I", _read(stream, 44))
    width, height = width >> 16, height >> 16
    if not width or not height:
        return None, None
    if a == 0 and d == 0 and b != 0 and c != 0:  # turned a quarter
        width, height = height, width
    return width, height


def _read(stream: BinaryIO, count: int) -> bytes:
    data = stream.read(count)
    if len(data) != count:
        raise Damaged
    return data
