"""Forms of the external influencers' pages: an influencer, a paid placement, and the comparison's filter."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.analytics.services.external import MAX_COUNT, MAX_FEE
from duta.campaigns.models import Campaign, Platform


def _web_address(value: str) -> str:
    """``instagram.com/…`` as phones copy it becomes ``https://instagram.com/…``; the service checks the rest."""
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    return value


_RUPIAH = re.compile(r"^(?:rp\.?)?\s*(\d{1,3}(?:[.,\s]\d{3}){1,5}|\d{1,18})(?:[.,]00)?$")


def rupiah_parse(text: str) -> int | None:
    """Whole rupiah as people type them: ``15000000``, ``15.000.000``, ``Rp 15.000.000,00``, ``15,000,000``.
    Dots, commas or spaces group thousands (groups of three digits); a final ``,00`` is dropped. None otherwise."""
    match = _RUPIAH.match(text.strip().lower().replace("\u00a0", " "))
    if not match:
        return None
    return int(re.sub(r"[.,\s]", "", match.group(1)))


class RupiahField(forms.IntegerField):
    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=MAX_FEE, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "placeholder": "Rp"})

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        parsed = rupiah_parse(str(value))
        if parsed is None:
            raise forms.ValidationError(_("Enter whole rupiah, such as 15.000.000."), code="invalid")
        return parsed


def _count_field(label: Any, *, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ExternalInfluencerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    platform = forms.ChoiceField(label=_("Main platform"), choices=Platform.choices)
    profile_url = forms.CharField(
        label=_("Profile address"),
        max_length=300,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"}),
    )
    followers = _count_field(_("Followers"), help_text=_("As the profile shows it; leave empty if unknown."))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The agreement, the contact. Do not store more personal data than needed."),
    )

    def clean_profile_url(self) -> str:
        return _web_address(self.cleaned_data.get("profile_url", ""))

    @classmethod
    def initial_for(cls, influencer: Any) -> dict[str, Any]:
        return {name: getattr(influencer, name) for name in ("name", "platform", "profile_url", "followers", "notes")}


class ExternalPlacementForm(forms.Form):
    """One paid post: the campaign, its address, the fee in whole rupiah and the figures the influencer reported
    (empty: not reported, which is not the same as 0)."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    post_url = forms.CharField(
        label=_("Address of the post"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off", "placeholder": "https://"}),
    )
    fee = RupiahField(label=_("Fee (rupiah)"), help_text=_("Whole rupiah, e.g. 15.000.000; 0 if there was none."))
    clicks = _count_field(_("Clicks (as reported by the influencer)"))
    views = _count_field(_("Views (as reported)"))
    engagements = _count_field(_("Reactions, comments and reshares (as reported)"))

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = campaigns

    def clean_post_url(self) -> str:
        return _web_address(self.cleaned_data.get("post_url", ""))

    @classmethod
    def initial_for(cls, placement: Any) -> dict[str, Any]:
        return {
            "campaign": placement.campaign_id,
            **{name: getattr(placement, name) for name in ("post_url", "fee", "clicks", "views", "engagements")},
        }


class ComparisonFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False, empty_label=_("All campaigns")
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = campaigns
