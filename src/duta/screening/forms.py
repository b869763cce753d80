from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duta.screening.findings import CATEGORY_LABELS
from duta.screening.models import Level, Screening, ScreeningTerm

FORMAT_CHOICES = [
    ("auto", _("Recognize it from the file")),
    ("x", _("X (Twitter) archive")),
    ("facebook", _("Facebook: Download Your Information (JSON)")),
    ("instagram", _("Instagram export (JSON)")),
    ("tiktok", _("TikTok export (JSON)")),
    ("csv", _("CSV with the columns date, text, url")),
]
ACCEPT = ".zip,.json,.js,.csv,.txt"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Data export"), widget=forms.FileInput(attrs={"accept": ACCEPT}))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "The zip or JSON file the platform gives when you download your data, or a CSV; at most "
            "%(megabytes)d MB. Photos and videos in it are skipped."
        ) % {"megabytes": settings.SCREENING_MAX_UPLOAD_MB}


class WrittenConsentForm(forms.Form):
    reference = forms.CharField(
        label=_("Where the signed consent is kept"),
        max_length=255,
        help_text=_("A letter number or archive reference, e.g. “ND-123/HUMAS/2026, arsip Humas”."),
    )
    confirm = forms.BooleanField(label=_("The candidate signed a consent to this check in writing."))


class SelfConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("I agree to the text above."))


class DismissForm(forms.Form):
    category = forms.ChoiceField(choices=[(key.value, label) for key, label in CATEGORY_LABELS.items()])
    note = forms.CharField(label=_("Why is it wrong? (optional)"), max_length=255, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Screening.Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is kept with the decision and shown in the candidate's history."),
    )


class ScreeningFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Screening.Status.choices], required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("All")), *Level.choices], required=False)


class TermForm(forms.ModelForm):
    class Meta:
        model = ScreeningTerm
        fields = ["kind", "term", "election"]
