"""Forms of the crisis lane: the broadcast's message and its segment, counted and confirmed before sending."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duta.campaigns import selectors
from duta.campaigns.forms.campaigns import AudienceFieldsMixin, UnitChoiceField
from duta.campaigns.models import Campaign, Platform
from duta.organizations.models import Organization, Unit
from duta.organizations.selectors import unit_name_paths

MESSAGE_MAX_LENGTH = 4000


class UnitPathChoiceField(UnitChoiceField):
    """Units named by their path from the top of the tree (``Sekretariat Jenderal / Biro Humas``)."""

    labels: dict[int, str]

    def label_from_instance(self, obj: Unit) -> str:
        return getattr(self, "labels", {}).get(obj.pk, obj.name)


class SegmentForm(AudienceFieldsMixin):
    """Whom the broadcast reaches: units (with their sub-units), programs, cohorts, platforms. Empty: everyone."""

    units = UnitPathChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("With their sub-units. None chosen: every unit."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.set_organization(organization)
        units = self.fields["units"]
        assert isinstance(units, UnitPathChoiceField)
        units.labels = {
            pk: " / ".join(names) for pk, names in unit_name_paths(organization=organization, active_only=True).items()
        }
        self.fields["cohorts"].help_text = _("Confirmed cohorts: their chosen members who are active ambassadors.")
        self.fields["platforms"].help_text = _(
            "Ambassadors with an account there. Everyone can share on WhatsApp and Telegram: choosing one of them "
            "leaves nobody out. None chosen: every platform."
        )

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        """The crisis's own audience (what the form can offer of it), as the starting point of its broadcast."""
        return {
            "units": [unit for unit in campaign.target_units.all() if unit.archived_at is None],
            "programs": list(campaign.target_programs.all()),
            "cohorts": [cohort for cohort in campaign.target_cohorts.all() if cohort.confirmed_at is not None],
            "platforms": [platform for platform in campaign.target_platforms if platform in Platform.values],
        }

    def segment(self) -> selectors.Segment:
        data = self.cleaned_data
        return selectors.segment_for_organization(
            organization=self.organization,
            units=list(data["units"]),
            programs=list(data["programs"]),
            cohorts=list(data["cohorts"]),
            platforms=list(data["platforms"]),
        )

    def summary(self) -> list[tuple[str, list[str]]]:
        """The chosen parts of the segment, by name, for the confirmation (empty: every active ambassador)."""
        data = self.cleaned_data
        parts: list[tuple[str, list[str]]] = []
        for name in ("units", "programs", "cohorts"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            chosen = [str(field.label_from_instance(found)) for found in data[name]]
            if chosen:
                parts.append((str(field.label), chosen))
        if data["platforms"]:
            parts.append((str(self.fields["platforms"].label), [str(Platform(p).label) for p in data["platforms"]]))
        return parts


class BroadcastForm(SegmentForm):
    """Step 1: the message and the segment. Step 2 posts the same data with the audience size the admin saw."""

    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The holding statement, as ambassadors will read it. Every one of them gets it at once."),
    )
    confirmed_size = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confirmation = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    field_order = ["message", "units", "programs", "cohorts", "platforms", "confirmed_size", "confirmation"]

    def hide_all(self) -> None:
        """Turn every field into hidden inputs: the confirmation posts the checked data back unchanged."""
        for field in self.fields.values():
            field.widget = field.hidden_widget()
