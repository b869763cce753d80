"""The form that asks for a monthly report: a month (the last two years, last month first chosen) and a language."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duta.analytics import periods as P

MONTHS_OFFERED = 24


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    """This month (so far) and the 23 before it, newest first: ``("2026-10", "Oktober 2026")``."""
    period = P.period_of(P.MONTH, today)
    choices = [(period.key, gettext("%(month)s (so far)") % {"month": formats.date_format(period.start, "F Y")})]
    for _index in range(MONTHS_OFFERED - 1):
        period = period.previous()
        choices.append((period.key, formats.date_format(period.start, "F Y")))
    return choices


class MonthlyReportForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="id",
        help_text=_("Bahasa Indonesia unless the report goes to English readers."),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = month_choices(today)
        month = cast(forms.ChoiceField, self.fields["month"])
        month.choices = choices
        month.initial = choices[1][0]  # last month: the one a report usually covers
        self.fields["language"].initial = "id"

    def clean_month(self) -> dt.date:
        period = P.parse(self.cleaned_data.get("month") or "")
        if period is None or period.kind != P.MONTH:
            raise forms.ValidationError(_("Choose a month."))
        return period.start
