from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from duta.accounts import services
from duta.accounts.models import Language, TimeZone, User
from duta.core.exceptions import ApplicationError
from duta.core.request_context import client_ip_from_request


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}),
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is wrong."),
        "inactive": _("This account has been deactivated."),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        ip_address = client_ip_from_request(self.request) if self.request else None
        if email and password:
            try:
                services.login_throttle_check(email=email, ip_address=ip_address)
            except ApplicationError as error:
                raise forms.ValidationError(error.message, code=error.code) from error
            try:
                return super().clean()
            except forms.ValidationError:
                services.login_failure_record(email=email, ip_address=ip_address)
                raise
        return self.cleaned_data


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TimeZone.choices)

    @classmethod
    def for_user(cls, user: User, data: Any = None) -> ProfileForm:
        return cls(data, initial={"full_name": user.full_name, "language": user.language, "time_zone": user.time_zone})


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by the worker after the request commits."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from duta.accounts.tasks import email_send

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        transaction.on_commit(lambda: email_send(subject, body, [to_email], html_body))
