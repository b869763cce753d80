"""Which export an upload is, from its content: a zip by the names of its entries, a single file by how it starts.

The upload's own file name is never looked at. What is not an export Duta reads is refused with a message that
says what it looks like and what to upload instead (an export in HTML: download it again in JSON).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from duta.screening.archives import csvfile, facebook, instagram, tiktok, x
from duta.screening.archives._base import PLATFORM_LABELS, ArchiveError, Head, Part, Spec
from duta.screening.archives._json import head_shape
from duta.screening.archives._source import Source

SPECS: dict[str, Spec] = {
    spec.format: spec for spec in (x.SPEC, facebook.SPEC, instagram.SPEC, tiktok.SPEC, csvfile.SPEC)
}
_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<\?xml)", re.IGNORECASE)
_FACEBOOK_HINTS = ("your_facebook_activity/", "your_activity_across_facebook/", "your_posts", "profile_information/")
_INSTAGRAM_HINTS = ("your_instagram_activity/", "personal_information/personal_information", "content/posts_1.")
_TIKTOK_TXT = re.compile(r"(?:^|/)(?:user_data(?:_tiktok)?\.txt|(?:Activity|Comments|Videos|Profile)/[^/]+\.txt)$")


def plan(source: Source, fmt: str) -> tuple[Spec, list[Part]]:
    """The format of the upload and the parts to read, in order. ``fmt`` is a format name or ``"auto"``."""
    if fmt != "auto" and fmt not in SPECS:
        raise ValueError(f"unknown archive format {fmt!r}")
    candidates = list(SPECS.values()) if fmt == "auto" else [SPECS[fmt]]
    head = None if source.is_zip else _head(source)
    if head is not None and _HTML.match(head.text):
        raise _html_export(_html_platform(head.text.lower()))
    for spec in candidates:
        parts = spec.zip_parts(source.names) if head is None else _single(spec.file_part(head))
        if parts:
            if not any(part.kind in spec.post_kinds for part in parts):
                raise ArchiveError(
                    _(
                        "This file of a %(platform)s export holds no posts. Upload the whole export, or the file "
                        "with the posts: %(expected)s."
                    )
                    % {"platform": PLATFORM_LABELS[spec.format], "expected": spec.expected},
                    code="archive_no_text",
                )
            return spec, parts
    if fmt == "csv":
        raise ArchiveError(
            _("This is not a CSV file we can read: it needs a header row with the columns date, text and url."),
            code="archive_format_mismatch",
        )
    if fmt != "auto":
        raise ArchiveError(
            _("This is not a %(platform)s export we can read: expected %(expected)s.")
            % {"platform": PLATFORM_LABELS[fmt], "expected": SPECS[fmt].expected},
            code="archive_format_mismatch",
        )
    raise _unknown(source.names) if source.is_zip else _unknown_file()


def _single(part: Part | None) -> list[Part]:
    return [part] if part is not None else []


def _head(source: Source) -> Head:
    data = source.head.removeprefix(b"\xef\xbb\xbf")
    top, keys = head_shape(data)
    return Head(source.names[0], data.decode("utf-8", errors="replace"), top, keys)


def _unknown(names: Sequence[str]) -> ArchiveError:
    """Why a zip holds nothing Duta reads: an export in HTML or TXT, zips inside the zip, or something else."""
    lowered = [name.lower() for name in names]
    html = [name for name in lowered if name.endswith((".html", ".htm"))]
    if html:
        platform = _html_platform(" ".join(html))
        if platform:
            return _html_export(platform)
    if any(_TIKTOK_TXT.search(name) for name in names):
        return ArchiveError(
            _("This looks like a TikTok export in TXT format. Request the data again and choose the JSON format."),
            code="archive_txt_export",
        )
    if any(PurePosixPath(name).suffix == ".zip" for name in lowered):
        return ArchiveError(
            _("The zip holds other zip files. Upload the export zips themselves, one at a time."),
            code="archive_nested_zip",
        )
    return ArchiveError(
        _(
            "The zip holds no file with posts we can read. Expected an export of X (data/tweets.js), Facebook "
            "(your_posts_1.json), Instagram (content/posts_1.json) or TikTok (user_data_tiktok.json), in JSON. "
            "If this is part 2 or later of an export split into several zips, upload the part with these files."
        ),
        code="archive_no_text",
    )


def _unknown_file() -> ArchiveError:
    return ArchiveError(
        _(
            "This file is not a data export we can read. Upload the zip of an X, Facebook, Instagram or TikTok "
            "export (JSON format), or a CSV file with the columns date, text and url."
        ),
        code="archive_unknown_format",
    )


def _html_platform(text: str) -> str:
    """Which platform HTML (file names, or the start of a page) comes from, by its paths or else its words."""
    if any(hint in text for hint in _INSTAGRAM_HINTS):
        return "Instagram"
    if any(hint in text for hint in _FACEBOOK_HINTS):
        return "Facebook"
    instagram, facebook = text.count("instagram"), text.count("facebook")
    if instagram or facebook:
        return "Instagram" if instagram > facebook else "Facebook"
    return ""


def _html_export(platform: str) -> ArchiveError:
    if platform:
        message = _(
            "This looks like a %(platform)s export in HTML. Download your information again and choose the JSON format."
        ) % {"platform": platform}
    else:
        message = _("This is a web page (HTML), not a data export. Download your information in JSON format.")
    return ArchiveError(message, code="archive_html_export")
