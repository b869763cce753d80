"""A lesson's text as safe HTML, and a video link as an address to embed.

Markdown without raw HTML (any tag the author types shows as text), headings one level down (the page has its
h1), links to http(s) and mailto only, images only from the lesson's own files (nothing is fetched from another
site: installs behind government firewalls, and the learner's privacy), then an allowlist sanitizer over the whole.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
LINK_SCHEMES = ("http://", "https://", "mailto:")
LINK_REL = "noopener noreferrer nofollow"
DEEPEST_HEADING = 4
HEADING = re.compile(r"^h([1-6])$")


class _LessonTree(Treeprocessor):
    """Headings one level down; an image shows only when its source names one of the lesson's files (else its
    alternative text stays, as text)."""

    def __init__(self, md: markdown.Markdown, images: Mapping[str, str]) -> None:
        super().__init__(md)
        self.images = images

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            heading = HEADING.match(element.tag)
            if heading:
                element.tag = f"h{min(int(heading.group(1)) + 1, DEEPEST_HEADING)}"
            elif element.tag == "img":
                self._image(element)

    def _image(self, element: etree.Element) -> None:
        source = (element.get("src") or "").strip()
        url = self.images.get(source) or self.images.get(source.lower())
        if url:
            element.set("src", url)
            return
        alt = element.get("alt") or ""
        element.attrib.clear()
        element.tag = "span"  # the sanitizer removes the tag and keeps its text
        element.text = alt


class _LessonExtension(Extension):
    def __init__(self, images: Mapping[str, str]) -> None:
        super().__init__()
        self.images = images

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")  # raw HTML blocks become text
        md.inlinePatterns.deregister("html")  # and so do inline tags
        md.treeprocessors.register(_LessonTree(md, self.images), "duta_lesson", 5)  # after the inline patterns


def lesson_html(body: str, images: Mapping[str, str]) -> SafeString:
    """The lesson's Markdown ``body`` as sanitized HTML; ``images`` maps a file name used in the text
    (``![caption](name.jpg)``) to the address that serves it."""
    if not body.strip():
        return mark_safe("")
    renderer = markdown.Markdown(extensions=["tables", "sane_lists", _LessonExtension(images)], output_format="html")
    html = renderer.convert(body)
    served = set(images.values())

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return value if value.strip().lower().startswith(LINK_SCHEMES) else None
        if tag == "img" and attribute == "src":
            return value if value in served else None
        return value

    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


# --- video links ------------------------------------------------------------------------------------------------

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def video_embed_url(url: str) -> str | None:
    """The address to embed a YouTube or Vimeo link in a page (YouTube without its tracking cookies), or ``None``
    for any other link (the page then shows a plain link)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.username or parts.password:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS:
        return _youtube(segments, parts.query)
    if host == "youtu.be":
        return _youtube_embed(segments[0]) if len(segments) == 1 else None
    if host in VIMEO_HOSTS:
        return _vimeo(host, segments, parts.query)
    return None


def _youtube(segments: list[str], query: str) -> str | None:
    if segments == ["watch"]:
        values = parse_qs(query).get("v", [])
        return _youtube_embed(values[0]) if len(values) == 1 else None
    if len(segments) == 2 and segments[0] in {"shorts", "embed", "live"}:
        return _youtube_embed(segments[1])
    return None


def _youtube_embed(video_id: str) -> str | None:
    if not YOUTUBE_ID.match(video_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}"


def _vimeo(host: str, segments: list[str], query: str) -> str | None:
    if host == "player.vimeo.com":
        if len(segments) != 2 or segments[0] != "video":
            return None
        video_id, private_hash = segments[1], (parse_qs(query).get("h") or [""])[0]
    elif len(segments) in (1, 2):  # vimeo.com/<id>, or vimeo.com/<id>/<hash> for an unlisted video
        video_id, private_hash = segments[0], segments[1] if len(segments) == 2 else ""
    else:
        return None
    if not VIMEO_ID.match(video_id) or (private_hash and not VIMEO_HASH.match(private_hash)):
        return None
    embed = f"https://player.vimeo.com/video/{video_id}"
    return f"{embed}?h={private_hash}" if private_hash else embed
