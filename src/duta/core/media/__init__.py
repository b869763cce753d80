"""Uploaded images, short videos and PDFs (a campaign brief's attachments, a lesson's files), checked and cleaned.

``attachment_clean`` tells the type by the content (never by the name or the browser's content type), reads at
most the limit of that type plus one byte (``upload.size`` is not trusted), and returns a copy without metadata:
images re-encoded from their pixels and sized for each platform, videos with their metadata boxes blanked in
place, PDFs rebuilt page by page.
"""

from __future__ import annotations

import tempfile
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from duta.core.media.base import CleanFile, Kind, Rendition, max_bytes, refusal, too_large, unknown_type
from duta.core.media.images import image_clean
from duta.core.media.pdf import pdf_clean
from duta.core.media.video import video_clean

__all__ = ["CleanFile", "Kind", "Rendition", "attachment_clean"]

CHUNK = 1024 * 1024
SNIFF_BYTES = 16


def attachment_clean(upload: UploadedFile, *, renditions: bool = True) -> CleanFile:
    """Check an uploaded attachment and return its clean copy; ``ApplicationError`` (field "file") if refused.
    ``renditions``: an image is also cut for each platform (campaigns share them; lessons only show the picture)."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    head = _read_up_to(upload, SNIFF_BYTES)
    if not head:
        raise refusal(_("The file is empty."))
    kind = sniff(head)
    if kind is None:
        raise unknown_type()
    limit = max_bytes(kind)
    if upload.size is not None and upload.size > limit:  # an honest size saves reading; a lying one is caught below
        raise too_large(kind)
    if kind == Kind.VIDEO:
        return _video_from(upload, head, limit)
    data = head + _read_up_to(upload, limit + 1 - len(head))
    if len(data) > limit:
        raise too_large(kind)
    return image_clean(data, renditions=renditions) if kind == Kind.IMAGE else pdf_clean(data)


def sniff(head: bytes) -> str | None:
    """The kind of file that starts with ``head`` (its first 16 bytes), by its signature."""
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return Kind.IMAGE
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head[4:8] == b"ftyp":
        return Kind.VIDEO
    return None


def _video_from(upload: UploadedFile, head: bytes, limit: int) -> CleanFile:
    """Copy the video in chunks to a temporary file (deleted when closed), then check and clean it there."""
    stream: BinaryIO = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 - handed back open
    try:
        stream.write(head)
        size = len(head)
        while size <= limit and (chunk := upload.read(min(CHUNK, limit + 1 - size))):
            stream.write(chunk)
            size += len(chunk)
        if size > limit:
            raise too_large(Kind.VIDEO)
        stream.flush()
        return video_clean(stream, size)
    except BaseException:
        stream.close()
        raise


def _read_up_to(upload: UploadedFile, count: int) -> bytes:
    parts, remaining = [], count
    while remaining > 0 and (chunk := upload.read(min(CHUNK, remaining))):
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)
