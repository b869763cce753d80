"""Guardrails: words an organization never wants in its content, and the election rules for civil servants
(SKB 2/2022: no campaign content for a candidate, a party, a ballot number or a campaign hashtag). Pure; the
campaigns app blocks content and drafts with these, and the coach shows the same answer.

How a term matches (both the term and the text go through the same steps):

- case-insensitive, on whole words: a blocked "rusak" matches "Rusak", "rusak!" and "rusaknya" (a particle:
  -nya, -lah, -kah, -pun, -ku, -mu), but not "perusakan" or "kerusakan", which are other words; "PMJ" does not
  match "PMJA";
- spaces and punctuation between the words of a term do not matter ("Partai   Maju", "Partai-Maju");
- hashtags and run-together names: "#BudiSantoso", "#budisantoso" and "BudiSantoso" match "Budi Santoso"; a
  hashtag that contains a term of six letters or more matches it ("#DukungBudiSantoso2024");
- cheap obfuscation: letters spaced or dotted apart ("B.u.d.i", "P M J"), repeated letters ("Budiii"), digits for
  letters inside a word ("Sant0so").

Ballot numbers match only in a ballot context, never alone: "nomor urut 2", "no. urut 02", "no 2", "paslon 01",
"capres nomor 1", "coblos 2", "pilih nomor 2", "#02", "#coblos02", "#paslon2"; "02" and "2" are the same number.
A date, an amount, a regulation or an address ("2 Januari", "Rp 2 juta", "UU No. 2 Tahun 2024", "Jl. Melati No.
2", "loket nomor 2") is not a ballot context.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_RAW = re.compile(r"[^\W_]+")
_HASHTAG = re.compile(r"(?<![\w&#])#([^\W_][\w]*)")
_REPEATS = re.compile(r"([^\W\d_])\1+")
_LEET = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t"})
_JOINERS = frozenset(".-_*·•'’")
ENCLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
HASHTAG_INSIDE = 6  # a term this long (letters, without spaces) matches inside a longer hashtag

BALLOT_HEADS = frozenset({"nomor", "no", "nomer", "nmr", "nr"})
ENTITY_HEADS = frozenset(
    {"paslon", "capres", "cawapres", "caleg", "cagub", "cawagub", "cabup", "cawabup", "cawalkot", "cawali"}
    | {"calon", "kandidat", "pasangan", "partai"}
)
CHOOSE_VERBS = frozenset({"pilih", "pilihlah", "memilih", "dukung", "dukunglah", "mendukung"})
LOOK_BACK = 4  # words before "no 2" searched for a regulation or an address ("Jl. Melati Indah No. 2")
VOTE_VERBS = frozenset({"coblos", "nyoblos", "mencoblos", "coblosan", "contreng", "nyontreng", "menangkan"})
NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
}
# "no 2" after these is a regulation, an address, a place in a queue or a rank, not a ballot number
NOT_BALLOT_BEFORE = frozenset(
    """
    uu undang-undang undang pp perpres permen permenkes permendagri perda perwal perbup pergub keputusan kepmen
    kepres keppres inpres instruksi peraturan se edaran surat sk pasal ayat nota jl jln jalan gang gg blok kav
    kavling rt rw lantai gedung kamar ruang ruangan meja loket pintu gerbang antrean antrian halaman hal juara
    peringkat ranking rangking urutan tiket kursi bus rumah lapak kios stand booth
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# "no 2" before these is a date, an amount or a regulation's year
NOT_BALLOT_AFTER = frozenset(
    """
    januari februari maret april mei juni juli agustus september oktober november desember jan feb mar apr jun
    jul agu agt agustus sep okt nov des tahun thn th tentang juta jt ribu rb miliar milyar m triliun persen
    kg km m jam menit hari minggu bulan orang kali
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_BALLOT_PREFIXES = sorted(BALLOT_HEADS | ENTITY_HEADS | VOTE_VERBS | {"nomorurut", "nourut", "pilih"}, key=len)[::-1]
# a ballot number as a whole hashtag: "#02", "#coblos02", "#paslon2", "#02menang"
_HASHTAG_NUMBER = re.compile(
    "(?:" + "|".join(_BALLOT_PREFIXES) + ")?(?:nomorurut|nourut|nomor|no)?0*([0-9]{1,2})"
    "(?:menang|lanjut|juara|presiden|putaran|pasti|aja|saja)?"
)


@dataclass(frozen=True)
class ElectionRules:
    """What may not be campaigned for while election mode is on."""

    candidates: tuple[str, ...] = ()  # names, e.g. "Budi Santoso"
    parties: tuple[str, ...] = ()  # e.g. "Partai Maju", "PMJ"
    numbers: tuple[str, ...] = ()  # ballot numbers as digits, e.g. "1", "02"
    hashtags: tuple[str, ...] = ()  # campaign hashtags, with or without "#"

    @property
    def empty(self) -> bool:
        return not (self.candidates or self.parties or self.numbers or self.hashtags)


@dataclass(frozen=True, slots=True)
class _Word:
    word: str  # lower case, repeated letters squeezed
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Term:
    label: str  # as shown in a reason
    words: tuple[str, ...]
    compact: str
    tag_only: bool = False  # matched only as a hashtag (a campaign hashtag of digits: "#02", not "pukul 02.00")


def _squeeze(word: str) -> str:
    return _REPEATS.sub(r"\1", word)


def _split(word: str) -> list[tuple[int, int]]:
    """Where a word splits into its parts: at a lower-to-upper case change ("BudiSantoso") and between letters
    and digits ("coblos02"); (start, end) offsets within ``word``."""
    cuts = [0]
    for at in range(1, len(word)):
        before, here = word[at - 1], word[at]
        if (before.islower() and here.isupper()) or (before.isdigit() != here.isdigit()):
            cuts.append(at)
    cuts.append(len(word))
    return list(itertools.pairwise(cuts))


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _plain_words(text: str) -> list[_Word]:
    """Every word, split at case changes and digits, lower case, repeated letters squeezed."""
    found = []
    for match in _RAW.finditer(text):
        for start, end in _split(match.group()):
            word = _squeeze(match.group()[start:end].lower())
            found.append(_Word(word, match.start() + start, match.start() + end))
    return found


def _joined_words(text: str) -> list[_Word]:
    """Words with obfuscation undone: parts joined across one dot, dash, star or underscore ("bu.di"), single
    letters joined across spaces ("b u d i", "P. M. J."), digits read as letters inside a word ("sant0so")."""
    groups: list[list[re.Match[str]]] = []
    for match in _RAW.finditer(text):
        if groups:
            last = groups[-1][-1]
            gap = text[last.end() : match.start()]
            single = len(last.group()) == 1 and len(match.group()) == 1
            joined = len(gap) == 1 and gap in _JOINERS
            spaced = single and 0 < len(gap) <= 2 and all(char in _JOINERS or char == " " for char in gap)
            if joined or spaced:
                groups[-1].append(match)
                continue
        groups.append([match])
    found = []
    for group in groups:
        word = "".join(match.group() for match in group).lower()
        if not word.isdigit() and not word.isalpha() and sum(char.isalpha() for char in word) >= 2:
            word = word.translate(_LEET)
        found.append(_Word(_squeeze(word), group[0].start(), group[-1].end()))
    return found


def _term(label: str) -> _Term | None:
    words = tuple(word.word for word in _plain_words(_prepare(label)))
    if not words:
        return None
    return _Term(label.strip(), words, "".join(words))


class _Terms:
    """Terms indexed by their first word and by their run-together form, for one pass over the words."""

    def __init__(self, terms: Iterable[_Term]) -> None:
        self.by_first: dict[str, list[_Term]] = {}
        self.by_compact: dict[str, list[_Term]] = {}
        self.long: list[_Term] = []
        for term in terms:
            self.by_first.setdefault(term.words[0], []).append(term)
            if len(term.words) > 1:
                self.by_compact.setdefault(term.compact, []).append(term)
            if sum(char.isalpha() for char in term.compact) >= HASHTAG_INSIDE:
                self.long.append(term)

    def scan(self, found: Sequence[_Word]) -> Iterable[tuple[int, _Term]]:
        for at, word in enumerate(found):
            candidates = {word.word, *_without_enclitic(word.word)}
            for key in candidates:
                for term in self.by_compact.get(key, ()):
                    yield word.start, term
                for term in self.by_first.get(key, ()):
                    size = len(term.words)
                    if term.tag_only:
                        continue
                    if size == 1:
                        yield word.start, term
                        continue
                    if key != word.word or at + size > len(found):
                        continue
                    following = found[at + 1 : at + size]
                    middle_ok = all(a.word == b for a, b in zip(following[:-1], term.words[1:-1], strict=True))
                    last = found[at + size - 1].word
                    if middle_ok and (last == term.words[-1] or term.words[-1] in _without_enclitic(last)):
                        yield word.start, term

    def scan_hashtags(self, text: str) -> Iterable[tuple[int, _Term]]:
        for match in _HASHTAG.finditer(text):
            body = _squeeze(match.group(1).lower())
            for key in (body, *_without_enclitic(body)):
                for term in (*self.by_compact.get(key, ()), *self.by_first.get(key, ())):
                    if term.compact == key:
                        yield match.start(), term
            for term in self.long:
                if term.compact in body:
                    yield match.start(), term


def _without_enclitic(word: str) -> tuple[str, ...]:
    return tuple(word[: -len(enclitic)] for enclitic in ENCLITICS if word.endswith(enclitic) and len(word) > 4)


def _term_hits(text: str, terms: Iterable[_Term]) -> list[tuple[int, _Term]]:
    index = _Terms(terms)
    if not index.by_first:
        return []
    text = _prepare(text)
    hits = [*index.scan(_plain_words(text)), *index.scan(_joined_words(text)), *index.scan_hashtags(text)]
    return sorted(hits, key=lambda hit: hit[0])


def _in_order(hits: Iterable[tuple[int, str]]) -> list[str]:
    """Labels by their first place in the text, each once (whatever its case)."""
    seen: dict[str, tuple[int, str]] = {}
    for at, label in hits:
        key = label.casefold()
        if key not in seen or at < seen[key][0]:
            seen[key] = (at, label)
    return [label for _at, label in sorted(seen.values(), key=lambda item: item[0])]


def blocklist_hits(text: str, terms: Sequence[str]) -> list[str]:
    """The blocked ``terms`` found in ``text`` (as they are listed), in text order, each once."""
    prepared = [term for term in (_term(label) for label in terms if label.strip()) if term is not None]
    return _in_order((at, term.label) for at, term in _term_hits(text, prepared))


def _number(word: str) -> int | None:
    if word.isascii() and word.isdigit() and len(word) <= 3:
        return int(word)
    return NUMBER_WORDS.get(word)


def _ballot_start(found: Sequence[_Word], at: int) -> int | None:
    """The index where the ballot context of the number at ``at`` starts, or None when there is none."""
    after = found[at + 1].word if at + 1 < len(found) else ""
    if after in NOT_BALLOT_AFTER or (after.isdigit() and len(after) == 4):  # "No. 2 Tahun 2024", "No 2/2024"
        return None
    before = [word.word for word in found[max(0, at - 3) : at]]
    if not before:
        return None
    if before[-1] in ENTITY_HEADS or before[-1] in VOTE_VERBS:
        return at - 1
    start = at
    if len(before) >= 2 and before[-1] == "urut" and before[-2] in BALLOT_HEADS:
        start = at - 2
    elif before[-1] in BALLOT_HEADS:
        start = at - 1
    else:
        return None
    previous = found[start - 1].word if start > 0 else ""
    if previous in ENTITY_HEADS or previous in VOTE_VERBS or previous in CHOOSE_VERBS:
        return start - 1
    if any(word.word in NOT_BALLOT_BEFORE for word in found[max(0, start - LOOK_BACK) : start]):
        return None
    return start


def _number_hits(text: str, numbers: Iterable[str]) -> list[tuple[int, str]]:
    wanted = {value for value in (_number(number.strip().lstrip("#")) for number in numbers) if value is not None}
    if not wanted:
        return []
    hits = []
    found = _plain_words(text)
    tags = [match.span() for match in _HASHTAG.finditer(text)]
    for at, word in enumerate(found):
        if _number(word.word) not in wanted or any(start <= word.start < end for start, end in tags):
            continue  # a number inside a hashtag is read with the whole hashtag below
        start = _ballot_start(found, at)
        if start is not None:
            hits.append((found[start].start, " ".join(text[found[start].start : word.end].split())))
    for match in _HASHTAG.finditer(text):
        body = _squeeze(match.group(1).lower())
        ballot = _HASHTAG_NUMBER.fullmatch(body)
        if ballot is not None and int(ballot.group(1)) in wanted:
            hits.append((match.start(), match.group()))
    return hits


def election_hits(text: str, rules: ElectionRules) -> list[str]:
    """The candidates, parties and campaign hashtags of ``rules`` found in ``text`` (as listed; hashtags with
    their "#"), and the ballot numbers found in a ballot context (the phrase as written: "nomor urut 02"), in
    text order, each once."""
    if rules.empty:
        return []
    text = _prepare(text)
    terms: list[_Term] = []
    for label in (*rules.candidates, *rules.parties):
        term = _term(label)
        if term is not None:
            terms.append(term)
    for label in rules.hashtags:
        term = _term(label.strip().lstrip("#"))
        if term is not None:
            terms.append(_Term("#" + label.strip().lstrip("#"), term.words, term.compact, term.compact.isdigit()))
    hits = [(at, term.label) for at, term in _term_hits(text, terms)]
    hits += _number_hits(text, rules.numbers)
    return _in_order(hits)
