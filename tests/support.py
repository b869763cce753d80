from __future__ import annotations

import os
from typing import NoReturn

import pytest
from django.test import Client

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_or_skip(reason: str) -> NoReturn:
    """In CI a missing real component is an error; on a developer's machine it is a skip."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


def login_client(user: object) -> Client:
    """A test client logged in as ``user``."""
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client
