from __future__ import annotations


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
