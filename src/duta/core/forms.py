from __future__ import annotations

from django import forms

from duta.core.exceptions import ApplicationError


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's refusal on the form, on its field when the service named one."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
