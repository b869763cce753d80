"""Forms of the mentoring pages: a new pairing, and a session with up to three follow-ups agreed in it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duta.academy.models import MentoringSession, Mentorship
from duta.academy.services.mentoring import FollowUpSpec
from duta.organizations.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FOLLOW_UP_ROWS = 3


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        name = str(obj.user)
        details = [str(obj.get_role_display())] + ([obj.unit.name] if obj.unit else [])
        return f"{name} ({', '.join(details)})"


class MentorshipForm(forms.Form):
    mentor = MemberChoiceField(
        label=_("Mentor"),
        queryset=Membership.objects.none(),
        help_text=_("Someone of the PR team or an experienced ambassador."),
    )
    mentee = MemberChoiceField(label=_("Mentee"), queryset=Membership.objects.none())
    goals = forms.CharField(
        label=_("Goals"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the mentee wants to get better at. The pair and the PR team see it."),
    )
    started_on = forms.DateField(label=_("Starts on"), widget=DATE)

    def __init__(self, *args: Any, mentors: QuerySet[Membership], mentees: QuerySet[Membership], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["mentee"].queryset = mentees  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mentor, mentee = data.get("mentor"), data.get("mentee")
        if mentor is not None and mentor == mentee:
            self.add_error("mentee", _("The mentee must be someone other than the mentor."))
        return data


def _row(index: int, name: str) -> str:
    return f"follow_up_{index}_{name}"


class SessionForm(forms.Form):
    """A session's date, topic and notes, and ``rows`` optional follow-up rows (text, for whom, due date): a row
    left empty is ignored, a row begun must be completed."""

    held_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. The pair and the PR team see them."),
    )

    def __init__(
        self,
        *args: Any,
        mentorship: Mentorship,
        session: MentoringSession | None = None,
        rows: int = FOLLOW_UP_ROWS,
        **kwargs: Any,
    ) -> None:
        if session is not None:
            kwargs.setdefault("initial", {"held_on": session.held_on, "topic": session.topic, "notes": session.notes})
        else:
            kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.rows = range(1, rows + 1)
        owners = [
            ("mentee", _("Mentee: %(name)s") % {"name": mentorship.mentee.user}),
            ("mentor", _("Mentor: %(name)s") % {"name": mentorship.mentor.user}),
        ]
        for index in self.rows:
            self.fields[_row(index, "text")] = forms.CharField(
                label=_("What was agreed"), required=False, max_length=500
            )
            self.fields[_row(index, "owner")] = forms.ChoiceField(
                label=_("Who does it"), choices=owners, initial="mentee", required=False
            )
            self.fields[_row(index, "due_on")] = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def main_fields(self) -> list[forms.BoundField]:
        return [self["held_on"], self["topic"], self["notes"]]

    def row_fields(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (index, [self[_row(index, "text")], self[_row(index, "owner")], self[_row(index, "due_on")]])
            for index in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_on: dt.date | None = data.get("held_on")
        for index in self.rows:
            text = (data.get(_row(index, "text")) or "").strip()
            due_on: dt.date | None = data.get(_row(index, "due_on"))
            errors_before = any(self.has_error(_row(index, name)) for name in ("text", "owner", "due_on"))
            if errors_before or (not text and due_on is None):
                continue
            if not text:
                self.add_error(_row(index, "text"), _("Write what was agreed, or clear the date."))
            elif due_on is None:
                self.add_error(_row(index, "due_on"), _("Give a due date."))
            elif held_on is not None and due_on < held_on:
                self.add_error(_row(index, "due_on"), _("A follow-up cannot be due before the session."))
            if not data.get(_row(index, "owner")):
                data[_row(index, "owner")] = "mentee"
        return data

    def follow_ups(self) -> list[FollowUpSpec]:
        """The completed rows, in order."""
        specs = []
        for index in self.rows:
            text = (self.cleaned_data.get(_row(index, "text")) or "").strip()
            if text:
                specs.append(
                    FollowUpSpec(
                        text=text,
                        owner=self.cleaned_data.get(_row(index, "owner")) or "mentee",
                        due_on=self.cleaned_data[_row(index, "due_on")],
                    )
                )
        return specs
