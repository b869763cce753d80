"""The settings form of analytics: earned media value with its rates per platform, the daily cap on points, and
when an ambassador counts as inactive (leaderboards have their own form).

    current = analytics_settings_for(member.organization)
    form = AnalyticsSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            analytics_settings_update(member=member, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)  # a rate's error lands on its own field (emv_cpm_<platform>)

After ``is_valid()``, ``cleaned_data`` holds exactly the service's keyword arguments: ``emv_enabled``, ``emv_cpm``
and ``emv_cpc`` (``{platform: rupiah}``, platforms left empty have no rate), ``points_daily_cap`` and
``inactive_after_days``. In a template, ``form.general_fields`` are the three plain fields and ``form.rate_rows``
one row per platform (``label``, ``cpm`` and ``cpc`` bound fields) for a compact table; ``includes/form.html``
renders every field one after the other as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duta.analytics.models import AnalyticsSettings
from duta.analytics.services.settings import INACTIVE_AFTER_DAYS, MAX_RATE, POINTS_DAILY_CAP
from duta.campaigns.models import Platform


def cpm_field(platform: str) -> str:
    return f"emv_cpm_{platform}"


def cpc_field(platform: str) -> str:
    return f"emv_cpc_{platform}"


@dataclass(frozen=True)
class RateRow:
    platform: str
    label: str
    cpm: forms.BoundField
    cpc: forms.BoundField


def _rate_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_RATE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "Rp"}),
    )


class AnalyticsSettingsForm(forms.Form):
    """Earned media value on or off, a CPM and a CPC (whole rupiah) per platform (empty: no rate), the daily cap
    on points and the days after which an ambassador counts as inactive."""

    emv_enabled = forms.BooleanField(
        label=_("Show earned media value"),
        required=False,
        help_text=_(
            "An estimate in rupiah of what the same clicks and reach would cost as advertising. Off by default; "
            "wherever it appears, the rates below are shown with it."
        ),
    )
    points_daily_cap = forms.IntegerField(
        label=_("Most points a day"),
        min_value=POINTS_DAILY_CAP[0],
        max_value=POINTS_DAILY_CAP[1],
        help_text=_("Points beyond this in one day are not counted."),
    )
    inactive_after_days = forms.IntegerField(
        label=_("Inactive after (days)"),
        min_value=INACTIVE_AFTER_DAYS[0],
        max_value=INACTIVE_AFTER_DAYS[1],
        help_text=_("An ambassador who shared nothing for this long is listed as inactive."),
    )

    def __init__(self, *args: Any, instance: AnalyticsSettings | None = None, **kwargs: Any) -> None:
        current = instance or AnalyticsSettings()
        initial: dict[str, Any] = {
            "emv_enabled": current.emv_enabled,
            "points_daily_cap": current.points_daily_cap,
            "inactive_after_days": current.inactive_after_days,
        }
        for platform in Platform.values:
            initial[cpm_field(platform)] = (current.emv_cpm or {}).get(platform)
            initial[cpc_field(platform)] = (current.emv_cpc or {}).get(platform)
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        for platform, label in Platform.choices:
            self.fields[cpm_field(platform)] = _rate_field(
                gettext("%(platform)s: rupiah per 1,000 potential reach (CPM)") % {"platform": label}
            )
            self.fields[cpc_field(platform)] = _rate_field(
                gettext("%(platform)s: rupiah per click (CPC)") % {"platform": label}
            )

    @property
    def rate_rows(self) -> list[RateRow]:
        return [
            RateRow(platform=platform, label=str(label), cpm=self[cpm_field(platform)], cpc=self[cpc_field(platform)])
            for platform, label in Platform.choices
        ]

    @property
    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("emv_enabled", "points_daily_cap", "inactive_after_days")]

    def clean(self) -> dict[str, Any]:
        """Gather the rate fields into ``emv_cpm`` and ``emv_cpc``: the service's keyword arguments."""
        data = super().clean() or {}
        cpm = {platform: data.pop(cpm_field(platform), None) for platform in Platform.values}
        cpc = {platform: data.pop(cpc_field(platform), None) for platform in Platform.values}
        data["emv_cpm"] = {platform: rate for platform, rate in cpm.items() if rate is not None}
        data["emv_cpc"] = {platform: rate for platform, rate in cpc.items() if rate is not None}
        data["emv_enabled"] = bool(data.get("emv_enabled"))
        return data
