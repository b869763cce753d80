"""Lexicon and pattern detectors: offline, fast, and every finding with the words a reviewer can check.

``detectors_for(terms).detect(raw, tokens)`` screens one post (``raw`` as written, ``tokens`` as normalized) for
partisanship, hoax patterns, leaks of documents or personal numbers, hostility toward the employer, and abusive,
pornographic, radical, SARA and hateful words, next to the trained classifiers.
"""

from __future__ import annotations

from .detector import Detectors, detectors_for
from .numbers import NikInfo, NipInfo, mask_number, nik_check, nip_check

__all__ = ["Detectors", "NikInfo", "NipInfo", "detectors_for", "mask_number", "nik_check", "nip_check"]
