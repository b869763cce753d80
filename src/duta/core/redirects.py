"""Redirects to an address the request names, only when it is a path on this site (no open redirect)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def local_redirect(request: HttpRequest, target: str, fallback: str) -> HttpResponseRedirect:
    """To ``target`` when it is a path on this site, else to ``fallback``."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)
