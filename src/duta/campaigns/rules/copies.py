"""Copy-paste detection: fingerprints of post texts, and clusters of ambassadors posting the same words.

The public distrusts "buzzers" who all post the same sentence, so the words of reported posts are compared.
Pure functions, no ORM.

Normalization (shared by ``text_fingerprint`` and ``copy_clusters``): Unicode NFKC, case folded, accents
removed, web addresses removed (http(s)://…, www.…, and bare domains with a path or a common ending such as
bit.ly/x or bps.go.id), mentions kept whole ("@budi_s" stays one word), everything that is not a letter or a
digit removed (punctuation, emoji, the "#" of hashtags), whitespace collapsed. A text with no word left has the
fingerprint "".

Clusters. Texts are compared by the Jaccard similarity of their sets of word 3-shingles (a text of fewer than
three words is one shingle: it only matches itself). Posts with the same normalized text are grouped first;
then the distinct texts, the most copied first, each join the most similar earlier "sample" text whose
similarity is at least ``threshold``, or become a sample themselves (a leader clustering: every member of a
cluster is within the threshold of its sample, which is what ``similarity`` reports). Candidate samples are
found through an index of shingle prefixes (prefix filtering: shingles ordered rarest first; two sets with a
Jaccard similarity of at least t share one of their first |x| - ceil(t·|x|) + 1 shingles), and pruned by size
and by the positions of their rarest shared shingle (PPJoin) before the exact similarity is computed, so no
pair is missed and 5,000 posts take a fraction of a second. The result is deterministic (no salted hashes).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["CopyCluster", "copy_clusters", "text_fingerprint"]

_TLDS = "com|net|org|id|ly|me|co|io|gov|info|biz|link|app|site|gl|gd|to|tv|be|cc|ee|at|in|us|my|sg"
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    rf"|\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:[a-z]{{2,24}}/\S*|(?:{_TLDS})\b(?:/\S*)?)",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"@\w+(?:\.\w+)*|[^\W_]+")
_EPSILON = 1e-9


class _WithoutMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters are met (C speed once seen)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def _words(text: str) -> list[str]:
    text = _URL_RE.sub(" ", unicodedata.normalize("NFKC", text)).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS)
    return _WORD_RE.findall(text)


def text_fingerprint(text: str) -> str:
    """SHA-256 (hex) of the normalized text, so that case, punctuation, emoji or links do not hide a copy."""
    words = _words(text)
    return hashlib.sha256(" ".join(words).encode()).hexdigest() if words else ""


def _shingles(words: list[str]) -> frozenset[str]:
    if len(words) < 3:
        return frozenset({" ".join(words)})
    return frozenset(" ".join(words[index : index + 3]) for index in range(len(words) - 2))


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if first is second:
        return 1.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


@dataclass
class CopyCluster:
    """Reports whose texts are the same words (or nearly), posted by at least ``min_members`` people."""

    report_ids: list[int]
    member_ids: list[int]
    sample: str
    similarity: float  # the lowest similarity of a text of the cluster to the sample (1.0: all identical)
    variant_id: int | None  # the caption variant the texts copy (similarity >= threshold), else None


@dataclass
class _Text:
    shingles: frozenset[str]
    reports: list[tuple[int, int, str]]  # (report_id, member_id, text), in the order given
    members: set[int]
    first: int  # position of its first report in the input


def copy_clusters(
    posts: Sequence[tuple[int, int, str]],
    variants: Sequence[tuple[int, str]],
    *,
    threshold: float = 0.85,
    min_members: int = 3,
) -> list[CopyCluster]:
    """Groups of identical or nearly identical post texts by at least ``min_members`` distinct members.

    ``posts`` are (report_id, member_id, text), ``variants`` (variant_id, text). Sorted by the number of
    members, most first. See the module's docstring for the method.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    texts: dict[str, _Text] = {}
    for position, (report_id, member_id, text) in enumerate(posts):
        words = _words(text)
        if not words:
            continue
        key = " ".join(words)
        found = texts.get(key)
        if found is None:
            found = texts[key] = _Text(_shingles(words), [], set(), position)
        found.reports.append((report_id, member_id, text))
        found.members.add(member_id)
    if not texts:
        return []
    ordered = sorted(texts.values(), key=lambda found: (-len(found.members), -len(found.reports), found.first))
    frequency: dict[str, int] = {}
    for found in ordered:
        for shingle in found.shingles:
            frequency[shingle] = frequency.get(shingle, 0) + 1

    samples: list[_Text] = []
    groups: list[list[tuple[_Text, float]]] = []
    index: dict[str, list[tuple[int, int]]] = {}  # shingle -> (sample, position of the shingle in its order)
    overlap_share = threshold / (1 + threshold)
    for found in ordered:
        size = len(found.shingles)
        order = sorted(found.shingles, key=lambda shingle: (frequency[shingle], shingle))
        prefix = order[: size - math.ceil(threshold * size - _EPSILON) + 1]
        best, best_similarity = -1, 0.0
        seen: set[int] = set()
        for position, shingle in enumerate(prefix):
            for number, other_position in index.get(shingle, ()):
                if number in seen:
                    continue
                seen.add(number)  # first met at the rarest shared shingle: the positions give an upper bound
                other = len(samples[number].shingles)
                if size < threshold * other - _EPSILON or other < threshold * size - _EPSILON:
                    continue
                needed = math.ceil(overlap_share * (size + other) - _EPSILON)
                if 1 + min(size - position - 1, other - other_position - 1) < needed:
                    continue
                similarity = _jaccard(found.shingles, samples[number].shingles)
                if similarity > best_similarity + _EPSILON or (
                    abs(similarity - best_similarity) <= _EPSILON and number < best
                ):
                    best, best_similarity = number, similarity
        if best >= 0 and best_similarity >= threshold - _EPSILON:
            groups[best].append((found, best_similarity))
            continue
        for position, shingle in enumerate(prefix):
            index.setdefault(shingle, []).append((len(samples), position))
        samples.append(found)
        groups.append([(found, 1.0)])

    variant_shingles = [(variant_id, _shingles(words)) for variant_id, text in variants if (words := _words(text))]
    clusters = []
    for sample, group in zip(samples, groups, strict=True):
        members = set().union(*(found.members for found, _similarity in group))
        if len(members) < min_members:
            continue
        copied, copied_similarity = None, 0.0
        for variant_id, shingles in variant_shingles:
            similarity = _jaccard(sample.shingles, shingles)
            if similarity >= threshold - _EPSILON and similarity > copied_similarity + _EPSILON:
                copied, copied_similarity = variant_id, similarity
        clusters.append(
            CopyCluster(
                report_ids=sorted(report[0] for found, _similarity in group for report in found.reports),
                member_ids=sorted(members),
                sample=sample.reports[0][2],
                similarity=round(min(similarity for _found, similarity in group), 4),
                variant_id=copied,
            )
        )
    clusters.sort(key=lambda cluster: (-len(cluster.member_ids), -len(cluster.report_ids), cluster.report_ids[0]))
    return clusters
