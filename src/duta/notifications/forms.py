from __future__ import annotations

from typing import Any, cast

from django import forms

from duta.notifications.channels import channel_names
from duta.notifications.models import Kind


class PreferencesForm(forms.Form):
    """The kinds x channels table: one checkbox per cell, named ``enabled`` with the value ``kind:channel``."""

    enabled = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["enabled"])
        field.choices = [
            (f"{kind}:{channel}", f"{kind}:{channel}") for kind in Kind.values for channel in channel_names()
        ]

    def enabled_pairs(self) -> set[tuple[str, str]]:
        pairs = set()
        for value in self.cleaned_data["enabled"]:
            kind, _sep, channel = value.partition(":")
            pairs.add((kind, channel))
        return pairs
