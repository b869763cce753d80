"""Pure rules of tracked sharing: codes, destinations and UTM parameters, share intents, who clicked.

No ORM here: the redirector, the shipper and the views share these functions, and tests run them alone.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import string
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.utils.text import slugify

# --- codes ------------------------------------------------------------------------------------------

CODE_ALPHABET = string.ascii_letters + string.digits  # no "-" or "_": chat apps format _text_ as italics
CODE_LENGTH = 9  # 62**9 ≈ 1.4e16 codes: a million links leave one chance in 13 billion per guess
CODE_RE = re.compile(rf"[A-Za-z0-9]{{{CODE_LENGTH}}}")


def new_code() -> str:
    """A fresh random code: short, URL-safe, and not guessable from any other code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_code(text: str) -> bool:
    return CODE_RE.fullmatch(text) is not None


# --- destinations -----------------------------------------------------------------------------------

MAX_DESTINATION_LENGTH = 500
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def is_safe_destination(url: str) -> bool:
    """Whether ``url`` may be redirected to: absolute http(s) with a host, no user name or password, no
    spaces or control characters. Anything else (``javascript:``, ``//host``, ``data:``) is refused."""
    if not url or len(url) > MAX_DESTINATION_LENGTH or _CONTROL.search(url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        return False
    del port
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and parts.username is None


def tracked_url(destination: str, *, source: str, campaign: str, content: str) -> str:
    """``destination`` with the four UTM parameters set (any it had are replaced); other parameters and the
    fragment stay as they were."""
    parts = urlsplit(destination)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key not in UTM_KEYS]
    query += [("utm_source", source), ("utm_medium", "ambassador"), ("utm_campaign", campaign)]
    query += [("utm_content", content)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))


def utm_campaign_value(name: str, pk: int) -> str:
    """The campaign as analytics tools show it: its name as a slug, with its number so that two campaigns of the
    same name stay apart."""
    return f"{slugify(name)[:80] or 'kampanye'}-{pk}"


def utm_content_value(position: int) -> str:
    """The caption variant offered, as ``v1``, ``v2``…: its place among the item's variants for the platform."""
    return f"v{position + 1}"


# --- share intents ----------------------------------------------------------------------------------

# The platforms whose web intent takes the caption and the link; Facebook and LinkedIn take the link only.
# Instagram, TikTok and YouTube have none: the phone's share sheet (Web Share API) reaches them.
INTENT_PLATFORMS = ("whatsapp", "x", "facebook", "linkedin", "telegram", "threads")
NEEDS_LINK = frozenset({"facebook", "linkedin", "telegram"})  # their intents take a link, or nothing
INTENT_HOSTS = frozenset({"wa.me", "x.com", "www.facebook.com", "www.linkedin.com", "t.me", "www.threads.net"})


def caption_with_link(text: str, url: str) -> str:
    text = text.strip()
    if not url:
        return text
    return f"{text}\n\n{url}" if text else url


def intent_url(platform: str, *, text: str, url: str) -> str | None:
    """The address that opens ``platform``'s composer with the caption and the link filled in, or None when the
    platform has no web intent (or needs a link that there is not)."""
    if platform == "whatsapp":
        return "https://wa.me/?" + urlencode({"text": caption_with_link(text, url)}, quote_via=quote)
    if platform == "x":
        query = {"text": text.strip(), "url": url} if url else {"text": text.strip()}
        return "https://x.com/intent/post?" + urlencode(query, quote_via=quote)
    if platform == "threads":
        return "https://www.threads.net/intent/post?" + urlencode(
            {"text": caption_with_link(text, url)}, quote_via=quote
        )
    if platform in NEEDS_LINK and not url:
        return None
    if platform == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)
    if platform == "linkedin":
        return "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}, quote_via=quote)
    if platform == "telegram":
        return "https://t.me/share/url?" + urlencode({"url": url, "text": text.strip()}, quote_via=quote)
    return None


# --- who clicked ------------------------------------------------------------------------------------

# Link-preview fetchers: the chat or network fetches the page to draw a card when the link is pasted. A
# preview means the link was shared, but nobody clicked.
_PREVIEW = re.compile(
    r"whatsapp/|facebookexternalhit|facebot|facebookcatalog|meta-externalagent|meta-externalfetcher|twitterbot|"
    r"telegrambot|slackbot|slack-imgproxy|linkedinbot|discordbot|skypeuripreview|pinterestbot|redditbot|"
    r"embedly|iframely|vkshare|line-poker|kakaotalk-scrap|google-pagerenderer|mastodon/|cardyb|zoombot|"
    r"microsoftpreview",
    re.IGNORECASE,
)
# Crawlers, monitors and scripts. A word ending in bot, spider or crawler counts, but not a phone whose model
# name ends in "bot" (CUBOT).
_CRAWLER = re.compile(
    r"(?<![a-z])(?!cubot)[a-z0-9._-]*(?:bot|spider|crawler|crawl|slurp)(?![a-z])|headlesschrome|phantomjs|"
    r"python-requests|python-urllib|aiohttp|httpx|go-http-client|okhttp|java/|curl/|wget/|libwww-perl|scrapy|"
    r"node-fetch|axios/|undici|lighthouse|pingdom|uptimerobot|statuscake|monitoring|facebookplatform",
    re.IGNORECASE,
)


def agent_kind(user_agent: str) -> str:
    """``preview``, ``bot`` or ``human`` for a User-Agent header (an empty one is a script: ``bot``)."""
    if not user_agent.strip():
        return "bot"
    if _PREVIEW.search(user_agent):
        return "preview"
    if _CRAWLER.search(user_agent):
        return "bot"
    return "human"


def truncated_address(address: str) -> str:
    """The network of a client address, never the address itself: IPv4 to its /24, IPv6 to its /48. An
    unreadable address gives the empty string."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)


def visitor_hash(salt: bytes, address: str, user_agent: str) -> str:
    """16 hex digits that stand for one visitor on one day: the truncated address and the browser, hashed with
    the day's salt. Without the salt (deleted after two days) it cannot be turned back into an address."""
    data = truncated_address(address).encode() + b"\x00" + user_agent.encode("utf-8", "replace")
    return hashlib.blake2b(data, digest_size=8, key=salt[:64]).hexdigest()
