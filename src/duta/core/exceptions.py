from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model


class ApplicationError(Exception):
    """A business rule said no. ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def forbidden() -> ApplicationError:
    """The refusal a service raises when the member's role or scope does not allow the write."""
    from django.utils.translation import gettext as _

    return ApplicationError(_("You do not have permission to do this."), code="forbidden")


def full_clean_or_refuse(
    instance: Model,
    *,
    exclude: list[str] | None = None,
    validate_unique: bool = True,
    validate_constraints: bool = True,
) -> None:
    """The model's own checks (``full_clean``); the first problem becomes an ``ApplicationError`` on its field."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=validate_constraints)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(str(messages[0]), field=None if field == NON_FIELD_ERRORS else field) from error
