"""The dashboards' filters: the period (a calendar period's key), the unit, the program and the platform."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.analytics import periods as P
from duta.analytics.access import Reader
from duta.analytics.selectors import dashboards as selectors
from duta.campaigns.models import Platform

FIRST_YEAR = 2000  # no program shared before; keeps the trend's earlier periods within the calendar
PERIOD_KINDS = (
    (P.WEEK, _("Week")),
    (P.MONTH, _("Month")),
    (P.QUARTER, _("Quarter")),
    (P.YEAR, _("Year")),
)


class DashboardFilterForm(forms.Form):
    period = forms.CharField(label=_("Period"), required=False, max_length=10)
    unit = forms.IntegerField(label=_("Unit"), required=False, widget=forms.Select)
    program = forms.TypedChoiceField(label=_("Program"), required=False, coerce=int, empty_value=None)
    platform = forms.ChoiceField(label=_("Platform"), required=False)

    def __init__(self, *args: Any, reader: Reader, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader, self.today = reader, today
        selected = self.data.get("unit", "") if self.is_bound else ""
        units = selectors.unit_choices(
            reader=reader, selected=int(selected) if selected.isascii() and selected.isdigit() else None
        )
        top = min((unit.depth for unit in units), default=0)
        everyone = _("All my units") if not reader.whole_organization else _("The whole organization")
        cast(forms.Select, self.fields["unit"].widget).choices = [("", everyone)] + [
            (unit.pk, "\u2003" * (unit.depth - top) + unit.name) for unit in units
        ]
        cast(forms.ChoiceField, self.fields["program"]).choices = [("", _("All programs"))] + [
            (program.pk, program.name) for program in selectors.program_choices(reader=reader)
        ]
        cast(forms.ChoiceField, self.fields["platform"]).choices = [("", _("All platforms")), *Platform.choices]

    def clean_period(self) -> P.Period:
        key = self.cleaned_data.get("period") or ""
        if not key:
            return P.period_of(P.MONTH, self.today)
        period = P.parse(key)
        if period is None or period.kind == P.DAY:
            raise forms.ValidationError(_("Choose a week, month, quarter or year."))
        if period.start > self.today:
            raise forms.ValidationError(_("This period has not started yet."))
        if period.start.year < FIRST_YEAR:
            raise forms.ValidationError(_("Choose a period since %(year)d.") % {"year": FIRST_YEAR})
        return period

    def filters(self) -> selectors.Filters:
        """The checked filters; an invalid form falls back to this month for everyone the reader sees."""
        data = self.cleaned_data if self.is_valid() else {}
        unit_id, program_id = data.get("unit"), data.get("program")
        return selectors.Filters(
            period=data.get("period") or P.period_of(P.MONTH, self.today),
            unit=selectors.unit_get_for_reader(reader=self.reader, unit_id=unit_id) if unit_id else None,
            program=selectors.program_get_for_reader(reader=self.reader, program_id=program_id) if program_id else None,
            platform=data.get("platform") or "",
        )


def period_choices(today: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Recent periods of each kind, newest first, grouped by kind (for the period menu)."""
    counts = {P.WEEK: 12, P.MONTH: 12, P.QUARTER: 4, P.YEAR: 3}
    return [
        (str(label), [(period.key, period.label()) for period in reversed(P.recent(kind, today, counts[kind]))])
        for kind, label in PERIOD_KINDS
    ]
