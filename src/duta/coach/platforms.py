"""The platforms a caption is written for: their hard limits, their habits, and how each one counts characters.

Limits (what the platform refuses or cuts): X 280 weighted characters, Threads 500, Instagram 2,200, TikTok 4,000,
Facebook 63,206, LinkedIn 3,000, WhatsApp 65,536, Telegram 4,096 (a text message), YouTube 5,000 (a description).

Habits (longer is allowed but rarely read): a caption is folded after a few lines on every platform, so past
``HABIT_LENGTHS`` the coach warns. Instagram cuts the preview at about 125 characters and long captions past about
1,300 characters lose most readers; LinkedIn folds after about 210 characters and posts of 1,300 or fewer read best;
TikTok shows one or two lines over the video; Telegram allows only 1,024 characters under a photo or a video;
WhatsApp messages longer than a phone screen are skipped.

Counting: X weighs characters the way its own counter (twitter-text 3) does: every link counts 23, an emoji (with
its modifiers and joiners) counts 2, characters outside Latin, Greek, Cyrillic and the common punctuation (CJK,
Thai, ...) count 2, the rest 1, after NFC normalization. Every other platform counts UTF-16 code units, as their web
and phone apps do (an emoji outside the basic plane counts 2), which never undercounts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, NamedTuple

PLATFORMS: Final[tuple[str, ...]] = (
    "instagram",
    "facebook",
    "x",
    "tiktok",
    "youtube",
    "linkedin",
    "threads",
    "whatsapp",
    "telegram",
)
PLATFORM_LABELS: Final[dict[str, str]] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "threads": "Threads",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
}
PLATFORM_LIMITS: Final[dict[str, int]] = {
    "x": 280,
    "threads": 500,
    "instagram": 2200,
    "tiktok": 4000,
    "facebook": 63206,
    "linkedin": 3000,
    "whatsapp": 65536,
    "telegram": 4096,
    "youtube": 5000,
}
# past these a caption is allowed but long for the platform's readers (a warning, not a failure)
HABIT_LENGTHS: Final[dict[str, int]] = {
    "x": 280,
    "threads": 500,
    "instagram": 1300,
    "tiktok": 300,
    "facebook": 1000,
    "linkedin": 1300,
    "whatsapp": 700,
    "telegram": 1024,
    "youtube": 1500,
}
MIN_LENGTH: Final = 40  # shorter than this tells no story on any platform


class HashtagRange(NamedTuple):
    low: int  # fewer is a warning
    high: int  # more is a warning
    hard: int | None  # more is a failure (the platform drops or ignores them), None: no such limit


# Instagram refuses a caption with more than 30 hashtags; Threads turns only one tag per post into a topic;
# YouTube ignores every hashtag of a video with more than 60 (and shows the first three above the title).
HASHTAG_RANGES: Final[dict[str, HashtagRange]] = {
    "x": HashtagRange(1, 2, None),
    "instagram": HashtagRange(3, 10, 30),
    "tiktok": HashtagRange(3, 5, None),
    "linkedin": HashtagRange(3, 5, None),
    "facebook": HashtagRange(0, 3, None),
    "whatsapp": HashtagRange(0, 1, None),
    "telegram": HashtagRange(0, 2, None),
    "threads": HashtagRange(1, 1, None),
    "youtube": HashtagRange(1, 3, 60),
}

X_URL_LENGTH: Final = 23
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|id|co|io|ly|me|info|biz|gov|edu|app|link)"
    r"(?:/[^\s<>\"']*)?(?![\w.])",
    re.IGNORECASE,
)
# one emoji as X counts it: a flag (two regional indicators), a keycap, or a pictograph with its variation
# selector, skin tone and zero-width-joined parts
_PICTOGRAPH = "\U0001f000-\U0001faff\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u2190-\u21ff\u3030\u303d\u3297\u3299"
_EMOJI = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"
    "|[#*0-9]\ufe0f?\u20e3"
    f"|[{_PICTOGRAPH}][\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d[{_PICTOGRAPH}][\ufe0f\U0001f3fb-\U0001f3ff]*)*"
)
# code points X counts as 1 (twitter-text 3 config: 0-4351, 8192-8205, 8208-8223, 8242-8247)
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def require_platform(platform: str) -> str:
    """The platform code, or ValueError naming the known ones."""
    if platform not in PLATFORM_LIMITS:
        raise ValueError(f"Unknown platform {platform!r}; known platforms: {', '.join(PLATFORMS)}.")
    return platform


def _x_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in _LIGHT) else 2


def x_length(text: str) -> int:
    """The length X's counter shows for ``text`` (links 23, emoji 2, CJK 2, the rest 1)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    rest: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        rest.append(text[position : match.start()])
        total += X_URL_LENGTH
        position = match.end()
    rest.append(text[position:])
    for part in rest:
        plain, emoji = _EMOJI.subn("", part)
        total += 2 * emoji + sum(_x_weight(char) for char in plain)
    return total


def caption_length(text: str, platform: str) -> int:
    """The length of ``text`` as ``platform`` counts it (see the module's notes). Unknown platform: ValueError."""
    require_platform(platform)
    if platform == "x":
        return x_length(text)
    return len(unicodedata.normalize("NFC", text).encode("utf-16-le")) // 2


def starts_with_emoji(text: str) -> bool:
    return _EMOJI.match(text.lstrip()) is not None
