"""What every kind of attachment shares: the result types, the size limits and the refusals."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from duta.core.exceptions import ApplicationError

FIELD = "file"  # the form field the refusals point at


class Kind:
    """The kinds of attachment; the same values as ``Attachment.Kind``."""

    IMAGE = "image"
    VIDEO = "video"
    PDF = "pdf"


@dataclass(frozen=True)
class Rendition:
    """An image cropped and sized for one platform, in the same format as the main file."""

    name: str  # "instagram", "story", "square", "landscape", "whatsapp"
    label: str  # translated, e.g. "Instagram feed 4:5"
    width: int
    height: int
    content: bytes


@dataclass
class CleanFile:
    """An upload whose type was checked by its content and whose metadata is gone."""

    kind: str
    content_type: str
    extension: str  # without the dot
    size: int  # of the cleaned content
    sha256: str  # of the cleaned content
    file: File  # the cleaned content, ready for FileField.save() (a temporary file for videos: close it after)
    width: int | None = None
    height: int | None = None
    renditions: list[Rendition] = field(default_factory=list)


# Limits in megabytes, per kind; settings may lower or raise them.
DEFAULT_MAX_MB = {Kind.IMAGE: 15, Kind.VIDEO: 100, Kind.PDF: 20}
SETTING_NAMES = {
    Kind.IMAGE: "CAMPAIGNS_MAX_IMAGE_MB",
    Kind.VIDEO: "CAMPAIGNS_MAX_VIDEO_MB",
    Kind.PDF: "CAMPAIGNS_MAX_PDF_MB",
}


def max_megabytes(kind: str) -> int:
    return int(getattr(settings, SETTING_NAMES[kind], DEFAULT_MAX_MB[kind]))


def max_bytes(kind: str) -> int:
    return max_megabytes(kind) * 1024 * 1024


def refusal(message: str) -> ApplicationError:
    return ApplicationError(message, field=FIELD)


def too_large(kind: str) -> ApplicationError:
    megabytes = {"megabytes": max_megabytes(kind)}
    if kind == Kind.IMAGE:
        return refusal(_("The image is larger than %(megabytes)d MB.") % megabytes)
    if kind == Kind.VIDEO:
        return refusal(_("The video is larger than %(megabytes)d MB.") % megabytes)
    return refusal(_("The PDF is larger than %(megabytes)d MB.") % megabytes)


def unknown_type() -> ApplicationError:
    return refusal(_("Upload a JPEG, PNG or WebP image, an MP4 video or a PDF."))
