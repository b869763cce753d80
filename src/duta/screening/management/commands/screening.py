from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from duta.core.exceptions import ApplicationError
from duta.organizations.models import Organization
from duta.screening import rules
from duta.screening.archives import FORMATS, open_archive
from duta.screening.classify import SHIPPED, Correction, evaluate, record_benchmarks, train
from duta.screening.engine import Screener, finding_as_dict, finding_reason, screen_export
from duta.screening.findings import OrganizationTerms
from duta.screening.selectors import organization_terms
from duta.screening.services import corrections_for_training, upload_limits
from duta.screening.throughput import posts_per_second_one_core, sample_texts

# which classifier head learns from a reviewer's correction of a category
CORRECTION_HEADS = {
    "hate": "hate",
    "abusive": "abusive",
    "sara": "sara",
    "radicalism": "radicalism",
    "pornography": "pornography",
    "insult": "insult",
    "employer": "negative",
}


class Command(BaseCommand):
    help = (
        "Reputation screening: `duta screening scan FILE [--format F] [--json]` reads a data export and prints what "
        "it finds (nothing is stored); `duta screening train [--data DIR]` rebuilds the shipped models; "
        "`duta screening evaluate [--data DIR] [--json]` scores them against the published baselines."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        scan = actions.add_parser("scan", help="Screen the posts of a data export; nothing is stored.")
        scan.add_argument("file")
        scan.add_argument("--format", choices=["auto", *FORMATS], default="auto")
        scan.add_argument("--org", default=None, help="Add this organization's own terms to the word lists.")
        scan.add_argument("--json", action="store_true", help="Print one JSON document on stdout.")
        scan.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES], default=None)
        data_help = f"The directory of the public datasets (default: {settings.SCREENING_DATA_DIR})."
        train_parser = actions.add_parser("train", help="Train the classifiers and write the shipped model files.")
        train_parser.add_argument("--data", default=None, help=data_help)
        train_parser.add_argument("--out", default=None, help="Write the models here instead of the shipped directory.")
        train_parser.add_argument(
            "--no-corrections", action="store_true", help="Leave out the reviewers' corrections kept in the database."
        )
        evaluate_parser = actions.add_parser("evaluate", help="Score the models on each dataset's public test.")
        evaluate_parser.add_argument("--data", default=None, help=data_help)
        evaluate_parser.add_argument("--models", default=None, help="Evaluate the models in this directory.")
        evaluate_parser.add_argument("--json", action="store_true", help="Print one JSON document on stdout.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            try:
                getattr(self, f"do_{action}")(**options)
            except ApplicationError as error:
                raise CommandError(error.message) from error

    # --- scan ------------------------------------------------------------------------------------

    def do_scan(self, *, file: str, format: str, org: str | None, json: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}.")
        terms = OrganizationTerms()
        if org is not None:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise CommandError(f"Unknown organization {org!r}.")
            terms = organization_terms(organization)
        screener = Screener(terms)
        summary = rules.empty_summary()
        out = self.stdout
        with open_archive(path, fmt=format, limits=upload_limits()) as archive:
            if json:
                out.write('{"posts": [', ending="")
            first = True
            for post, verdict in screen_export(screener, archive, summary):
                if json:
                    item = {
                        "id": post.source_id,
                        "date": post.created_at.isoformat() if post.created_at else None,
                        "platform": post.platform,
                        "kind": post.kind,
                        "url": post.url,
                        "flagged": verdict.flagged,
                        "categories": verdict.categories,
                        "reasons": [finding_reason(finding) for finding in verdict.findings],
                        "findings": [finding_as_dict(finding) for finding in verdict.findings],
                    }
                    out.write(("" if first else ",") + "\n" + _dumps(item), ending="")
                    first = False
                elif verdict.flagged:
                    when = post.created_at.strftime("%Y-%m-%d") if post.created_at else "----------"
                    out.write(f"{when}  {post.url or post.source_id}")
                    for finding in verdict.findings:
                        out.write(f"    - {finding_reason(finding)}")
            rule = rules.level_of(summary)
            result = {
                **summary,
                "format": archive.format,
                "account": archive.account,
                "level": rule.level,
                "level_rule": rule.as_dict(),
                "level_reason": rules.level_rule_text(rule.as_dict()),
            }
        if json:
            out.write('\n], "summary": ' + _dumps(result) + "}")
        else:
            out.write(
                f"{archive.format}: {summary['posts']} posts, {summary['flagged']} flagged. {result['level_reason']}"
            )

    # --- train and evaluate ------------------------------------------------------------------------

    def _data_dir(self, data: str | None) -> Path:
        directory = Path(data) if data else Path(settings.SCREENING_DATA_DIR)
        if not directory.is_dir():
            raise CommandError(f"No data directory at {directory}: pass --data DIR (see the README).")
        return directory

    def _progress(self, message: str) -> None:
        self.stderr.write(message)

    def do_train(self, *, data: str | None, out: str | None, no_corrections: bool, **options: Any) -> None:
        directory = self._data_dir(data)
        corrections = [] if no_corrections else _corrections()
        if corrections:
            self.stderr.write(f"{len(corrections)} reviewer corrections added to the training data.")
        try:
            metrics = train(
                directory,
                Path(out) if out else SHIPPED,
                corrections=corrections,
                progress=self._progress,
            )
        except (OSError, ValueError) as error:
            raise CommandError(f"Training failed: {error}") from error
        self.stdout.write(_dumps(metrics))

    def do_evaluate(self, *, data: str | None, models: str | None, json: bool, **options: Any) -> None:
        directory = self._data_dir(data)
        try:
            report = evaluate(directory, Path(models) if models else None, progress=self._progress)
        except (OSError, ValueError) as error:
            raise CommandError(f"Evaluation failed: {error}") from error
        self._progress("Measuring the whole screening pipeline on one core…")
        screener = Screener(models=_load_models(models))
        report["posts_per_s_per_core"] = round(posts_per_second_one_core(screener, sample_texts(directory)), 1)
        model_dir = Path(models) if models else SHIPPED
        record_benchmarks(model_dir, report)
        self._progress(f"Recorded in {model_dir / 'benchmarks.json'} and the model cards.")
        if json:
            self.stdout.write(_dumps(report))
            return
        for item in report["benchmarks"]:
            baselines = ", ".join(f"{b['name']} {b['score']}" for b in item["baselines"]) or "none published"
            mark = "MET" if item["met"] else "NOT MET"
            self.stdout.write(
                f"{item['name']}: {item['metric']} {item['score']:.2f} (target {item['target']}, {mark}); "
                f"baselines: {baselines}"
            )
        self.stdout.write(f"posts_per_s_per_core: {report['posts_per_s_per_core']} (target 2000)")


def _corrections() -> list[Correction]:
    return [
        Correction(text=item["text"], head=CORRECTION_HEADS[item["category"]], correct=item["correct"])
        for item in corrections_for_training()
        if item["category"] in CORRECTION_HEADS
    ]


def _load_models(directory: str | None) -> Any:
    from duta.screening.classify import Classifiers

    return Classifiers.load(Path(directory)) if directory else None


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=False)
