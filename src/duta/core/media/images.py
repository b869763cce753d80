"""Images: decoded, turned upright, converted to sRGB and re-encoded from their pixels alone (no EXIF, GPS, XMP,
ICC profile or comment survives), then cropped and sized for each platform."""

from __future__ import annotations

import hashlib
import io
import struct
import uuid
import warnings
from collections.abc import Callable
from math import gcd

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from duta.core.media.base import CleanFile, Kind, Rendition, refusal, unknown_type

MAX_PIXELS = 40_000_000  # refused before decoding (decompression bombs)
MAX_SIDE = 2048  # the main file, on its longer side
WHATSAPP_SIDE = 1600  # WhatsApp sends pictures at about this size: larger ones are shrunk again, badly
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: the JPEG that many phones write (with a depth map)
JPEG_QUALITY = 88

# (name, translated label, width, height); the crop keeps the centre.
CROPS: list[tuple[str, Callable[[], str], int, int]] = [
    ("instagram", lambda: _("Instagram feed 4:5"), 1080, 1350),
    ("story", lambda: _("Story 9:16 (Instagram, WhatsApp, TikTok)"), 1080, 1920),
    ("square", lambda: _("Square 1:1"), 1080, 1080),
    ("landscape", lambda: _("Link post 16:9 (X, Facebook, LinkedIn)"), 1200, 675),
]

_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
)


def image_clean(data: bytes, *, renditions: bool = True) -> CleanFile:
    """The image re-encoded without metadata; with ``renditions``, also cut for each platform."""
    damaged = refusal(_("The image is damaged or incomplete."))
    too_many_pixels = refusal(
        _("The image has too many pixels (at most %(megapixels)d megapixels).")
        % {"megapixels": MAX_PIXELS // 1_000_000}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise unknown_type()
                if probe.width * probe.height > MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format in {"JPEG", "MPO"}:
                    image.draft(None, (MAX_SIDE, MAX_SIDE))  # decode a large JPEG at 1/2, 1/4 or 1/8 directly
                image.load()
                pixels = _srgb(ImageOps.exif_transpose(image), image.info.get("icc_profile"))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels from error
        except _DECODE_ERRORS as error:
            raise damaged from error
    if _has_transparency(pixels):
        pixels, image_format, extension, content_type = pixels.convert("RGBA"), "PNG", "png", "image/png"
    else:
        pixels, image_format, extension, content_type = pixels.convert("RGB"), "JPEG", "jpg", "image/jpeg"
    factor = min(pixels.size) // MAX_SIDE
    if factor >= 2:  # cheap first step down; the shorter side stays at least MAX_SIDE for the renditions
        pixels = pixels.reduce(factor)

    main = pixels.copy()
    main.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    content = _encode(main, image_format)
    cuts = _renditions(pixels, image_format) if renditions else []
    return CleanFile(
        kind=Kind.IMAGE,
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.{extension}"),
        width=main.width,
        height=main.height,
        renditions=cuts,
    )


def _renditions(pixels: Image.Image, image_format: str) -> list[Rendition]:
    cuts = []
    for name, label, width, height in CROPS:
        cropped = _crop(pixels, width, height)
        if cropped is not None:
            cuts.append(_rendition(name, label(), cropped, image_format))
    whatsapp = pixels.copy()
    whatsapp.thumbnail((WHATSAPP_SIDE, WHATSAPP_SIDE), Image.Resampling.LANCZOS)
    cuts.append(_rendition("whatsapp", _("WhatsApp (whole picture)"), whatsapp, image_format))
    return cuts


def crop_size(width: int, height: int, target_width: int, target_height: int) -> tuple[int, int] | None:
    """The size of a rendition of ``target_width`` x ``target_height`` cut from an image of ``width`` x ``height``:
    the target itself, or for a smaller image the largest size of exactly the same ratio that needs no upscaling
    (``None`` when the image is too small for even one step of that ratio)."""
    divisor = gcd(target_width, target_height)
    ratio_width, ratio_height = target_width // divisor, target_height // divisor
    steps = min(divisor, width // ratio_width, height // ratio_height)
    if steps < 1:
        return None
    return steps * ratio_width, steps * ratio_height


def _crop(image: Image.Image, width: int, height: int) -> Image.Image | None:
    size = crop_size(image.width, image.height, width, height)
    if size is None:
        return None
    return ImageOps.fit(image, size, method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def _rendition(name: str, label: str, image: Image.Image, image_format: str) -> Rendition:
    return Rendition(
        name=name, label=label, width=image.width, height=image.height, content=_encode(image, image_format)
    )


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Encode the pixels alone: a new image carries no ``info`` (EXIF, ICC, XMP, text) for the encoder to copy."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    output = io.BytesIO()
    if image_format == "JPEG":
        bare.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        bare.save(output, format="PNG")
    return output.getvalue()


def _srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The image in 8-bit RGB(A) sRGB: colours of a phone's wide-gamut (Display P3) or a CMYK picture are converted
    with their profile before the profile is dropped, so that they do not shift."""
    if image.mode in {"I;16", "I;16L", "I;16B", "I;16N", "I"}:  # 16-bit grey: convert("L") would clip to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    alpha = image.getchannel("A") if image.mode in {"RGBA", "LA", "PA"} else None
    if image.mode in {"P", "PA"}:
        return image.convert("RGBA")
    colour = image.convert("RGB") if image.mode not in {"RGB", "CMYK", "L"} else image
    if icc_profile:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(colour, profile, ImageCms.createProfile("sRGB"), outputMode="RGB")
            colour = converted if converted is not None else colour
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the plain conversion
    colour = colour.convert("RGB") if colour.mode != "RGB" else colour
    if alpha is not None:
        colour.putalpha(alpha)
    elif image.has_transparency_data:  # RGB or L with a tRNS colour
        return image.convert("RGBA")
    return colour


def _has_transparency(image: Image.Image) -> bool:
    if image.mode != "RGBA":
        return False
    minimum, _maximum = image.getchannel("A").getextrema()
    return isinstance(minimum, int) and minimum < 255
