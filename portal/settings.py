"""Telusur settings: every deployment value comes from the environment (see README, "Settings")."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.cache import cache_config, counter_cache_config
from portal.database import database_config, replica_configs
from portal.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-only-for-debug" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "haystack",
    "axes",
    "django_tasks_db",
    "django_ratelimit",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.api_access.ApiAccessMiddleware",
    "articles.search.health.SearchUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_config(env_str("DATABASE_URL", ""), BASE_DIR / "var" / "postgres" / "run")}
# Streaming read replicas (README "Scaling out"): reader pages, search and the read-only API read from a healthy
# one; writes, the admin, ingest and anything inside a transaction stay on the primary (portal/replicas.py).
_REPLICAS = replica_configs(env_list("DATABASE_REPLICA_URLS", []))
DATABASES.update(_REPLICAS)
DATABASE_REPLICAS = list(_REPLICAS)
DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
# A replica further behind the primary than this is skipped; each process looks at most every CHECK seconds.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30, minimum=0)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 5, minimum=1, maximum=3600)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR", str(BASE_DIR / "var" / "whoosh")))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "articles.search.backends.whoosh.TelusurWhooshEngine",
        "PATH": str(SEARCH_INDEX_DIR),
        "INCLUDE_SPELLING": False,
    },
}
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
# "whoosh" (haystack's index above) or "postgres" (PostgreSQL full-text search over the same Indonesian
# analysis; serves read replicas and needs no index directory). Switching: `manage.py reindex`.
SEARCH_BACKEND = env_choice("SEARCH_BACKEND", "whoosh", ["whoosh", "postgres"])
# Past this many articles in the Whoosh index, `manage.py check` advises the PostgreSQL backend (0: never);
# README, "When to switch", has the measured curve behind the default.
WHOOSH_MAX_DOCUMENTS = env_int("WHOOSH_MAX_DOCUMENTS", 100_000, minimum=0)
# Values each search facet lists (the most frequent; `facet_limit` of /api/search chooses 1..500 per request):
# a broad word carries ~16,500 entity values at 20,000 articles, which cost more to build and send than the search.
FACET_LIMIT = env_int("FACET_LIMIT", 50, minimum=1, maximum=500)
# Most rows one export (`/api/search?format=csv|jsonl`) holds; the X-Export-Truncated header says when it was cut.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 10_000, minimum=1, maximum=1_000_000)

# Rendered pages, search results and aggregates, keyed by the index version (so never stale), a few KB to
# ~50 KB each: on disk (DiskCache, about CACHE_SIZE_MB at most), shared by every worker on this machine, one
# directory per database; or, with CACHE_URL=redis://..., in one Redis shared by every web machine (portal/cache.py).
CACHE_DIR = Path(env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache" / DATABASES["default"]["NAME"])))
CACHES = {
    "default": cache_config(env_str("CACHE_URL", ""), CACHE_DIR, env_int("CACHE_SIZE_MB", 256, minimum=1)),
    # The API's request counters: tiny, short-lived, and exact across workers (see portal/cache.py).
    "ratelimit": counter_cache_config(env_str("CACHE_URL", ""), CACHE_DIR / "ratelimit"),
}

# API rate limit (django-ratelimit): anonymous requests per minute and client address (0: no limit); a valid
# API key (`Authorization: Bearer ...`, made in the admin) lifts it. Reader pages are never limited.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 60, minimum=0)
RATELIMIT_USE_CACHE = "ratelimit"
# Behind a reverse proxy every client has the proxy's address: name the header the proxy sets, e.g.
# API_CLIENT_IP_HEADER=HTTP_X_REAL_IP (a META key). Only behind such a proxy: clients could forge it otherwise.
RATELIMIT_IP_META_KEY = env_str("API_CLIENT_IP_HEADER", "") or None
# django-ratelimit knows only memcached and django-redis by name; the counter cache above is atomic by design
# (its own check still refuses a plain FileBasedCache, LocMemCache or DatabaseCache, as it should).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Ingest: worker processes that clean, describe and recognise while the main process stores (1: no workers).
INGEST_PROCESSES = env_int("INGEST_PROCESSES", os.cpu_count() or 1, minimum=1, maximum=64)
# Documents stored per transaction (a failing chunk is retried one document at a time).
INGEST_CHUNK_SIZE = env_int("INGEST_CHUNK_SIZE", 100, minimum=1, maximum=10_000)
# One document's analysis (clean, describe, recognise) gives up after this many seconds (0: never), and a text
# of more words is refused before it starts (0: any); either way that document fails alone and the batch goes on.
INGEST_DOCUMENT_SECONDS = env_int("INGEST_DOCUMENT_SECONDS", 30, minimum=0)
INGEST_MAX_WORDS = env_int("INGEST_MAX_WORDS", 20_000, minimum=0)

# Background tasks (Django's tasks framework). "immediate" runs them inline; "database" queues them in
# PostgreSQL for any number of `manage.py db_worker` processes. The "database" alias always exists.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[env_choice("TASKS_BACKEND", "immediate", list(TASK_BACKENDS))]},
    "database": {"BACKEND": TASK_BACKENDS["database"]},
}

# Feed polling (articles.ingest.polling): a failing feed waits its interval doubled per failure, up to this cap;
# one poll ingests at most this many new items (the rest on the next poll); the task workers look for due
# feeds this often (`poll_feeds --schedule` starts them).
FEED_MAX_BACKOFF_HOURS = env_int("FEED_MAX_BACKOFF_HOURS", 24, minimum=1, maximum=24 * 30)
FEED_MAX_ITEMS_PER_POLL = env_int("FEED_MAX_ITEMS_PER_POLL", 50, minimum=1, maximum=10_000)
FEED_TICK_SECONDS = env_int("FEED_TICK_SECONDS", 60, minimum=1, maximum=3600)

# Readers need no account; signed-in users (editors, or anyone an admin creates) keep saved searches.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "saved-searches"
LOGOUT_REDIRECT_URL = "home"

# E-mail (saved-search digests), through Django 6.1's mailers. MAILER=console prints each message (development);
# MAILER=smtp sends through SMTP_HOST. Tests replace every mailer with an outbox in memory.
MAILERS = {"default": (
    {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": env_str("SMTP_HOST", "localhost"),
        "port": env_int("SMTP_PORT", 587, minimum=1, maximum=65535),
        "username": env_str("SMTP_USER", ""),
        "password": env_str("SMTP_PASSWORD", ""),
        "use_tls": env_bool("SMTP_TLS", True),
        "timeout": 30,
    }} if env_choice("MAILER", "console", ["console", "smtp"]) == "smtp"
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
)}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Telusur <telusur@localhost>")
# Where readers reach the site: links in e-mails, which are written without a request to take the host from.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}")

# Security headers. Production behind TLS: SECURE_SSL_REDIRECT=true, SECURE_HSTS_SECONDS=31536000,
# SECURE_HSTS_INCLUDE_SUBDOMAINS=true, SECURE_HSTS_PRELOAD=true (then `manage.py check --deploy` is clean).
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (only ever enable it behind such a proxy).
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Only our own static files: no inline script or style, no third-party origin, no framing, no plugins.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Login rate limiting (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES; failures are kept in the database, shared by all workers.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"telusur": {"level": "INFO"}},
}
