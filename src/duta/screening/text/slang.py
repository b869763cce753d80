"""The slang dictionary: built ("trained") from two public lexicons, written as JSON, loaded by the normalizer.

Sources (in ``data_dir``):

- ``kamus-alay/colloquial-indonesian-lexicon.csv`` (Salsabila et al. 2018, UTF-8): 15,006 observed slang -> formal
  rows from Instagram comments; a form seen with several formal readings keeps its most frequent one.
- ``id-multilabel-hatespeech/new_kamusalay.csv`` (Ibrohim & Budi 2019, latin-1, no header): 15,167 pairs, many of
  them split hashtags (``2019gantipresiden`` -> ``2019 ganti presiden``).

Votes: each kamus-alay row counts 1, each new_kamusalay pair counts 5; ties go to the alphabetically first reading.
Chains are followed (``elo`` -> ``lo`` -> ``kamu``). Left out: identity pairs, keys a token can never be, phrases
other than split hashtags (acronyms such as ``pks``, ``pemilu``, ``gpp`` stay as written: the word lists look for
them), the words of the screening word lists (``protected``: ``aseng`` must not become ``asing``) and a short list of
mappings that are wrong or harmful for screening (:data:`BLOCKED`).

The vocabulary (words taken as correctly spelled: never rewritten, and the targets when undoing elongation and alay
digits) is the set of formal words of both lexicons, the protected words, the 125 words of ``abusive.csv`` and the
words seen at least three times in the SmSA training and validation texts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

KAMUS_ALAY = Path("kamus-alay") / "colloquial-indonesian-lexicon.csv"
NEW_KAMUSALAY = Path("id-multilabel-hatespeech") / "new_kamusalay.csv"
ABUSIVE = Path("id-multilabel-hatespeech") / "abusive.csv"
SMSA_TEXTS = (Path("indonlu-smsa") / "train_preprocess.tsv", Path("indonlu-smsa") / "valid_preprocess.tsv")

NEW_KAMUSALAY_WEIGHT = 5
MIN_VOCABULARY_COUNT = 3

# Keys whose mapping is wrong or destroys what screening looks for: names and acronyms (BCA, SBY, HTI), English
# words (it, in, to), particles mapped to pronouns (lho -> lo -> kamu) and typos in the sources.
BLOCKED = frozenset(
    {
        "bca", "sby", "hti", "pan", "jogja", "m", "s", "si", "la", "say", "it", "in", "to", "on", "at", "of",
        "mah", "lho", "loh", "pun", "dong", "kan", "tu", "ma", "pa", "an", "am", "is", "me", "my", "so", "do", "no",
        "de", "ea", "bg", "da",
    }
)  # fmt: skip

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_ELONGATED = re.compile(r"([a-z])\1\1")


@dataclass(frozen=True)
class SlangDictionary:
    slang: dict[str, str]  # slang form -> formal form (one or more words, space-separated)
    vocabulary: frozenset[str]
    sources: dict[str, str]  # file -> sha256 of the file the dictionary was built from
    protected: int = 0  # words kept as they are (the screening word lists')

    def to_json(self) -> str:
        body = {
            "format": 1,
            "sources": self.sources,
            "protected": self.protected,
            "slang": dict(sorted(self.slang.items())),
            "vocabulary": sorted(self.vocabulary),
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"

    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SlangDictionary:
        body = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            slang=body["slang"],
            vocabulary=frozenset(body["vocabulary"]),
            sources=body["sources"],
            protected=body.get("protected", 0),
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pairs(path: Path, *, encoding: str, header: bool) -> Iterator[tuple[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        rows = csv.reader(handle)
        if header:
            next(rows, None)
        for row in rows:
            if len(row) >= 2:
                yield " ".join(row[0].lower().split()), " ".join(row[1].lower().split())


def _usable(key: str, formal: str, protected: frozenset[str]) -> bool:
    if key == formal or key in BLOCKED or key in protected or not _KEY.fullmatch(key):
        return False
    words = formal.split()
    if not words or not all(_KEY.fullmatch(word) for word in words):
        return False
    # a phrase only for a run-together hashtag ("2019gantipresiden"), never for an acronym ("pemilu", "gpp")
    return len(words) == 1 or key == "".join(words).replace("-", "")


def _resolve(votes: dict[str, Counter[str]]) -> dict[str, str]:
    best = {key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0] for key, counts in votes.items()}
    resolved: dict[str, str] = {}
    for key, formal in best.items():
        seen = {key}
        for _ in range(3):  # follow chains (elo -> lo -> kamu), never round a cycle
            nxt = best.get(formal)
            if nxt is None or nxt in seen or " " in formal:
                break
            seen.add(formal)
            formal = nxt
        if " " in formal:  # each word of a phrase on its own ("gpp" -> "enggak apa-apa" -> "tidak apa-apa")
            formal = " ".join(best[word] if " " not in best.get(word, " ") else word for word in formal.split())
        if formal != key:
            resolved[key] = formal
    return resolved


def _words(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(word for word in text.lower().split() if _WORD.fullmatch(word))
    return counts


def build(data_dir: Path, protected: Iterable[str] = ()) -> SlangDictionary:
    """Build the dictionary from the lexicons in ``data_dir`` (deterministic: same files, same bytes).

    ``protected`` words (those the screening word lists look for) are never rewritten: they are no slang key, and
    they count as known words, so neither elongation nor alay rules touch them.
    """
    keep = frozenset(protected)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, formal in _pairs(data_dir / KAMUS_ALAY, encoding="utf-8", header=True):
        if _usable(key, formal, keep):
            votes[key][formal] += 1
    for key, formal in _pairs(data_dir / NEW_KAMUSALAY, encoding="latin-1", header=False):
        if _usable(key, formal, keep):
            votes[key][formal] += NEW_KAMUSALAY_WEIGHT
    slang = _resolve(votes)

    vocabulary: set[str] = set(keep)
    for formal in slang.values():
        vocabulary.update(word for word in formal.split() if _WORD.fullmatch(word))
    with (data_dir / ABUSIVE).open(encoding="latin-1", newline="") as handle:
        vocabulary.update(line.strip().lower() for line in list(handle)[1:] if _WORD.fullmatch(line.strip().lower()))
    smsa: list[str] = []
    for path in SMSA_TEXTS:
        with (data_dir / path).open(encoding="utf-8") as handle:
            smsa.extend(line.split("\t", 1)[0] for line in handle)
    vocabulary.update(
        word
        for word, count in _words(smsa).items()
        if count >= MIN_VOCABULARY_COUNT and word not in slang and not _ELONGATED.search(word)
    )
    sources = {str(path): _sha256(data_dir / path) for path in (KAMUS_ALAY, NEW_KAMUSALAY, ABUSIVE, *SMSA_TEXTS)}
    return SlangDictionary(slang=slang, vocabulary=frozenset(vocabulary), sources=sources, protected=len(keep))


CARD_FILE = "slang.md"


def render_card(dictionary: SlangDictionary, trained_on: str) -> str:
    """The Markdown card of a built dictionary: sources, licences, what was left out."""
    sources = "\n".join(f"  - `{path}` sha256 `{digest[:16]}…`" for path, digest in sorted(dictionary.sources.items()))
    return f"""# Slang dictionary (`slang.json`)

Built on {trained_on} by `duta.screening.text.slang.build` (called by `duta screening train`):
{len(dictionary.slang):,} slang forms mapped to formal Indonesian and {len(dictionary.vocabulary):,} known words
(used to undo elongation, "bangeeet" -> "banget", and alay digits, "t3tap" -> "tetap").

## Sources

- Colloquial Indonesian Lexicon (kamus alay), N. Aliyah Salsabila, Y. Ardhito Winatmoko, A. Akbar Septiandri,
  A. Jamal, IALP 2018, pp. 226-229, doi:10.1109/IALP.2018.8629151; https://github.com/nasalsabila/kamus-alay.
  Licence: none stated in the repository (NusaCrowd lists "Unknown"); the same mapping ships in the MIT-licensed
  `indoNLP` package. Used with attribution.
- `new_kamusalay.csv` and `abusive.csv` from Ibrohim & Budi (2019), ALW3, doi:10.18653/v1/W19-3506;
  https://github.com/okkyibrohim/id-multi-label-hate-speech-and-abusive-language-detection.
  Licence: CC BY-NC-SA 4.0, so this dictionary, a derivative, is CC BY-NC-SA 4.0 too (non-commercial).
- Known words also include those seen at least {MIN_VOCABULARY_COUNT} times in the IndoNLU SmSA train and valid
  texts (licence ambiguous: Apache-2.0 / MIT / CC BY-SA 4.0 depending on where one reads).
- Files read:
{sources}

## How it is built

Each kamus-alay row is a vote of 1 for its formal reading, each new_kamusalay pair a vote of {NEW_KAMUSALAY_WEIGHT};
the reading with most votes wins (ties: alphabetical). Chains are followed ("elo" -> "lo" -> "kamu"). Left out:
identity pairs, keys that are not a single token, phrases other than split hashtags (acronyms such as "pks",
"pemilu", "gpp" stay as written), the {dictionary.protected:,} words of the screening word lists
(`duta.screening.detectors`: "aseng" must not become "asing"; they also count as known words, so elongation and
alay rules leave them alone) and {len(BLOCKED)} forms whose mapping is wrong or harmful for screening
({", ".join(sorted(BLOCKED))}).
"""
