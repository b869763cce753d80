"""Screenshots uploaded as evidence: images only, size-limited, re-encoded without metadata."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from duta.core.exceptions import ApplicationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2000  # screenshots are scaled down to this on their longer side
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "MPO": "jpg"}  # MPO: JPEG from many phones


def evidence_image_clean(upload: UploadedFile) -> ContentFile[bytes]:
    """Check an uploaded screenshot and return a clean copy: EXIF, GPS and every other metadata
    removed by re-encoding the pixels alone, rotated upright, at most ``MAX_SIDE`` pixels wide."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            _("The screenshot is larger than %(megabytes)d MB.") % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="evidence",
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            _("The screenshot is larger than %(megabytes)d MB.") % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="evidence",
        )
    not_an_image = ApplicationError(_("Upload a screenshot as a JPEG, PNG or WebP image."), field="evidence")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ApplicationError(_("The screenshot has too many pixels."), field="evidence")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image_format = "JPEG" if image.format == "MPO" else (image.format or "PNG")
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            mode = "RGB" if image_format == "JPEG" else ("RGBA" if upright.mode in {"RGBA", "LA", "P"} else "RGB")
            clean = Image.new(mode, upright.size)
            clean.paste(upright.convert(mode))
            output = io.BytesIO()
            clean.save(output, format=image_format, **({"quality": 85} if image_format in {"JPEG", "WEBP"} else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_an_image from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[image_format]}")
