"""The WSGI application: Django, with ``/s/<code>`` answered by the lean redirector before Django sees it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duta.config.settings")

django_application = get_wsgi_application()

from duta.links.redirector import mount  # noqa: E402  # needs the settings loaded above

application = mount(django_application)
