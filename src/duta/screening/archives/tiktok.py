"""TikTok exports in JSON: one document (``user_data_tiktok.json``, formerly ``user_data.json``) holding everything.

The document can be huge (mostly watch history), so it is streamed once and only the person's videos
(``Post.Posts.VideoList``, formerly ``Video.Videos.VideoList``), comments (``Comment.Comments.CommentsList``) and
profile are picked out. Dates are UTC. A video's text is its description ("Title" in current exports); videos
without one are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from duta.screening.archives import _json
from duta.screening.archives._base import ArchivePost, Head, Part, Spec, from_iso, make_post, text_of, web_link
from duta.screening.archives._source import Source

_NAMES = frozenset({"user_data_tiktok.json", "user_data.json"})
_TOP_KEYS = frozenset(
    {
        "Activity",
        "Your Activity",
        "Ads and data",
        "App Settings",
        "Comment",
        "Direct Message",
        "Direct Messages",
        "Income Plus Wallet Transactions",
        "Location Review",
        "Post",
        "Video",
        "Profile",
        "Profile And Settings",
        "Tiktok Live",
        "TikTok Live",
        "Tiktok Shopping",
        "TikTok Shop",
    }
)
VIDEO_PREFIXES = ("Post.Posts.VideoList.item", "Video.Videos.VideoList.item", "Activity.Video.Videos.VideoList.item")
COMMENT_PREFIXES = ("Comment.Comments.CommentsList.item", "Comment.CommentsList.item")
PROFILE_PREFIXES = ("Profile", "Profile And Settings")  # the second in some recent exports
_TEXT_FIELDS = ("Title", "Desc", "Description")
_VIDEO_ID = re.compile(r"/(?:video|photo)/(\d+)")


def zip_parts(names: Sequence[str]) -> list[Part]:
    return [Part(name, "user_data") for name in sorted(names) if PurePosixPath(name).name in _NAMES]


def file_part(head: Head) -> Part | None:
    if head.json_top == "dict" and set(head.json_keys) & _TOP_KEYS:
        return Part(head.name, "user_data")
    return None


def account(source: Source, parts: Sequence[Part]) -> str:
    """The user name from the profile; the whole document may be read to find it."""
    for part in parts:
        with source.open(part.name) as stream:
            profile = _json.first(stream, PROFILE_PREFIXES, expected=_("a TikTok export"))
        name = _user_name(profile)
        if name:
            return name
    return ""


def posts(source: Source, parts: Sequence[Part], found_account: Callable[[str], None]) -> Iterator[ArchivePost]:
    prefixes = frozenset({*VIDEO_PREFIXES, *COMMENT_PREFIXES, *PROFILE_PREFIXES})
    for part in parts:
        with source.open(part.name) as stream:
            for prefix, item in _json.items(stream, prefixes, expected=_("a TikTok export")):
                if prefix in PROFILE_PREFIXES:
                    if name := _user_name(item):
                        found_account(name)
                elif isinstance(item, dict):
                    post = _comment(source, item) if prefix in COMMENT_PREFIXES else _video(source, item)
                    if post is not None:
                        yield post


def _user_name(profile: Any) -> str:
    if not isinstance(profile, dict):
        return ""
    for section in ("Profile Info", "Profile Information"):
        info = profile.get(section)
        fields = info.get("ProfileMap") if isinstance(info, dict) else None
        if isinstance(fields, dict) and text_of(fields.get("userName")).strip():
            return text_of(fields["userName"]).strip()
    return ""


def _video(source: Source, item: dict[str, Any]) -> ArchivePost | None:
    text = next((text_of(item.get(field)) for field in _TEXT_FIELDS if text_of(item.get(field)).strip()), "")
    if not text.strip():
        return None
    link = web_link(item.get("Link")) or web_link(item.get("VideoLink"))
    match = _VIDEO_ID.search(link)
    return make_post(
        source,
        "tiktok",
        text=text,
        created_at=from_iso(item.get("Date")),
        kind="video",
        source_id=match.group(1) if match else "",
        url=link,
    )


def _comment(source: Source, item: dict[str, Any]) -> ArchivePost | None:
    text = text_of(item.get("comment")) or text_of(item.get("Comment"))
    if not text.strip():
        return None
    created_at = from_iso(item.get("date") or item.get("Date"))
    url = web_link(item.get("url")) or web_link(item.get("Url"))
    return make_post(source, "tiktok", text=text, created_at=created_at, kind="comment", url=url)


SPEC = Spec(
    format="tiktok",
    expected="user_data_tiktok.json",
    post_kinds=frozenset({"user_data"}),
    zip_parts=zip_parts,
    file_part=file_part,
    account=account,
    posts=posts,
)
