"""Finding listed words and phrases in a token sequence, fast.

Every word and phrase of every list goes into one index, compiled once: a single word is one dict lookup per
token, a phrase is looked up by its n-gram only where two tokens start some phrase. No regular expression per
term.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]  # token positions [start, end)


def normalize_term(term: str) -> str:
    """A listed term as the normalizer would give it: lower-case, single spaces."""
    return " ".join(term.lower().split())


def spellings(term: str) -> tuple[str, ...]:
    """The spellings a listed term matches: as written, and with each hyphen or apostrophe dropped or spaced."""
    found = [normalize_term(term)]
    for mark in ("-", "'", "’"):
        for spelled in tuple(found):
            if mark in spelled:
                found.append(normalize_term(spelled.replace(mark, " ")))
                found.append(spelled.replace(mark, ""))
    return tuple(dict.fromkeys(spelled for spelled in found if spelled))


class PhraseIndex:
    """Which tags each listed word or phrase carries; ``scan`` returns, per tag, the spans where they occur."""

    __slots__ = ("_multi", "_single", "_starts")

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        single: dict[str, list[str]] = {}
        multi: dict[str, list[str]] = {}
        starts: dict[str, dict[str, int]] = {}  # first word -> second word -> most words of such a phrase
        for term, tag in entries:
            for spelled in spellings(term):
                words = spelled.split()
                if len(words) == 1:
                    bucket = single.setdefault(spelled, [])
                else:
                    bucket = multi.setdefault(spelled, [])
                    seconds = starts.setdefault(words[0], {})
                    seconds[words[1]] = max(seconds.get(words[1], 0), len(words))
                if tag not in bucket:
                    bucket.append(tag)
        self._single = {word: tuple(tags) for word, tags in single.items()}
        self._multi = {phrase: tuple(tags) for phrase, tags in multi.items()}
        self._starts = starts

    def __len__(self) -> int:
        return len(self._single) + len(self._multi)

    def longest(self) -> int:
        """The most tokens in one listed phrase."""
        return max((size for seconds in self._starts.values() for size in seconds.values()), default=1)

    def scan(self, tokens: Sequence[str]) -> dict[str, list[Span]]:
        """Per tag, the spans of its words and phrases in ``tokens``, in order; a span inside a longer span of
        the same tag is left out ("jangan pilih" hides its "pilih")."""
        found: dict[str, list[Span]] = {}
        single, multi, starts = self._single, self._multi, self._starts
        last = len(tokens) - 1
        for at, token in enumerate(tokens):
            tags = single.get(token)
            if tags is not None:
                for tag in tags:
                    found.setdefault(tag, []).append((at, at + 1))
            seconds = starts.get(token)
            if seconds is not None and at < last and (longest := seconds.get(tokens[at + 1])) is not None:
                for size in range(2, min(longest, last + 1 - at) + 1):
                    tags = multi.get(" ".join(tokens[at : at + size]))
                    if tags is not None:
                        for tag in tags:
                            found.setdefault(tag, []).append((at, at + size))
        for tag, spans in found.items():
            if len(spans) > 1:
                found[tag] = outermost(spans)
        return found


def outermost(spans: list[Span]) -> list[Span]:
    """The spans not inside another one, in order."""
    kept: list[Span] = []
    reach = -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if end > reach:
            kept.append((start, end))
            reach = end
    return kept


def gap(first: Span, second: Span) -> int:
    """Tokens between two spans: 0 when adjacent, negative when they overlap."""
    return max(first[0] - second[1], second[0] - first[1])


def text(tokens: Sequence[str], span: Span) -> str:
    return " ".join(tokens[span[0] : span[1]])


def evidence(tokens: Sequence[str], spans: Iterable[Span]) -> tuple[str, ...]:
    """The words of the spans in the order they appear, each phrase once."""
    return tuple(dict.fromkeys(text(tokens, span) for span in sorted(set(spans))))
