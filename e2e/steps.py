"""Steps the phone tests share."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD


def log_in(phone: Any, base: str, email: str) -> None:
    """Log in on the site's form with the factories' password."""
    phone.goto(f"{base}/account/login/")
    phone.locator("input[name=username]").fill(email)
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit].primary").click()
