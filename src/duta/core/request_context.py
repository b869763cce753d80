"""The client address of the request being served, for audit rows written by services."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_client_ip: ContextVar[str | None] = ContextVar("duta_client_ip", default=None)


def client_ip_from_request(request: HttpRequest) -> str | None:
    candidate = request.META.get("REMOTE_ADDR")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # nginx appends the peer it saw: the right-most entry is the one our proxy vouches for
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def current_client_ip() -> str | None:
    return _client_ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip_from_request(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
