"""Metrics, and the scores of the trained files on the held-out test splits (Netifier, SmSA, EmoT)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import f1_score

from duta.screening.classify import data
from duta.screening.classify.heads import HEADS

if TYPE_CHECKING:
    from duta.screening.classify.model import Classifiers


def example_based_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean over rows of |Y n Y'| / |Y u Y'|, a row counting 1 when both label sets are empty."""
    truth, predicted = truth.astype(bool), predicted.astype(bool)
    inter = (truth & predicted).sum(axis=1)
    union = (truth | predicted).sum(axis=1)
    return float(np.where(union == 0, 1.0, inter / np.maximum(union, 1)).mean())


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(f1_score(truth, predicted, average="macro", zero_division=0.0))


def _probabilities(classifiers: Classifiers, corpus: data.Corpus) -> np.ndarray:
    tokens = [classifiers.normalizer.normalize(text) for text in corpus.texts]
    return classifiers.probabilities(tokens)


def netifier_scores(classifiers: Classifiers, data_dir: Path) -> dict[str, Any]:
    """Each label flagged at its head's threshold; macro-F1 = the mean of the 4 labels' F1."""
    corpus = data.netifier(data_dir, "test")
    probabilities = _probabilities(classifiers, corpus)
    per_label: dict[str, float] = {}
    for name, head in HEADS.items():
        if head.dataset == "netifier":
            flagged = probabilities[:, classifiers.column(f"netifier/{head.target}")] >= classifiers.thresholds[name]
            per_label[head.target] = float(f1_score(corpus.columns[head.target], flagged, zero_division=0.0))
    return {"rows": len(corpus), "macro_f1": float(np.mean(list(per_label.values()))), "f1": per_label}


def multiclass_scores(classifiers: Classifiers, dataset: str, corpus: data.Corpus) -> dict[str, Any]:
    """The class with the highest probability; macro-F1 over the classes."""
    probabilities = _probabilities(classifiers, corpus)
    columns = [classifiers.column(f"{dataset}/{name}") for name in corpus.classes]
    predicted = probabilities[:, columns].argmax(axis=1)
    truth = corpus.target()
    per_class = f1_score(truth, predicted, average=None, labels=range(len(corpus.classes)), zero_division=0.0)
    return {
        "rows": len(corpus),
        "macro_f1": macro_f1(truth, predicted),
        "accuracy": float((truth == predicted).mean()),
        "f1": {name: float(value) for name, value in zip(corpus.classes, per_class, strict=True)},
    }


def test_split_scores(classifiers: Classifiers, data_dir: Path) -> dict[str, Any]:
    return {
        "netifier": netifier_scores(classifiers, data_dir),
        "smsa": multiclass_scores(classifiers, "smsa", data.smsa(data_dir, "test")),
        "emot": multiclass_scores(classifiers, "emot", data.emot(data_dir, "test")),
    }
