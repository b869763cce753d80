"""One dataset's stacked model: its rows (with reviewers' corrections), the fit, thresholds and held-out metrics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from duta.screening.classify.data import Corpus
from duta.screening.classify.heads import HEADS, Correction, Dataset
from duta.screening.classify.learners import fit_base, stack_binary, stack_multiclass

CORRECTION_WEIGHT = 2.0  # a reviewer's verdict on a real post counts twice a dataset row
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass(frozen=True)
class Rows:
    """A dataset's training rows: texts, labels per base column (-1: unknown), class per row, row weights."""

    texts: list[str]
    labels: dict[str, np.ndarray]  # base column -> int8 (0, 1, or -1 for rows that say nothing about it)
    classes: np.ndarray  # multi-class datasets: class index per row (-1 unknown); else empty
    weight: np.ndarray  # float64 per row

    def __len__(self) -> int:
        return len(self.texts)


def rows(dataset: Dataset, corpus: Corpus, corrections: Sequence[Correction] = ()) -> Rows:
    """The corpus rows plus the corrections that concern this dataset's heads."""
    texts = list(corpus.texts)
    labels = {column: corpus.columns[column].astype(np.int8) for column in dataset.base_columns}
    classes = corpus.target().astype(np.int64) if dataset.multiclass else np.zeros(0, dtype=np.int64)
    weight = np.ones(len(texts))
    extra_labels: dict[str, list[int]] = {column: [] for column in dataset.base_columns}
    extra_classes: list[int] = []
    for correction in corrections:
        head = HEADS[correction.head]
        if head.dataset != dataset.key:
            continue
        texts.append(correction.text)
        for column in dataset.base_columns:
            if column == head.target:
                value = int(correction.correct)
            elif dataset.multiclass and correction.correct:
                value = 0  # it is the head's class, so none of the others
            else:
                value = -1
            extra_labels[column].append(value)
        if dataset.multiclass:
            extra_classes.append(dataset.targets.index(head.target) if correction.correct else -1)
    added = len(texts) - len(corpus.texts)
    if added:
        labels = {
            column: np.concatenate([labels[column], np.array(extra_labels[column], np.int8)]) for column in labels
        }
        if dataset.multiclass:
            classes = np.concatenate([classes, np.array(extra_classes, dtype=np.int64)])
        weight = np.concatenate([weight, np.full(added, CORRECTION_WEIGHT)])
    return Rows(texts=texts, labels=labels, classes=classes, weight=weight)


def strata(dataset: Dataset, data: Rows) -> np.ndarray:
    """Fold strata: the class (multi-class) or the combination of the targets' labels."""
    if dataset.multiclass:
        return data.classes + 1
    code = np.zeros(len(data), dtype=np.int64)
    for column in dataset.targets:
        code = code * 3 + (data.labels[column] + 1)
    return np.unique(code, return_inverse=True)[1]


@dataclass(frozen=True)
class Fitted:
    """A dataset's stacked outputs (one per target), with held-out probabilities of the training rows."""

    dataset: Dataset
    weights: np.ndarray  # (features, targets)
    bias: np.ndarray  # (targets,)
    held_out: np.ndarray  # (rows, targets) probabilities from models that did not see the row
    truth: np.ndarray  # (rows, targets) 0/1, -1 unknown
    base_held_out: np.ndarray  # (rows, base pairs): for other decision rules in evaluation
    base_weights: np.ndarray  # (features, base pairs)
    base_bias: np.ndarray  # (base pairs,)


def fit(
    dataset: Dataset, features: sp.csr_matrix, data: Rows, *, progress: Callable[[str], None] | None = None
) -> Fitted:
    base = fit_base(features, data.labels, data.weight, strata=strata(dataset, data), progress=progress)
    if dataset.multiclass:
        output = stack_multiclass(base, data.classes, len(dataset.targets), data.weight)
        weights, bias, held_out = output.weights, output.bias, output.held_out
        truth = np.stack([np.where(data.classes < 0, -1, data.classes == k) for k in range(len(dataset.targets))], 1)
    else:
        outputs = [stack_binary(base, data.labels[target], data.weight) for target in dataset.targets]
        weights = np.concatenate([output.weights for output in outputs], axis=1)
        bias = np.concatenate([output.bias for output in outputs])
        held_out = np.concatenate([output.held_out for output in outputs], axis=1)
        truth = np.stack([data.labels[target] for target in dataset.targets], axis=1)
    return Fitted(
        dataset=dataset,
        weights=weights,
        bias=bias,
        held_out=held_out,
        truth=truth.astype(np.int8),
        base_held_out=base.held_out,
        base_weights=base.weights,
        base_bias=base.bias,
    )


def f1_curves(probability: np.ndarray, truth: np.ndarray, grid: np.ndarray = THRESHOLDS) -> dict[str, np.ndarray]:
    """Precision, recall, F1 of the positive class and macro-F1 when flagging at each threshold of ``grid``."""
    positive = truth.astype(bool)
    flagged = probability[None, :] >= grid[:, None]
    tp = (flagged & positive).sum(axis=1).astype(np.float64)
    fp = (flagged & ~positive).sum(axis=1).astype(np.float64)
    fn = positive.sum() - tp
    tn = (~positive).sum() - fp
    f1 = np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros_like(tp), where=(2 * tp + fp + fn) > 0)
    f1_negative = np.divide(2 * tn, 2 * tn + fp + fn, out=np.zeros_like(tn), where=(2 * tn + fp + fn) > 0)
    return {
        "precision": np.divide(tp, tp + fp, out=np.zeros_like(tp), where=(tp + fp) > 0),
        "recall": np.divide(tp, tp + fn, out=np.zeros_like(tp), where=(tp + fn) > 0),
        "f1": f1,
        "macro_f1": (f1 + f1_negative) / 2,
    }


def threshold(probability: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """The threshold with the best F1 on held-out rows (ties: the higher threshold), and what it gives there.

    F1 weighs a missed post and a wrong flag alike: a reviewer reads every flag, and a flag is never a verdict.
    """
    known = truth >= 0
    probability, truth = probability[known], truth[known]
    curves = f1_curves(probability, truth)
    best = int(np.flatnonzero(curves["f1"] == curves["f1"].max())[-1])
    return {
        "threshold": float(THRESHOLDS[best]),
        "precision": round(float(curves["precision"][best]), 4),
        "recall": round(float(curves["recall"][best]), 4),
        "f1": round(float(curves["f1"][best]), 4),
        "rows": int(truth.size),
        "positives": int(truth.sum()),
    }
