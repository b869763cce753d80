"""The trained classifiers at run time: load the shipped files, score batches of normalized posts.

One pass per batch: hashed features (cached per token and per token pair), TF-IDF with one norm per block, one
sparse x dense product for every output of every dataset, then a sigmoid (binary outputs) or a softmax (the classes
of a multi-class dataset). The sentiment model reads the posts without function words (its "view"): a second,
cheaper pass over the same caches. ``predict`` returns the heads' probabilities; ``thresholds`` says where a head flags.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from duta.screening.classify.features import Featurizer, Vocabulary
from duta.screening.classify.storage import delta_decode, load_arrays, load_json
from duta.screening.text import SHIPPED_SLANG, Normalizer, SlangDictionary

logger = logging.getLogger(__name__)

FORMAT = 1
SHIPPED = Path(__file__).resolve().parent / "shipped"
MODEL_FILE = "model.json"
FEATURES_FILE = "features.npz"
WEIGHTS_FILE = "weights.npz"
SLANG_FILE = "slang.json"


def sigmoid(logits: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50))))


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


@dataclass(frozen=True)
class Output:
    name: str  # "<dataset>/<target>"
    dataset: str
    target: str
    link: str  # "sigmoid" or "softmax" (over the outputs of the same dataset)
    ignore: tuple[str, ...] = ()  # tokens left out before featurizing, for this output's dataset


@dataclass
class Classifiers:
    vocabulary: Vocabulary
    weights: np.ndarray  # (kept features, outputs) float32
    bias: np.ndarray  # (outputs,) float32
    outputs: list[Output]
    heads: dict[str, str]  # head -> output name
    thresholds: dict[str, float]
    metadata: dict[str, Any]
    normalizer: Normalizer
    _featurizer: Featurizer = field(init=False, repr=False)
    _groups: list[tuple[str, np.ndarray]] = field(init=False, repr=False)
    _views: list[tuple[frozenset[str], np.ndarray]] = field(init=False, repr=False)
    _weights_by_view: list[np.ndarray] = field(init=False, repr=False)
    _columns: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._featurizer = Featurizer(self.vocabulary.lookup())
        self._columns = {output.name: index for index, output in enumerate(self.outputs)}
        groups: dict[tuple[str, str], list[int]] = {}
        for index, output in enumerate(self.outputs):
            key = (output.link, output.dataset if output.link == "softmax" else "")
            groups.setdefault(key, []).append(index)
        self._groups = [(link, np.array(columns)) for (link, _), columns in groups.items()]
        views: dict[frozenset[str], list[int]] = {}
        for index, output in enumerate(self.outputs):
            views.setdefault(frozenset(output.ignore), []).append(index)
        self._views = [(ignore, np.array(columns)) for ignore, columns in views.items()]
        self._weights_by_view = [np.ascontiguousarray(self.weights[:, columns]) for _, columns in self._views]

    @classmethod
    def load(cls, directory: Path | None = None) -> Classifiers:
        """The classifiers in ``directory`` (default: the files shipped with Duta)."""
        directory = directory or SHIPPED
        meta = load_json(directory / MODEL_FILE)
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory / MODEL_FILE}: model format {meta.get('format')!r}, expected {FORMAT}")
        features = load_arrays(directory / FEATURES_FILE)
        vocabulary = Vocabulary(
            features=delta_decode(features["feature_gaps"]),
            idf=features["idf"].astype(np.float32),
            word_columns=int(meta["vocabulary"]["word_columns"]),
            block_weights=tuple(meta["vocabulary"]["block_weights"]),
        )
        outputs = [Output(**{**output, "ignore": tuple(output.get("ignore", ()))}) for output in meta["outputs"]]
        stored = load_arrays(directory / WEIGHTS_FILE)
        weights = np.zeros((vocabulary.features.size, len(outputs)), dtype=np.float32)
        starts = np.concatenate([[0], np.cumsum(stored["counts"])])
        for column in range(len(outputs)):
            part = slice(starts[column], starts[column + 1])
            weights[delta_decode(stored["row_gaps"][part]), column] = stored["values"][part]
        slang_path = directory / SLANG_FILE
        dictionary = SlangDictionary.load(slang_path if slang_path.exists() else SHIPPED_SLANG)
        elsewhere = slang_path.exists() and SHIPPED_SLANG.exists() and slang_path.resolve() != SHIPPED_SLANG
        if elsewhere and SlangDictionary.load(SHIPPED_SLANG).fingerprint() != dictionary.fingerprint():
            logger.warning("%s differs from the shipped slang dictionary: normalize with .normalizer", slang_path)
        return cls(
            vocabulary=vocabulary,
            weights=weights,
            bias=stored["bias"].astype(np.float32),
            outputs=outputs,
            heads={name: head["output"] for name, head in meta["heads"].items()},
            thresholds={name: float(head["threshold"]) for name, head in meta["heads"].items()},
            metadata=meta,
            normalizer=Normalizer(dictionary.slang, dictionary.vocabulary),
        )

    def probabilities(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Every output's probability, one row per post (columns in the order of ``outputs``)."""
        logits = np.empty((len(token_lists), len(self.outputs)), dtype=np.float32)
        for (ignore, columns), weights in zip(self._views, self._weights_by_view, strict=True):
            counts = self._featurizer.counts(token_lists, ignore)
            logits[:, columns] = np.asarray(self.vocabulary.transform(counts) @ weights) + self.bias[columns]
        probabilities = np.empty_like(logits)
        for link, columns in self._groups:
            block = logits[:, columns]
            probabilities[:, columns] = sigmoid(block) if link == "sigmoid" else softmax(block)
        return probabilities

    def predict(self, token_lists: Sequence[Sequence[str]]) -> dict[str, np.ndarray]:
        """Head -> calibrated probability per post (float32), for a batch of normalized posts."""
        probabilities = self.probabilities(token_lists)
        return {head: probabilities[:, self._columns[output]] for head, output in self.heads.items()}

    def column(self, output: str) -> int:
        return self._columns[output]

    def card(self, head: str) -> dict[str, Any]:
        """What a reviewer or an auditor needs to know about a head: data, licence, metrics, date."""
        meta = self.metadata["heads"][head]
        dataset = self.metadata["datasets"][meta["dataset"]]
        return {
            "head": head,
            **meta,
            "dataset_title": dataset["title"],
            "citation": dataset["citation"],
            "source": dataset["source"],
            "licence": dataset["licence"],
            "training_rows": dataset["training_rows"],
            "trained_on": self.metadata["trained_on"],
            "card_file": dataset["card_file"],
        }
