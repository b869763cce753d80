"""The organization's analytics settings: earned media value (on or off, with its rates per platform), the daily
cap on points and when an ambassador counts as inactive. Leaderboards and their impact assessment are not
changed here (they have their own service, with the impact assessment's checks)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from duta.analytics.models import AnalyticsSettings
from duta.campaigns.models import Platform
from duta.core.audit import audit_record
from duta.core.exceptions import ApplicationError, forbidden
from duta.organizations.models import Membership, Role

FIELDS = ("emv_enabled", "emv_cpm", "emv_cpc", "points_daily_cap", "inactive_after_days")
MAX_RATE = 1_000_000_000  # rupiah per click or per 1,000 reach: far beyond any advertising price
POINTS_DAILY_CAP = (1, 1000)
INACTIVE_AFTER_DAYS = (1, 365)


def _rates(value: Any, name: str) -> dict[str, int]:
    """``{platform: rupiah}`` for known platforms; None (or no key) means "no rate" for that platform."""
    if not isinstance(value, dict):
        raise ApplicationError(_("Give the rates per platform."), field=name)
    rates: dict[str, int] = {}
    for platform, rate in value.items():
        if platform not in Platform.values:
            raise ApplicationError(_("Unknown platform: %(platform)s.") % {"platform": platform}, field=name)
        if rate is None:
            continue
        field = f"{name}_{platform}"
        if isinstance(rate, bool) or not isinstance(rate, int) or rate < 0:
            raise ApplicationError(_("A rate is a whole number of rupiah, 0 or more."), field=field)
        if rate > MAX_RATE:
            raise ApplicationError(_("This rate is too high."), field=field)
        rates[platform] = rate
    return {platform: rates[platform] for platform in Platform.values if platform in rates}


def _bounded(value: Any, name: str, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApplicationError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}, field=name
        )
    return value


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"analytics_settings_update() got unexpected fields: {', '.join(unknown)}")
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "emv_enabled":
            if not isinstance(value, bool):
                raise ApplicationError(_("Choose on or off."), field=name)
            clean[name] = value
        elif name in ("emv_cpm", "emv_cpc"):
            clean[name] = _rates(value, name)
        elif name == "points_daily_cap":
            clean[name] = _bounded(value, name, POINTS_DAILY_CAP)
        else:
            clean[name] = _bounded(value, name, INACTIVE_AFTER_DAYS)
    return clean


@transaction.atomic
def analytics_settings_update(*, member: Membership, **fields: Any) -> AnalyticsSettings:
    """Change some of the organization's analytics settings (PR team only); the fields not given keep their value.

    Fields: ``emv_enabled`` (bool), ``emv_cpm`` and ``emv_cpc`` (``{platform: rupiah}``, whole numbers of 0 or
    more for known platforms; a platform left out or given None has no rate and so adds nothing to the value),
    ``points_daily_cap`` (1 to 1000), ``inactive_after_days`` (1 to 365). One audit row lists what changed."""
    if member.role != Role.ADMIN or not member.is_active:
        raise forbidden()
    clean = _validated(fields)
    found, _created = AnalyticsSettings.objects.select_for_update().get_or_create(organization=member.organization)
    before = {name: getattr(found, name) for name in clean}
    for name, value in clean.items():
        setattr(found, name, value)
    found.full_clean(exclude=["organization"])
    found.save()
    changes = {name: [before[name], clean[name]] for name in clean if before[name] != clean[name]}
    audit_record(
        actor=member.user,
        organization=member.organization,
        action="analytics_settings.update",
        target=found,
        changes=changes,
    )
    return found
