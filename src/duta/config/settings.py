"""Duta's one settings module, driven by the environment (see ``.env.example``).

Development is the default (``DEBUG=true``); production is the same module with
``DEBUG=false``, which turns on secure cookies, HSTS and HTTPS redirects and refuses the
development secret key.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from duta.config.env import Env

django_stubs_ext.monkeypatch()  # lets ModelAdmin[Model], QuerySet[Model] ... be written at run time

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
# A checkout keeps its data in ./var; an installed package in ./var of the working directory.
DEFAULT_VAR_DIR = BASE_DIR / "var" if (BASE_DIR / "pyproject.toml").exists() else Path.cwd() / "var"
VAR_DIR = Path(env.string("DUTA_VAR_DIR", str(DEFAULT_VAR_DIR))).resolve()
try:
    VAR_DIR.mkdir(exist_ok=True)
except OSError as error:
    raise ImproperlyConfigured(f"Environment variable DUTA_VAR_DIR: cannot use {VAR_DIR}: {error.strerror}") from None

DEVELOPMENT_SECRET_KEY = "duta-development-key-not-for-production"  # noqa: S105

DEBUG = env.boolean("DEBUG", True)
SECRET_KEY = env.string("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY: production (DEBUG=false) needs a random secret of at "
        'least 50 characters; generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.csv_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "huey.contrib.djhuey",
    "duta.core",
    "duta.accounts",
    "duta.organizations",
    "duta.people",
    "duta.programs",
    "duta.screening",
    "duta.notifications",
    "duta.academy",
    "duta.campaigns",
    "duta.links",
    "duta.analytics",
    "duta.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duta.core.request_context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duta.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "duta.config.urls"
WSGI_APPLICATION = "duta.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duta.organizations.context_processors.membership",
            ],
        },
    }
]

DATABASES = {"default": env.database("DATABASE_URL", VAR_DIR / "duta.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    # behind PgBouncer in transaction pooling mode, server-side cursors must be off
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.boolean("DATABASE_DISABLE_SERVER_SIDE_CURSORS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

HUEY = {
    "name": "duta",
    "huey_class": "huey.PriorityRedisHuey" if REDIS_URL else "huey.SqliteHuey",  # priorities: Redis 5+
    "immediate": env.boolean("HUEY_IMMEDIATE", False),
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")},
    "consumer": {"workers": env.integer("HUEY_WORKERS", 2, minimum=1), "worker_type": "thread"},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organizations:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling: failures counted per account and per client address over a window.
LOGIN_FAILURE_WINDOW_SECONDS = env.integer("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)
LOGIN_FAILURES_PER_ACCOUNT = env.integer("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env.integer("LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
INVITATION_VALID_DAYS = env.integer("INVITATION_VALID_DAYS", 7, minimum=1)
# Reputation screening: raw posts are deleted this many days after the decision (Law 27/2022);
# one uploaded data export may be this large (it is read as a stream, never held in memory).
SCREENING_RAW_RETENTION_DAYS = env.integer("SCREENING_RAW_RETENTION_DAYS", 30, minimum=1)
SCREENING_MAX_UPLOAD_MB = env.integer("SCREENING_MAX_UPLOAD_MB", 2560, minimum=1)
# Where `duta screening train|evaluate` read the public datasets by default.
SCREENING_DATA_DIR = Path(env.string("SCREENING_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))
# Campaign attachments: the largest image, video and PDF one upload may be (checked while reading).
CAMPAIGNS_MAX_IMAGE_MB = env.integer("CAMPAIGNS_MAX_IMAGE_MB", 15, minimum=1)
CAMPAIGNS_MAX_VIDEO_MB = env.integer("CAMPAIGNS_MAX_VIDEO_MB", 100, minimum=1)
CAMPAIGNS_MAX_PDF_MB = env.integer("CAMPAIGNS_MAX_PDF_MB", 20, minimum=1)
# Notifications: a delivery left "sending" longer than this is sent again (its worker died); the mail
# server has this long to answer each e-mail.
NOTIFICATIONS_SENDING_TIMEOUT_MINUTES = env.integer("NOTIFICATIONS_SENDING_TIMEOUT_MINUTES", 15, minimum=1)
NOTIFICATIONS_EMAIL_TIMEOUT_SECONDS = env.integer("NOTIFICATIONS_EMAIL_TIMEOUT_SECONDS", 30, minimum=1)
# Tracked links: short links are SHORT_LINK_URL/s/<code> (the site by default; a shorter domain served by the
# redirector works too). Each redirector process appends clicks to its own journal in LINKS_JOURNAL_DIR and
# rotates it every LINKS_JOURNAL_ROTATE_SECONDS; it reads changed links every LINKS_REFRESH_SECONDS. The shipper
# (`duta clicks ship`) does not count a visitor's clicks on one link again within LINKS_REPEAT_WINDOW_MINUTES;
# raw clicks are deleted after LINKS_CLICK_RETENTION_DAYS (the daily counts stay).
SHORT_LINK_URL = env.string("SHORT_LINK_URL", SITE_URL).rstrip("/")
LINKS_JOURNAL_DIR = Path(env.string("LINKS_JOURNAL_DIR", str(VAR_DIR / "clicks")))
LINKS_NODE = env.string("LINKS_NODE", "")
LINKS_REFRESH_SECONDS = env.integer("LINKS_REFRESH_SECONDS", 1, minimum=1)
LINKS_JOURNAL_ROTATE_SECONDS = env.integer("LINKS_JOURNAL_ROTATE_SECONDS", 60, minimum=1)
LINKS_REPEAT_WINDOW_MINUTES = env.integer("LINKS_REPEAT_WINDOW_MINUTES", 30, minimum=0)
LINKS_CLICK_RETENTION_DAYS = env.integer("LINKS_CLICK_RETENTION_DAYS", 400, minimum=1)
# Analytics: the dashboards' figures are recomputed in the background every ANALYTICS_REFRESH_MINUTES (the
# current week, month, quarter and year; the day's figures for the charts).
ANALYTICS_REFRESH_MINUTES = env.integer("ANALYTICS_REFRESH_MINUTES", 15, minimum=1)
# Behind nginx the client address comes from X-Forwarded-For; trust it only when told to.
TRUST_X_FORWARDED_FOR = env.boolean("TRUST_X_FORWARDED_FOR", False)

LANGUAGE_CODE = env.choice("LANGUAGE_CODE", "id", ("id", "en"))
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.time_zone("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(VAR_DIR / "media")))
# Data exports uploaded for a reputation check wait here until the worker has read them (minutes): never
# under MEDIA_ROOT, which a web server may serve, and left out of backups (see docs/deployment.md).
SCREENING_UPLOAD_ROOT = Path(env.string("SCREENING_UPLOAD_ROOT", str(VAR_DIR / "private" / "screening")))
# Campaign attachments: private as well, served only through a view that checks who asks.
CAMPAIGNS_FILE_ROOT = Path(env.string("CAMPAIGNS_FILE_ROOT", str(VAR_DIR / "private" / "campaigns")))
# Monthly reports (PDF and XLSX) for leadership: private too.
REPORTS_FILE_ROOT = Path(env.string("REPORTS_FILE_ROOT", str(VAR_DIR / "private" / "reports")))
# Lesson images and PDFs of the academy: private, served only to members of the organization.
ACADEMY_FILE_ROOT = Path(env.string("ACADEMY_FILE_ROOT", str(VAR_DIR / "private" / "academy")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "screening": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SCREENING_UPLOAD_ROOT, "base_url": "/no-public-url/", "file_permissions_mode": 0o600},
    },
    "campaigns": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": CAMPAIGNS_FILE_ROOT, "base_url": "/no-public-url/", "file_permissions_mode": 0o600},
    },
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": REPORTS_FILE_ROOT, "base_url": "/no-public-url/", "file_permissions_mode": 0o600},
    },
    "academy": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ACADEMY_FILE_ROOT, "base_url": "/no-public-url/", "file_permissions_mode": 0o600},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_URL_SETTINGS = env.email("EMAIL_URL")
globals().update(EMAIL_URL_SETTINGS)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Duta <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "duta.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Duta API",
    "DESCRIPTION": "Internal influencer programs for Indonesian organizations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Security: on by default in production (DEBUG=false), each switchable for special set-ups.
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", not DEBUG)
if env.boolean("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14, minimum=60)
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))},
    # the Huey consumer installs its own handler: not propagating avoids every line twice
    "loggers": {"django.db.backends": {"level": "INFO"}, "huey": {"propagate": False}},
}
