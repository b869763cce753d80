"""``train``: from the public datasets to the shipped files, deterministically.

Steps: build the slang dictionary; read each dataset's training rows (plus reviewers' corrections); normalize and
hash every text; keep the features seen in at least ``MIN_DF`` texts of all datasets together and compute their idf;
fit each dataset's stacked model (:mod:`duta.screening.classify.learners`); choose each head's threshold on held-out
probabilities; prune and quantize the weights; write the files and the model cards; score the held-out test splits
with the files just written.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from duta.screening.classify import cards
from duta.screening.classify.features import CHAR_BITS, CHAR_MAX, CHAR_MIN, WORD_BITS, Featurizer, Vocabulary
from duta.screening.classify.fitting import Fitted, fit, rows, threshold
from duta.screening.classify.heads import DATASETS, HEADS, Correction
from duta.screening.classify.learners import FOLDS, LEARNERS
from duta.screening.classify.model import (
    FEATURES_FILE,
    FORMAT,
    MODEL_FILE,
    SLANG_FILE,
    WEIGHTS_FILE,
    Classifiers,
)
from duta.screening.classify.scoring import test_split_scores
from duta.screening.classify.storage import delta_encode, save_arrays, save_json
from duta.screening.text import Normalizer
from duta.screening.text import slang as slang_builder

MIN_DF = 2
MAX_WEIGHTS_PER_OUTPUT = 60_000  # the largest weights of each output are kept, the rest set to zero

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


def training_date() -> dt.date:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def protected_words() -> frozenset[str]:
    """Every word of the shipped screening word lists, in each spelling they match: the slang dictionary leaves
    them as they are, so that the word lists keep finding them after normalization."""
    from duta.screening.detectors.detector import SHIPPED
    from duta.screening.detectors.matching import spellings

    return frozenset(
        word for _, terms in SHIPPED for term in terms for spelled in spellings(term) for word in spelled.split()
    )


def fit_vocabulary(hashed: Sequence[sp.csr_matrix]) -> Vocabulary:
    """Kept features and idf over all training texts; idf rounded to float16 as stored, so that training and run
    time compute the same numbers."""
    df = np.zeros(hashed[0].shape[1], dtype=np.int64)
    for matrix in hashed:
        df += np.bincount(matrix.indices, minlength=matrix.shape[1])
    vocabulary = Vocabulary.from_df(df, sum(matrix.shape[0] for matrix in hashed), min_df=MIN_DF)
    return Vocabulary(
        features=vocabulary.features,
        idf=vocabulary.idf.astype(np.float16).astype(np.float32),
        word_columns=vocabulary.word_columns,
        block_weights=vocabulary.block_weights,
    )


def prune(weights: np.ndarray, keep: int) -> np.ndarray:
    """Each column's ``keep`` largest weights (by magnitude, ties by position), float16; the rest zero."""
    pruned = np.zeros(weights.shape, dtype=np.float16)
    for column in range(weights.shape[1]):
        values = weights[:, column]
        order = np.lexsort((np.arange(values.size), -np.abs(values)))[:keep]
        pruned[order, column] = values[order].astype(np.float16)
    return pruned


def _write_weights(path: Path, weights: np.ndarray, bias: np.ndarray) -> None:
    gaps, values, counts = [], [], []
    for column in range(weights.shape[1]):
        rows_ = np.flatnonzero(weights[:, column])
        gaps.append(delta_encode(rows_))
        values.append(weights[rows_, column].astype(np.float16))
        counts.append(rows_.size)
    save_arrays(
        path,
        {
            "row_gaps": np.concatenate(gaps),
            "values": np.concatenate(values),
            "counts": np.array(counts, dtype=np.int64),
            "bias": bias.astype(np.float32),
        },
    )


def _heads_metadata(fitted: dict[str, Fitted]) -> dict[str, dict[str, Any]]:
    heads: dict[str, dict[str, Any]] = {}
    for name, head in HEADS.items():
        model = fitted[head.dataset]
        column = model.dataset.targets.index(head.target)
        heads[name] = {
            "dataset": head.dataset,
            "target": head.target,
            "output": f"{head.dataset}/{head.target}",
            "category": head.category.value if head.category else None,
            "description": head.description,
            **{
                ("held_out_" + key if key != "threshold" else key): value
                for key, value in threshold(model.held_out[:, column], model.truth[:, column]).items()
            },
        }
    return heads


def train(
    data_dir: Path,
    out_dir: Path,
    *,
    corrections: Sequence[Correction] = (),
    progress: Progress | None = None,
    trained_on: dt.date | None = None,
) -> dict[str, Any]:
    """Train every dataset's model from ``data_dir`` and write the files to ``out_dir``; returns a metrics summary.

    Deterministic: the same data, corrections and date give the same bytes.
    """
    say = progress or _quiet
    unknown = sorted({correction.head for correction in corrections} - set(HEADS))
    if unknown:
        raise ValueError(f"corrections for unknown heads: {', '.join(unknown)}")
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    date = trained_on or training_date()
    with threadpool_limits(1):
        say("Building the slang dictionary")
        dictionary = slang_builder.build(data_dir, protected_words())
        normalizer = Normalizer(dictionary.slang, dictionary.vocabulary)
        say("Reading, normalizing and hashing the training texts")
        prepared = {key: rows(dataset, dataset.load(data_dir), corrections) for key, dataset in DATASETS.items()}
        featurizer = Featurizer()
        hashed = {
            key: featurizer.counts([normalizer.normalize(t) for t in data.texts], DATASETS[key].ignore)
            for key, data in prepared.items()
        }
        vocabulary = fit_vocabulary(list(hashed.values()))
        texts = sum(map(len, prepared.values()))
        say(f"{vocabulary.features.size:,} features kept (seen in at least {MIN_DF} of {texts:,} texts)")
        fitted: dict[str, Fitted] = {}
        for key, dataset in DATASETS.items():
            say(f"Training {key} ({len(prepared[key]):,} rows)")
            features = vocabulary.transform(vocabulary.select(hashed[key]))
            fitted[key] = fit(dataset, features, prepared[key], progress=say)

        say("Writing the model files")
        outputs = [
            {
                "name": f"{key}/{target}",
                "dataset": key,
                "target": target,
                "link": "softmax" if d.multiclass else "sigmoid",
                "ignore": sorted(d.ignore),
            }
            for key, d in DATASETS.items()
            for target in d.targets
        ]
        weights = prune(np.concatenate([fitted[key].weights for key in DATASETS], axis=1), MAX_WEIGHTS_PER_OUTPUT)
        bias = np.concatenate([fitted[key].bias for key in DATASETS]).astype(np.float32)
        save_arrays(
            out_dir / FEATURES_FILE,
            {"feature_gaps": delta_encode(vocabulary.features), "idf": vocabulary.idf.astype(np.float16)},
        )
        _write_weights(out_dir / WEIGHTS_FILE, weights, bias)
        dictionary.save(out_dir / SLANG_FILE)
        (out_dir / slang_builder.CARD_FILE).write_text(
            slang_builder.render_card(dictionary, date.isoformat()), encoding="utf-8"
        )
        meta: dict[str, Any] = {
            "format": FORMAT,
            "trained_on": date.isoformat(),
            "featurizer": {
                "hash": "crc32",
                "word_bits": WORD_BITS,
                "char_bits": CHAR_BITS,
                "word_ngrams": [1, 2],
                "char_ngrams": [CHAR_MIN, CHAR_MAX],
            },
            "vocabulary": {
                "min_df": MIN_DF,
                "documents": int(sum(map(len, prepared.values()))),
                "features": int(vocabulary.features.size),
                "word_columns": vocabulary.word_columns,
                "block_weights": list(vocabulary.block_weights),
            },
            "learners": sorted(LEARNERS),
            "folds": FOLDS,
            "max_weights_per_output": MAX_WEIGHTS_PER_OUTPUT,
            "slang_sha256": dictionary.fingerprint(),
            "outputs": outputs,
            "heads": _heads_metadata(fitted),
            "datasets": {
                key: {
                    "title": d.title,
                    "citation": d.citation,
                    "source": d.source,
                    "licence": d.licence,
                    "training_rows": d.training_rows,
                    "rows": len(prepared[key]),
                    "corrections": sum(HEADS[c.head].dataset == key for c in corrections),
                    "card_file": cards.file_name(key),
                }
                for key, d in DATASETS.items()
            },
        }
        save_json(out_dir / MODEL_FILE, meta)
        say("Scoring the held-out test splits with the written files")
        meta["test_splits"] = test_split_scores(Classifiers.load(out_dir), data_dir)
        save_json(out_dir / MODEL_FILE, meta)
        cards.write(out_dir, meta)
        (out_dir / cards.BENCHMARKS_FILE).unlink(missing_ok=True)  # measured on the previous files
    seconds = time.perf_counter() - started
    say(f"Done in {seconds:.0f} s")
    return {
        "trained_on": meta["trained_on"],
        "seconds": round(seconds, 1),
        "features": meta["vocabulary"]["features"],
        "heads": {
            name: {k: v for k, v in head.items() if k.startswith(("threshold", "held_out"))}
            for name, head in meta["heads"].items()
        },
        "test_splits": meta["test_splits"],
        "files": {path.name: path.stat().st_size for path in sorted(out_dir.iterdir()) if path.is_file()},
    }
