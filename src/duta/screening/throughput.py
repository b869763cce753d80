"""How many posts per second one core screens, whole pipeline (normalization, word lists, patterns,
every classifier). Used by `duta screening evaluate` and `make bench-screening`."""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path

from threadpoolctl import threadpool_limits

from duta.screening.engine import BATCH, Screener


def posts_per_second_one_core(screener: Screener, texts: Sequence[str]) -> float:
    """Screen every text once, in batches, on one thread; posts per second.

    Each text is different, so the per-token caches only help as much as a real archive's vocabulary does.
    """
    if not texts:
        raise ValueError("no texts to measure with")
    with threadpool_limits(limits=1):
        screener.screen(["selamat pagi semua"])  # load the models and the word lists first
        started = time.perf_counter()
        for start in range(0, len(texts), BATCH):
            screener.screen(texts[start : start + BATCH])
        elapsed = time.perf_counter() - started
    return len(texts) / elapsed


def sample_texts(data_dir: Path) -> list[str]:
    """Real social-media posts to measure with, each once: the test splits of SmSA, EmoT and Netifier and the
    tweets of re_dataset (about 15,000 posts)."""
    texts: list[str] = []
    smsa = data_dir / "indonlu-smsa" / "test_preprocess.tsv"
    if smsa.is_file():
        with smsa.open(encoding="utf-8") as stream:
            texts += [line.rsplit("\t", 1)[0] for line in stream if line.strip()]
    for path, column, encoding in (
        (data_dir / "indonlu-emot" / "test_preprocess.csv", "tweet", "utf-8"),
        (data_dir / "netifier" / "test.csv", "original_text", "utf-8"),
        (data_dir / "id-multilabel-hatespeech" / "re_dataset.csv", "Tweet", "latin-1"),
    ):
        if path.is_file():
            with path.open(encoding=encoding, newline="") as stream:
                texts += [row[column] for row in csv.DictReader(stream) if row.get(column)]
    if not texts:
        raise ValueError(f"no test texts found under {data_dir}")
    return list(dict.fromkeys(texts))
