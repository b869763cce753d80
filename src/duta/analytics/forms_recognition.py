"""Forms of the recognition pages: seasons, the hide-my-name choice, switching leaderboards on, the leaderboard's
filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.analytics.models import Season

PEOPLE, UNITS = "people", "units"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SeasonForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("For example “Season 1 2026” or “Ramadan challenge”.")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    @classmethod
    def initial_for(cls, season: Season) -> dict[str, Any]:
        return {"name": season.name, "starts_on": season.starts_on, "ends_on": season.ends_on}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A season cannot end before it starts."))
        return cleaned


class PrivacyForm(forms.Form):
    hide_name = forms.BooleanField(
        label=_("Hide my name on leaderboards"),
        required=False,
        help_text=_("Others see “Hidden ambassador” instead of your name. You still earn points and badges."),
    )


class LeaderboardSwitchForm(forms.Form):
    """Switching leaderboards on needs the organization's data protection impact assessment (Law 27/2022)."""

    impact_assessment_on = forms.DateField(
        label=_("Impact assessment completed on"),
        widget=DateInput(),
        help_text=_("The date the assessment was signed off."),
    )
    reference = forms.CharField(
        label=_("Reference of the impact assessment"),
        max_length=200,
        help_text=_("Its document number, or where it is kept."),
    )


class LeaderboardFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=[(PEOPLE, _("People")), (UNITS, _("Units"))], required=False)
    unit = forms.IntegerField(min_value=1, required=False)

    def values(self) -> tuple[str, int | None] | None:
        """The tab (people unless asked otherwise) and the unit; None for input that is not valid."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get("tab") or PEOPLE, self.cleaned_data.get("unit")
