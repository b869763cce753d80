"""``evaluate``: the benchmarks, against their targets and published baselines, and the throughput.

1. Binary hate speech (re_dataset HS): 5-fold stratified CV; each fold trains the full pipeline (vocabulary, base
   learners, stack) on the other folds; HS is flagged at the threshold that gives the best macro-F1 on the training
   folds' held-out probabilities. Metric: macro-F1.
2. HS + Abusive as one multi-label problem: 10-fold CV (stratified on the label pair); the label set is the most
   probable of the four under a multinomial regression on the same held-out base scores (label powerset).
   Metric: example-based accuracy.
3. SmSA, 4. Netifier, 5. EmoT: the trained files on the official test split (see :mod:`scoring`).

Throughput: normalization + every head, one thread, batches of 1,000 posts from the test splits and re_dataset,
starting from cold caches.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from duta.screening.classify import data
from duta.screening.classify.features import Featurizer, Vocabulary
from duta.screening.classify.fitting import THRESHOLDS, Rows, f1_curves, fit, rows, threshold
from duta.screening.classify.heads import DATASETS
from duta.screening.classify.learners import SEED
from duta.screening.classify.model import Classifiers, sigmoid
from duta.screening.classify.scoring import example_based_accuracy, macro_f1, test_split_scores
from duta.screening.classify.training import MIN_DF
from duta.screening.text import Normalizer

Progress = Callable[[str], None]
THROUGHPUT_BATCH = 1_000
THROUGHPUT_BATCHES = 5


@dataclass(frozen=True)
class _Folds:
    """What every CV fold needs: the re_dataset rows, their hashed counts, and the other datasets' document
    frequencies (their training rows belong to the vocabulary as in ``train``)."""

    rows: Rows
    hashed: sp.csr_matrix
    other_df: np.ndarray
    other_documents: int


def _prepare(data_dir: Path, normalizer: Normalizer) -> _Folds:
    featurizer = Featurizer()
    ibrohim = DATASETS["ibrohim"]
    ibrohim_rows = rows(ibrohim, ibrohim.load(data_dir))
    hashed = featurizer.counts([normalizer.normalize(text) for text in ibrohim_rows.texts])
    other_df = np.zeros(featurizer.size, dtype=np.int64)
    documents = 0
    for key, dataset in DATASETS.items():
        if key != "ibrohim":
            texts = dataset.load(data_dir).texts
            other = featurizer.counts([normalizer.normalize(text) for text in texts], dataset.ignore)
            other_df += np.bincount(other.indices, minlength=featurizer.size)
            documents += other.shape[0]
    return _Folds(rows=ibrohim_rows, hashed=hashed, other_df=other_df, other_documents=documents)


def _subset(data_rows: Rows, index: np.ndarray) -> Rows:
    return Rows(
        texts=[data_rows.texts[i] for i in index],
        labels={column: values[index] for column, values in data_rows.labels.items()},
        classes=data_rows.classes,
        weight=data_rows.weight[index],
    )


def _fold(folds: _Folds, train: np.ndarray, test: np.ndarray, joint: bool) -> dict[str, np.ndarray]:
    """Train on ``train`` rows, return the test rows' probabilities (HS, Abusive) and, for ``joint``, the label
    powerset decision; with the training rows' held-out HS probabilities and labels for the threshold."""
    with threadpool_limits(1):
        df = folds.other_df + np.bincount(folds.hashed[train].indices, minlength=folds.other_df.size)
        vocabulary = Vocabulary.from_df(df, folds.other_documents + len(train), min_df=MIN_DF)
        vocabulary = Vocabulary(vocabulary.features, vocabulary.idf.astype(np.float16).astype(np.float32),
                                vocabulary.word_columns, vocabulary.block_weights)  # fmt: skip
        features = vocabulary.transform(vocabulary.select(folds.hashed))
        fitted = fit(DATASETS["ibrohim"], features[train], _subset(folds.rows, train))
        test_features = features[test]
        result = {
            "probability": sigmoid(np.asarray(test_features @ fitted.weights) + fitted.bias),
            "held_out": fitted.held_out,
            "truth": fitted.truth,
        }
        if joint:
            labels = fitted.truth[:, 0] * 2 + fitted.truth[:, 1]
            model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED).fit(fitted.base_held_out, labels)
            base = np.asarray(test_features @ fitted.base_weights) + fitted.base_bias
            label_set = model.classes_[model.predict_proba(base).argmax(axis=1)]
            result["joint"] = np.stack([label_set // 2, label_set % 2], axis=1)
        return result


def _cross_validate(
    folds: _Folds, k: int, strata: np.ndarray, joint: bool, jobs: int
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    splits = list(StratifiedKFold(k, shuffle=True, random_state=SEED).split(np.zeros(len(strata)), strata))
    if jobs <= 1:
        for train, test in splits:
            yield test, _fold(folds, train, test, joint)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:  # one fold per process; same results as one by one
        futures = [pool.submit(_fold, folds, train, test, joint) for train, test in splits]
        for (_, test), future in zip(splits, futures, strict=True):
            yield test, future.result()


def _best_macro_threshold(probability: np.ndarray, truth: np.ndarray) -> float:
    """The threshold with the best macro-F1 (ties: the one nearest 0.5)."""
    macro = f1_curves(probability, truth)["macro_f1"]
    candidates = THRESHOLDS[macro == macro.max()]
    return float(candidates[np.argmin(np.abs(candidates - 0.5))])


def hate_speech_cv(folds: _Folds, jobs: int, say: Progress) -> dict[str, Any]:
    truth = folds.rows.labels["HS"]
    scores, at_screening = [], []
    for number, (test, result) in enumerate(_cross_validate(folds, 5, truth, False, jobs), 1):
        held_out, train_truth = result["held_out"][:, 0], result["truth"][:, 0]
        cut = _best_macro_threshold(held_out, train_truth)
        scores.append(macro_f1(truth[test], result["probability"][:, 0] >= cut))
        screening = threshold(held_out, train_truth)["threshold"]
        at_screening.append(macro_f1(truth[test], result["probability"][:, 0] >= screening))
        say(f"  hate speech fold {number}/5: macro-F1 {100 * scores[-1]:.2f}")
    return {
        "name": "Binary hate speech (HS)",
        "model": "ibrohim",
        "dataset": "Ibrohim & Budi 2019, re_dataset.csv (13,169 tweets)",
        "protocol": f"5-fold stratified CV (seed {SEED}); threshold: best macro-F1 on the training folds' held-out "
        "probabilities",
        "metric": "macro-F1",
        "score": round(100 * float(np.mean(scores)), 2),
        "folds": [round(100 * s, 2) for s in scores],
        "at_screening_threshold": round(100 * float(np.mean(at_screening)), 2),
        "target": 87.0,
        "baselines": [{"name": "IndoBERT", "score": 86.8}, {"name": "IndoBERTweet", "score": 88.8}],
    }


def hate_abusive_cv(folds: _Folds, jobs: int, say: Progress) -> dict[str, Any]:
    truth = np.stack([folds.rows.labels["HS"], folds.rows.labels["Abusive"]], axis=1)
    scores = []
    for number, (test, result) in enumerate(_cross_validate(folds, 10, truth[:, 0] * 2 + truth[:, 1], True, jobs), 1):
        scores.append(example_based_accuracy(truth[test], result["joint"]))
        say(f"  hate speech + abusive fold {number}/10: example-based accuracy {100 * scores[-1]:.2f}")
    return {
        "name": "Hate speech + abusive, multi-label",
        "model": "ibrohim",
        "dataset": "Ibrohim & Budi 2019, re_dataset.csv (HS, Abusive)",
        "protocol": f"10-fold CV stratified on the label pair (seed {SEED}); label set: the most probable of the four "
        "under a multinomial regression on the held-out base scores (label powerset)",
        "metric": "example-based accuracy (%)",
        "score": round(100 * float(np.mean(scores)), 2),
        "folds": [round(100 * s, 2) for s in scores],
        "target": 87.0,
        "baselines": [{"name": "Ibrohim & Budi 2019 (best)", "score": 77.36}],
    }


def _split_benchmarks(classifiers: Classifiers, data_dir: Path) -> list[dict[str, Any]]:
    scores = test_split_scores(classifiers, data_dir)
    smsa, netifier, emot = scores["smsa"], scores["netifier"], scores["emot"]
    return [
        {
            "name": "SmSA sentiment",
            "model": "smsa",
            "dataset": "IndoNLU SmSA, official test split (500)",
            "protocol": "trained on train + valid; the class with the highest probability",
            "metric": "macro-F1",
            "score": round(100 * smsa["macro_f1"], 2),
            "target": 80.0,
            "baselines": [{"name": "IndoBERT-base (IndoNLU paper)", "score": 88.7}],
        },
        {
            "name": "Netifier, 4 labels",
            "model": "netifier",
            "dataset": "Netifier test.csv (778)",
            "protocol": "trained on train.csv; each label at its head's threshold (best F1 on held-out training "
            "probabilities)",
            "metric": "macro-F1 over pornografi, sara, radikalisme, pencemaran_nama_baik",
            "score": round(100 * netifier["macro_f1"], 2),
            "per_label": {label: round(100 * value, 2) for label, value in netifier["f1"].items()},
            "target": 78.0,
            "baselines": [],
            "note": "no published baseline (student project, no paper)",
        },
        {
            "name": "EmoT emotion",
            "model": "emot",
            "dataset": "IndoNLU EmoT, official test split (440)",
            "protocol": "trained on train + valid; the class with the highest probability",
            "metric": "macro-F1",
            "score": round(100 * emot["macro_f1"], 2),
            "target": None,
            "baselines": [{"name": "IndoBERT-base (IndoNLU paper, approx.)", "score": 76.0}],
        },
    ]


def throughput(model_dir: Path | None, data_dir: Path) -> dict[str, Any]:
    """Posts per second on one core: normalize + every head, batches of 1,000, caches cold at the start."""
    classifiers = Classifiers.load(model_dir)  # fresh caches
    pool = (
        data.netifier(data_dir, "test").texts
        + data.smsa(data_dir, "test").texts
        + data.emot(data_dir, "test").texts
        + data.ibrohim(data_dir).texts[::4]
    )
    posts = pool[: THROUGHPUT_BATCH * THROUGHPUT_BATCHES]
    timings = []
    with threadpool_limits(1):
        for start in range(0, len(posts), THROUGHPUT_BATCH):
            batch = posts[start : start + THROUGHPUT_BATCH]
            began = time.perf_counter()
            classifiers.predict([classifiers.normalizer.normalize(text) for text in batch])
            timings.append((len(batch), time.perf_counter() - began))
    total = sum(n for n, _ in timings)
    seconds = sum(s for _, s in timings)
    return {
        "measures": "normalization and every classifier head (no word lists), one thread, caches cold at the start",
        "posts": total,
        "seconds": round(seconds, 3),
        "posts_per_s": round(total / seconds),
        "microseconds_per_post": round(1e6 * seconds / total, 1),
        "batches_posts_per_s": [round(n / s) for n, s in timings],
        "mean_characters_per_post": round(float(np.mean([len(text) for text in posts])), 1),
    }


def evaluate(
    data_dir: Path, model_dir: Path | None = None, *, progress: Progress | None = None, jobs: int | None = None
) -> dict[str, Any]:
    """Run the benchmarks and measure throughput; a JSON-able dict (see the module's docstring)."""
    say = progress or (lambda _message: None)
    jobs = jobs or min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    classifiers = Classifiers.load(model_dir)
    say("Preparing the cross-validation of re_dataset")
    folds = _prepare(data_dir, classifiers.normalizer)
    say("Benchmark 1: binary hate speech, 5-fold CV")
    benchmarks = [hate_speech_cv(folds, jobs, say)]
    say("Benchmark 2: hate speech + abusive, 10-fold CV")
    benchmarks.append(hate_abusive_cv(folds, jobs, say))
    say("Benchmarks 3-5: the trained files on the official test splits")
    benchmarks += _split_benchmarks(classifiers, data_dir)
    for bench in benchmarks:
        bench["met"] = bench["target"] is None or bench["score"] >= bench["target"]
    say("Throughput")
    speed = throughput(model_dir, data_dir)
    return {
        "model_dir": str(model_dir or "shipped"),
        "trained_on": classifiers.metadata["trained_on"],
        "benchmarks": benchmarks,
        "throughput": speed,
        "seconds": round(time.perf_counter() - started, 1),
    }
