"""Text normalization for screening: ``normalize(text) -> tokens``.

The slang dictionary is a trained artefact shipped with the classifiers (``classify/shipped/slang.json``, built by
:func:`duta.screening.text.slang.build`), so the models and the normalizer always agree; without it the normalizer
still cleans, squeezes and tokenizes, only without slang mapping.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from duta.screening.text.normalizing import EMOJI_CLASSES, Normalizer, clean
from duta.screening.text.slang import SlangDictionary

__all__ = ["EMOJI_CLASSES", "SHIPPED_SLANG", "Normalizer", "SlangDictionary", "clean", "normalize", "normalizer"]

SHIPPED_SLANG = Path(__file__).resolve().parent.parent / "classify" / "shipped" / "slang.json"


@cache
def normalizer() -> Normalizer:
    """The normalizer with the shipped slang dictionary (loaded once)."""
    if not SHIPPED_SLANG.exists():
        return Normalizer({}, frozenset())
    dictionary = SlangDictionary.load(SHIPPED_SLANG)
    return Normalizer(dictionary.slang, dictionary.vocabulary)


def normalize(text: str) -> list[str]:
    """Lower-case normalized tokens of one post (see :mod:`duta.screening.text.normalizing`)."""
    return normalizer().normalize(text)
