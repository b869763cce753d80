"""Reading an HR roster (CSV or XLSX) into validated rows: pure functions, no ORM, no database.

The import service calls ``open_roster`` on the uploaded file, maps each row with ``validate_row`` and
decides what to write. Everything here streams: rows are read one at a time, so a 100,000-row file costs
one row of memory (plus openpyxl's own buffers). Every message meant for a person is translated.

Decisions taken on ambiguous input (the tests pin each one down):

* Follower counts. "1.200" and "1,200" are 1,200 (a separator followed by groups of exactly three digits
  groups thousands); "1,5" and "1.5" without a suffix are rejected as ambiguous; "1.234,5" and "1,234.5" are
  rejected (a count is a whole number) but "1.234,00" and "1200.00" are accepted (a zero fraction is no
  ambiguity). With a suffix (rb/ribu/k, jt/juta/m/mio/million, b/miliar/billion) the single separator is a
  decimal one ("1,5 jt", "2.5k"), except when exactly three digits follow it ("1.200 rb": thousand or
  million?), which is rejected. "M" is a million, as on social media, never "miliar". A trailing "+" ("10rb+")
  and a leading "±"/"~" are ignored, as are the words "followers"/"pengikut". XLSX floats must be whole
  (1200.0 is 1,200; 1.5 is rejected). Counts above 2,000,000,000 are rejected.
* Dates are day-first; a two-digit year is rejected; Indonesian and English month names are accepted
  ("17 Mei 1990", "17 Aug 1990"); a time part of "1990-05-17 00:00:00" is dropped. Excel serial numbers are
  read from XLSX numbers only, never from CSV text (a five-digit string is more likely a typo).
* Handles. Facebook numeric ids (profile.php?id=…, /people/<name>/<id>, a bare number) become the handle
  "profile.php?id=<id>", which is also the path of the profile URL. YouTube keeps four canonical forms:
  "@handle" (lowercase), "channel/UC…" (case kept), "c/<name>" and "user/<name>" (case kept); a bare word is
  taken as an @handle and youtube.com/<name> as c/<name>. TikTok and Threads links must carry the "@".
  Short links (vm.tiktok.com, youtu.be, lnkd.in, facebook.com/share/…) are rejected: they do not show the
  account. Facebook names of fewer than five characters are accepted (old names such as "zuck" exist), TikTok
  names up to 30 characters (the limit grew from 24). ``normalize_handle`` is idempotent on its own output.
* Empty cells. "-", "–", "n/a", "tidak ada", "nihil", "kosong"… count as empty. A cell holding an Excel error
  ("#N/A", "#REF!") is an error. A row is skipped as empty when every recognised column is empty (so a
  pre-numbered "No." column does not produce hundreds of errors).
* Employee ids. Digits separated by spaces ("19900517 201503 1 001", the usual way to write a NIP) are joined;
  other ids with spaces are rejected. A long number that Excel has already rounded (a float of 15+ digits, or
  "1,99005E+17" in a CSV) is rejected with advice to format the column as text.
* Phones. Indonesian mobiles become "+628…" (from 08…, 628…, +62 (0)8…, or 8… when Excel dropped the zero);
  landlines are rejected (the number is for WhatsApp); a foreign number written with "+" is kept as E.164.
* Files. The header is the first of the first ten non-empty rows that names both required columns (title
  rows above it are skipped); rows are numbered as a spreadsheet shows them (a CSV record holding a quoted
  line break is one row). UTF-16 CSV ("Unicode text" from Excel) is read too. A file with a header and no
  data rows is rejected by ``open_roster``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from types import TracebackType
from typing import BinaryIO, TypeVar
from urllib.parse import parse_qs, quote, unquote

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "x", "tiktok", "youtube", "linkedin", "threads")
REQUIRED_KEYS: tuple[str, ...] = ("employee_id", "name")
MAX_FOLLOWERS = 2_000_000_000
MAX_EMPLOYEE_ID_LENGTH = 50
MAX_NAME_LENGTH = 200
MAX_UNIT_NAME_LENGTH = 200

PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "threads": "Threads",
}
_FOLLOWER_KEYS: dict[str, str] = {platform: f"{platform}_followers" for platform in PLATFORMS}


class ParseError(ValueError):
    """A value or a file that cannot be read; the message is a translated sentence for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------------------
# Cells


_BLANK_MARKERS = frozenset(
    {"-", "--", "---", "–", "—", ".", "n/a", "tidak ada", "tdk ada", "nihil", "kosong", "belum ada", "none"}
)
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)


def _show(value: object) -> str:
    """The value as quoted in a message: on one line and not too long."""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _clean(value: object) -> str:
    """The cell as stripped text; "" for an empty cell or a "none" marker such as "-"."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if len(text) <= 13:
        if text.lower() in _BLANK_MARKERS:
            return ""
        if text[:1] == "#" and text.upper() in _EXCEL_ERRORS:
            raise ParseError(
                _("The cell shows the Excel error “%(value)s”: fix the formula or type the value.") % {"value": text}
            )
    return text


# ---------------------------------------------------------------------------------------------------------------
# Follower counts


_COUNT_MULTIPLIERS: dict[str, int] = {
    "k": 1_000,
    "rb": 1_000,
    "ribu": 1_000,
    "thousand": 1_000,
    "m": 1_000_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "billion": 1_000_000_000,
}
_COUNT_RE = re.compile(
    r"(\d[\d.,\s]*?)\s*(?!followers?\b|pengikut|subscribers?\b|pelanggan)([a-z]+)?\.?"
    r"(?:\s*(?:followers?|pengikut|subscribers?|pelanggan))?$"
)
_GROUPED_RE: dict[str, re.Pattern[str]] = {
    sep: re.compile(r"^\d{1,3}(?:" + re.escape(sep) + r"\d{3})+$") for sep in (".", ",", " ")
}


def _count_error(value: object) -> ParseError:
    return ParseError(
        _("“%(value)s” is not a follower count: write it like 1200, 1.200, 1,2 rb or 1,5 jt.") % {"value": _show(value)}
    )


def _count_fraction_error(value: object) -> ParseError:
    return ParseError(
        _(
            "“%(value)s” is not a whole number of followers: write 1,5 jt for one and a half million, "
            "1,5 rb for one and a half thousand, or the full number."
        )
        % {"value": _show(value)}
    )


def _count_ambiguous_error(value: object) -> ParseError:
    return ParseError(
        _("“%(value)s” can be read two ways: write 1,2 rb, 1,5 jt or the full number (1200).") % {"value": _show(value)}
    )


def parse_follower_count(value: object) -> int:
    """A follower count as people write it ("1.200", "1,2 rb", "12K", "1,5 jt") or as XLSX stores it."""
    if isinstance(value, bool):
        raise _count_error(value)
    if isinstance(value, int):
        count = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _count_error(value)
        count = round(value)
        if abs(value - count) > 1e-6:
            raise _count_fraction_error(value)
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _count_fraction_error(value)
        count = int(value)
    elif isinstance(value, str):
        count = _parse_count_text(value)
    else:
        raise _count_error(value)
    if count < 0:
        raise ParseError(_("“%(value)s”: a follower count cannot be negative.") % {"value": _show(value)})
    if count > MAX_FOLLOWERS:
        raise ParseError(
            _("“%(value)s” is more followers than any account has; check the number.") % {"value": _show(value)}
        )
    return count


@lru_cache(maxsize=4096)
def _parse_count_text(value: str) -> int:
    text = value.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    if not text:
        raise ParseError(_("The follower count is empty."))
    text = text.lower()
    if not text.isascii():
        text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").replace("−", "-")
    if text[0] == "-" and text[1:].strip()[:1].isdigit():
        return -1  # reported as negative by the caller, with the original value
    match = _COUNT_RE.match(text.lstrip("±~").rstrip("+").strip())
    if match is None:
        raise _count_error(value)
    number, suffix = match.group(1).rstrip(), match.group(2)
    if suffix is None:
        return _parse_plain_count(number, value)
    multiplier = _COUNT_MULTIPLIERS.get(suffix)
    if multiplier is None or " " in number:
        raise _count_error(value)
    separators = number.count(".") + number.count(",")
    if separators > 1:
        raise _count_ambiguous_error(value)
    if separators == 0:
        return int(number) * multiplier
    whole, _sep, fraction = number.replace(",", ".").partition(".")
    if len(fraction) == 3:
        raise _count_ambiguous_error(value)
    scale: int = 10 ** len(fraction)
    return (int(whole + fraction) * multiplier * 2 + scale) // (2 * scale)  # rounded half up


def _parse_plain_count(number: str, value: str) -> int:
    """A count without a suffix: digits, grouped thousands, and at most a zero fraction."""
    if " " in number:
        if _GROUPED_RE[" "].match(number):
            return int(number.replace(" ", ""))
        raise _count_error(value)
    has_dot, has_comma = "." in number, "," in number
    if not has_dot and not has_comma:
        return int(number)
    if has_dot and has_comma:
        last = max(number.rfind("."), number.rfind(","))
        decimal_sep = number[last]
        group_sep = "," if decimal_sep == "." else "."
        whole, fraction = number[:last], number[last + 1 :]
        if not fraction or not _GROUPED_RE[group_sep].match(whole):
            raise _count_error(value)
        if fraction.strip("0"):
            raise _count_fraction_error(value)
        return int(whole.replace(group_sep, ""))
    sep = "." if has_dot else ","
    if _GROUPED_RE[sep].match(number):
        return int(number.replace(sep, ""))
    if number.count(sep) == 1:
        whole, fraction = number.split(sep)
        if whole and fraction and not fraction.strip("0"):
            return int(whole)  # "1200.00"
        if whole and fraction:
            raise _count_fraction_error(value)
    raise _count_error(value)


# ---------------------------------------------------------------------------------------------------------------
# Dates


_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "feb", "peb"),
    ("maret", "march", "mar"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "august", "agu", "agt", "ags", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
_MONTHS: dict[str, int] = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_ISO_DATE_RE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_DATE_RE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_NAMED_DATE_RE = re.compile(r"^(\d{1,2})[\s\-/.]+([^\W\d_]+)\.?[\s\-/.,]+(\d{4})$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _date_error(value: object) -> ParseError:
    return ParseError(_("“%(value)s” is not a date (use 17/05/1990 or 1990-05-17).") % {"value": _show(value)})


_TWO_DAYS = datetime.timedelta(days=2)
_past_until: list[tuple[float, float, datetime.date]] = []  # (valid from, valid until, threshold), epoch seconds


def _is_future(day: datetime.date) -> bool:
    """After today in the site's time zone.

    A date more than two days before the system's date is past in every time zone; that threshold is kept
    for a minute (and recomputed if the clock moves back, as it does under a frozen test clock).
    """
    now = time.time()
    if not _past_until or not _past_until[0][0] <= now < _past_until[0][1]:
        _past_until[:] = [(now, now + 60.0, datetime.date.today() - _TWO_DAYS)]
    if day < _past_until[0][2]:
        return False
    return day > (timezone.localdate() if settings.USE_TZ else datetime.date.today())


def parse_date(value: object) -> datetime.date:
    """A date written day-first, in ISO form, as an XLSX date cell or as an Excel serial number."""
    if isinstance(value, str):
        result = _parse_date_text(value)
    elif isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, bool):
        raise _date_error(value)
    elif isinstance(value, int | float):
        result = _date_from_serial(value)
    else:
        raise _date_error(value)
    if result.year < 1900:
        raise ParseError(_("“%(value)s” is before 1900: check the year.") % {"value": _show(value)})
    if _is_future(result):
        raise ParseError(_("“%(value)s” is in the future.") % {"value": _show(value)})
    return result


def _date_from_serial(serial: float) -> datetime.date:
    """Excel's 1900 date system, including its fictitious 29 February 1900 (serial 60)."""
    if not math.isfinite(serial) or not 1 <= serial < 2_958_466:
        raise _date_error(serial)
    days = int(serial)
    if days == 60:
        raise _date_error(serial)
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + datetime.timedelta(days=days)


@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> datetime.date:
    text = value.strip()
    if not text:
        raise ParseError(_("The date is empty."))
    match = _ISO_DATE_RE.match(text)
    if match is not None:
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        match = _DMY_DATE_RE.match(text)
        if match is not None:
            if len(match.group(4)) == 2:
                raise ParseError(
                    _("“%(value)s”: write the year with four digits (17/05/1990).") % {"value": _show(value)}
                )
            day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        else:
            match = _NAMED_DATE_RE.match(text)
            if match is None or match.group(2).lower() not in _MONTHS:
                raise _date_error(value)
            day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise _date_error(value) from exc


# ---------------------------------------------------------------------------------------------------------------
# Social accounts


_DOMAINS: dict[str, str] = {
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "fb.watch": "facebook",
    "x.com": "x",
    "twitter.com": "x",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "linkedin.com": "linkedin",
    "lnkd.in": "linkedin",
    "threads.net": "threads",
    "threads.com": "threads",
}
_MAIN_HOSTS: dict[str, str] = {
    "instagram": "www.instagram.com",
    "facebook": "www.facebook.com",
    "x": "x.com",
    "tiktok": "www.tiktok.com",
    "youtube": "www.youtube.com",
    "linkedin": "www.linkedin.com",
    "threads": "www.threads.net",
}
_HANDLE_RES: dict[str, re.Pattern[str]] = {
    "instagram": re.compile(r"[a-z0-9._]{1,30}"),
    "threads": re.compile(r"[a-z0-9._]{1,30}"),
    "facebook": re.compile(r"[a-z0-9.]{1,50}"),
    "x": re.compile(r"[a-z0-9_]{1,15}"),
    "tiktok": re.compile(r"[a-z0-9._]{2,30}"),
    "youtube": re.compile(r"[\w.\-·]{3,30}"),
    "linkedin": re.compile(r"[\w\-]{3,100}"),
}
_YOUTUBE_CHANNEL_RE = re.compile(r"UC[\w\-]{22}")
_YOUTUBE_NAME_RE = re.compile(r"[\w.\-]{1,100}")
_FACEBOOK_ID_RE = re.compile(r"\d{1,20}")
_HOST_RE = re.compile(r"[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?::\d+)?")
_URL_HEAD_RE = re.compile(r"[/?#]")
_URL_RE = re.compile(
    r"[a-z][a-z0-9+.\-]*://(?:[^@/?#]*@)?(?P<host>[^:/?#]*)(?::\d*)?"
    r"(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?",
    re.IGNORECASE | re.DOTALL,
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

_INSTAGRAM_POSTS = frozenset({"p", "reel", "reels", "tv", "stories"})
_INSTAGRAM_RESERVED = frozenset(
    {"explore", "accounts", "direct", "about", "legal", "developer", "challenge", "web", "share", "login"}
)
_FACEBOOK_POSTS = frozenset(
    {"watch", "reel", "reels", "photo", "photo.php", "photos", "story.php", "permalink.php", "video.php", "videos"}
    | {"posts", "media", "stories"}
)
_FACEBOOK_RESERVED = frozenset(
    {"groups", "events", "marketplace", "gaming", "hashtag", "search", "login", "login.php", "home.php", "settings"}
    | {"help", "policies", "business", "ads", "pages", "people", "profile.php", "sharer.php", "sharer", "dialog"}
)
_X_RESERVED = frozenset(
    {"i", "home", "search", "explore", "hashtag", "intent", "share", "messages", "notifications", "settings"}
    | {"compose", "login", "signup", "tos", "privacy"}
)
_YOUTUBE_VIDEOS = frozenset({"watch", "shorts", "live", "embed", "v", "clip", "post", "playlist"})
_YOUTUBE_RESERVED = frozenset(
    {"results", "feed", "gaming", "premium", "account", "upload", "hashtag", "redirect", "signin"}
    | {"attribution_link", "channel", "c", "user"}
)


def _handle_rule_error(platform: str, value: str) -> ParseError:
    shown = {"value": _show(value)}
    messages = {
        "instagram": _("“%(value)s” is not an Instagram username: use at most 30 letters, digits, “.” or “_”."),
        "threads": _("“%(value)s” is not a Threads username: use at most 30 letters, digits, “.” or “_”."),
        "facebook": _("“%(value)s” is not a Facebook username: use at most 50 letters, digits or “.”."),
        "x": _("“%(value)s” is not an X username: use at most 15 letters, digits or “_”."),
        "tiktok": _("“%(value)s” is not a TikTok username: use 2 to 30 letters, digits, “.” or “_”."),
        "youtube": _("“%(value)s” is not a YouTube handle: use 3 to 30 letters, digits, “.”, “-” or “_”."),
        "linkedin": _("“%(value)s” is not a LinkedIn profile name: use 3 to 100 letters, digits or “-”."),
    }
    return ParseError(messages[platform] % shown)


def _post_error(platform: str, value: str) -> ParseError:
    return ParseError(
        _(
            "“%(value)s” is a link to a post or a video on %(platform)s, not to a profile: "
            "open the profile and copy its address."
        )
        % {"value": _show(value), "platform": PLATFORM_NAMES[platform]}
    )


def _not_profile_error(platform: str, value: str) -> ParseError:
    return ParseError(
        _("“%(value)s” is not the address of a profile on %(platform)s.")
        % {"value": _show(value), "platform": PLATFORM_NAMES[platform]}
    )


def _short_link_error(value: str) -> ParseError:
    return ParseError(
        _(
            "“%(value)s” is a short or share link that does not show the account: "
            "open it and copy the address of the profile page."
        )
        % {"value": _show(value)}
    )


def normalize_handle(platform: str, value: str) -> tuple[str, str]:
    """(canonical handle, profile URL) from "@name", "name" or a profile link on any of the platform's hosts."""
    if platform not in _HANDLE_RES:
        raise ValueError(f"Unknown platform {platform!r}")
    text = value.strip() if value.isascii() else value.translate(_INVISIBLE).strip()
    if not text:
        raise ParseError(_("The %(platform)s account is empty.") % {"platform": PLATFORM_NAMES[platform]})
    lower = text.lower()
    if lower.startswith(("http://", "https://")):
        return _handle_from_url(platform, text, text)
    if lower.startswith("//"):
        return _handle_from_url(platform, text, "https:" + text)
    head = _URL_HEAD_RE.split(lower, maxsplit=1)[0]
    if "." in head and (_registered_domain(head) in _DOMAINS or ("/" in text and _HOST_RE.fullmatch(head))):
        return _handle_from_url(platform, text, "https://" + text)
    if "/" in text or "?" in text:  # a path without the host, such as "channel/UC…" or "profile.php?id=…"
        return _handle_from_url(platform, text, f"https://{_MAIN_HOSTS[platform]}/{text.lstrip('/')}")
    if platform == "youtube":
        if _YOUTUBE_CHANNEL_RE.fullmatch(text):
            return _youtube_account("channel", text)
        return _youtube_account("@", text.removeprefix("@"), value)
    if platform == "facebook" and _FACEBOOK_ID_RE.fullmatch(text):
        return _facebook_id_account(text)
    return _account(platform, text, value)


def _registered_domain(host: str) -> str:
    host = host.partition(":")[0]
    return ".".join(host.rsplit(".", 2)[-2:])


def _handle_from_url(platform: str, value: str, url: str) -> tuple[str, str]:
    parts = _URL_RE.match(url)
    if parts is None:
        raise _not_profile_error(platform, value)
    host = parts.group("host").lower()
    query, fragment = parts.group("query") or "", parts.group("fragment") or ""
    owner = _DOMAINS.get(_registered_domain(host))
    if owner is None:
        raise ParseError(
            _("“%(value)s” is not a link to %(platform)s.")
            % {"value": _show(value), "platform": PLATFORM_NAMES[platform]}
        )
    if owner != platform:
        raise ParseError(
            _("“%(value)s” is a link to %(other)s, not to %(platform)s.")
            % {"value": _show(value), "other": PLATFORM_NAMES[owner], "platform": PLATFORM_NAMES[platform]}
        )
    segments = [unquote(segment) for segment in parts.group("path").split("/") if segment]
    if platform == "x" and not segments and fragment.startswith("!/"):  # twitter.com/#!/name, from 2010
        segments = [segment for segment in fragment[2:].split("/") if segment]
    if host in ("youtu.be", "fb.watch"):
        raise _post_error(platform, value)
    if host in ("lnkd.in", "vm.tiktok.com", "vt.tiktok.com"):
        raise _short_link_error(value)
    if not segments:
        raise _not_profile_error(platform, value)
    return _RESOLVERS[platform](value, segments, query)


def _account(platform: str, name: str, value: str) -> tuple[str, str]:
    """Validate a plain username (an optional "@" in front) and build its profile URL."""
    name = name.removeprefix("@")
    at = name.rfind("@")
    if at > 0 and "." in name[at:]:
        raise ParseError(
            _("“%(value)s” is an email address, not an account on %(platform)s.")
            % {"value": _show(value), "platform": PLATFORM_NAMES[platform]}
        )
    handle = name.lower()
    if not _HANDLE_RES[platform].fullmatch(handle):
        raise _handle_rule_error(platform, value)
    if platform == "instagram":
        return handle, f"https://www.instagram.com/{handle}/"
    if platform == "threads":
        return handle, f"https://www.threads.net/@{handle}"
    if platform == "facebook":
        return handle, f"https://www.facebook.com/{handle}"
    if platform == "x":
        return handle, f"https://x.com/{handle}"
    if platform == "tiktok":
        return handle, f"https://www.tiktok.com/@{handle}"
    if platform == "linkedin":
        return handle, f"https://www.linkedin.com/in/{quote(handle)}/"
    raise ValueError(platform)  # pragma: no cover - YouTube goes through _youtube_account


def _facebook_id_account(number: str) -> tuple[str, str]:
    handle = f"profile.php?id={number}"
    return handle, f"https://www.facebook.com/{handle}"


def _youtube_account(kind: str, name: str, value: str = "") -> tuple[str, str]:
    if kind == "@":
        handle = name.lower()
        if not _HANDLE_RES["youtube"].fullmatch(handle):
            raise _handle_rule_error("youtube", value or name)
        canonical = f"@{handle}"
    elif kind == "channel":
        if not _YOUTUBE_CHANNEL_RE.fullmatch(name):
            raise _not_profile_error("youtube", value or name)
        canonical = f"channel/{name}"
    else:
        if not _YOUTUBE_NAME_RE.fullmatch(name):
            raise _not_profile_error("youtube", value or name)
        canonical = f"{kind}/{name}"
    return canonical, f"https://www.youtube.com/{quote(canonical, safe='@/')}"


def _resolve_instagram(value: str, segments: list[str], query: str) -> tuple[str, str]:
    if segments[0] == "_u":
        segments = segments[1:] or [""]
    first = segments[0].lower()
    if first in _INSTAGRAM_POSTS or (len(segments) > 2 and segments[1].lower() in _INSTAGRAM_POSTS):
        raise _post_error("instagram", value)
    if first in _INSTAGRAM_RESERVED or not first:
        raise _not_profile_error("instagram", value)
    return _account("instagram", segments[0], value)


def _resolve_threads(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0]
    if not first.startswith("@"):
        raise _not_profile_error("threads", value)
    if len(segments) > 1 and segments[1].lower() == "post":
        raise _post_error("threads", value)
    return _account("threads", first, value)


def _resolve_facebook(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0].lower()
    if first == "profile.php":
        ids = parse_qs(query).get("id", [])
        if ids and _FACEBOOK_ID_RE.fullmatch(ids[0]):
            return _facebook_id_account(ids[0])
    elif first in ("people", "pages") and len(segments) >= 3 and _FACEBOOK_ID_RE.fullmatch(segments[2]):
        return _facebook_id_account(segments[2])
    elif first == "share":
        raise _short_link_error(value)
    elif first in _FACEBOOK_POSTS or (len(segments) > 2 and segments[1].lower() in _FACEBOOK_POSTS):
        raise _post_error("facebook", value)
    elif first not in _FACEBOOK_RESERVED:
        if _FACEBOOK_ID_RE.fullmatch(first):
            return _facebook_id_account(first)
        return _account("facebook", segments[0], value)
    raise _not_profile_error("facebook", value)


def _resolve_x(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0].removeprefix("@")
    if first.lower() in _X_RESERVED:
        raise _not_profile_error("x", value)
    if len(segments) > 1 and segments[1].lower() in ("status", "statuses"):
        raise _post_error("x", value)
    return _account("x", first, value)


def _resolve_tiktok(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0]
    if first.lower() == "t":
        raise _short_link_error(value)
    if not first.startswith("@"):
        raise _not_profile_error("tiktok", value)
    if len(segments) > 1 and segments[1].lower() in ("video", "photo"):
        raise _post_error("tiktok", value)
    return _account("tiktok", first, value)


def _resolve_youtube(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0]
    kind = first.lower()
    if first.startswith("@"):
        return _youtube_account("@", first[1:], value)
    if kind in ("channel", "c", "user") and len(segments) > 1:
        return _youtube_account(kind, segments[1], value)
    if kind in _YOUTUBE_VIDEOS:
        raise _post_error("youtube", value)
    if kind in _YOUTUBE_RESERVED:
        raise _not_profile_error("youtube", value)
    return _youtube_account("c", first, value)  # youtube.com/<name>: a legacy custom URL


def _resolve_linkedin(value: str, segments: list[str], query: str) -> tuple[str, str]:
    first = segments[0].lower()
    if first == "in" and len(segments) > 1:
        return _account("linkedin", segments[1], value)
    if first in ("company", "school", "showcase", "groups"):
        raise ParseError(
            _(
                "“%(value)s” is the LinkedIn page of an organization; "
                "a person's profile (linkedin.com/in/…) is expected."
            )
            % {"value": _show(value)}
        )
    if first in ("posts", "feed", "pulse", "events"):
        raise _post_error("linkedin", value)
    raise _not_profile_error("linkedin", value)


_RESOLVERS: dict[str, Callable[[str, list[str], str], tuple[str, str]]] = {
    "instagram": _resolve_instagram,
    "threads": _resolve_threads,
    "facebook": _resolve_facebook,
    "x": _resolve_x,
    "tiktok": _resolve_tiktok,
    "youtube": _resolve_youtube,
    "linkedin": _resolve_linkedin,
}


# ---------------------------------------------------------------------------------------------------------------
# Headers


_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "NIP",
        "Nomor Pegawai",
        "No Pegawai",
        "ID Pegawai",
        "NIK Pegawai",
        "NPP",
        "NRP",
        "Nomor Induk Pegawai",
        "Nomor Induk Karyawan",
        "Employee ID",
        "Employee Number",
        "Employee No",
        "Staff ID",
    ),
    "name": ("name", "Nama", "Nama Lengkap", "Nama Pegawai", "Nama Karyawan", "Full Name", "Employee Name"),
    "email": (
        "email",
        "E-mail",
        "Surel",
        "Alamat Email",
        "Alamat Surel",
        "Email Dinas",
        "Email Kantor",
        "Email Address",
        "Work Email",
    ),
    "unit": (
        "unit",
        "Unit Kerja",
        "Satuan Kerja",
        "Satker",
        "Unit Organisasi",
        "Divisi",
        "Departemen",
        "Department",
        "Division",
    ),
    "birth_date": ("birth_date", "Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "Date of Birth", "Birth Date", "DOB"),
    "joined_on": (
        "joined_on",
        "Tanggal Masuk",
        "Tgl Masuk",
        "TMT",
        "Tanggal Bergabung",
        "Mulai Bekerja",
        "Join Date",
        "Hire Date",
        "Start Date",
    ),
    "phone": (
        "phone",
        "No HP",
        "Nomor HP",
        "HP",
        "No WA",
        "Nomor WA",
        "WA",
        "WhatsApp",
        "Nomor WhatsApp",
        "No HP/WA",
        "Telepon",
        "No Telepon",
        "Nomor Telepon",
        "Telp",
        "No Telp",
        "Ponsel",
        "Handphone",
        "Phone Number",
        "Mobile",
    ),
}
_PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    "instagram": ("Instagram", "IG", "Insta"),
    "facebook": ("Facebook", "FB"),
    "x": ("X", "Twitter", "X (Twitter)", "Twitter/X"),
    "tiktok": ("TikTok",),
    "youtube": ("YouTube", "YT"),
    "linkedin": ("LinkedIn",),
    "threads": ("Threads",),
}
_ACCOUNT_FORMS = ("{}", "Akun {}", "{} Account", "Username {}", "{} Username", "{} Handle", "Link {}", "{} URL")
_FOLLOWER_FORMS = (
    "{}_followers",
    "{} Followers",
    "Followers {}",
    "{} Follower",
    "Follower {}",
    "Pengikut {}",
    "{} Pengikut",
    "Jumlah Pengikut {}",
    "Jumlah Followers {}",
    "{} Subscribers",
    "Subscriber {}",
)
_HEADER_NOISE_RE = re.compile(r"[\W_]+")


def _header_token(raw: str) -> str:
    return _HEADER_NOISE_RE.sub("", raw.casefold())


def _build_header_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    accepted: dict[str, tuple[str, ...]] = dict(_FIELD_ALIASES)
    for platform, aliases in _PLATFORM_ALIASES.items():
        accepted[platform] = tuple(form.format(alias) for alias in aliases for form in _ACCOUNT_FORMS)
        accepted[_FOLLOWER_KEYS[platform]] = tuple(form.format(alias) for alias in aliases for form in _FOLLOWER_FORMS)
    table: dict[str, str] = {}
    for key, names in accepted.items():
        for name in (key, *names):
            token = _header_token(name)
            if table.setdefault(token, key) != key:  # pragma: no cover - guards the alias lists above
                raise AssertionError(f"header alias {name!r} is claimed by two keys")
    return table, accepted


_HEADER_TABLE, _ACCEPTED_HEADERS = _build_header_table()


def canonical_header(raw: str) -> str | None:
    """The key a column header stands for, regardless of case, spaces and punctuation; None when unknown."""
    return _HEADER_TABLE.get(_header_token(raw))


def _field_label(key: str) -> str:
    labels = {
        "employee_id": _("employee ID"),
        "name": _("name"),
        "email": _("email"),
        "unit": _("unit"),
        "birth_date": _("birth date"),
        "joined_on": _("joining date"),
        "phone": _("phone number"),
    }
    if key in labels:
        return labels[key]
    if key.endswith("_followers"):
        return _("%(platform)s followers") % {"platform": PLATFORM_NAMES[key.removesuffix("_followers")]}
    return _("%(platform)s account") % {"platform": PLATFORM_NAMES[key]}


# ---------------------------------------------------------------------------------------------------------------
# Files


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HEADER_SEARCH_ROWS = 10
_CHUNK = 1 << 20

NumberedRows = Iterator[tuple[int, Sequence[object]]]


@dataclass
class RosterTable:
    """An opened roster: its header, and its data rows read one at a time (``rows()`` can run once)."""

    headers: list[str]
    columns: dict[str, int]
    unknown_headers: list[str]
    header_row_number: int = 1
    _first: tuple[int, dict[str, object]] | None = field(default=None, repr=False, compare=False)
    _source: NumberedRows | None = field(default=None, repr=False, compare=False)
    _closer: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def headers_by_key(self) -> dict[str, str]:
        return {key: self.headers[index] for key, index in self.columns.items()}

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number, {key: raw cell value}) for every row with something in a recognised column."""
        source, first = self._source, self._first
        if source is None:
            raise RuntimeError("RosterTable.rows() can only be iterated once.")
        self._source, self._first = None, None
        items = tuple(self.columns.items())
        try:
            if first is not None:
                yield first
            for number, cells in source:
                values = _extract(cells, items)
                if values is not None:
                    yield number, values
        finally:
            self.close()

    def close(self) -> None:
        closer, self._closer = self._closer, None
        if closer is not None:
            closer()

    def __enter__(self) -> RosterTable:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _extract(cells: Sequence[object], items: tuple[tuple[str, int], ...]) -> dict[str, object] | None:
    """The recognised cells of a row, or None when all of them are empty."""
    size = len(cells)
    values: dict[str, object] = {}
    empty = True
    for key, index in items:
        value = cells[index] if index < size else None
        if empty and value is not None and (not isinstance(value, str) or value.strip()):
            empty = False
        values[key] = value
    return None if empty else values


def open_roster(file: BinaryIO, filename: str) -> RosterTable:
    """Open a CSV or XLSX roster, find its header and check it; the rows are read later by ``rows()``."""
    source = _seekable(file)
    try:
        table = _open(source, filename.lower())
    except BaseException:
        if source is not file:
            source.close()
        raise
    if source is not file:
        table._closer = _both(table._closer, source.close)
    return table


def _both(first: Callable[[], None] | None, second: Callable[[], None]) -> Callable[[], None]:
    def close() -> None:
        try:
            if first is not None:
                first()
        finally:
            second()

    return close


def _open(file: BinaryIO, name: str) -> RosterTable:
    start = file.tell()
    head = file.read(8192)
    file.seek(start)
    if not head.strip():
        raise ParseError(_("The file is empty."))
    if head.startswith(_OLE_MAGIC):
        if name.endswith((".xlsx", ".xlsm")):
            raise ParseError(
                _(
                    "This workbook is protected with a password or saved in the old Excel format. "
                    "Remove the password or save it as .xlsx or .csv, and upload it again."
                )
            )
        raise ParseError(
            _(
                "This is a workbook in the old Excel format (.xls). "
                "Open it in Excel, save it as .xlsx or .csv and upload it again."
            )
        )
    if head.startswith(b"%PDF"):
        raise ParseError(
            _(
                "This is a PDF document, not a spreadsheet. "
                "Export the roster from Excel or from the HR system as .xlsx or .csv."
            )
        )
    if head.startswith(_ZIP_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        if b"mimetypeapplication/vnd.oasis.opendocument" in head[:200]:
            raise ParseError(
                _("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or .csv and upload it again.")
            )
        return _open_xlsx(file)
    if not head.startswith(_UTF16_BOMS):
        if b"\x00" in head:
            raise ParseError(
                _("This file is not a spreadsheet or a CSV file. Save the roster as .xlsx or .csv and upload it again.")
            )
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise ParseError(
                _(
                    "This file is a web page or an XML file, not a spreadsheet. "
                    "Open it in Excel, save it as .xlsx or .csv and upload it again."
                )
            )
    return _open_csv(file, head, start)


def _seekable(file: BinaryIO) -> BinaryIO:
    """The file itself when it can seek, else a spooled copy (in memory up to 16 MB) that can."""
    try:
        if file.seekable():
            return file
    except (AttributeError, ValueError):
        pass
    spooled = tempfile.SpooledTemporaryFile(max_size=16 * _CHUNK)  # noqa: SIM115 - closed with the table
    while chunk := file.read(_CHUNK):
        spooled.write(chunk)
    spooled.seek(0)
    return spooled  # type: ignore[return-value]


def _damaged_xlsx() -> ParseError:
    return ParseError(
        _(
            "This Excel file is damaged or is not an .xlsx workbook. "
            "Open it in Excel, save it again as .xlsx (or .csv) and upload the new file."
        )
    )


def _open_xlsx(file: BinaryIO) -> RosterTable:
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        raise _damaged_xlsx() from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read what is there
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        return _make_table(_guard_xlsx_rows(rows), workbook.close, _("The first sheet of the workbook is empty."))
    except ParseError:
        raise  # _make_table has closed the workbook
    except Exception as exc:
        workbook.close()
        raise _damaged_xlsx() from exc


def _guard_xlsx_rows(rows: NumberedRows) -> NumberedRows:
    try:
        yield from rows
    except Exception as exc:
        raise _damaged_xlsx() from exc


class _Borrowed(io.RawIOBase):
    """Reads a file without owning it: closing the text wrapper must not close the caller's upload."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        return size


def _detect_encoding(file: BinaryIO, head: bytes) -> str:
    """UTF-16 by its BOM, else UTF-8 when the whole file decodes as UTF-8 (checked by streaming), else cp1252."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _open_csv(file: BinaryIO, head: bytes, start: int) -> RosterTable:
    encoding = _detect_encoding(file, head)
    file.seek(start)
    text = io.TextIOWrapper(io.BufferedReader(_Borrowed(file), _CHUNK), encoding=encoding, errors="replace", newline="")
    peeked: list[str] = []
    delimiter = ","
    for line in text:
        peeked.append(line)
        if line.strip():
            counts = {sep: _field_count(line, sep) for sep in (",", ";", "\t")}
            best = max(counts, key=counts.__getitem__)  # ties go to the first: ","
            if counts[best] > 1:
                delimiter = best
                break
        if len(peeked) >= _HEADER_SEARCH_ROWS:
            break
    reader = csv.reader(chain(peeked, text), delimiter=delimiter)
    return _make_table(_guard_csv_rows(enumerate(reader, start=1)), text.close, _("The file is empty."))


def _field_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        return 1


def _guard_csv_rows(rows: Iterator[tuple[int, list[str]]]) -> NumberedRows:
    number = 0
    try:
        for number, cells in rows:
            yield number, cells
    except csv.Error as exc:
        raise ParseError(
            _("The CSV file cannot be read after row %(row)d (%(reason)s). Save it again from Excel as CSV.")
            % {"row": number, "reason": exc}
        ) from exc


def _header_text(cell: object) -> str:
    if cell is None:
        return ""
    return " ".join(str(cell).replace("\ufeff", "").split())


def _map_headers(headers: list[str]) -> tuple[dict[str, int], list[str], list[tuple[str, str, str]]]:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[tuple[str, str, str]] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        key = canonical_header(header)
        if key is None:
            unknown.append(header)
        elif key in columns:
            duplicates.append((key, headers[columns[key]], header))
        else:
            columns[key] = index
    return columns, unknown, duplicates


def _make_table(rows: NumberedRows, closer: Callable[[], None], empty_message: str) -> RosterTable:
    try:
        return _find_header(rows, closer, empty_message)
    except BaseException:
        closer()
        raise


def _find_header(rows: NumberedRows, closer: Callable[[], None], empty_message: str) -> RosterTable:
    best: tuple[int, list[str], dict[str, int], list[str], list[tuple[str, str, str]]] | None = None
    seen = 0
    for number, cells in rows:
        headers = [_header_text(cell) for cell in cells]
        if not any(headers):
            continue
        columns, unknown, duplicates = _map_headers(headers)
        if best is None or len(columns) > len(best[2]):
            best = (number, headers, columns, unknown, duplicates)
        if all(key in columns for key in REQUIRED_KEYS):
            best = (number, headers, columns, unknown, duplicates)
            break
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise ParseError(empty_message)
    number, headers, columns, unknown, duplicates = best
    missing = [key for key in REQUIRED_KEYS if key not in columns]
    if missing:
        raise ParseError(
            " ".join(
                _("The file has no column for the %(field)s (name it one of: %(names)s).")
                % {"field": _field_label(key), "names": ", ".join(_FIELD_ALIASES[key])}
                for key in missing
            )
        )
    if duplicates:
        raise ParseError(
            " ".join(
                _("The columns “%(first)s” and “%(second)s” both hold the %(field)s: keep only one of them.")
                % {"first": first, "second": second, "field": _field_label(key)}
                for key, first, second in duplicates
            )
        )
    items = tuple(columns.items())
    for data_number, cells in rows:
        values = _extract(cells, items)
        if values is not None:
            return RosterTable(
                headers=headers,
                columns=columns,
                unknown_headers=unknown,
                header_row_number=number,
                _first=(data_number, values),
                _source=rows,
                _closer=closer,
            )
    raise ParseError(_("The file has a header row but no employees below it."))


# ---------------------------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True, slots=True)
class RosterRow:
    row_number: int
    employee_id: str
    name: str
    email: str
    unit_path: tuple[str, ...]
    birth_date: datetime.date | None
    joined_on: datetime.date | None
    phone: str
    accounts: dict[str, tuple[str, str, int | None]]


@dataclass(frozen=True, slots=True)
class CellError:
    row_number: int
    column: str
    message: str


_EXCEL_ROUNDED_RE = re.compile(r"\d(?:[.,]\d+)?e\+\d+", re.IGNORECASE)
_PLAIN_EMAIL_RE = re.compile(
    r"[a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
_PHONE_NOISE_RE = re.compile(r"[\s\-.()/]+")
_UNIT_SEPARATOR_RE = re.compile(r"[/>\\]")


def _excel_rounded_error(value: object) -> ParseError:
    return ParseError(
        _(
            "Excel stored the ID “%(value)s” as a number and lost its last digits: format the column as Text, "
            "type the ID again and save."
        )
        % {"value": _show(value)}
    )


def _parse_employee_id(value: object) -> str:
    if isinstance(value, float) and (abs(value) >= 1e15 or not value.is_integer()):
        raise _excel_rounded_error(value)
    text = _clean(value).removeprefix("'").strip()
    if not text:
        raise ParseError(_("The employee ID is missing."))
    if _EXCEL_ROUNDED_RE.fullmatch(text):
        raise _excel_rounded_error(value)
    if len(text.split()) > 1:
        joined = "".join(text.split())
        if not joined.isdigit():
            raise ParseError(_("The employee ID “%(value)s” contains spaces.") % {"value": _show(text)})
        text = joined
    if len(text) > MAX_EMPLOYEE_ID_LENGTH:
        raise ParseError(
            _("The employee ID “%(value)s” is longer than %(max)d characters.")
            % {"value": _show(text), "max": MAX_EMPLOYEE_ID_LENGTH}
        )
    return text


def _parse_name(value: object) -> str:
    text = " ".join(_clean(value).split())
    if not text:
        raise ParseError(_("The name is missing."))
    if len(text) > MAX_NAME_LENGTH:
        raise ParseError(_("The name is longer than %(max)d characters.") % {"max": MAX_NAME_LENGTH})
    return text


def _parse_email(value: object) -> str:
    text = _clean(value).lower()
    if not text:
        return ""
    text = text.removeprefix("mailto:")
    if _PLAIN_EMAIL_RE.fullmatch(text):
        return text  # the common case, without Django's slower general validator
    try:
        validate_email(text)
    except ValidationError as exc:
        raise ParseError(_("“%(value)s” is not an email address.") % {"value": _show(value)}) from exc
    return text


def _parse_unit_path(value: object) -> tuple[str, ...]:
    text = _clean(value)
    return _unit_path(text) if text else ()


@lru_cache(maxsize=4096)
def _unit_path(text: str) -> tuple[str, ...]:
    parts = tuple(name for name in (" ".join(part.split()) for part in _UNIT_SEPARATOR_RE.split(text)) if name)
    for name in parts:
        if len(name) > MAX_UNIT_NAME_LENGTH:
            raise ParseError(
                _("The unit name “%(value)s” is longer than %(max)d characters.")
                % {"value": _show(name), "max": MAX_UNIT_NAME_LENGTH}
            )
    return parts


def _parse_optional_date(value: object) -> datetime.date | None:
    if value is None or value.__class__ is str:
        text = _clean(value)
        return parse_date(text) if text else None
    return parse_date(value)


def _parse_phone(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise _phone_error(value)
    text = _clean(value)
    if not text:
        return ""
    compact = _PHONE_NOISE_RE.sub("", text).removeprefix("'")
    international = compact.startswith("+")
    digits = compact.removeprefix("+")
    if not (digits.isdigit() and digits.isascii()):
        raise _phone_error(value)
    if international and not digits.startswith("62"):
        if 8 <= len(digits) <= 15:
            return f"+{digits}"  # a number abroad, kept in E.164 form
        raise _phone_error(value)
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits  # "812…": Excel dropped the leading zero
    national = national.removeprefix("0")  # "+62 (0)812…"
    if not national.startswith("8") or not 9 <= len(national) <= 12:
        raise _phone_error(value)
    return f"+62{national}"


def _phone_error(value: object) -> ParseError:
    return ParseError(
        _("“%(value)s” is not an Indonesian mobile number: write one number like 0812-3456-7890.")
        % {"value": _show(value)}
    )


def _parse_optional_count(value: object) -> int | None:
    if value is None or value.__class__ is str:
        text = _clean(value)
        return parse_follower_count(text) if text else None
    return parse_follower_count(value)


_T = TypeVar("_T")


class _RowErrors:
    """The errors of one row, with the column names as the file spells them."""

    __slots__ = ("errors", "headers_by_key", "row_number")

    def __init__(self, row_number: int, headers_by_key: dict[str, str]) -> None:
        self.row_number = row_number
        self.headers_by_key = headers_by_key
        self.errors: list[CellError] = []

    def add(self, key: str, message: str) -> None:
        self.errors.append(CellError(self.row_number, self.headers_by_key.get(key, key), message))

    def parse(self, raw: dict[str, object], key: str, parser: Callable[[object], _T], default: _T) -> _T:
        value = raw.get(key)
        if value is None and key not in REQUIRED_KEYS:
            return default
        try:
            return parser(value)
        except ParseError as exc:
            self.add(key, exc.message)
            return default


def validate_row(
    row_number: int, raw: dict[str, object], headers_by_key: dict[str, str]
) -> tuple[RosterRow | None, list[CellError]]:
    """Check one row and convert it; every problem becomes a CellError, and any error means no row."""
    row = _RowErrors(row_number, headers_by_key)
    employee_id = row.parse(raw, "employee_id", _parse_employee_id, "")
    name = row.parse(raw, "name", _parse_name, "")
    email = row.parse(raw, "email", _parse_email, "")
    no_unit: tuple[str, ...] = ()
    unit_path = row.parse(raw, "unit", _parse_unit_path, no_unit)
    birth_date = row.parse(raw, "birth_date", _parse_optional_date, None)
    joined_on = row.parse(raw, "joined_on", _parse_optional_date, None)
    phone = row.parse(raw, "phone", _parse_phone, "")
    if birth_date is not None and joined_on is not None and joined_on < birth_date:
        row.add(
            "joined_on",
            _("The joining date %(joined)s is before the birth date %(born)s.")
            % {"joined": joined_on.strftime("%d/%m/%Y"), "born": birth_date.strftime("%d/%m/%Y")},
        )

    accounts: dict[str, tuple[str, str, int | None]] = {}
    for platform in PLATFORMS:
        followers_key = _FOLLOWER_KEYS[platform]
        handle_value, followers_value = raw.get(platform), raw.get(followers_key)
        if handle_value is None and followers_value is None:
            continue
        handle: tuple[str, str] | None = None
        failed = False
        try:
            handle_text = _clean(handle_value)
            if handle_text:
                handle = normalize_handle(platform, handle_text)
        except ParseError as exc:
            row.add(platform, exc.message)
            failed = True
        followers: int | None = None
        try:
            followers = _parse_optional_count(followers_value)
        except ParseError as exc:
            row.add(followers_key, exc.message)
            failed = True
        if handle is not None:
            if not failed:
                accounts[platform] = (handle[0], handle[1], followers)
        elif followers is not None and not failed:
            row.add(
                followers_key,
                _("A follower count is given but no %(platform)s account.") % {"platform": PLATFORM_NAMES[platform]},
            )

    if row.errors:
        return None, row.errors
    roster_row = RosterRow(
        row_number=row_number,
        employee_id=employee_id,
        name=name,
        email=email,
        unit_path=unit_path,
        birth_date=birth_date,
        joined_on=joined_on,
        phone=phone,
        accounts=accounts,
    )
    return roster_row, []
