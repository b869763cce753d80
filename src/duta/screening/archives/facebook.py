"""Facebook "Download Your Information" exports in JSON: the person's posts, group posts and comments.

File names changed over the years (``posts/your_posts_1.json``,
``your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json``,
``your_facebook_activity/...``); they are recognised by their last parts, wherever the export puts them. Every
string is repaired: Facebook writes UTF-8 bytes as ``\\u00XX`` escapes. Posts without text (a photo alone) are
skipped. Facebook gives no post ids and no links to posts: ids are made from date and text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from duta.screening.archives import _json
from duta.screening.archives._base import (
    ArchivePost,
    Head,
    Part,
    Spec,
    from_timestamp,
    make_post,
    matching_parts,
    repair,
    text_of,
    web_link,
)
from duta.screening.archives._source import Source

_POSTS = re.compile(r"(?:^|/)(?:your_posts(?:__check_ins__photos_and_videos)?(?:_(\d+))?)\.json$")
_GROUP_POSTS = re.compile(r"(?:^|/)(?:your_posts_in_groups|group_posts_and_comments)\.json$")
_COMMENTS = re.compile(r"(?:^|/)comments(?:_and_reactions)?/comments\.json$")
_GROUP_COMMENTS = re.compile(r"(?:^|/)your_comments_in_groups\.json$")
_PROFILE = re.compile(r"(?:^|/)profile_information/profile_information\.json$")
_PATTERNS = (
    ("profile", _PROFILE),
    ("posts", _POSTS),
    ("posts", _GROUP_POSTS),
    ("comments", _COMMENTS),
    ("comments", _GROUP_COMMENTS),
)
_POST_KINDS = frozenset({"posts", "comments"})
POST_PREFIXES = ("item", "group_posts_v2.item")
COMMENT_PREFIXES = ("comments_v2.item", "group_comments_v2.item", "comments.item")
_POST_KEYS = frozenset({"data", "attachments", "title", "tags"})


def zip_parts(names: Sequence[str]) -> list[Part]:
    if any("your_instagram_activity/" in name for name in names):
        return []
    return matching_parts(names, _PATTERNS, _POST_KINDS)


def file_part(head: Head) -> Part | None:
    keys = set(head.json_keys)
    if head.json_top == "list" and "timestamp" in keys and keys & _POST_KEYS:
        return Part(head.name, "posts")
    if head.json_top == "dict":
        if keys & {"comments_v2", "group_comments_v2"}:
            return Part(head.name, "comments")
        if "group_posts_v2" in keys:
            return Part(head.name, "posts")
        if "profile_v2" in keys:
            return Part(head.name, "profile")
    return None


def account(source: Source, parts: Sequence[Part]) -> str:
    for part in parts:
        if part.kind == "profile":
            with source.open(part.name) as stream:
                name = _json.first(
                    stream,
                    ["profile_v2.name.full_name", "profile.name.full_name"],
                    expected=_("the Facebook profile information"),
                )
            return repair(text_of(name))
    return ""


def posts(source: Source, parts: Sequence[Part], found_account: Callable[[str], None]) -> Iterator[ArchivePost]:
    for part in parts:
        if part.kind == "posts":
            with source.open(part.name) as stream:
                for _prefix, item in _json.items(stream, POST_PREFIXES, expected=_("a list of Facebook posts")):
                    post = _post(source, item)
                    if post is not None:
                        yield post
        elif part.kind == "comments":
            with source.open(part.name) as stream:
                for _prefix, item in _json.items(stream, COMMENT_PREFIXES, expected=_("a list of Facebook comments")):
                    yield from _comments(source, item)


def _post(source: Source, item: Any) -> ArchivePost | None:
    if not isinstance(item, dict):
        return None
    texts = [text_of(entry.get("post")) for entry in item.get("data") or () if isinstance(entry, dict)]
    text = repair("\n".join(text for text in texts if text.strip()))
    if not text.strip():
        return None
    return make_post(
        source,
        "facebook",
        text=text,
        created_at=from_timestamp(item.get("timestamp")),
        kind="post",
        url=_external_link(item.get("attachments")),
    )


def _external_link(attachments: Any) -> str:
    for attachment in attachments if isinstance(attachments, list) else ():
        for entry in attachment.get("data") or () if isinstance(attachment, dict) else ():
            context = entry.get("external_context") if isinstance(entry, dict) else None
            if isinstance(context, dict) and (link := web_link(context.get("url"))):
                return repair(link)
    return ""


def _comments(source: Source, item: Any) -> Iterator[ArchivePost]:
    if not isinstance(item, dict):
        return
    for entry in item.get("data") or ():
        comment = entry.get("comment") if isinstance(entry, dict) else None
        if not isinstance(comment, dict):
            continue
        text = repair(text_of(comment.get("comment")))
        if text.strip():
            created_at = from_timestamp(comment.get("timestamp")) or from_timestamp(item.get("timestamp"))
            yield make_post(source, "facebook", text=text, created_at=created_at, kind="comment")


SPEC = Spec(
    format="facebook",
    expected="your_posts_1.json, comments.json",
    post_kinds=_POST_KINDS,
    zip_parts=zip_parts,
    file_part=file_part,
    account=account,
    posts=posts,
)
