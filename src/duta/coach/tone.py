"""The tone check: the screening classifiers read the caption for hate, abuse, insult and negativity.

The models are optional here. They are loaded lazily, once per process (the shipped ones through
``duta.screening.classify.classifiers()``, which the screening engine shares), and when they cannot be loaded
(missing files, a broken or older model file, an import error) the check is skipped and every other check still
runs. ``MODEL_DIRECTORY`` points the loader elsewhere (None: the shipped models).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from duta.coach import words as w
from duta.coach.verdicts import OK, SKIPPED, WARN, Caption, Result

if TYPE_CHECKING:
    from duta.screening.classify import Classifiers

logger = logging.getLogger(__name__)

MODEL_DIRECTORY: Path | None = None
# the heads read, in the order they are named; "negative" is only flagged when the story does not resolve it
TONE_HEADS: dict[str, str] = {
    "hate": gettext_noop("hate speech"),
    "abusive": gettext_noop("abusive language"),
    "insult": gettext_noop("insult"),
    "negative": gettext_noop("negative sentiment"),
}
NEGATIVE = "negative"


@cache
def _load(directory: Path | None) -> Classifiers | None:
    try:
        from duta.screening.classify import Classifiers, classifiers

        return classifiers() if directory is None else Classifiers.load(directory)
    except (ImportError, OSError, ValueError, KeyError) as error:
        logger.warning("The coach's tone check is off: the screening models could not be loaded (%s).", error)
        return None


def models() -> Classifiers | None:
    """The classifiers, or None when they cannot be loaded (then the tone check is skipped)."""
    return _load(MODEL_DIRECTORY)


def reset() -> None:
    """Forget the loaded models (after changing ``MODEL_DIRECTORY``)."""
    _load.cache_clear()


def tone_check(caption: Caption, *, use_classifiers: bool, resolved: bool) -> Result:
    """``resolved``: the story names a problem and then its solution, so a negative start is the story's point."""
    if not use_classifiers:
        return Result(SKIPPED, 0, _("The tone was not checked."))
    loaded = models()
    if loaded is None:
        return Result(SKIPPED, 0, _("The tone could not be checked: the language models are not installed."))
    try:
        from duta.screening.text import normalize

        scores = loaded.predict([normalize(caption.body or caption.text)])
    except (ImportError, OSError, ValueError, KeyError) as error:
        logger.warning("The coach's tone check failed (%s).", error)
        return Result(SKIPPED, 0, _("The tone could not be checked."))
    flagged = []
    for head, name in TONE_HEADS.items():
        if head not in scores or head not in loaded.thresholds:
            continue
        if head == NEGATIVE and resolved:
            continue
        confidence = float(scores[head][0])
        if confidence >= loaded.thresholds[head]:
            flagged.append((_(name), confidence))
    if not flagged:
        return Result(OK, 1, _("No hate, abuse, insult or negative tone found."))
    names = ", ".join(_("%(head)s (%(percent)d%%)") % {"head": name, "percent": round(100 * p)} for name, p in flagged)
    return Result(
        WARN,
        0,
        _("The language model reads %(heads)s.") % {"heads": names},
        (
            _(
                "Reread the text as a stranger would: soften the words that attack or complain (%(heads)s) and "
                "keep the facts."
            )
            % {"heads": w.quoted(name for name, _p in flagged)},
        ),
    )
