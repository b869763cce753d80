"""Linear learners and the stack that combines them; everything stays linear in the shared features.

Base learners, one pair per label column of a dataset:

- a linear SVM on the TF-IDF features;
- an NB-SVM (Wang & Manning 2012): the same SVM on features scaled by the naive-Bayes log-count ratio of the column,
  folded back into one weight vector (``w = r * w'``).

The stack: the base scores of held-out rows (``folds``-fold cross-validation on the training data) feed a
logistic regression per target (binary) or one multinomial regression (multi-class). Since every base score is
``z . w + b``, the stacked logit is ``z . (W a) + (b . a + c)``: one weight vector per output, so the runtime does a
single sparse-dense product for all heads. The regression also calibrates: its outputs are probabilities.
A second cross-validation over the level-2 regression gives held-out probabilities, used for thresholds and metrics.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.svm import LinearSVC

SEED = 20240601
SVM_C = 0.5
NBSVM_C = 0.3
NB_ALPHA = 1.0
LEVEL2_C = 1.0
FOLDS = 5

Learner = Callable[[sp.csr_matrix, np.ndarray, np.ndarray], tuple[np.ndarray, float]]


def _svm(features: sp.csr_matrix, target: np.ndarray, weight: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    if target.min() == target.max():  # one class only (a tiny corpus): a constant score
        return np.zeros(features.shape[1]), 1.0 if target[0] else -1.0
    model = LinearSVC(C=c, dual=True, max_iter=5000, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features, target, sample_weight=weight)
    return model.coef_.ravel().astype(np.float64), float(model.intercept_[0])


def svm(features: sp.csr_matrix, target: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """A linear SVM (squared hinge, L2): weights and bias."""
    return _svm(features, target, weight, SVM_C)


def nb_ratio(features: sp.csr_matrix, target: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The naive-Bayes log-count ratio of each feature (binarized presence, weighted rows, add-alpha smoothing)."""
    presence = features.copy()
    presence.data = np.ones_like(presence.data)
    positive = NB_ALPHA + presence.T @ (weight * (target == 1))
    negative = NB_ALPHA + presence.T @ (weight * (target != 1))
    return np.asarray(np.log(positive / positive.sum()) - np.log(negative / negative.sum()), dtype=np.float64)


def nbsvm(features: sp.csr_matrix, target: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """NB-SVM: an SVM on NB-scaled features, returned as weights over the unscaled features."""
    ratio = nb_ratio(features, target, weight)
    scaled = sp.csr_matrix(features @ sp.diags(ratio.astype(np.float32)))
    coef, bias = _svm(scaled, target, weight, NBSVM_C)
    return coef * ratio, bias


LEARNERS: dict[str, Learner] = {"svm": svm, "nbsvm": nbsvm}


@dataclass(frozen=True)
class Base:
    """Base scores of one dataset: every (label column, learner) pair, fitted on all rows and held out."""

    names: list[str]  # "HS/svm", "HS/nbsvm", ...
    weights: np.ndarray  # (features, pairs)
    bias: np.ndarray  # (pairs,)
    held_out: np.ndarray  # (rows, pairs): each row scored by the models that did not see it


def split(rows: int, strata: np.ndarray | None, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Deterministic folds, stratified when every stratum has enough rows."""
    folds = max(2, min(folds, rows))
    if strata is not None and np.bincount(strata).min(initial=rows) >= folds:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=SEED)
        return list(splitter.split(np.zeros(rows), strata))
    return list(KFold(folds, shuffle=True, random_state=SEED).split(np.zeros(rows)))


def fit_base(
    features: sp.csr_matrix,
    labels: dict[str, np.ndarray],
    weight: np.ndarray,
    *,
    strata: np.ndarray | None = None,
    folds: int = FOLDS,
    learners: Sequence[str] = ("svm", "nbsvm"),
    progress: Callable[[str], None] | None = None,
) -> Base:
    """``labels``: column -> 0/1 per row, -1 where the row says nothing about the column (a reviewer's correction
    for another head): such rows are left out of that column's models but still scored."""
    rows = features.shape[0]
    parts = split(rows, strata, folds)
    names: list[str] = []
    weights: list[np.ndarray] = []
    biases: list[float] = []
    held_out = np.zeros((rows, len(labels) * len(learners)))
    for column, target in labels.items():
        known = target >= 0
        for name in learners:
            learner = LEARNERS[name]
            index = len(names)
            names.append(f"{column}/{name}")
            for train, test in parts:
                train = train[known[train]]
                coef, bias = learner(features[train], target[train], weight[train])
                held_out[test, index] = features[test] @ coef + bias
            coef, bias = learner(features[known], target[known], weight[known])
            weights.append(coef)
            biases.append(bias)
        if progress:
            progress(f"  {column}: {len(learners)} learners x {len(parts) + 1} fits")
    return Base(names=names, weights=np.stack(weights, axis=1), bias=np.array(biases), held_out=held_out)


@dataclass(frozen=True)
class Output:
    """Stacked outputs over the shared features: logits = z . weights + bias (columns: one per target/class)."""

    weights: np.ndarray  # (features, outputs)
    bias: np.ndarray  # (outputs,)
    held_out: np.ndarray  # (rows, outputs) held-out probabilities; rows without a label: nan


def _level2(multiclass: bool) -> LogisticRegression:
    return (
        LogisticRegression(C=LEVEL2_C, max_iter=2000, random_state=SEED)
        if multiclass
        else LogisticRegression(C=LEVEL2_C, solver="liblinear", random_state=SEED)
    )


def _collapse(base: Base, coef: np.ndarray, intercept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return base.weights @ coef.T, base.bias @ coef.T + intercept


def stack_binary(base: Base, target: np.ndarray, weight: np.ndarray, *, folds: int = FOLDS) -> Output:
    """A logistic regression on the held-out base scores, collapsed to one linear output."""
    known = np.flatnonzero(target >= 0)
    scores, y, w = base.held_out[known], target[known], weight[known]
    held_out = np.full((base.held_out.shape[0], 1), np.nan)
    if y.min() == y.max():
        return Output(np.zeros((base.weights.shape[0], 1)), np.array([10.0 if y[0] else -10.0]), held_out)
    for train, test in split(len(y), y, folds):
        if y[train].min() == y[train].max():
            held_out[known[test], 0] = float(y[train][0])
            continue
        model = _level2(False).fit(scores[train], y[train], sample_weight=w[train])
        held_out[known[test], 0] = model.predict_proba(scores[test])[:, 1]
    model = _level2(False).fit(scores, y, sample_weight=w)
    weights, bias = _collapse(base, model.coef_, model.intercept_)
    return Output(weights=weights, bias=bias, held_out=held_out)


def stack_multiclass(base: Base, target: np.ndarray, classes: int, weight: np.ndarray, *, folds: int = FOLDS) -> Output:
    """A multinomial regression on the held-out base scores: one linear output per class, softmax at run time."""
    known = np.flatnonzero(target >= 0)
    scores, y, w = base.held_out[known], target[known], weight[known]
    held_out = np.full((base.held_out.shape[0], classes), np.nan)
    for train, test in split(len(y), y, folds):
        model = _level2(True).fit(scores[train], y[train], sample_weight=w[train])
        probabilities = np.zeros((len(test), classes))
        probabilities[:, model.classes_] = model.predict_proba(scores[test])
        held_out[known[test]] = probabilities
    model = _level2(True).fit(scores, y, sample_weight=w)
    coef = np.zeros((classes, scores.shape[1]))
    intercept = np.full(classes, -30.0)  # a class absent from the training rows is never predicted
    if len(model.classes_) == 2:  # sklearn gives one row for two classes: logits (0, s) give the same softmax
        coef[model.classes_[1]] = model.coef_[0]
        intercept[model.classes_[1]] = model.intercept_[0]
        intercept[model.classes_[0]] = 0.0
    else:
        coef[model.classes_] = model.coef_
        intercept[model.classes_] = model.intercept_
    weights, bias = _collapse(base, coef, intercept)
    return Output(weights=weights, bias=bias, held_out=held_out)
