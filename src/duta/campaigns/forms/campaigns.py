"""Forms of the PR team's pages: the brief, content items with their caption variants, settings, actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duta.campaigns import rules
from duta.campaigns.models import Attachment, Campaign, CampaignSettings, ContentItem, Language, Platform
from duta.campaigns.services import BriefData, SettingsData, VariantData
from duta.organizations.models import Membership, Organization, Role, Unit
from duta.programs.models import CohortSelection, Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class CohortChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CohortSelection) -> str:
        return f"{obj.program.name} · {obj.created_at:%d-%m-%Y} ({obj.size})"


def _audience_querysets(
    organization: Organization,
) -> tuple[QuerySet[Unit], QuerySet[Program], QuerySet[CohortSelection]]:
    return (
        Unit.objects.filter(organization=organization, archived_at__isnull=True).order_by("path"),
        Program.objects.filter(organization=organization),
        CohortSelection.objects.filter(program__organization=organization, confirmed_at__isnull=False).select_related(
            "program"
        ),
    )


class AudienceFieldsMixin(forms.Form):
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("With their sub-units. None chosen: every unit."),
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("Programs"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("Their active ambassadors. None chosen: every ambassador."),
    )
    cohorts = CohortChoiceField(
        label=_("Cohorts"),
        queryset=CohortSelection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    platforms = forms.MultipleChoiceField(
        label=_("Platforms"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("None chosen: every platform."),
    )

    def set_organization(self, organization: Organization) -> None:
        units, programs, cohorts = _audience_querysets(organization)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["programs"].queryset = programs  # type: ignore[attr-defined]
        self.fields["cohorts"].queryset = cohorts  # type: ignore[attr-defined]


class CampaignForm(AudienceFieldsMixin):
    name = forms.CharField(label=_("Name"), max_length=200)
    objective = forms.CharField(label=_("Objective"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    key_messages = forms.CharField(
        label=_("Key messages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One message per line."),
    )
    facts = forms.CharField(
        label=_("Facts and their sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “fact | source”. Every fact needs its source (a link or a named document)."),
    )
    say = forms.CharField(label=_("What to say"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    avoid = forms.CharField(label=_("What not to say"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    hashtags = forms.CharField(label=_("Hashtags"), required=False, max_length=300)
    disclosure_tag = forms.CharField(
        label=_("Disclosure tag"),
        required=False,
        max_length=100,
        help_text=_("Every post must carry it, e.g. #DutaBioFarma or “Pegawai Kementerian X”."),
    )
    holding_statement = forms.CharField(
        label=_("Holding statement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    questions_answers = forms.CharField(
        label=_("Questions and answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A line “T: question”, then “J: answer” (or Q: and A:)."),
    )

    field_order = [
        "name",
        "objective",
        "holding_statement",
        "questions_answers",
        "starts_on",
        "ends_on",
        "units",
        "programs",
        "cohorts",
        "platforms",
        "key_messages",
        "facts",
        "say",
        "avoid",
        "hashtags",
        "disclosure_tag",
    ]

    def __init__(self, *args: Any, organization: Organization, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.set_organization(organization)
        if kind != Campaign.Kind.CRISIS:
            del self.fields["holding_statement"]
            del self.fields["questions_answers"]
        else:
            self.fields["holding_statement"].required = True

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict[str, Any]:
        return {
            "name": campaign.name,
            "objective": campaign.objective,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "units": list(campaign.target_units.all()),
            "programs": list(campaign.target_programs.all()),
            "cohorts": list(campaign.target_cohorts.all()),
            "platforms": campaign.target_platforms,
            "key_messages": campaign.key_messages,
            "facts": rules.facts_text(campaign.facts),
            "say": campaign.say,
            "avoid": campaign.avoid,
            "hashtags": campaign.hashtags,
            "disclosure_tag": campaign.disclosure_tag,
            "holding_statement": campaign.holding_statement,
            "questions_answers": rules.qa_text(campaign.questions_answers),
        }

    def brief(self) -> BriefData:
        data = self.cleaned_data
        return BriefData(
            kind=self.kind,
            name=data["name"],
            objective=data["objective"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            units=list(data["units"]),
            programs=list(data["programs"]),
            cohorts=list(data["cohorts"]),
            platforms=list(data["platforms"]),
            key_messages=data["key_messages"],
            facts=data["facts"],
            say=data["say"],
            avoid=data["avoid"],
            hashtags=data["hashtags"],
            disclosure_tag=data["disclosure_tag"],
            holding_statement=data.get("holding_statement", ""),
            questions_answers=data.get("questions_answers", ""),
        )


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    target_url = forms.URLField(
        label=_("Link to share"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The page the posts point to (optional)."),
    )
    attachments = forms.ModelMultipleChoiceField(
        label=_("Attachments"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].queryset = campaign.attachments.all()  # type: ignore[attr-defined]

    def clean_target_url(self) -> str:
        url: str = self.cleaned_data["target_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Give an http or https address."))
        return url


class VariantForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.INDONESIAN)
    text = forms.CharField(
        label=_("Caption"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )


VariantFormSet = forms.formset_factory(VariantForm, extra=1, max_num=30, absolute_max=30)


def variant_formset(data: Any = None, *, item: ContentItem | None = None, campaign: Campaign) -> Any:
    if item is not None:
        initial = [{"platform": v.platform, "language": v.language, "text": v.text} for v in item.variants.all()]
        formset = VariantFormSet(data, initial=initial, prefix="variants")
    else:
        default = campaign.target_platforms[0] if campaign.target_platforms else Platform.WHATSAPP
        formset = forms.formset_factory(VariantForm, extra=3, max_num=30, absolute_max=30)(
            data, initial=[{"platform": default}] * 3, prefix="variants"
        )
    return formset


def variants_from(formset: Any) -> list[VariantData]:
    return [
        VariantData(platform=form.cleaned_data["platform"], language=form.cleaned_data["language"], text=text)
        for form in formset.forms
        if form.is_valid() and (text := form.cleaned_data.get("text", "").strip())
    ]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("JPEG, PNG or WebP image, MP4 video or PDF. Metadata (such as location) is removed."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,video/mp4,video/quicktime,application/pdf"}
        ),
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Goes live at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class FreezeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (ambassadors see it)"), max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class CampaignFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Campaign.Kind.choices], required=False)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All")), ("open", pgettext_lazy("campaign state", "Open")), ("closed", _("Closed"))],
        required=False,
    )


class SettingsForm(forms.Form):
    four_eyes = forms.BooleanField(
        label=_("Four-eyes rule: authors may not approve their own items"), required=False, initial=True
    )
    approvals_required = forms.IntegerField(label=_("Approvals required"), min_value=1, max_value=5, initial=1)
    approvers = forms.ModelMultipleChoiceField(
        label=_("Approvers"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        help_text=_("None chosen: every admin may approve. Crisis items need one approval."),
    )
    default_disclosure_tag = forms.CharField(label=_("Default disclosure tag"), max_length=100, required=False)
    blocklist = forms.CharField(
        label=_("Blocked words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One word or phrase per line: content and drafts that use them are refused."),
    )
    sharing_starts_at = forms.TimeField(label=_("Sharing hours start"), required=False, widget=TIME)
    sharing_ends_at = forms.TimeField(label=_("Sharing hours end"), required=False, widget=TIME)
    daily_share_limit = forms.IntegerField(
        label=_("Shares per ambassador per day"), min_value=0, max_value=100, help_text=_("0: no limit.")
    )
    stagger_minutes = forms.IntegerField(
        label=_("Posting window (minutes)"),
        min_value=0,
        max_value=24 * 60,
        help_text=_("Each ambassador gets their own start within this window, so that posts do not look coordinated."),
    )
    election_starts_on = forms.DateField(label=_("Election mode from"), required=False, widget=DATE)
    election_ends_on = forms.DateField(label=_("Election mode until"), required=False, widget=DATE)
    election_candidates = forms.CharField(
        label=_("Candidates"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line.")
    )
    election_parties = forms.CharField(
        label=_("Parties"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line.")
    )
    election_numbers = forms.CharField(
        label=_("Ballot numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    election_hashtags = forms.CharField(
        label=_("Campaign hashtags"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approvers"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.filter(organization=organization, is_active=True)
            .exclude(role=Role.AMBASSADOR)
            .select_related("user")
        )

    @classmethod
    def initial_for(cls, found: CampaignSettings) -> dict[str, Any]:
        names = [name for name in cls.base_fields if name != "approvers"]
        initial = {name: getattr(found, name) for name in names}
        initial["approvers"] = list(found.approvers.all()) if found.pk else []
        return initial

    def settings_data(self) -> SettingsData:
        data = dict(self.cleaned_data)
        data["approvers"] = list(data["approvers"])
        return SettingsData(**data)
