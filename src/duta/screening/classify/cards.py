"""Model cards (Markdown, one per dataset model) written next to the model files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duta.screening.classify.heads import DATASETS, HEADS
from duta.screening.classify.storage import load_json, save_json

BENCHMARKS_FILE = "benchmarks.json"

NOTES = {
    "ibrohim": (
        "Tweets of 2018-2019, much of it about the presidential election: political insults ('cebong', 'kampret') "
        "weigh heavily. Half the tweets end in a stray `'` left by the collection, far more often the abusive ones; "
        "the reader removes it, so the model cannot learn it (it would be worth about 0.4 point of macro-F1).",
        "Candidates' and parties' names come with hate speech so often in these tweets that a plain campaign post "
        '("Ayo coblos nomor 2, menangkan Prabowo-Gibran") scores above 0.9: the word lists flag it as political, '
        "and a reviewer marks the hate flag wrong, which the next training learns from.",
        "HS and Abusive are 42% and 38% of the tweets; among an employee's posts they are far rarer, so the "
        "probabilities (calibrated on this mix) run high and precision in use will be lower than measured here.",
    ),
    "netifier": (
        "Posts from Twitter, Instagram and Kaskus (2018); a student project with no published annotation guide "
        "or agreement figures. Kaskus forum markup is removed by the normalizer, quoted posts are kept as text.",
        "Labels are 16-31% positive in the training data; real posts have far fewer, so expect lower precision.",
    ),
    "smsa": (
        "Mostly long reviews (restaurants, hotels, telecoms) in the training data; the test split is short "
        "opinions, on which informal style ('gue', 'sih') pulls towards 'negative'. Only meant with an employer "
        "mention, as one signal of hostility toward the employer, never alone.",
    ),
    "emot": ("A signal only: 4,000 tweets, five emotions; 'anger' is also the most frequent class of the data.",),
}


def file_name(dataset: str) -> str:
    return f"card-{dataset}.md"


def _category(head: str) -> str:
    category = HEADS[head].category
    return category.value if category else "signal, no category"


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _benchmark_rows(dataset: str, benchmarks: dict[str, Any] | None) -> list[str]:
    if not benchmarks:
        return ["Not recorded for these files: run `duta screening evaluate`."]
    lines = ["| benchmark | protocol | metric | score | target | baselines |", "|---|---|---|---|---|---|"]
    for bench in benchmarks.get("benchmarks", []):
        if bench.get("model") != dataset:
            continue
        baselines = "; ".join(f"{b['name']} {b['score']}" for b in bench["baselines"]) or "none published"
        target = "-" if bench["target"] is None else f"{bench['target']}" + (" (met)" if bench["met"] else " (NOT met)")
        cells = (bench["name"], bench["protocol"], bench["metric"], f"{bench['score']:.2f}", target, baselines)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(meta: dict[str, Any], dataset: str, benchmarks: dict[str, Any] | None = None) -> str:
    spec = DATASETS[dataset]
    info = meta["datasets"][dataset]
    heads = [name for name, head in HEADS.items() if head.dataset == dataset]
    lines = [
        f"# Model card: {spec.title}",
        "",
        "Heads: " + ", ".join(f"`{name}` ({_category(name)})" for name in heads) + ".",
        "",
        f"Trained on {meta['trained_on']} by `duta screening train` (`duta.screening.classify.train`) from "
        f"{info['training_rows']}; {info['corrections']} reviewer corrections.",
        "",
        "## Data",
        "",
        f"- Source: {spec.source}",
        f"- Cite: {spec.citation}",
        "",
        "## Licence",
        "",
        spec.licence,
        "",
        "## Method",
        "",
        "- Text: `duta.screening.text.normalize` (links, mentions, emoji classes, alay digits, elongation, slang "
        "dictionary `slang.json`), sentence punctuation kept as tokens.",
        "- Features shared by all heads: hashed (CRC-32) word 1-2-grams and character "
        f"{meta['featurizer']['char_ngrams'][0]}-{meta['featurizer']['char_ngrams'][1]}-grams, sublinear TF-IDF, "
        "one L2 norm per block; "
        f"{meta['vocabulary']['features']:,} features seen in at least {meta['vocabulary']['min_df']} of the "
        f"{meta['vocabulary']['documents']:,} training texts of all datasets.",
        f"- Base learners for each label column ({', '.join(spec.base_columns)}): a linear SVM and an NB-SVM; "
        f"their scores on held-out rows ({meta['folds']}-fold) feed a "
        + (
            "multinomial logistic regression (one output per class, softmax)."
            if spec.multiclass
            else "logistic regression per head."
        )
        + " The stack is linear, so each output is one weight vector; its probabilities are calibrated on held-out "
        "scores.",
        f"- Each output keeps its {meta['max_weights_per_output']:,} largest weights, stored as float16 "
        "(no pickle: `.npz` read with `allow_pickle=False`, JSON).",
        "- Threshold of each head: the best F1 on held-out probabilities of the training rows (steps of 0.01).",
        "",
        "## Held-out metrics (training rows, each scored by models that did not see it)",
        "",
        "| head | threshold | precision | recall | F1 | rows | positives |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in heads:
        head = meta["heads"][name]
        lines.append(
            f"| {name} | {head['threshold']:.2f} | {_percent(head['held_out_precision'])} | "
            f"{_percent(head['held_out_recall'])} | {_percent(head['held_out_f1'])} | {head['held_out_rows']:,} | "
            f"{head['held_out_positives']:,} |"
        )
    test = meta.get("test_splits", {}).get(dataset)
    if test:
        detail = ", ".join(f"{label} {_percent(value)}" for label, value in test["f1"].items())
        lines += [
            "",
            "## Official test split (never used in training or tuning)",
            "",
            f"{test['rows']} rows: macro-F1 {_percent(test['macro_f1'])} (F1 per label: {detail})"
            + (
                "; each label flagged at its head's threshold."
                if dataset == "netifier"
                else "; the class with the highest probability."
            ),
        ]
    lines += ["", "## Benchmarks", "", *_benchmark_rows(dataset, benchmarks), "", "## Limitations", ""]
    lines += [f"- {note}" for note in NOTES.get(dataset, ())]
    lines += [
        "- A probability is a reason to look, never a verdict: every flag goes to a person, who can correct it "
        "(corrections are added to the training rows at the next `duta screening train`).",
        "",
    ]
    return "\n".join(lines)


def write(model_dir: Path, meta: dict[str, Any], benchmarks: dict[str, Any] | None = None) -> None:
    for dataset in DATASETS:
        (model_dir / file_name(dataset)).write_text(render(meta, dataset, benchmarks), encoding="utf-8")


def record_benchmarks(model_dir: Path, results: dict[str, Any]) -> None:
    """Keep the results of ``evaluate`` next to the files they measured, and show them in the cards."""
    save_json(model_dir / BENCHMARKS_FILE, results)
    write(model_dir, load_json(model_dir / "model.json"), results)
