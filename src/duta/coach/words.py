"""Words of a caption, for the coach's checks: tokens with their places, crude Indonesian stems, word lists.

Pure and dependency-free, so that the checks stay instant and give the same answer with or without the screening
models. Tokens are lower-case runs of letters and digits (a hyphenated word stays one token: "kata-kata").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_HASHTAG = re.compile(r"(?<![\w&#])#([^\W_][\w]*)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

# Particles and possessives that attach to any word ("masalahnya", "ayolah", "anakku").
CLITICS: tuple[str, ...] = ("nya", "lah", "kah", "pun", "tah", "ku", "mu")
_SUFFIXES = ("kan", "an", "i")
# prefix -> the letters that may have been dropped after it (nasal assimilation: "menulis" <- "tulis")
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("", "p")),
    ("men", ("", "t")),
    ("me", ("",)),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("", "p")),
    ("pen", ("", "t")),
    ("per", ("",)),
    ("pe", ("",)),
    ("ber", ("",)),
    ("be", ("",)),
    ("ter", ("",)),
    ("di", ("",)),
    ("ke", ("",)),
    ("se", ("",)),
)
MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # lower-case
    start: int  # character offset in the text


def fold(text: str) -> str:
    """NFKC and lower case: how every check reads the text."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[Token]:
    return [Token(match.group(), match.start()) for match in _TOKEN.finditer(fold(text))]


def words(text: str) -> list[str]:
    return [match.group() for match in _TOKEN.finditer(fold(text))]


def hashtags(text: str) -> list[str]:
    """The hashtags of the text as written, without "#", in order."""
    return [match.group(1) for match in _HASHTAG.finditer(unicodedata.normalize("NFKC", text))]


def without_hashtags(text: str) -> str:
    return _HASHTAG.sub(" ", text)


def lines(text: str) -> list[str]:
    """The non-empty lines, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def first_sentence(line: str) -> str:
    return _SENTENCE_END.split(line.strip(), maxsplit=1)[0]


def after_first_sentence(line: str) -> str:
    parts = _SENTENCE_END.split(line.strip(), maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def strip_clitic(word: str) -> str:
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            return word[: -len(clitic)]
    return word


@cache
def stems(word: str) -> frozenset[str]:
    """Every form ``word`` may come from after taking off a particle, a suffix and a prefix (with the letter a
    nasal prefix swallows): "pendaftaran" -> {..., "daftar"}, "menyampaikan" -> {..., "sampai"}. Crude on
    purpose: two words are taken as the same when their sets meet."""
    found = {word}
    bases = {word, strip_clitic(word)}
    for base in tuple(bases):
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= MIN_STEM:
                bases.add(base[: -len(suffix)])
    found |= bases
    for _round in range(2):  # two prefixes at most: "mem-per-singkat", "ke-ber-hasil-an", "di-per-baik-i"
        for base in tuple(bases):
            bases |= _unprefixed(base)
    found |= bases
    return frozenset(stem for stem in found if len(stem) >= MIN_STEM)


def _unprefixed(word: str) -> set[str]:
    found: set[str] = set()
    for prefix, restored in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM - 1:
            rest = word[len(prefix) :]
            found.update(letter + rest for letter in restored if len(letter + rest) >= MIN_STEM)
    return found


class Lexicon:
    """A word list: single words (matched with or without a particle, "masalahnya"), prefixes ("antr*": any word
    that starts so) and phrases of several words ("link di bio")."""

    __slots__ = ("_phrases", "_prefixes", "_words")

    def __init__(self, entries: Iterable[str]) -> None:
        single: set[str] = set()
        prefixes: list[str] = []
        phrases: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            parts = tuple(fold(entry).split())
            if len(parts) > 1:
                phrases.setdefault(parts[0], []).append(parts)
            elif parts[0].endswith("*"):
                prefixes.append(parts[0][:-1])
            else:
                single.add(parts[0])
        self._words = frozenset(single)
        self._prefixes = tuple(prefixes)
        self._phrases = {first: sorted(found, key=len, reverse=True) for first, found in phrases.items()}

    def _word(self, word: str) -> bool:
        return word in self._words or strip_clitic(word) in self._words or word.startswith(self._prefixes)

    def find(self, found: Sequence[Token]) -> list[tuple[int, str]]:
        """(token index, the words as written) for every entry in ``found``, in order; a phrase wins over its
        first word."""
        hits: list[tuple[int, str]] = []
        at = 0
        while at < len(found):
            word = found[at].word
            size = 0
            for phrase in self._phrases.get(word, ()):
                if tuple(token.word for token in found[at : at + len(phrase)]) == phrase:
                    size = len(phrase)
                    break
            if not size and self._word(word):
                size = 1
            if size:
                hits.append((at, " ".join(token.word for token in found[at : at + size])))
                at += size
            else:
                at += 1
        return hits


def quoted(items: Iterable[str]) -> str:
    """“a”, “b”, “c”: words named in a reason."""
    return ", ".join(f"“{item}”" for item in items)


def shorten(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
