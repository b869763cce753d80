from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duta.core.exceptions import ApplicationError
from duta.people.images import ACCEPTED_FORMATS, MAX_UPLOAD_BYTES
from duta.people.models import Employee, Platform
from duta.people.parsing import ParseError, normalize_handle, parse_follower_count
from duta.people.services import AccountDeclaration
from duta.programs.models import Stage
from duta.programs.rules import KNOWN_KEYS, RulesError, parse_rules

MAX_RULES_BYTES = 100 * 1024
FIRST_PLATFORMS = (Platform.INSTAGRAM, Platform.FACEBOOK, Platform.X, Platform.TIKTOK)
MORE_PLATFORMS = tuple(platform for platform in Platform if platform not in FIRST_PLATFORMS)

RULES_EXAMPLE = json.dumps(
    {
        "min_followers": {"facebook": 500, "x": 500, "instagram": 500},
        "followers_mode": "all",
        "count_source": "declared",
        "birth_year": {"min": 1981, "max": 2005},
        "min_tenure_months": 12,
        "units_excluded": ["Inspektorat Jenderal"],
        "require_code_of_conduct": True,
        "cohort_size": 20,
        "max_per_unit": 3,
        "generation_mix": {"millennial": 0.7, "gen_z": 0.3},
    },
    indent=2,
)


def rules_text(rules: dict[str, object]) -> str:
    """The rules document as an admin edits it: pretty-printed, Indonesian names as written."""
    return json.dumps(rules, indent=2, ensure_ascii=False)


# --- programs ----------------------------------------------------------------------------------


class _RulesForm(forms.Form):
    """The rules as JSON, typed or uploaded; ``cleaned_data["rules_data"]`` is the parsed document."""

    rules = forms.CharField(
        label=_("Rules (JSON)"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 16,
                "class": "code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "autocomplete": "off",
                "placeholder": RULES_EXAMPLE,
            }
        ),
    )
    rules_file = forms.FileField(
        label=_("Or upload the rules as a .json file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].help_text = gettext(
            "Every key is optional; leave the box empty for a program open to everyone. Known keys: %(keys)s."
        ) % {"keys": ", ".join(KNOWN_KEYS)}
        self.fields["rules_file"].help_text = gettext(
            "At most %(kilobytes)d KB. A file replaces what is typed in the box above."
        ) % {"kilobytes": MAX_RULES_BYTES // 1024}

    def _read_upload(self, upload: UploadedFile) -> str | None:
        if not (upload.name or "").lower().endswith(".json"):
            self.add_error("rules_file", gettext("Upload a file whose name ends in .json."))
            return None
        if upload.size is not None and upload.size > MAX_RULES_BYTES:
            self.add_error(
                "rules_file",
                gettext("The file is larger than %(kilobytes)d KB.") % {"kilobytes": MAX_RULES_BYTES // 1024},
            )
            return None
        try:
            return upload.read(MAX_RULES_BYTES + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("rules_file", gettext("The file is not UTF-8 text. Save it again as UTF-8."))
            return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("rules_file")
        field = "rules_file" if upload else "rules"
        text = self._read_upload(upload) if upload else cleaned.get("rules", "")
        if text is None or field in self.errors:
            return cleaned
        if not text.strip():
            cleaned["rules_data"] = {}
            return cleaned
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.add_error(
                field,
                gettext("This is not valid JSON: line %(line)d, column %(column)d (%(problem)s).")
                % {"line": error.lineno, "column": error.colno, "problem": error.msg},
            )
            return cleaned
        try:
            parse_rules(data)
        except RulesError as error:
            self.add_error(field, ValidationError([ValidationError(message) for message in error.messages]))
            return cleaned
        cleaned["rules_data"] = data
        return cleaned


class ProgramCreateForm(_RulesForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.CharField(
        label=_("Short name"),
        max_length=50,
        help_text=_("Used in the program's web address: lowercase letters, digits and hyphens, e.g. duta-2025."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["name", "slug", "description", "rules", "rules_file"]


class ProgramEditForm(_RulesForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    open_for_applications = forms.BooleanField(label=_("Open for applications"), required=False)
    weekly_target = forms.IntegerField(
        label=_("Shares a week"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("The cadence asked of each active ambassador: streaks count the weeks that reach it."),
    )

    field_order = ["name", "description", "open_for_applications", "weekly_target", "rules", "rules_file"]


# --- candidates --------------------------------------------------------------------------------


class CandidateFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])


class EvaluationFilterForm(forms.Form):
    eligible = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everyone")), ("yes", _("Eligible")), ("no", _("Not eligible"))],
    )


class CandidateMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words that the candidate's history keeps, e.g. “Profile checked, no problems found”."),
    )

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)
        stage.choices = [(value, Stage(value).label) for value in stages]


class NominateForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Employee"),
        queryset=Employee.objects.none(),
        error_messages={
            "required": _("Choose an employee from the list."),
            "invalid_choice": _("Choose an employee of the units you may nominate from."),
        },
    )
    reason = forms.CharField(
        label=_("Why this person"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: active on Instagram, writes well about the unit's work."),
    )

    def __init__(self, *args: Any, employees: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employee = self.fields["employee"]
        assert isinstance(employee, forms.ModelChoiceField)
        employee.queryset = employees


class CohortForm(forms.Form):
    size = forms.IntegerField(
        label=_("Cohort size"),
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
        help_text=_("Leave empty to choose everyone eligible (within the limits per unit and generation)."),
    )


# --- applying ----------------------------------------------------------------------------------


class ApplyForm(forms.Form):
    """One handle, follower count and optional screenshot per platform, the consent and the code of conduct."""

    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("Tick “I agree”: applying needs your consent.")},
    )
    code_of_conduct = forms.BooleanField(
        label=_("I accept the social media code of conduct"),
        error_messages={"required": _("This program asks you to accept the code of conduct.")},
    )

    def __init__(self, *args: Any, require_code_of_conduct: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not require_code_of_conduct:
            del self.fields["code_of_conduct"]
        for platform in Platform:
            name = Platform(platform).label
            self.fields[f"{platform}_handle"] = forms.CharField(
                label=gettext("%(platform)s account") % {"platform": name},
                required=False,
                max_length=300,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "placeholder": "@"}
                ),
            )
            self.fields[f"{platform}_followers"] = forms.CharField(
                label=gettext("%(platform)s followers") % {"platform": name},
                required=False,
                max_length=30,
                help_text=gettext("As the profile shows it today, e.g. 1.250, 1,2rb or 12K."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields[f"{platform}_evidence"] = forms.ImageField(
                label=gettext("Screenshot of your %(platform)s profile (optional)") % {"platform": name},
                required=False,
                help_text=gettext("JPEG, PNG or WebP, at most %(megabytes)d MB.")
                % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
                widget=forms.FileInput(attrs={"accept": "image/*"}),
            )
        self.declarations: list[AccountDeclaration] = []

    def platform_fields(self, platforms: tuple[str, ...]) -> list[tuple[str, list[forms.BoundField]]]:
        """(platform label, its three bound fields) for the template."""
        return [
            (
                Platform(platform).label,
                [self[f"{platform}_{part}"] for part in ("handle", "followers", "evidence")],
            )
            for platform in platforms
        ]

    def first_platforms(self) -> list[tuple[str, list[forms.BoundField]]]:
        return self.platform_fields(FIRST_PLATFORMS)

    def more_platforms(self) -> list[tuple[str, list[forms.BoundField]]]:
        return self.platform_fields(MORE_PLATFORMS)

    def more_platforms_used(self) -> bool:
        """Open "More platforms" when one of them is filled in or has an error."""
        for platform in MORE_PLATFORMS:
            for part in ("handle", "followers", "evidence"):
                name = f"{platform}_{part}"
                if self[name].errors or self[name].value():
                    return True
        return False

    def _clean_platform(self, platform: str, cleaned: dict[str, Any]) -> AccountDeclaration | None:
        handle = cleaned.get(f"{platform}_handle") or ""
        followers_text = cleaned.get(f"{platform}_followers") or ""
        evidence = cleaned.get(f"{platform}_evidence")
        name = Platform(platform).label
        if not handle:
            if followers_text:
                self.add_error(
                    f"{platform}_followers", gettext("Give your %(platform)s account too.") % {"platform": name}
                )
            if evidence:
                self.add_error(
                    f"{platform}_evidence", gettext("Give your %(platform)s account too.") % {"platform": name}
                )
            return None
        valid = True
        try:
            normalize_handle(platform, handle)
        except ParseError as error:
            self.add_error(f"{platform}_handle", error.message)
            valid = False
        followers: int | None = None
        if followers_text:
            try:
                followers = parse_follower_count(followers_text)
            except ParseError as error:
                self.add_error(f"{platform}_followers", error.message)
                valid = False
        if evidence:
            image = getattr(evidence, "image", None)
            if evidence.size is not None and evidence.size > MAX_UPLOAD_BYTES:
                self.add_error(
                    f"{platform}_evidence",
                    gettext("The screenshot is larger than %(megabytes)d MB.")
                    % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
                )
                valid = False
            elif image is None or image.format not in ACCEPTED_FORMATS:
                self.add_error(f"{platform}_evidence", gettext("Upload a screenshot as a JPEG, PNG or WebP image."))
                valid = False
            elif not followers_text:
                self.add_error(f"{platform}_followers", gettext("Write the follower count that the screenshot shows."))
                valid = False
        if not valid:
            return None
        return AccountDeclaration(platform=platform, handle=handle, followers=followers, evidence=evidence or None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        declarations = [self._clean_platform(platform, cleaned) for platform in Platform]
        self.declarations = [declaration for declaration in declarations if declaration is not None]
        if not self.errors and not self.declarations:
            self.add_error(None, gettext("Give at least one social media account."))
        return cleaned

    def add_service_error(self, error: ApplicationError) -> None:
        """A service's refusal on the right field: a platform's name means that platform's handle."""
        field = f"{error.field}_handle" if error.field in Platform.values else error.field
        self.add_error(field if field in self.fields else None, error.message)
