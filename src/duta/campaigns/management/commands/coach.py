"""`duta coach score`: the storytelling coach from the shell."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from duta.coach import PLATFORMS, CoachBrief, Verdict, coach, verdict_as_dict
from duta.organizations.models import Organization

STATUS_MARKS = {"ok": "+", "warn": "~", "fail": "-", "blocked": "!", "skipped": " "}


class Command(BaseCommand):
    help = (
        "Storytelling coach: `duta coach score --text TEXT --platform PLATFORM [--org SLUG] [--json] [--lang id|en]` "
        "scores a caption for a platform, with the reasons and suggestions (nothing is stored). `--text -` reads "
        "the text from standard input."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        score = actions.add_parser("score", help="Score a caption for a platform; nothing is stored.")
        score.add_argument("--text", required=True, help="The caption or draft (`-`: read it from standard input).")
        score.add_argument("--platform", required=True, help=f"One of: {', '.join(PLATFORMS)}.")
        score.add_argument(
            "--org", default=None, help="Check against this organization's blocklist, election rules and disclosure."
        )
        score.add_argument("--json", action="store_true", help="Print one JSON document on stdout.")
        score.add_argument("--lang", choices=[code for code, _name in settings.LANGUAGES], default=None)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            getattr(self, f"do_{action}")(**options)

    def do_score(self, *, text: str, platform: str, org: str | None, json: bool, **options: Any) -> None:
        if text == "-":
            text = sys.stdin.read()
        if not text.strip():
            raise CommandError("The text is empty: give the caption with --text (or --text - to read stdin).")
        platform = platform.strip().lower()
        if platform not in PLATFORMS:
            raise CommandError(f"Unknown platform {platform!r}; choose one of: {', '.join(PLATFORMS)}.")
        brief: CoachBrief | None = None
        if org is not None:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise CommandError(f"Unknown organization {org!r}.")
            from duta.campaigns.selectors import coach_brief_for_organization

            brief = coach_brief_for_organization(organization=organization)
        verdict = coach(text, platform, brief)
        if json:
            self.stdout.write(_dumps(verdict_as_dict(verdict)))
            return
        self._print(verdict)

    def _print(self, verdict: Verdict) -> None:
        out = self.stdout
        score = _("Score: %(score)d/100") % {"score": verdict.score}
        out.write(self.style.ERROR(score) if verdict.blocked else self.style.SUCCESS(score))
        for reason in verdict.blocked_reasons:
            out.write(self.style.ERROR(_("Blocked: %(reason)s") % {"reason": reason}))
        for check in verdict.checks:
            points = f" {check.points}/{check.possible}" if check.possible else ""
            out.write(f"[{STATUS_MARKS.get(check.status, '?')}] {check.label}{points}: {check.reason}")
        if verdict.suggestions:
            out.write(_("Suggestions:"))
            for suggestion in verdict.suggestions:
                out.write(f"  - {suggestion}")


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
