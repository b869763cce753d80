"""Forms of the ambassadors' feed: "I posted it" and the live coach."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.campaigns.models import Platform
from duta.campaigns.services.sharing import MAX_TEXT  # the longest text the coach reads and a report keeps


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
