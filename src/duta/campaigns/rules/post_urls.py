"""The address of one reported post: which platform it is on, and its canonical form. Pure functions, no ORM.

``post_url_parse`` accepts what people paste from a phone's "Copy link": with or without the scheme, on the
``www.``/``m.``/``mobile.``/``web.`` hosts, with trailing slashes and any query string. The canonical form keeps
only what identifies the post (tracking parameters such as ``utm_*``, ``igsh``, ``si`` or ``__cft__`` go because
only identifying parameters are ever kept), so that the same post reported twice in an organization is refused.

Decisions (the tests pin each one down):

* Canonical hosts: instagram.com, facebook.com (fb.watch/<code> keeps its own host: its code is not a video id),
  x.com, tiktok.com, youtube.com, linkedin.com, threads.net, t.me, whatsapp.com. The host is lower-case, the path
  keeps its case where the platform's codes are case-sensitive (Instagram, Threads, TikTok and Facebook share
  codes, YouTube ids); user, page, group and channel names are lower-cased (they are case-insensitive).
* Instagram: /p/, /reel/, /reels/ and /tv/ all become /p/<code> (one code is one post, and instagram.com/p/<code>
  opens a reel too), so the same reel pasted as /reel/ and as /p/ is one post. Stories
  (/stories/<user>/<id>) are posts too; highlights are not.
* Facebook: videos (/<page>/videos/<id>, /watch?v=, /video.php?v=) become /watch?v=<id>; /photo?fbid= and
  /photo.php?fbid= and /<page>/photos/…/<id> become /photo?fbid=<id>; /story.php and /permalink.php become
  /permalink.php?id=…&story_fbid=…; /groups/<g>/permalink/<id> becomes /groups/<g>/posts/<id>. Share links
  /share/p|r|v/<code> are accepted as they are; /share/<code> alone may be a profile and is refused as a short link.
* X: every status becomes x.com/i/status/<id>, whoever the author and whichever host (twitter.com, mobile...).
* TikTok: videos and photos become tiktok.com/@/video/<id> and /@/photo/<id> (the id is unique; the user may be
  renamed); vm.tiktok.com/<code>, vt.tiktok.com/<code> and tiktok.com/t/<code> all become tiktok.com/t/<code>.
* YouTube: watch, youtu.be, shorts, live, embed all become youtube.com/watch?v=<id>; community posts /post/<id>.
* LinkedIn: a /posts/<slug> whose slug names its activity ("…-activity-<id>-xxxx", also "ugcPost" and "share")
  becomes /feed/update/urn:li:<kind>:<id>; other slugs are kept as they are. Articles (/pulse/<slug>) are posts.
* Telegram: t.me, telegram.me, telegram.dog and the /s/ preview all become t.me/<channel>/<id>.
* WhatsApp: a Channel update (whatsapp.com/channel/<id>/<n>) is a post with an address and is accepted; a chat
  link (wa.me), a group invitation (chat.whatsapp.com) or a channel's home page is refused with a message saying
  that WhatsApp posts need no address.
* Short links that hide the post (bit.ly, s.id, t.co, lnkd.in, fb.me, …) are refused: the post cannot be known
  without following them, and nothing here touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from django.utils.translation import gettext as _

from duta.core.exceptions import ApplicationError

__all__ = ["PLATFORM_NAMES", "SHORTENERS", "PostUrl", "post_url_parse"]

PLATFORM_NAMES: dict[str, str] = {
    "whatsapp": "WhatsApp",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "x": "X",
    "telegram": "Telegram",
    "threads": "Threads",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
}

# registered domain -> platform
_SITES: dict[str, str] = {
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "x.com": "x",
    "twitter.com": "x",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "linkedin.com": "linkedin",
    "threads.net": "threads",
    "threads.com": "threads",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "whatsapp.com": "whatsapp",
    "wa.me": "whatsapp",
}
SHORTENERS: frozenset[str] = frozenset(
    {"bit.ly", "bitly.com", "s.id", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd", "v.gd"}
    | {"cutt.ly", "rebrand.ly", "shorturl.at", "t.ly", "rb.gy", "tiny.cc", "lnkd.in", "fb.me", "dlvr.it"}
    | {"ift.tt", "trib.al", "bl.ink", "short.io", "shorte.st", "y2u.be", "kutt.it", "linktr.ee", "msha.ke"}
)
# Subdomains that show the same pages as the main host.
_SAME_SITE = frozenset({"", "www", "m", "mobile", "web"})
_EXTRA_SUBDOMAINS: dict[str, frozenset[str]] = {
    "facebook": frozenset({"mbasic", "touch", "business"}),
    "tiktok": frozenset({"vm", "vt"}),
    "youtube": frozenset({"music"}),
}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_HOST_RE = re.compile(r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,63}")
_HEAD_RE = re.compile(r"[/?#]")

_CODE_RE = re.compile(r"[A-Za-z0-9_\-]{4,64}")
_DIGITS_RE = re.compile(r"\d{1,25}")
_FB_ID_RE = re.compile(r"\d{1,25}|pfbid[0-9A-Za-z]{10,80}")
_FB_NAME_RE = re.compile(r"[A-Za-z0-9.\-_]{1,100}")
_YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_\-]{11}")
_YOUTUBE_POST_RE = re.compile(r"[A-Za-z0-9_\-]{10,64}")
_IG_USER_RE = re.compile(r"[A-Za-z0-9._]{1,30}")
_TELEGRAM_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,63}")
_WHATSAPP_CHANNEL_RE = re.compile(r"[A-Za-z0-9]{10,40}")
_LINKEDIN_SLUG_ID_RE = re.compile(r"-(activity|ugcpost|share)-(\d{10,25})(?:-[A-Za-z0-9_\-]*)?$", re.IGNORECASE)
_LINKEDIN_URN_RE = re.compile(r"urn:li:(activity|ugcpost|share):(\d{10,25})", re.IGNORECASE)
_LINKEDIN_KINDS = {"activity": "activity", "ugcpost": "ugcPost", "share": "share"}
_SAFE_PATH = "@:-._~!$'()*,;="


@dataclass(frozen=True)
class PostUrl:
    """A reported post: its platform, its canonical address (the key for duplicates) and the address as given."""

    platform: str
    canonical: str
    url: str


class _NotAPost(Exception):
    """Raised inside a resolver: the address is on the platform but is not the address of one post."""


class _ShortLink(Exception):
    """Raised inside a resolver: a share link that does not show which post it is."""


@dataclass(frozen=True)
class _Address:
    subdomain: str
    domain: str
    segments: list[str]
    query: dict[str, str]
    fragment: str

    def first(self) -> str:
        return self.segments[0].lower() if self.segments else ""

    def segment(self, index: int) -> str:
        return self.segments[index] if len(self.segments) > index else ""


def _show(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "…"


def _error(message: str) -> ApplicationError:
    return ApplicationError(message, field="url")


def _not_a_url(value: str) -> ApplicationError:
    return _error(
        _("“%(value)s” is not the address of a web page: copy the link of your post (it starts with https://).")
        % {"value": _show(value)}
    )


def _not_a_post(value: str, platform: str) -> ApplicationError:
    return _error(
        _(
            "“%(value)s” is the address of a profile or a page on %(platform)s, not of one post: "
            "open the post, tap Share and copy its link."
        )
        % {"value": _show(value), "platform": PLATFORM_NAMES[platform]}
    )


def _short_link(value: str) -> ApplicationError:
    return _error(
        _("“%(value)s” is a short link that hides the post: open it and copy the address of the post itself.")
        % {"value": _show(value)}
    )


def _whatsapp(value: str) -> ApplicationError:
    return _error(
        _(
            "“%(value)s” is a WhatsApp chat, group invitation or channel, not a post. "
            "WhatsApp posts need no address: report them without one."
        )
        % {"value": _show(value)}
    )


def _canonical(host: str, segments: list[str], query: dict[str, str] | None = None) -> str:
    path = "/".join(quote(segment, safe=_SAFE_PATH) for segment in segments)
    text = f"https://{host}/{path}"
    return f"{text}?{urlencode(sorted(query.items()))}" if query else text


def _absolute(text: str, value: str) -> str:
    """The pasted text as an absolute http(s) URL, or an ApplicationError."""
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise _not_a_url(value)
        return text
    if text.startswith("//"):
        return "https:" + text
    head = _HEAD_RE.split(text, maxsplit=1)[0].lower()
    if _HOST_RE.fullmatch(head.rstrip(".")) or _HOST_RE.fullmatch(head.partition(":")[0]):
        return "https://" + text
    raise _not_a_url(value)  # "mailto:…", "tg://…", a handle, a sentence


def _site(host: str) -> tuple[str, str, str] | None:
    """(platform, registered domain, subdomain) of a host, or None when it is not a site of a platform."""
    for domain, platform in _SITES.items():
        if host == domain:
            return platform, domain, ""
        if host.endswith("." + domain):
            return platform, domain, host[: -len(domain) - 1]
    return None


def post_url_parse(value: str) -> PostUrl:
    """The platform and canonical address of the post at ``value``; ApplicationError(field="url") if it is none."""
    text = value.translate(_INVISIBLE).strip().strip("<>").strip()
    if not text:
        raise _error(_("Paste the address of your post."))
    if any(character.isspace() for character in text):
        raise _not_a_url(value)
    url = _absolute(text, value)
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port  # raises ValueError on a port that is not a number
    except ValueError as exc:
        raise _not_a_url(value) from exc
    if port == 0 or not _HOST_RE.fullmatch(host):
        raise _not_a_url(value)
    if host in SHORTENERS or any(host.endswith("." + short) for short in SHORTENERS):
        raise _short_link(value)
    site = _site(host)
    if site is None:
        raise _error(
            _(
                "“%(value)s” is not on a platform Duta knows: paste the address of a post on Instagram, Facebook, "
                "X, TikTok, YouTube, LinkedIn, Threads or Telegram."
            )
            % {"value": _show(value)}
        )
    platform, domain, subdomain = site
    if platform == "whatsapp":
        canonical = _resolve_whatsapp(host, parts.path)
        if canonical is None:
            raise _whatsapp(value)
        return PostUrl(platform=platform, canonical=canonical, url=url)
    allowed = _SAME_SITE | _EXTRA_SUBDOMAINS.get(platform, frozenset())
    if subdomain not in allowed and not (platform == "linkedin" and re.fullmatch(r"[a-z]{2}", subdomain)):
        raise _not_a_post(value, platform)
    query = {key: values[0] for key, values in parse_qs(parts.query).items() if values and values[0]}
    address = _Address(
        subdomain=subdomain,
        domain=domain,
        segments=[unquote(segment) for segment in parts.path.split("/") if segment],
        query=query,
        fragment=parts.fragment,
    )
    try:
        canonical = _RESOLVERS[platform](address)
    except _NotAPost:
        raise _not_a_post(value, platform) from None
    except _ShortLink:
        raise _short_link(value) from None
    return PostUrl(platform=platform, canonical=canonical, url=url)


def _code(text: str) -> str:
    if not _CODE_RE.fullmatch(text):
        raise _NotAPost
    return text


def _digits(text: str) -> str:
    if not _DIGITS_RE.fullmatch(text):
        raise _NotAPost
    return text


def _resolve_instagram(address: _Address) -> str:
    segments = address.segments
    first = address.first()
    kinds = ("p", "reel", "reels", "tv")
    if first == "stories" and len(segments) >= 3 and segments[1].lower() != "highlights":
        if not _IG_USER_RE.fullmatch(segments[1]):
            raise _NotAPost
        return _canonical("instagram.com", ["stories", segments[1].lower(), _digits(segments[2])])
    if first in kinds and len(segments) >= 2:
        if segments[1].lower() == "audio":  # /reels/audio/<id>: the page of a sound
            raise _NotAPost
        code = segments[1]
    elif len(segments) >= 3 and segments[1].lower() in kinds:  # /<user>/p/<code>/
        code = segments[2]
    else:
        raise _NotAPost
    return _canonical("instagram.com", ["p", _code(code)])


_FACEBOOK_RESERVED = frozenset(
    {"events", "marketplace", "gaming", "hashtag", "search", "login", "login.php", "home.php", "settings", "help"}
    | {"policies", "business", "ads", "pages", "people", "profile.php", "sharer.php", "sharer", "dialog", "friends"}
)


def _facebook_last_id(segments: list[str]) -> str:
    numbers = [segment for segment in segments if _DIGITS_RE.fullmatch(segment)]
    if not numbers:
        raise _NotAPost
    return numbers[-1]


def _resolve_facebook(address: _Address) -> str:
    segments, query, first = address.segments, address.query, address.first()
    if address.domain == "fb.watch":
        if len(segments) != 1:
            raise _NotAPost
        return _canonical("fb.watch", [_code(segments[0])])
    if first == "share":
        kind = address.segment(1).lower()
        if kind in ("p", "r", "v") and len(segments) >= 3:
            return _canonical("facebook.com", ["share", kind, _code(segments[2])])
        raise _ShortLink
    if first in ("watch", "video.php"):
        return _canonical("facebook.com", ["watch"], {"v": _digits(query.get("v", ""))})
    if first in ("reel", "reels") and len(segments) >= 2:
        return _canonical("facebook.com", ["reel", _digits(segments[1])])
    if first in ("photo", "photo.php"):
        return _canonical("facebook.com", ["photo"], {"fbid": _digits(query.get("fbid", ""))})
    if first in ("permalink.php", "story.php"):
        story = query.get("story_fbid", "")
        if not _FB_ID_RE.fullmatch(story):
            raise _NotAPost
        owner = query.get("id", "")
        identifying = {"story_fbid": story} | ({"id": owner} if _DIGITS_RE.fullmatch(owner) else {})
        return _canonical("facebook.com", ["permalink.php"], identifying)
    if first == "groups":
        if len(segments) >= 4 and segments[2].lower() in ("posts", "permalink"):
            group, post = segments[1].lower(), segments[3]
            if _FB_NAME_RE.fullmatch(group) and _FB_ID_RE.fullmatch(post):
                return _canonical("facebook.com", ["groups", group, "posts", post])
        raise _NotAPost
    if first in _FACEBOOK_RESERVED or len(segments) < 3 or not _FB_NAME_RE.fullmatch(segments[0]):
        raise _NotAPost
    kind = segments[1].lower()
    if kind == "posts":
        if not _FB_ID_RE.fullmatch(segments[2]):
            raise _NotAPost
        return _canonical("facebook.com", [segments[0].lower(), "posts", segments[2]])
    if kind == "videos":
        return _canonical("facebook.com", ["watch"], {"v": _facebook_last_id(segments[2:])})
    if kind == "photos":
        return _canonical("facebook.com", ["photo"], {"fbid": _facebook_last_id(segments[2:])})
    raise _NotAPost


def _resolve_x(address: _Address) -> str:
    segments = address.segments
    if not segments and address.fragment.startswith("!/"):  # twitter.com/#!/name/status/1, from 2010
        segments = [segment for segment in address.fragment[2:].split("/") if segment]
    lowered = [segment.lower() for segment in segments]
    if lowered[:2] == ["i", "web"]:  # x.com/i/web/status/<id>
        lowered, segments = lowered[1:], segments[1:]
    if len(segments) < 3 or lowered[1] not in ("status", "statuses"):  # <user>/status/<id> or i/status/<id>
        raise _NotAPost
    post = segments[2]
    return _canonical("x.com", ["i", "status", _digits(post)])


def _resolve_tiktok(address: _Address) -> str:
    segments, first = address.segments, address.first()
    if address.subdomain in ("vm", "vt"):
        if len(segments) != 1:
            raise _NotAPost
        return _canonical("tiktok.com", ["t", _code(segments[0])])
    if first == "t" and len(segments) >= 2:
        return _canonical("tiktok.com", ["t", _code(segments[1])])
    if first.startswith("@") and len(segments) >= 3 and segments[1].lower() in ("video", "photo"):
        return _canonical("tiktok.com", ["@", segments[1].lower(), _digits(segments[2])])
    if first == "embed" and segments:
        return _canonical("tiktok.com", ["@", "video", _digits(segments[-1])])
    if first == "v" and len(segments) >= 2:  # m.tiktok.com/v/<id>.html
        return _canonical("tiktok.com", ["@", "video", _digits(segments[1].removesuffix(".html"))])
    raise _NotAPost


def _youtube_video(video: str) -> str:
    if not _YOUTUBE_ID_RE.fullmatch(video):
        raise _NotAPost
    return _canonical("youtube.com", ["watch"], {"v": video})


def _resolve_youtube(address: _Address) -> str:
    segments, first = address.segments, address.first()
    if address.domain == "youtu.be":
        return _youtube_video(address.segment(0))
    if first == "watch":
        return _youtube_video(address.query.get("v", ""))
    if first in ("shorts", "live", "embed", "v", "e") and len(segments) >= 2:
        return _youtube_video(segments[1])
    if first in ("post", "clip") and len(segments) >= 2 and _YOUTUBE_POST_RE.fullmatch(segments[1]):
        return _canonical("youtube.com", [first, segments[1]])
    post = address.query.get("lb", "")  # youtube.com/channel/<id>/community?lb=<post>
    if first == "channel" and address.segment(2).lower() == "community" and _YOUTUBE_POST_RE.fullmatch(post):
        return _canonical("youtube.com", ["post", post])
    raise _NotAPost


def _linkedin_update(kind: str, number: str) -> str:
    return _canonical("linkedin.com", ["feed", "update", f"urn:li:{_LINKEDIN_KINDS[kind.lower()]}:{number}"])


def _resolve_linkedin(address: _Address) -> str:
    segments, first = address.segments, address.first()
    if first == "embed":
        segments, first = segments[1:], address.segment(1).lower()
    if first == "posts" and len(segments) >= 2:
        slug = segments[1]
        found = _LINKEDIN_SLUG_ID_RE.search(slug)
        if found:
            return _linkedin_update(found.group(1), found.group(2))
        return _canonical("linkedin.com", ["posts", slug])
    if first == "feed" and len(segments) >= 3 and segments[1].lower() == "update":
        found = _LINKEDIN_URN_RE.fullmatch(segments[2])
        if found:
            return _linkedin_update(found.group(1), found.group(2))
    if first == "pulse" and len(segments) >= 2:
        return _canonical("linkedin.com", ["pulse", segments[1]])
    raise _NotAPost


def _resolve_threads(address: _Address) -> str:
    segments, first = address.segments, address.first()
    if first.startswith("@") and len(segments) >= 3 and segments[1].lower() == "post":
        code = segments[2]
    elif first == "t" and len(segments) >= 2:
        code = segments[1]
    else:
        raise _NotAPost
    return _canonical("threads.net", ["post", _code(code)])


def _resolve_telegram(address: _Address) -> str:
    segments = address.segments
    if address.first() == "s":  # t.me/s/<channel>/<id>: the web preview
        segments = segments[1:]
    if len(segments) == 3 and segments[0].lower() == "c":  # a private channel: t.me/c/<chat>/<id>
        return _canonical("t.me", ["c", _digits(segments[1]), _digits(segments[2])])
    if len(segments) not in (2, 3) or not _TELEGRAM_NAME_RE.fullmatch(segments[0]):
        raise _NotAPost  # a channel, an invitation (t.me/+…, joinchat/…), a bot
    return _canonical("t.me", [segments[0].lower(), *(_digits(segment) for segment in segments[1:])])


def _resolve_whatsapp(host: str, path: str) -> str | None:
    if host not in ("whatsapp.com", "www.whatsapp.com"):
        return None  # wa.me (a chat), chat.whatsapp.com (a group invitation), api./web.whatsapp.com
    segments = [segment for segment in path.split("/") if segment]
    if (
        len(segments) == 3
        and segments[0].lower() == "channel"
        and _WHATSAPP_CHANNEL_RE.fullmatch(segments[1])
        and _DIGITS_RE.fullmatch(segments[2])
    ):
        return _canonical("whatsapp.com", ["channel", segments[1], segments[2]])
    return None


_RESOLVERS: dict[str, Callable[[_Address], str]] = {
    "instagram": _resolve_instagram,
    "facebook": _resolve_facebook,
    "x": _resolve_x,
    "tiktok": _resolve_tiktok,
    "youtube": _resolve_youtube,
    "linkedin": _resolve_linkedin,
    "threads": _resolve_threads,
    "telegram": _resolve_telegram,
}
