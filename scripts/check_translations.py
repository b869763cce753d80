"""Check the Indonesian catalogue: every message translated, none fuzzy, the .mo up to date, and
(where GNU gettext is installed, always under CI) no string in the code missing from the .po."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "duta"
LOCALES = ["id"]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def check_catalogue(locale: str) -> list[str]:
    problems: list[str] = []
    po_path = PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return [f"{po_path} is missing"]
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue.untranslated_entries():
        problems.append(f"{locale}: untranslated: {entry.msgid!r}")
    for entry in catalogue.fuzzy_entries():
        problems.append(f"{locale}: fuzzy (check and clear the flag): {entry.msgid!r}")
    if not mo_path.exists():
        problems.append(f"{mo_path} is missing: run make messages")
    else:
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path))}
        for entry in catalogue.translated_entries():
            if compiled.get((entry.msgctxt, entry.msgid)) != (entry.msgstr, dict(entry.msgstr_plural)):
                problems.append(f"{locale}: {mo_path.name} is older than the .po: run make messages")
                break
    return problems


def check_extraction(locale: str) -> list[str]:
    """Extract the messages of the code again into a scratch copy and compare the msgids."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "duta"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        duta = Path(sys.executable).with_name("duta")
        result = subprocess.run(
            [str(duta), "makemessages", "--locale", locale, "--no-obsolete", "--no-location"],
            cwd=copy,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            return [f"makemessages failed: {result.stderr.strip()}"]
        extracted = polib.pofile(str(copy / "locale" / locale / "LC_MESSAGES" / "django.po"))
    current = polib.pofile(str(PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in current if not e.obsolete}
    return [
        f"{locale}: not in the catalogue (run make messages and translate): {entry.msgid!r}"
        for entry in extracted
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in known
    ]


def main() -> int:
    problems: list[str] = []
    have_gettext = shutil.which("xgettext") is not None and shutil.which("msgfmt") is not None
    for locale in LOCALES:
        problems += check_catalogue(locale)
        if have_gettext:
            problems += check_extraction(locale)
    if not have_gettext:
        if IN_CI:
            problems.append("GNU gettext (xgettext, msgfmt) is not installed")
        else:
            print("note: GNU gettext is not installed; skipped the check for strings missing from the catalogue")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"translations: {', '.join(LOCALES)} complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
