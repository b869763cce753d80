"""Forms of the ambassadors' feed: "I posted it" and the live coach."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.campaigns.models import Platform
from duta.campaigns.services.sharing import MAX_METRIC, MAX_TEXT  # the longest text the coach reads and a report keeps


class ReportForm(forms.Form):
    """One platform's "I posted it": the post's address, or for WhatsApp (chats, groups, statuses have no
    address) the box "shared on WhatsApp"; optionally the words posted, prefilled with the caption."""

    platform = forms.ChoiceField(choices=Platform.choices, widget=forms.HiddenInput)
    url = forms.CharField(
        label=_("Address of your post"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"}),
    )
    shared = forms.BooleanField(label=_("I shared it on WhatsApp"), required=False)
    text = forms.CharField(
        label=_("The words you posted (optional)"), max_length=MAX_TEXT, required=False, widget=forms.Textarea
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_url(self) -> str:
        value = str(self.cleaned_data.get("url") or "").strip()
        if value and "://" not in value:  # "x.com/..." as phones often copy it
            value = "https://" + value
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("platform") == Platform.WHATSAPP:
            data["url"] = ""
            if not data.get("shared"):
                self.add_error("shared", _("Tick “I shared it on WhatsApp” once you have shared it."))
        return data


class CoachForm(forms.Form):
    """What the live coach reads: the caption, its platform and, optionally, the campaign whose brief applies."""

    text = forms.CharField(max_length=MAX_TEXT, required=False, strip=False)
    platform = forms.ChoiceField(
        choices=Platform.choices,
        error_messages={
            "required": _("Choose one of the platforms."),
            "invalid_choice": _("Choose one of the platforms."),
        },
    )
    campaign = forms.IntegerField(min_value=1, required=False)


_COUNT = re.compile(r"^(\d{1,3}(?:[.,]\d{3})+|\d{1,12})\s*(rb|ribu|k|jt|juta|m)?$")
_SHORT = re.compile(r"^(\d{1,6}(?:[.,]\d{1,3})?)\s*(rb|ribu|k|jt|juta|m)$")
_MULTIPLIERS = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000, "m": 1_000_000}


def count_parse(text: str) -> int | None:
    """A count as a phone shows it: ``1234``, ``1.234`` or ``1,234`` (dots and commas group thousands), or
    abbreviated, ``1,2 rb`` / ``1.2K`` (thousands) and ``3,4 jt`` / ``3.4M`` (millions), where the dot or comma
    is the decimal mark. None for anything else."""
    text = text.strip().lower().replace("\u00a0", " ")
    match = _COUNT.match(text)
    if match and not match.group(2):
        return int(match.group(1).replace(".", "").replace(",", ""))
    match = _SHORT.match(text)
    if not match:
        return None  # "1,5" without a unit is neither a count nor a grouping of thousands
    number, suffix = match.groups()
    return int(Decimal(number.replace(",", ".")) * _MULTIPLIERS[suffix])


class CountField(forms.IntegerField):
    """A whole number of 0 or more, typed as the platform shows it (see ``count_parse``)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=MAX_METRIC, required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        parsed = count_parse(str(value))
        if parsed is None:
            raise forms.ValidationError(_("Enter a number, such as 1234 or 1,2 rb."), code="invalid")
        return parsed


class PostMetricsForm(forms.Form):
    """The figures an ambassador reads off their own post (observed reach); each may stay empty."""

    views = CountField(label=_("Views"))
    reactions = CountField(label=_("Likes and reactions"))
    comments = CountField(label=_("Comments"))
    reshares = CountField(label=_("Reshares"))
