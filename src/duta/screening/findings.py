"""What screening looks for, and the evidence it gives. Pure: no ORM.

Every detector (lexicons, patterns, trained classifiers) reports ``Finding`` objects: a category, the rule that
fired and the evidence a reviewer can check (the words that matched, or the model's confidence). A post's verdict
is never bare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Category(StrEnum):
    HATE = "hate"  # hate speech
    SARA = "sara"  # provocation on religion, ethnicity/race or group (suku, agama, ras, antargolongan)
    ABUSIVE = "abusive"  # abusive and profane language
    INSULT = "insult"  # insult, defamation of a person
    PORNOGRAPHY = "pornography"
    RADICALISM = "radicalism"
    POLITICAL = "political"  # partisanship: campaigning for or against candidates or parties
    HOAX = "hoax"  # hoax patterns: "needs a look", never proof
    LEAK = "leak"  # internal or secret documents, personal data (NIK, NIP)
    EMPLOYER = "employer"  # hostility toward the employer


CATEGORY_LABELS = {
    Category.HATE: _("Hate speech"),
    Category.SARA: _("SARA provocation"),
    Category.ABUSIVE: _("Abusive or profane language"),
    Category.INSULT: _("Insult or defamation"),
    Category.PORNOGRAPHY: _("Pornography"),
    Category.RADICALISM: _("Radicalism"),
    Category.POLITICAL: _("Political partisanship"),
    Category.HOAX: _("Hoax pattern (needs a look)"),
    Category.LEAK: _("Leak of documents or personal data"),
    Category.EMPLOYER: _("Hostility toward the employer"),
}

# how the data exports name where a post comes from and what it is
PLATFORM_LABELS = {"x": "X", "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "csv": "CSV"}
KIND_LABELS = {
    "post": _("post"),
    "reply": _("reply"),
    "repost": _("repost"),
    "comment": _("comment"),
    "photo": _("photo"),
    "video": _("video"),
}


class Source(StrEnum):
    LEXICON = "lexicon"  # words or phrases from a list
    PATTERN = "pattern"  # a checked pattern (a valid NIK, a hoax phrase)
    MODEL = "model"  # a trained classifier's confidence


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason to look at a post.

    ``rule`` is a stable code (``"lexicon.party"``, ``"pattern.nik"``, ``"model.hate"``); ``evidence`` holds the
    matched words or phrases as they appear in the post (personal numbers masked, e.g. ``"3174********0001"``);
    ``confidence`` is the model's probability (1.0 for lexicon and pattern findings).
    """

    category: Category
    source: Source
    rule: str
    evidence: tuple[str, ...] = ()
    confidence: float = 1.0
    detail: str = ""  # a short explanation in words (already translated), e.g. "valid NIK (Jakarta, born 1990)"


@dataclass(frozen=True, slots=True)
class OrganizationTerms:
    """Terms an organization adds to the shipped lexicons (per election, per employer)."""

    employer_names: tuple[str, ...] = ()  # how people name the employer: "Kemenkominfo", "Kominfo", ...
    political: tuple[str, ...] = ()  # candidates, local parties, campaign hashtags of an election
    leak: tuple[str, ...] = ()  # internal code words, document markings
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)  # category value -> more terms
