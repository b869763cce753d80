from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

SUPPORTED_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def language_for_request(request: HttpRequest) -> str:
    """The member's own choice, else this browser's choice, else Bahasa Indonesia (the default).

    The browser's Accept-Language is deliberately not consulted: many phones in Indonesia are
    set to English while their owners expect an Indonesian office application to speak Indonesian.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED_LANGUAGES:
        return str(user.language)
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in SUPPORTED_LANGUAGES else settings.LANGUAGE_CODE


class UserPreferencesMiddleware:
    """Serve each request in the member's language and time zone (WIB, WITA or WIT)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            # the thread serves the next request (or test) in its own language and zone
            timezone.deactivate()
            translation.activate(previous) if previous else translation.deactivate()
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
