from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duta.organizations import rules
from duta.organizations.models import Invitation, Membership, Role, Unit

INDENT = "\u2003"  # an em space per level of the tree


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker that shows the tree by indentation."""

    def label_from_instance(self, obj: Unit) -> str:
        return INDENT * obj.depth + obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return INDENT * obj.depth + obj.name


def _role_choices(actor_role: str) -> list[tuple[str, str]]:
    allowed = rules.invitable_roles(actor_role)
    return [(value, str(label)) for value, label in Role.choices if value in allowed]


class _ParentUnitForm(forms.Form):
    """A form with a ``parent`` unit picker limited to ``units``; top level only where allowed."""

    def __init__(self, *args: Any, units: QuerySet[Unit], allow_top_level: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, UnitChoiceField)
        parent.queryset = units
        parent.required = not allow_top_level
        if not allow_top_level:
            parent.empty_label = None


class UnitCreateForm(_ParentUnitForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = UnitChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.none(), required=False, empty_label=_("(top level)")
    )


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class UnitMoveForm(_ParentUnitForm):
    parent = UnitChoiceField(
        label=_("New parent unit"), queryset=Unit.objects.none(), required=False, empty_label=_("(top level)")
    )


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name or e-mail"), required=False, max_length=100)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units"))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, UnitChoiceField)
        unit.queryset = units


class _PlacementForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("(no unit)"))
    coordinated_units = UnitMultipleChoiceField(
        label=_("Coordinated units (coordinators only)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, actor_role: str, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = _role_choices(actor_role)
        for name in ("unit", "coordinated_units"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = units
        if Role.COORDINATOR not in rules.invitable_roles(actor_role):
            del self.fields["coordinated_units"]  # this member cannot make anyone a coordinator


class MembershipForm(_PlacementForm):
    @classmethod
    def for_membership(
        cls, membership: Membership, *, actor_role: str, units: QuerySet[Unit], data: Any = None
    ) -> MembershipForm:
        form = cls(
            data,
            actor_role=actor_role,
            units=units,
            initial={
                "role": membership.role,
                "unit": membership.unit_id,
                "coordinated_units": [u.pk for u in membership.coordinated_units.all()],
            },
        )
        if membership.role not in rules.invitable_roles(actor_role):
            form.fields["role"].disabled = True
            role = form.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [(membership.role, membership.get_role_display())]
        return form


class InvitationForm(_PlacementForm):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))

    field_order = ["email", "role", "unit", "coordinated_units"]


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Invitation.Status.choices])


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("All actions")), *[(a, a) for a in actions]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
