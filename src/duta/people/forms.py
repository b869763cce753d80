from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duta.people.parsing import MAX_FOLLOWERS
from duta.people.services import MAX_ROSTER_BYTES


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search name, number or e-mail"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    flagged_only = forms.BooleanField(label=_("Only counts that need review"), required=False)


class FollowerCountVerifyForm(forms.Form):
    count = forms.IntegerField(
        label=_("Followers you saw on the profile"),
        min_value=0,
        max_value=MAX_FOLLOWERS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV or Excel)"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "A .csv or .xlsx file of at most %(megabytes)d MB: a header row, then one employee per row."
        ) % {"megabytes": MAX_ROSTER_BYTES // (1024 * 1024)}


class RosterImportConfirmForm(forms.Form):
    # a hidden "0" or "1" from the page's buttons (a checkbox widget would read "0" as checked)
    skip_invalid = forms.BooleanField(required=False, widget=forms.HiddenInput)
