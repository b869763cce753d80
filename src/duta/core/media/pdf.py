"""PDFs: the pages copied into a new document, which leaves behind the document information (author, producer,
dates), the XMP metadata, the opening action, the scripts, the attached files, the form and the outline; what
the pages themselves carry (actions, per-page metadata, EXIF inside embedded JPEG photos) is removed too."""

from __future__ import annotations

import hashlib
import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from duta.core.exceptions import ApplicationError
from duta.core.media.base import CleanFile, Kind, refusal

MAX_PAGES = 200
# Keys dropped from pages, annotations and XObjects: actions that run something, and metadata.
DROPPED_KEYS = ("/AA", "/Metadata", "/PieceInfo")
SAFE_ACTIONS = {"/URI", "/GoTo"}  # a link annotation keeps these; any other action (JavaScript, Launch, ...) goes
DROPPED_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# JPEG segments that hold metadata: APP1 (EXIF, XMP), APP3 to APP13 (IPTC, makers' notes), APP15, comments.
# Kept: APP0 (JFIF), APP2 (colour profile) and APP14 (Adobe: says how the colours were transformed).
JPEG_DROPPED_MARKERS = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}


def pdf_clean(data: bytes) -> CleanFile:
    damaged = refusal(_("The PDF is damaged or incomplete."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise refusal(_("The PDF is protected by a password or encrypted: upload it without protection."))
        page_count = len(reader.pages)
        if page_count == 0:
            raise damaged
        if page_count > MAX_PAGES:
            raise refusal(_("The PDF has more than %(pages)d pages.") % {"pages": MAX_PAGES})
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None  # no document information dictionary, not even pypdf's /Producer
        seen: set[int] = set()
        for page in writer.pages:
            _scrub(page, seen)
            annotations = page.get("/Annots")
            if annotations is not None:
                kept = ArrayObject()
                for reference in annotations.get_object():
                    annotation = reference.get_object()
                    if not isinstance(annotation, DictionaryObject):
                        continue
                    if annotation.get("/Subtype") in DROPPED_ANNOTATIONS:
                        continue
                    _scrub(annotation, seen)
                    if "/Parent" in annotation:  # the form field a widget belongs to may hold actions too
                        _scrub(annotation["/Parent"], seen)
                    kept.append(reference)
                page[NameObject("/Annots")] = kept
        output = io.BytesIO()
        writer.write(output)
    except ApplicationError:
        raise
    except Exception as error:  # a damaged PDF makes pypdf raise errors of many kinds
        raise damaged from error
    content = output.getvalue()
    return CleanFile(
        kind=Kind.PDF,
        content_type="application/pdf",
        extension="pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.pdf"),
    )


def jpeg_strip_metadata(data: bytes) -> bytes | None:
    """The JPEG without its metadata segments, or ``None`` when its markers cannot be followed."""
    if not data.startswith(b"\xff\xd8"):
        return None
    kept, position = [b"\xff\xd8"], 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the compressed picture follows
            kept.append(data[position:])
            return b"".join(kept)
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2 or position + 2 + length > len(data):
            return None
        if marker not in JPEG_DROPPED_MARKERS:
            kept.append(data[position : position + 2 + length])
        position += 2 + length
    return None


def _scrub(node: Any, seen: set[int]) -> None:
    """Remove actions and metadata from a page, annotation or XObject and from the XObjects it draws."""
    node = node.get_object()
    if not isinstance(node, DictionaryObject) or id(node) in seen:
        return
    seen.add(id(node))
    for key in DROPPED_KEYS:
        node.pop(NameObject(key), None)
    action = node.get("/A")
    if action is not None:
        action = action.get_object()
        if not isinstance(action, DictionaryObject) or action.get("/S") not in SAFE_ACTIONS:
            node.pop(NameObject("/A"))
        else:
            action.pop(NameObject("/Next"), None)  # a chained action could run a script after the link
    if isinstance(node, StreamObject) and node.get("/Subtype") == "/Image" and node.get("/Filter") == "/DCTDecode":
        stripped = jpeg_strip_metadata(node._data)
        if stripped is not None:
            StreamObject.set_data(node, stripped)  # the raw bytes: a JPEG is not re-encoded
    resources = node.get("/Resources")
    if resources is not None:
        resources = resources.get_object()
        xobjects = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
        if xobjects is not None:
            for reference in xobjects.get_object().values():
                _scrub(reference, seen)
