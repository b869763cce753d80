"""Readers for the public datasets in the data directory (see each dataset's README.md there)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

IBROHIM = Path("id-multilabel-hatespeech") / "re_dataset.csv"
NETIFIER = Path("netifier")
SMSA = Path("indonlu-smsa")
EMOT = Path("indonlu-emot")

NETIFIER_LABELS = ("pornografi", "sara", "radikalisme", "pencemaran_nama_baik")
SMSA_LABELS = ("positive", "neutral", "negative")
EMOT_LABELS = ("anger", "fear", "happy", "love", "sadness")


@dataclass(frozen=True)
class Corpus:
    """Texts with one 0/1 column per label (multi-label) or one class name per text (multi-class)."""

    texts: list[str]
    columns: dict[str, np.ndarray]  # label -> int8 array of 0/1, len(texts)
    classes: tuple[str, ...] = ()  # multi-class corpora: the class names, ``columns`` one-hot

    def __len__(self) -> int:
        return len(self.texts)

    def target(self) -> np.ndarray:
        """Multi-class corpora: the class index of each text."""
        return np.stack([self.columns[name] for name in self.classes], axis=1).argmax(axis=1)

    def subset(self, index: np.ndarray) -> Corpus:
        return Corpus(
            texts=[self.texts[i] for i in index],
            columns={name: values[index] for name, values in self.columns.items()},
            classes=self.classes,
        )


def _repair(text: str) -> str:
    """re_dataset.csv is read as latin-1; its raw emoji bytes are UTF-8, sometimes cut short."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text.encode("latin-1").decode("utf-8", "replace")


def _strip_quote(text: str) -> str:
    """Half of re_dataset's tweets end in a stray ``'`` (left from a ``b'...'`` literal), far more often the abusive
    ones (58% against 18%): a trace of how they were collected, not of what they say, so it goes."""
    text = text.rstrip()
    return text[:-1] if text.endswith("'") else text


def _rows(path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        if delimiter == "\t":  # the TSV files quote nothing
            return list(csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))
        return list(csv.reader(handle, delimiter=delimiter))


def ibrohim(data_dir: Path) -> Corpus:
    """The 13,169 tweets of Ibrohim & Budi (2019) with their 12 label columns (HS, Abusive, HS_Religion, ...)."""
    header, *rows = _rows(data_dir / IBROHIM, encoding="latin-1")
    texts = [_strip_quote(_repair(row[0])) for row in rows]
    columns = {name: np.array([int(row[i]) for row in rows], dtype=np.int8) for i, name in enumerate(header) if i}
    return Corpus(texts=texts, columns=columns)


def netifier(data_dir: Path, split: str) -> Corpus:
    """Netifier ``train`` or ``test``: posts with the labels pornografi, sara, radikalisme, pencemaran_nama_baik."""
    header, *rows = _rows(data_dir / NETIFIER / f"{split}.csv")
    index = {name: header.index(name) for name in ("original_text", *NETIFIER_LABELS)}
    texts = [row[index["original_text"]] for row in rows]
    columns = {name: np.array([int(row[index[name]]) for row in rows], dtype=np.int8) for name in NETIFIER_LABELS}
    return Corpus(texts=texts, columns=columns)


def _one_hot(labels: list[str], classes: tuple[str, ...]) -> dict[str, np.ndarray]:
    unknown = set(labels) - set(classes)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}")
    return {name: np.array([label == name for label in labels], dtype=np.int8) for name in classes}


def smsa(data_dir: Path, split: str) -> Corpus:
    """IndoNLU SmSA ``train``, ``valid`` or ``test`` (TSV, no header: text, label)."""
    rows = [row for row in _rows(data_dir / SMSA / f"{split}_preprocess.tsv", delimiter="\t") if row]
    return Corpus(
        texts=[row[0] for row in rows], columns=_one_hot([row[1] for row in rows], SMSA_LABELS), classes=SMSA_LABELS
    )


def emot(data_dir: Path, split: str) -> Corpus:
    """IndoNLU EmoT ``train``, ``valid`` or ``test`` (CSV with header label,tweet)."""
    _, *rows = _rows(data_dir / EMOT / f"{split}_preprocess.csv")
    return Corpus(
        texts=[row[1] for row in rows], columns=_one_hot([row[0] for row in rows], EMOT_LABELS), classes=EMOT_LABELS
    )


def concat(*corpora: Corpus) -> Corpus:
    first = corpora[0]
    return Corpus(
        texts=[text for corpus in corpora for text in corpus.texts],
        columns={name: np.concatenate([corpus.columns[name] for corpus in corpora]) for name in first.columns},
        classes=first.classes,
    )
