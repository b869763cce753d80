"""Trained classifiers for screening: one probability per head for each post, from shipped model files.

Runtime (no scikit-learn import): ``classifiers().predict(token_lists)`` with tokens from
:func:`duta.screening.text.normalize`; ``thresholds`` per head; ``card(head)`` for data, licence and metrics.
Training and evaluation (``duta screening train|evaluate``) import scikit-learn when called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from duta.screening.classify.heads import DATASETS, HEADS, Correction, Dataset, Head
from duta.screening.classify.model import SHIPPED, Classifiers

__all__ = [
    "DATASETS",
    "HEADS",
    "SHIPPED",
    "Classifiers",
    "Correction",
    "Dataset",
    "Head",
    "classifiers",
    "evaluate",
    "record_benchmarks",
    "train",
]


@cache
def classifiers() -> Classifiers:
    """The shipped classifiers, loaded once per process."""
    return Classifiers.load()


def train(
    data_dir: Path,
    out_dir: Path,
    *,
    corrections: Sequence[Correction] = (),
    progress: Callable[[str], None] | None = None,
    trained_on: dt.date | None = None,
) -> dict[str, Any]:
    """Train every head from the datasets in ``data_dir`` into ``out_dir`` (see :mod:`.training`)."""
    from duta.screening.classify.training import train as run

    return run(data_dir, out_dir, corrections=corrections, progress=progress, trained_on=trained_on)


def evaluate(
    data_dir: Path, model_dir: Path | None = None, *, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Benchmarks against their targets, and posts per second per core (see :mod:`.evaluation`)."""
    from duta.screening.classify.evaluation import evaluate as run

    return run(data_dir, model_dir, progress=progress)


def record_benchmarks(model_dir: Path, results: dict[str, Any]) -> None:
    """Store ``evaluate``'s results next to the files they measured and show them in the model cards."""
    from duta.screening.classify.cards import record_benchmarks as run

    run(model_dir, results)
