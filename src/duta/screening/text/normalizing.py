"""Turn an Indonesian social-media post into normalized tokens: pure Python, precompiled regexes, dict lookups.

The steps, in order: literal escapes (``\\n``, ``\\xf0\\x9f...``) and HTML entities decoded; URLs, @mentions and the
datasets' masks (``USER``, ``[USERNAME]``, ``URL``, ``[URL]``) turned into ``url`` / ``user``; forum markup
(``[QUOTE=...]``) dropped; hashtags split into their words (``#GantiPresiden`` -> ``ganti presiden``); emoji and
emoticons turned into a few coarse tokens (``emoji_tawa``, ``emoji_marah``, ...); lower-case; then per word:
``kata2`` -> ``kata-kata``, alay digits (``t3tap`` -> ``tetap``), repeated letters squeezed (``bangeeet`` ->
``banget``, ``maaaf`` -> ``maaf``), laughter folded (``wkwkwk`` -> ``wkwk``) and slang mapped to its formal form
(``gak`` -> ``tidak``) with the dictionary built by :mod:`duta.screening.text.slang`. Known words (the dictionary's
vocabulary, which holds every word of the screening word lists) are left as they are.

Sentence punctuation (``. , ! ? : ; " ( )``) stays, one token per mark (runs cut to three): the classifiers learn
from it (about half a point of macro-F1 on hate speech). Other symbols (``%``, ``&``, ``/``, ``'``) are dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Set

# A post's own text is short, but a pasted article is not: tokens past this many are ignored.
MAX_TOKENS = 400
_CACHE_LIMIT = 200_000

_ESCAPED_BYTES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_ESCAPED_WHITESPACE = re.compile(r"\\[nrt]")
_URL = re.compile(r"(?:https?://|www\.)[^\s\[\]<>\"']+|\[url\]|<url>", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w.])@\w+|\[username\]|<user(?:name)?>", re.IGNORECASE)
_MARKUP = re.compile(r"\[/?[a-zA-Z]+(?:=[^\]\n]*)?\]|</?[a-zA-Z]+[^>\n]*>")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])|_")
_EMOTICONS = (
    (re.compile(r"(?<!\w)(?:[:;=]-?[)\]]+|\^_*\^)"), " emoji_senyum "),
    (re.compile(r"(?<!\w)(?:[:;=]-?[dDpP]+|[xX]+[dD]+)(?!\w)"), " emoji_tawa "),
    (re.compile(r"(?<!\w)(?::'?-?[(\[]+|T_T)"), " emoji_sedih "),
    (re.compile(r"<3+"), " emoji_cinta "),
)
# words (with inner hyphens: "kata-kata"), the emoji tokens, and sentence punctuation one mark at a time (the
# classifiers learn from it; other symbols, "%", "&", "/", are dropped so that "100% ampuh" reads "100 ampuh")
_TOKEN = re.compile(r"emoji_[a-z]+|[^\W_]+(?:-[^\W_]+)*|[.,!?:;\"()]")
_PUNCTUATION_RUN = re.compile(r"([!-/:-@\[-`{-~])\1{3,}")
_REPEAT3 = re.compile(r"([^\W\d_])\1{2,}")
_REPEAT2 = re.compile(r"([^\W\d_])\1")
_TRAILING_DOUBLE = re.compile(r"([^\W\d_])\1$")
_REDUPLICATION = re.compile(r"([a-z]{2,})2(nya|an|kan|lah|pun|mu|ku)?")
_ALAY = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t"})
_LAUGHTER = (
    (re.compile(r"(?:w+k+)+w*"), "wkwk"),
    (re.compile(r"a?(?:ha){2,}h?"), "haha"),
    (re.compile(r"(?:he){2,}h?"), "hehe"),
    (re.compile(r"(?:hi){2,}h?"), "hihi"),
    (re.compile(r"(?:xi){2,}"), "hihi"),
)

# Coarse emoji classes: a few tokens a classifier can learn from; every other emoji is dropped.
EMOJI_CLASSES: dict[str, str] = {
    "emoji_tawa": "😂🤣😆😅😹😁😄😃😜😝😛🤪🤭",
    "emoji_senyum": "🙂😊☺😉😀😇🤗👍👌👏🙏💪✌😎😋",
    "emoji_cinta": "❤♥😍😘🥰😻💕💖💗💓💞💘💙💚💛💜🧡🖤🤍😚😙💋",
    "emoji_sedih": "😢😭😞😔😟☹🙁😿💔😥😓😩😫🥺😪",
    "emoji_marah": "😡😠🤬👿💢🖕😤👊🔪💣🔫",
    "emoji_jijik": "🤮🤢💩🤡🙄😒😑😏🐷🐖🐶🐕🐒🐵🙈🐍",
    "emoji_takut": "😱😨😰😧😦😬",
    "emoji_seksi": "🍆🍑💦👅🔞🤤😈",
}
# Tokens the normalizer itself produces: never looked up in the slang dictionary.
RESERVED = frozenset({"url", "user", *EMOJI_CLASSES})
_EMOJI_CLASS = {char: name for name, chars in EMOJI_CLASSES.items() for char in chars}
_EMOJI = re.compile("[" + "".join(sorted(_EMOJI_CLASS)) + "]")


def _decode_bytes(match: re.Match[str]) -> str:
    raw = bytes.fromhex(match.group().replace("\\x", ""))
    return " " + raw.decode("utf-8", "ignore") + " "


def _split_hashtag(match: re.Match[str]) -> str:
    return " " + _CAMEL.sub(" ", match.group(1)) + " "


def _emoji_token(match: re.Match[str]) -> str:
    return " " + _EMOJI_CLASS[match.group()] + " "


def clean(text: str) -> str:
    """The text with escapes, markup, links, mentions, hashtags and emoji replaced, lower-cased."""
    if "\\" in text:
        if "\\x" in text:
            text = _ESCAPED_BYTES.sub(_decode_bytes, text)
        text = _ESCAPED_WHITESPACE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "/" in text or "www" in text or "[" in text or "<" in text:
        text = _URL.sub(" url ", text)
    if "@" in text or "[" in text or "<" in text:
        text = _MENTION.sub(" user ", text)
    if "[" in text or "<" in text:
        text = _MARKUP.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub(_split_hashtag, text)
    for pattern, replacement in _EMOTICONS:
        text = pattern.sub(replacement, text)
    if not text.isascii():
        text = _EMOJI.sub(_emoji_token, text)
    if "!!!!" in text or "????" in text or "...." in text or "----" in text:
        text = _PUNCTUATION_RUN.sub(r"\1\1\1", text)
    return text.lower()


class Normalizer:
    """Normalizes posts with one slang dictionary and one vocabulary of known (formal) words."""

    def __init__(self, slang: Mapping[str, str], vocabulary: Set[str]) -> None:
        self.slang: dict[str, tuple[str, ...]] = {key: tuple(value.split()) for key, value in slang.items()}
        self.vocabulary = frozenset(vocabulary)
        self._cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> list[str]:
        return self.normalize(text)

    def normalize(self, text: str) -> list[str]:
        words = _TOKEN.findall(clean(text))
        cache = self._cache
        tokens: list[str] = []
        for word in words[:MAX_TOKENS]:
            if len(word) == 1 and not word.isalnum():  # punctuation: kept, a classifier learns from it
                tokens.append(word)
                continue
            mapped = cache.get(word)
            if mapped is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                mapped = cache[word] = self.word(word)
            tokens.extend(mapped)
        return tokens

    def known(self, word: str) -> bool:
        return word in self.vocabulary or word in self.slang

    def word(self, word: str) -> tuple[str, ...]:
        """The normalized form of one lower-case word (zero, one or more tokens)."""
        if word in RESERVED or word.isdigit():
            return (word,)
        slang = self.slang.get(word)
        if slang is not None:
            return slang
        if word in self.vocabulary:
            return (word,)
        if not word.isalpha():
            word = self._digits(word)
        if _REPEAT3.search(word):
            word = self._squeeze(word)
        elif len(word) > 4 and _TRAILING_DOUBLE.search(word):
            single = word[:-1]
            if single in self.vocabulary:  # "bangett" -> "banget", "kamuu" -> "kamu" (not "ummat" -> "umat")
                word = single
        for pattern, replacement in _LAUGHTER:
            if pattern.fullmatch(word):
                return (replacement,)
        return self.slang.get(word) or (word,)

    def _digits(self, word: str) -> str:
        if "-" in word:
            return "-".join(self._digits(part) if part else part for part in word.split("-"))
        match = _REDUPLICATION.fullmatch(word)
        if match:
            base = self.slang.get(match.group(1), (match.group(1),))
            if len(base) == 1:
                return f"{base[0]}-{base[0]}{match.group(2) or ''}"
        if sum(char.isalpha() for char in word) >= 2:  # "t3tap", "4nj1ng"; not "a1", "b2"
            letters = word.translate(_ALAY)
            if letters.isalpha() and (self.known(letters) or self.known(_REPEAT3.sub(r"\1", letters))):
                return letters
        return word

    def _squeeze(self, word: str) -> str:
        double = _REPEAT3.sub(r"\1\1", word)
        single = _REPEAT3.sub(r"\1", word)
        if self.known(single):
            return single
        if self.known(double):
            return double
        # still unknown: fold the remaining doubles too ("kamuuu uu" -> "kamu") when that gives a known word
        folded = _REPEAT2.sub(r"\1", single)
        return folded if self.known(folded) else single
