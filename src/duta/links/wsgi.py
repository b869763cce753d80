"""The redirector alone, as a WSGI application (`duta redirector`, or any WSGI server): ``/s/<code>`` only."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duta.config.settings")
django.setup()

from duta.links.redirector import redirector_from_settings  # noqa: E402  # needs the settings loaded above

_redirector = redirector_from_settings()


def application(environ, start_response):  # type: ignore[no-untyped-def]
    if not environ.get("PATH_INFO", "").startswith("/s/"):
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
        return [b"Not Found"]
    return _redirector(environ, start_response)
