"""Living Lab settings: one module, configured from the environment.

With no configuration the portal runs embedded (SQLite, eager Celery, in-memory
cache). DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
    elif env_bool("LIVINGLAB_KEYLESS_COMMAND", False):
        # A management command that neither serves nor signs (manage.py says which): any key will do.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "livinglab",
    "regencies",
    "spbe",
    "knowledge",
]

MIDDLEWARE = [
    # Outermost but for the request log and metrics (which then count the 304s): it sees the final
    # body, hashes it into an ETag and answers If-None-Match with 304. Nothing inside it changes a
    # body per response: no CSP nonces (scripts and styles are files), and anonymous pages carry no
    # CSRF token (the language switch is a GET form).
    "livinglab.middleware.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "livinglab.middleware.PortalLocaleMiddleware",
    "livinglab.middleware.RejectNulMiddleware",
    # Anonymous pages from the cache until the database is written (livinglab/page_cache.py); after
    # the locale middleware, since the language is part of the key.
    "livinglab.page_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "livinglab.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "livinglab.urls"
WSGI_APPLICATION = "livinglab.wsgi.application"

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
                "knowledge.notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL names another (PostgreSQL in production and tests).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache and Celery broker when REDIS_URL is set; otherwise in-memory and eager.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "livinglab.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "livinglab"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Notifications (knowledge.notifications): digests and the freshness reminder run on Celery beat,
# in Asia/Jakarta time. Run exactly one beat process (README).
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE = {
    "daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ["weekly"],
    },
    "freshness-reminders": {
        "task": "notifications.send_freshness_reminders",
        "schedule": crontab(hour=8, minute=0, day_of_month=1),
    },
    "replication-stalled-reminders": {
        "task": "replications.send_stalled_reminders",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
}

# E-mail: printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Living Lab <noreply@localhost>")
# The portal's public address, for the links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tasks"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: Indonesian by default, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")

# Reverse proxies in front of the portal, each appending to X-Forwarded-For (livinglab/client_ip.py).
# 0: the header is ignored, the connecting address is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, got {TRUSTED_PROXY_COUNT}.")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated client gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["regencies.permissions.ReadOnlyOrRegencyEditor"],
    "DEFAULT_FILTER_BACKENDS": [
        "livinglab.api_filters.FilterBackend",
        "livinglab.api_ordering.StrictOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "livinglab.api_parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "livinglab.api_pagination.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["livinglab.api_throttling.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "livinglab.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "livinglab.api_errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
API_ANON_THROTTLE_RATE = env_str("API_ANON_THROTTLE_RATE", "120/minute")

SPECTACULAR_SETTINGS = {
    "TITLE": "Living Lab API",
    "DESCRIPTION": "Public read API and staff write API of the Digital Service Living Lab portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Practices have a kind and a status like regencies and evaluations: each enum named after its model.
    "ENUM_NAME_OVERRIDES": {
        "RegencyKindEnum": "regencies.models.Regency.Kind",
        "EvaluationStatusEnum": "spbe.models.Evaluation.Status",
        "PracticeKindEnum": "knowledge.practices.models.PracticeKind",
        "PracticeStatusEnum": "knowledge.practices.models.PracticeStatus",
        "CommentKindEnum": "knowledge.discussion.models.CommentKind",
        "ReplicationStageEnum": "knowledge.replications.stages.Stage",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "livinglab.api_schema.describe_query_parameters",
    ],
}

# Security: strict whenever DEBUG is off (`manage.py check --deploy` stays clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # forms send the token from the form, not from JS
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response: everything comes from the portal itself, no inline script
# or style (JS lives in static/js, CSS in static/css), no plug-ins, no framing, forms post only here.
# The API docs page loosens styles for Swagger UI (livinglab/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour, opted into now

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Operations (issue 11): several app hosts, a worker and beat, for years, through failures. ---------
# Sessions live in the database: a log-in on one app instance is valid on every other, and a Redis
# restart logs nobody out. The cache (log-in brake counters, import progress) is Redis when REDIS_URL
# is set, so both are shared by every instance too.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# How long an anonymous page may be served from the cache at most: any write through Django replaces
# it at once (livinglab/page_cache.py); this bounds writes made past Django. 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

# Uploaded files go through Django's storage API. One app host: the local MEDIA_ROOT. Several hosts:
# MEDIA_ROOT on shared storage (NFS), or an S3-compatible bucket through django-storages (README).
if env_str("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY"),
            "default_acl": None,  # private: evidence is served only through the portal's permission check
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Celery: a task is acknowledged only once it has finished, so a worker killed mid-task (SIGKILL, OOM,
# a lost host) leaves it in Redis and another worker runs it again; every task is idempotent for this.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 7 * 24 * 60 * 60
# An unacknowledged task is handed out again after this long: longer than the longest task (an import
# of every pemda takes under a minute), shorter than an operator's patience.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # Look for such messages every 10 s (one cheap Redis query), not every 100 s.
    "unacked_restore_throttle": 1,
}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Jobs kept in the database (imports) that stay queued or running longer than this are queued again
# by beat: a Redis restart loses the messages, never the jobs.
STALE_JOB_MINUTES = env_int("STALE_JOB_MINUTES", 15)
STALE_JOB_CHECK_SECONDS = env_int("STALE_JOB_CHECK_SECONDS", 5 * 60)

# Webhooks (knowledge.webhooks): allow URLs resolving into private or local networks (tests, an
# intranet receiver). Off by default: outgoing requests never reach the portal's own network.
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", False)

# Request ids and logs: one JSON object per line in production, plain text in development. The worker
# and beat log through the same configuration.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
MIDDLEWARE = ["livinglab.logging.RequestLogMiddleware", "livinglab.metrics.MetricsMiddleware", *MIDDLEWARE]
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "livinglab.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "livinglab.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Each request is logged once by RequestLogMiddleware; Django's own line would repeat it.
    "loggers": {"django.server": {"level": "WARNING"}, "django.request": {"level": "ERROR"}},
}

# /metrics (Prometheus text format): national admins, or a scraper sending `Authorization: Bearer
# <METRICS_TOKEN>`; everyone else gets 403.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# --- end of operations --------------------------------------------------------------------------------
