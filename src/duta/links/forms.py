from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.links import rules


class ShareForm(forms.Form):
    """A tap on a share button: the caption as the ambassador left it, and where to go."""

    text = forms.CharField(required=False, max_length=10_000, strip=False)
    channel = forms.CharField(required=False, max_length=16)  # a platform (its web intent) or "link"
    next = forms.CharField(required=False, max_length=500)


class LinkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("Code, ambassador or item."))
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("disabled", _("Disabled"))],
    )


class RetargetForm(forms.Form):
    destination = forms.CharField(
        label=_("New destination"),
        max_length=rules.MAX_DESTINATION_LENGTH,
        help_text=_("The full address of the page, starting with https://. The UTM parameters are added to it."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
