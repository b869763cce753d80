"""Instagram exports in JSON: captions of posts, reels and stories, and the person's comments.

Newer exports keep them under ``your_instagram_activity/content/`` (``media/`` in some), older ones under
``content/``, and the oldest in one ``media.json``. Strings are repaired like Facebook's. Instagram labels the
fields of a comment in the account's language ("Comment", "Time" in English): the comment is the value under
"Comment" or else the first value, the time the first timestamp. Captions without text are skipped; the export
holds no post links and no ids, so ids are made from date and text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from duta.screening.archives import _json
from duta.screening.archives._base import (
    ArchivePost,
    Head,
    Part,
    Spec,
    from_iso,
    from_timestamp,
    make_post,
    matching_parts,
    repair,
    text_of,
)
from duta.screening.archives._source import Source

_FOLDER = r"(?:^|/)(?:content|media)/"
_PATTERNS = (
    ("profile", re.compile(r"(?:^|/)personal_information/personal_information\.json$")),
    ("posts", re.compile(_FOLDER + r"posts_(\d+)\.json$")),
    ("reels", re.compile(_FOLDER + r"reels\.json$")),
    ("stories", re.compile(_FOLDER + r"stories\.json$")),
    ("media_json", re.compile(r"(?:^|/)media\.json$")),
    ("comments", re.compile(r"(?:^|/)comments/post_comments(?:_(\d+))?\.json$")),
    ("comments", re.compile(r"(?:^|/)comments/reels_comments\.json$")),
)
_POST_KINDS = frozenset({"posts", "reels", "stories", "media_json", "comments"})
_PREFIXES = {
    "posts": ("item",),
    "reels": ("ig_reels_media.item",),
    "stories": ("ig_stories.item",),
    "media_json": ("photos.item", "videos.item"),
    "comments": ("item", "comments_reels_comments.item", "comments_media_comments.item"),
}
_VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".3gp"})
_COMMENT_KEYS = frozenset({"string_map_data", "string_list_data", "media_list_data"})


def zip_parts(names: Sequence[str]) -> list[Part]:
    return matching_parts(names, _PATTERNS, _POST_KINDS)


def file_part(head: Head) -> Part | None:
    keys = set(head.json_keys)
    kind = ""
    if head.json_top == "list":
        kind = "posts" if "media" in keys else "comments" if keys & _COMMENT_KEYS else ""
    elif head.json_top == "dict":
        if "ig_reels_media" in keys:
            kind = "reels"
        elif "ig_stories" in keys:
            kind = "stories"
        elif keys & {"comments_reels_comments", "comments_media_comments"}:
            kind = "comments"
        elif keys & {"photos", "videos"}:
            kind = "media_json"
        elif "profile_user" in keys:
            kind = "profile"
    return Part(head.name, kind) if kind else None


def account(source: Source, parts: Sequence[Part]) -> str:
    for part in parts:
        if part.kind == "profile":
            with source.open(part.name) as stream:
                fields = _json.first(
                    stream, ["profile_user.item.string_map_data"], expected=_("the Instagram profile information")
                )
            if isinstance(fields, dict):
                for label in ("Username", "Name"):
                    value = fields.get(label)
                    if isinstance(value, dict) and text_of(value.get("value")).strip():
                        return repair(value["value"])
    return ""


def posts(source: Source, parts: Sequence[Part], found_account: Callable[[str], None]) -> Iterator[ArchivePost]:
    for part in parts:
        if part.kind not in _PREFIXES:
            continue
        with source.open(part.name) as stream:
            found = _json.items(stream, _PREFIXES[part.kind], expected=_expected(part.kind))
            for prefix, item in found:
                if not isinstance(item, dict):
                    continue
                if part.kind == "comments":
                    yield from _comments(source, item)
                    continue
                if part.kind == "media_json":
                    post = _old_media(source, item, "video" if prefix.startswith("videos") else "photo")
                else:
                    post = _media(source, item, "video" if part.kind == "reels" else "")
                if post is not None:
                    yield post


def _expected(kind: str) -> str:
    if kind == "comments":
        return _("a list of Instagram comments")
    return _("a list of Instagram posts")


def _media(source: Source, item: dict[str, Any], kind: str) -> ArchivePost | None:
    """A post, reel or story: the caption is the post's title, or else the first media's."""
    media = [entry for entry in item.get("media") or [item] if isinstance(entry, dict)]
    text = text_of(item.get("title"))
    if not text.strip():
        text = next((text_of(entry.get("title")) for entry in media if text_of(entry.get("title")).strip()), "")
    text = repair(text)
    if not text.strip():
        return None
    stamps = [item.get("creation_timestamp"), *(entry.get("creation_timestamp") for entry in media)]
    created_at = next((moment for stamp in stamps if (moment := from_timestamp(stamp))), None)
    if not kind:
        uri = text_of(media[0].get("uri")) if media else ""
        kind = "video" if PurePosixPath(uri).suffix.lower() in _VIDEO_SUFFIXES else "photo"
    return make_post(source, "instagram", text=text, created_at=created_at, kind=kind)


def _old_media(source: Source, item: dict[str, Any], kind: str) -> ArchivePost | None:
    """A photo or video of ``media.json``: ``{"caption", "taken_at", "path"}``."""
    text = repair(text_of(item.get("caption")))
    if not text.strip():
        return None
    return make_post(source, "instagram", text=text, created_at=from_iso(item.get("taken_at")), kind=kind)


def _comments(source: Source, item: dict[str, Any]) -> Iterator[ArchivePost]:
    fields = item.get("string_map_data")
    if isinstance(fields, dict):
        values = [value for value in fields.values() if isinstance(value, dict)]
        chosen = fields.get("Comment") if isinstance(fields.get("Comment"), dict) else None
        if chosen is None:
            chosen = next((value for value in values if text_of(value.get("value")).strip()), {})
        time = fields.get("Time")
        stamps = [time.get("timestamp")] if isinstance(time, dict) else []
        stamps += [value.get("timestamp") for value in values]
        created_at = next((moment for stamp in stamps if (moment := from_timestamp(stamp))), None)
        text = repair(text_of(chosen.get("value")))
        if text.strip():
            yield make_post(source, "instagram", text=text, created_at=created_at, kind="comment")
        return
    for entry in item.get("string_list_data") or ():
        if isinstance(entry, dict) and (text := repair(text_of(entry.get("value")))).strip():
            created_at = from_timestamp(entry.get("timestamp"))
            yield make_post(source, "instagram", text=text, created_at=created_at, kind="comment")


SPEC = Spec(
    format="instagram",
    expected="content/posts_1.json, comments/post_comments_1.json",
    post_kinds=_POST_KINDS,
    zip_parts=zip_parts,
    file_part=file_part,
    account=account,
    posts=posts,
)
