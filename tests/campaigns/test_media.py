"""Attachment cleaning: types told by content, sizes capped while reading, metadata really gone."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from math import gcd

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from duta.core.exceptions import ApplicationError
from duta.core.media import CleanFile, Kind, attachment_clean
from duta.core.media.images import crop_size
from duta.core.media.pdf import jpeg_strip_metadata

MB = 1024 * 1024
GPS_TEXT = b"-6.2000+106.8166+012.000/"
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


@pytest.fixture(autouse=True)
def _english() -> None:
    """The messages are checked in their English source (after the default language is set for every test)."""
    translation.activate("en")


def upload(content: bytes, name: str = "upload.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(content: bytes, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        attachment_clean(upload(content, **kwargs))
    assert caught.value.field == "file"
    return caught.value


def stored(clean: CleanFile) -> bytes:
    """The cleaned content; the file is closed (a video's temporary file is deleted then)."""
    with clean.file:
        clean.file.seek(0)
        return clean.file.read()


# --- images ----------------------------------------------------------------------------------------------------


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SecretCameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 12.0, 0.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 0.0)
    return exif


def two_colour_image(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows which way the picture was turned."""
    image = Image.new(mode, (width, height), "red")
    image.paste(Image.new(mode, (width - width // 2, height), "blue"), (width // 2, 0))
    return image


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, format=image_format, **options)
    return output.getvalue()


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_photo(width: int = 400, height: int = 200) -> bytes:
    return encoded(
        two_colour_image(width, height),
        "JPEG",
        exif=exif_with_gps(orientation=6),
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXmpAuthor</x:xmpmeta>',
        icc_profile=srgb_profile(),
        comment=b"SecretComment",
    )


def assert_no_metadata(content: bytes) -> None:
    for marker in (b"Exif", b"SecretCameraMaker", b"SecretXmpAuthor", b"xmpmeta", b"ICC_PROFILE", b"SecretComment"):
        assert marker not in content
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        assert dict(exif) == {}
        assert exif.get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(image.info)


def test_jpeg_is_upright_and_loses_exif_gps_xmp_icc_and_comment() -> None:
    original = phone_photo()
    assert b"Exif" in original  # the checks below can fail
    assert b"SecretComment" in original

    clean = attachment_clean(upload(original, name="photo.png", content_type="image/png"))

    content = stored(clean)
    assert (clean.kind, clean.content_type, clean.extension) == (Kind.IMAGE, "image/jpeg", "jpg")
    assert clean.size == len(content)
    assert clean.sha256 == hashlib.sha256(content).hexdigest()
    assert_no_metadata(content)
    for rendition in clean.renditions:
        assert_no_metadata(rendition.content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert image.size == (200, 400) == (clean.width, clean.height)  # orientation 6: turned a quarter clockwise
        top, bottom = image.convert("RGB").getpixel((100, 50)), image.convert("RGB").getpixel((100, 350))
    assert top[0] > 200  # the left (red) half is now on top
    assert top[2] < 60
    assert bottom[2] > 200
    assert bottom[0] < 60


def test_main_file_is_at_most_2048_pixels_and_renditions_have_exact_sizes() -> None:
    clean = attachment_clean(upload(encoded(Image.new("RGB", (3000, 2000), "green"), "JPEG")))

    assert (clean.width, clean.height) == (2048, 1365)
    sizes = {rendition.name: (rendition.width, rendition.height) for rendition in clean.renditions}
    assert sizes == {
        "instagram": (1080, 1350),
        "story": (1080, 1920),
        "square": (1080, 1080),
        "landscape": (1200, 675),
        "whatsapp": (1600, 1067),
    }
    for rendition in clean.renditions:
        assert rendition.label
        with Image.open(io.BytesIO(rendition.content)) as image:
            assert image.format == "JPEG"
            assert image.size == (rendition.width, rendition.height)


def test_without_renditions_only_the_main_file_is_made() -> None:
    clean = attachment_clean(upload(encoded(Image.new("RGB", (3000, 2000), "green"), "JPEG")), renditions=False)

    assert (clean.width, clean.height) == (2048, 1365)
    assert clean.renditions == []


def test_a_small_image_is_not_upscaled_its_renditions_keep_the_ratio() -> None:
    clean = attachment_clean(upload(encoded(Image.new("RGB", (400, 300), "green"), "PNG")))

    assert (clean.width, clean.height) == (400, 300)
    sizes = {rendition.name: (rendition.width, rendition.height) for rendition in clean.renditions}
    assert sizes == {
        "instagram": (240, 300),
        "story": (162, 288),
        "square": (300, 300),
        "landscape": (400, 225),
        "whatsapp": (400, 300),
    }
    targets = {"instagram": (4, 5), "story": (9, 16), "square": (1, 1), "landscape": (16, 9)}
    for name, (width, height) in sizes.items():
        if name in targets:
            divisor = gcd(width, height)
            assert (width // divisor, height // divisor) == targets[name]


@pytest.mark.parametrize(
    ("size", "target", "expected"),
    [
        ((4000, 3000), (1080, 1350), (1080, 1350)),
        ((1000, 3000), (1200, 675), (992, 558)),
        ((500, 500), (1080, 1920), (279, 496)),
        ((10, 5), (1080, 1920), None),
    ],
)
def test_crop_size(size: tuple[int, int], target: tuple[int, int], expected: tuple[int, int] | None) -> None:
    assert crop_size(*size, *target) == expected


def test_the_centre_is_kept_when_cropping() -> None:
    image = Image.new("RGB", (1600, 900), "red")
    image.paste(Image.new("RGB", (600, 900), "blue"), (500, 0))  # a blue band in the middle
    clean = attachment_clean(upload(encoded(image, "PNG")))

    square = next(rendition for rendition in clean.renditions if rendition.name == "square")
    with Image.open(io.BytesIO(square.content)) as cropped:
        assert cropped.size == (900, 900)
        centre = cropped.convert("RGB").getpixel((450, 450))
    assert centre[2] > 200
    assert centre[0] < 60


def test_png_with_transparency_stays_png_and_loses_its_text_chunks() -> None:
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (300, 200), (255, 0, 0, 0))
    image.paste(Image.new("RGBA", (100, 100), (0, 0, 255, 255)), (100, 50))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "SecretPngAuthor")
    original = encoded(image, "PNG", pnginfo=text, exif=exif_with_gps())

    clean = attachment_clean(upload(original))

    content = stored(clean)
    assert (clean.content_type, clean.extension) == ("image/png", "png")
    assert b"SecretPngAuthor" not in content
    assert b"eXIf" not in content
    assert_no_metadata(content)
    for data in [content, *(rendition.content for rendition in clean.renditions)]:
        with Image.open(io.BytesIO(data)) as result:
            assert result.format == "PNG"
            assert result.mode == "RGBA"
            assert result.getchannel("A").getextrema()[0] == 0


def test_opaque_png_and_webp_become_jpeg() -> None:
    for image_format in ("PNG", "WEBP"):
        clean = attachment_clean(upload(encoded(two_colour_image(300, 200, "RGBA"), image_format)))
        assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
        with Image.open(io.BytesIO(stored(clean))) as image:
            assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (300, 200))


def test_webp_with_transparency_becomes_png() -> None:
    clean = attachment_clean(upload(encoded(Image.new("RGBA", (50, 40), (0, 0, 0, 10)), "WEBP", lossless=True)))
    assert (clean.content_type, clean.extension) == ("image/png", "png")


def test_cmyk_and_16_bit_grey_images_are_converted_not_clipped() -> None:
    cmyk = attachment_clean(upload(encoded(Image.new("CMYK", (60, 40), (0, 255, 255, 0)), "JPEG")))
    with Image.open(io.BytesIO(stored(cmyk))) as image:
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((30, 20))
    assert red > 200
    assert green < 60
    assert blue < 60

    grey = attachment_clean(upload(encoded(Image.new("I;16", (60, 40), 40000), "PNG")))
    with Image.open(io.BytesIO(stored(grey))) as image:
        assert abs(image.convert("L").getpixel((30, 20)) - 156) <= 3  # not 255 (clipped to white)


def test_a_phone_mpo_jpeg_is_accepted() -> None:
    first, second = two_colour_image(120, 80), Image.new("RGB", (120, 80), "black")
    original = encoded(first, "MPO", save_all=True, append_images=[second], exif=exif_with_gps())
    with Image.open(io.BytesIO(original)) as probe:
        assert probe.format == "MPO"

    clean = attachment_clean(upload(original))

    assert clean.content_type == "image/jpeg"
    assert_no_metadata(stored(clean))


def png_declaring(width: int, height: int) -> bytes:
    def chunk(chunk_type: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", zlib.crc32(chunk_type + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("dimensions", [(100_000, 100_000), (8000, 6000)])
def test_decompression_bomb_is_refused_before_decoding(dimensions: tuple[int, int]) -> None:
    assert "too many pixels" in refusal(png_declaring(*dimensions)).message


def test_damaged_images_are_refused() -> None:
    photo = phone_photo()
    assert "damaged" in refusal(photo[: len(photo) // 2]).message
    assert "damaged" in refusal(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10).message


def test_other_types_are_refused_whatever_their_name() -> None:
    gif = encoded(Image.new("RGB", (10, 10)), "GIF")
    for content in (gif, b"just some text, long enough", b"MZ\x90\x00" + bytes(100)):
        error = refusal(content, name="photo.jpg", content_type="image/jpeg")
        assert error.message == "Upload a JPEG, PNG or WebP image, an MP4 video or a PDF."


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"").message == "The file is empty."


class CountingBytesIO(io.BytesIO):
    """A real in-memory file that remembers how many bytes were read from it."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def lying_upload(content: bytes, claimed_size: int) -> tuple[InMemoryUploadedFile, CountingBytesIO]:
    stream = CountingBytesIO(content)
    return InMemoryUploadedFile(stream, "file", "small.jpg", "image/jpeg", claimed_size, None), stream


@pytest.mark.parametrize(
    ("kind", "head"),
    [
        ("IMAGE", b"\xff\xd8\xff\xe0"),
        ("PDF", b"%PDF-1.7\n"),
        ("VIDEO", struct.pack(">I", 16) + b"ftypisom" + bytes(4)),
    ],
)
def test_a_lying_size_does_not_help_and_no_more_than_the_limit_is_read(settings, kind: str, head: bytes) -> None:
    setattr(settings, f"CAMPAIGNS_MAX_{kind}_MB", 1)
    the_upload, stream = lying_upload(head + bytes(3 * MB), claimed_size=100)

    with pytest.raises(ApplicationError) as caught:
        attachment_clean(the_upload)

    assert "larger than 1 MB" in caught.value.message
    assert stream.bytes_read <= MB + 1


def test_an_honest_size_above_the_limit_is_refused_at_once(settings) -> None:
    settings.CAMPAIGNS_MAX_IMAGE_MB = 1
    the_upload, stream = lying_upload(phone_photo(), claimed_size=2 * MB)
    with pytest.raises(ApplicationError, match="larger than 1 MB"):
        attachment_clean(the_upload)
    assert stream.bytes_read <= 16


def test_kinds_match_the_model() -> None:
    from duta.campaigns.models import Attachment

    assert {Kind.IMAGE, Kind.VIDEO, Kind.PDF} == set(Attachment.Kind.values)


# --- videos ----------------------------------------------------------------------------------------------------


def box(box_type: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + box_type + payload


def full_box(box_type: bytes, payload: bytes, version: int = 0) -> bytes:
    return box(box_type, bytes([version, 0, 0, 0]) + payload)


IDENTITY = (0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
QUARTER_TURN = (0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000)


def mp4(**options) -> bytes:
    return mp4_and_metadata_boxes(**options)[0]


def mp4_and_metadata_boxes(
    *,
    brand: bytes = b"isom",
    matrix: tuple[int, ...] = IDENTITY,
    moov: bool = True,
    mdat: bytes | None = None,
    large_mdat: bool = False,
) -> tuple[bytes, list[bytes]]:
    """A small but well-formed MP4: ftyp, top-level XMP uuid and meta, moov (mvhd, udta with a GPS position,
    meta with Apple's location key, one video trak with its own udta), free, mdat; and the boxes to blank."""
    ftyp = box(b"ftyp", brand + struct.pack(">I", 0x200) + b"isomiso2avc1mp41")
    mvhd = full_box(b"mvhd", struct.pack(">IIII", 0, 0, 1000, 5000) + struct.pack(">IH", 0x10000, 0x100) + bytes(10)
                    + struct.pack(">9i", *IDENTITY) + bytes(24) + struct.pack(">I", 2))  # fmt: skip
    tkhd = full_box(b"tkhd", struct.pack(">IIIII", 0, 0, 1, 0, 5000) + bytes(8) + struct.pack(">hhhH", 0, 0, 0, 0)
                    + struct.pack(">9i", *matrix) + struct.pack(">II", 1920 << 16, 1080 << 16))  # fmt: skip
    hdlr = full_box(b"hdlr", bytes(4) + b"vide" + bytes(12) + b"VideoHandler\0")
    mdia = box(b"mdia", full_box(b"mdhd", struct.pack(">IIII", 0, 0, 1000, 5000) + bytes(4)) + hdlr)
    track_udta = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(GPS_TEXT), 0x15C7) + GPS_TEXT))
    trak = box(b"trak", tkhd + mdia + track_udta)
    udta = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(GPS_TEXT), 0x15C7) + GPS_TEXT)
               + box(b"\xa9mak", struct.pack(">HH", 9, 0) + b"SecretCam"))  # fmt: skip
    apple_meta = box(b"meta", full_box(b"keys", b"com.apple.quicktime.location.ISO6709") + box(b"ilst", GPS_TEXT))
    moov_box = box(b"moov", mvhd + udta + apple_meta + trak) if moov else b""
    xmp = box(b"uuid", XMP_UUID + b"<x:xmpmeta>SecretXmpOwner</x:xmpmeta>")
    top_meta = full_box(b"meta", box(b"ilst", b"SecretTopLevelTitle"))
    frames = mdat if mdat is not None else b"\x00\x00\x00\x10" + b"frame-bytes-here" * 8
    if large_mdat:
        mdat_box = struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", 16 + len(frames)) + frames
    else:
        mdat_box = box(b"mdat", frames)
    free = box(b"free", b"left-over")
    return ftyp + xmp + top_meta + moov_box + free + mdat_box, [xmp, top_meta, udta, apple_meta, track_udta, free]


SECRETS = (GPS_TEXT, b"SecretCam", b"SecretXmpOwner", b"SecretTopLevelTitle", b"com.apple.quicktime", b"left-over")


@pytest.mark.parametrize("large_mdat", [False, True])
def test_mp4_metadata_boxes_become_zeroed_free_boxes_and_nothing_else_moves(large_mdat: bool) -> None:
    original, metadata_boxes = mp4_and_metadata_boxes(large_mdat=large_mdat)
    for secret in SECRETS:
        assert secret in original  # the checks below can fail
    ranges = [(original.index(found), original.index(found) + len(found)) for found in metadata_boxes]

    clean = attachment_clean(upload(original, name="clip.pdf", content_type="application/pdf"))

    content = stored(clean)
    assert (clean.kind, clean.content_type, clean.extension) == (Kind.VIDEO, "video/mp4", "mp4")
    assert len(content) == len(original) == clean.size
    assert clean.sha256 == hashlib.sha256(content).hexdigest()
    assert (clean.width, clean.height) == (1920, 1080)
    assert clean.renditions == []
    for secret in SECRETS:
        assert secret not in content
    for start, end in ranges:
        assert content[start : start + 4] == original[start : start + 4]  # the size is kept
        assert content[start + 4 : start + 8] == b"free"
        assert content[start + 8 : end] == bytes(end - start - 8)
    outside = [index for index in range(len(original)) if not any(start <= index < end for start, end in ranges)]
    assert all(content[index] == original[index] for index in outside)
    assert content.endswith(original[-140:])  # the frames are untouched


def test_a_portrait_phone_video_reports_its_shown_size() -> None:
    clean = attachment_clean(upload(mp4(matrix=QUARTER_TURN)))
    clean.file.close()
    assert (clean.width, clean.height) == (1080, 1920)


def test_quicktime_mov_keeps_its_type() -> None:
    clean = attachment_clean(upload(mp4(brand=b"qt  ")))
    clean.file.close()
    assert (clean.content_type, clean.extension) == ("video/quicktime", "mov")


def test_a_last_mdat_of_size_zero_runs_to_the_end_of_the_file() -> None:
    original = mp4()
    mdat_at = original.rindex(b"mdat") - 4
    original = original[:mdat_at] + bytes(4) + original[mdat_at + 4 :]
    clean = attachment_clean(upload(original))
    assert stored(clean)[mdat_at:] == original[mdat_at:]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(mp4(moov=False), id="no moov"),
        pytest.param(mp4()[: -len(box(b"mdat", b"\x00\x00\x00\x10" + b"frame-bytes-here" * 8))], id="no mdat"),
        pytest.param(mp4()[:-10], id="truncated"),
        pytest.param(mp4() + b"\x01\x02\x03", id="trailing bytes"),
        pytest.param(mp4() + mp4()[:200], id="two ftyp and moov"),
    ],
)
def test_damaged_videos_are_refused(content: bytes) -> None:
    assert "The video is damaged" in refusal(content).message


def test_a_box_larger_than_its_container_is_refused() -> None:
    original = bytearray(mp4())
    trak_at = original.index(b"trak") - 4
    original[trak_at : trak_at + 4] = struct.pack(">I", 100_000)
    assert "The video is damaged" in refusal(bytes(original)).message


def test_iso_files_that_are_not_videos_are_refused() -> None:
    assert refusal(mp4(brand=b"M4A ")).message == "Upload a JPEG, PNG or WebP image, an MP4 video or a PDF."
    assert "HEIC" in refusal(mp4(brand=b"heic")).message


# --- PDFs ------------------------------------------------------------------------------------------------------


def pdf_with_everything(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _index in range(pages):
        writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "SecretPdfAuthor", "/Producer": "SecretProducer 1.0", "/Title": "SecretTitle"})
    xmp = DecodedStreamObject()
    xmp.set_data(
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""'
        b' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>SecretXmpCreator</rdf:li>'
        b'</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('SecretScript')")}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(script)])}
            )
        }
    )
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('OpenScript')")}
    )
    writer.add_attachment("SecretAttachment.txt", b"SecretAttachedContent")

    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/O"): DictionaryObject(
                {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("PageOpenScript")}
            )
        }
    )
    photo = encoded(Image.new("RGB", (16, 16), "red"), "JPEG", exif=exif_with_gps(), comment=b"SecretComment")
    image = DecodedStreamObject()
    image.set_data(photo)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(16),
            NameObject("/Height"): NumberObject(16),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    drawing = DecodedStreamObject()
    drawing.set_data(b"q 100 0 0 100 50 50 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(drawing)

    def annotation(action_type: str, key: str, value: str) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(20), NumberObject(20)]
                ),
                NameObject("/A"): DictionaryObject(
                    {NameObject("/S"): NameObject(action_type), NameObject(key): TextStringObject(value)}
                ),
            }
        )

    page[NameObject("/Annots")] = ArrayObject(
        [
            writer._add_object(annotation("/URI", "/URI", "https://example.test/campaign")),
            writer._add_object(annotation("/JavaScript", "/JS", "LinkScript")),
        ]
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


PDF_SECRETS = (
    b"SecretPdfAuthor",
    b"SecretProducer",
    b"SecretTitle",
    b"SecretXmpCreator",
    b"SecretScript",
    b"OpenScript",
    b"PageOpenScript",
    b"LinkScript",
    b"SecretAttachment",
    b"SecretAttachedContent",
    b"Exif",
    b"SecretComment",
    b"SecretCameraMaker",
)


def test_pdf_loses_its_information_xmp_scripts_actions_attachments_and_photo_exif() -> None:
    original = pdf_with_everything()
    for secret in PDF_SECRETS:
        assert secret in original  # the checks below can fail
    reader = PdfReader(io.BytesIO(original))
    assert reader.metadata is not None
    assert reader.xmp_metadata is not None

    clean = attachment_clean(upload(original, name="brief.jpg", content_type="image/jpeg"))

    content = stored(clean)
    assert (clean.kind, clean.content_type, clean.extension) == (Kind.PDF, "application/pdf", "pdf")
    assert clean.size == len(content)
    assert clean.sha256 == hashlib.sha256(content).hexdigest()
    assert (clean.width, clean.height, clean.renditions) == (None, None, [])
    for secret in PDF_SECRETS:
        assert secret not in content
    for key in (b"/OpenAction", b"/JavaScript", b"/AA", b"/EmbeddedFiles"):
        assert key not in content
    result = PdfReader(io.BytesIO(content))
    assert len(result.pages) == 2
    assert result.metadata is None
    assert result.xmp_metadata is None
    assert {"/OpenAction", "/Names", "/Metadata", "/AcroForm"}.isdisjoint(result.trailer["/Root"].keys())
    page = result.pages[0]
    annotations = [reference.get_object() for reference in page["/Annots"]]
    assert [annotation["/A"]["/URI"] for annotation in annotations if "/A" in annotation] == [
        "https://example.test/campaign"
    ]
    image = page["/Resources"]["/XObject"]["/Im0"].get_object()
    with Image.open(io.BytesIO(image._data)) as photo:
        assert photo.size == (16, 16)
        photo.load()
        assert dict(photo.getexif()) == {}


def test_jpeg_strip_metadata_keeps_the_picture() -> None:
    photo = phone_photo(64, 32)
    stripped = jpeg_strip_metadata(photo)
    assert stripped is not None
    assert b"Exif" not in stripped
    assert b"SecretComment" not in stripped
    with Image.open(io.BytesIO(photo)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert before.tobytes() == after.tobytes()
    assert jpeg_strip_metadata(b"not a jpeg") is None


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_encrypted_pdf_is_refused(user_password: str) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    assert "password" in refusal(output.getvalue()).message


def test_pdf_with_too_many_pages_is_refused() -> None:
    writer = PdfWriter()
    for _index in range(201):
        writer.add_blank_page(width=100, height=100)
    output = io.BytesIO()
    writer.write(output)
    assert refusal(output.getvalue()).message == "The PDF has more than 200 pages."


def test_damaged_pdf_is_refused() -> None:
    assert "The PDF is damaged" in refusal(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF").message
    assert "The PDF is damaged" in refusal(pdf_with_everything()[:300]).message
