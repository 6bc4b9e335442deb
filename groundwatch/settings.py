"""Django settings for groundwatch, read only from environment variables.

Embedded mode (the default) keeps everything — SQLite database, attachment store, secret key — under
``GROUNDWATCH_DATA_DIR`` and needs no server. Production mode (``GROUNDWATCH_PRODUCTION=1``) requires an
explicit secret key and is meant to run on PostgreSQL. Mistakes are reported by system checks
(``groundwatch/core/checks.py``), not by crashing at import time.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from groundwatch.lib.env import declare, env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent

declare(
    "GROUNDWATCH_DATA_DIR",
    "./groundwatch-data",
    "Folder for the SQLite database, the attachment store and the generated secret key.",
)
declare(
    "DATABASE_URL",
    "(unset: SQLite in the data dir)",
    "Database to use, e.g. postgres://user@host:5432/groundwatch. Only PostgreSQL and SQLite are supported.",
)
declare(
    "GROUNDWATCH_PRODUCTION",
    "false",
    "Production mode: the secret key must be given, secure cookies, no generated secrets.",
)
declare(
    "GROUNDWATCH_SECRET_KEY",
    "(generated into the data dir in embedded mode; required in production)",
    "Django's secret key for signing sessions and tokens. At least 50 characters.",
)
declare("GROUNDWATCH_DEBUG", "false", "Django debug pages. Never in production: they show request data.")
declare(
    "GROUNDWATCH_ALLOWED_HOSTS",
    "localhost,127.0.0.1,[::1]",
    "Comma-separated host names the server answers to.",
)
declare(
    "GROUNDWATCH_CSRF_TRUSTED_ORIGINS",
    "(empty)",
    "Comma-separated origins (https://monitor.example.org) allowed to post forms behind a proxy.",
)
declare(
    "GROUNDWATCH_ATTACHMENT_MAX_BYTES",
    "104857600",
    "Largest attachment accepted, in bytes (default 100 MiB). Larger uploads are refused.",
)
declare(
    "GROUNDWATCH_IMPORT_MAX_BYTES",
    "2147483648",
    "Largest file an import takes (upload or `groundwatch import`), in bytes (default 2 GiB). The file is "
    "kept whole as its report's attachment under this limit, not the attachment one.",
)
declare(
    "GROUNDWATCH_FIELD_KEY_FILE",
    "<data dir>/field-keys.json",
    "Keyring for encrypting protected persons' fields. Generated in embedded mode; required in production. "
    "Keep it and its backups apart from the database.",
)
declare(
    "GROUNDWATCH_HTTPS_PROXY",
    "false",
    "Trust X-Forwarded-Proto: https from the reverse proxy in front of groundwatch (only behind a proxy).",
)
declare("GROUNDWATCH_SSL_REDIRECT", "true in production", "Redirect plain HTTP to HTTPS in production mode.")
declare(
    "GROUNDWATCH_HSTS_SECONDS",
    "31536000 in production",
    "Strict-Transport-Security max-age sent over HTTPS in production mode (0 turns it off).",
)
declare(
    "GROUNDWATCH_HSTS_INCLUDE_SUBDOMAINS",
    "false",
    "Add includeSubDomains to Strict-Transport-Security; only if every subdomain is served over HTTPS.",
)
declare(
    "GROUNDWATCH_HSTS_PRELOAD",
    "false",
    "Add preload to Strict-Transport-Security (for the browsers' preload list).",
)
declare(
    "GROUNDWATCH_REQUIRE_TWO_FACTOR",
    "true",
    "Analysts, coordinators, admins and staff must sign in with a code from an authenticator app (TOTP).",
)
declare(
    "GROUNDWATCH_LOGIN_THROTTLE", "true", "Lock a username at one address out after repeated failed sign-ins."
)
declare("GROUNDWATCH_LOGIN_FAILURE_LIMIT", "5", "Failed sign-ins before the lock-out.")
declare("GROUNDWATCH_LOGIN_LOCKOUT_MINUTES", "15", "How long a lock-out lasts.")
declare("GROUNDWATCH_LOG_LEVEL", "INFO", "Log level of groundwatch's own loggers.")
declare(
    "GROUNDWATCH_LOG_FORMAT",
    "plain",
    "plain (human-readable lines) or json (one JSON object per line, for log shippers; no request data).",
)
declare(
    "GROUNDWATCH_REDIS_URL",
    "(unset)",
    "Redis server, e.g. redis://127.0.0.1:6379/0. When set, /readyz checks it and the Redis task queue can use it.",
)
declare(
    "GROUNDWATCH_TASK_BACKEND",
    "database",
    "Where background tasks queue: database (no extra server) or redis (GROUNDWATCH_REDIS_URL; workers on many hosts).",
)
declare("GROUNDWATCH_TASK_REDIS_PREFIX", "groundwatch:tasks", "Key prefix of the Redis task queue.")
declare(
    "GROUNDWATCH_TASK_VISIBILITY_TIMEOUT",
    "300",
    "Seconds after which a Redis task whose worker stopped renewing its lease (died) is queued again.",
)

DATA_DIR = env_path("GROUNDWATCH_DATA_DIR", "groundwatch-data")
PRODUCTION = env_bool("GROUNDWATCH_PRODUCTION")
DEBUG = env_bool("GROUNDWATCH_DEBUG") and not PRODUCTION
ATTACHMENT_STORE_DIR = DATA_DIR / "attachments"
FIELD_KEY_FILE = env_path("GROUNDWATCH_FIELD_KEY_FILE", DATA_DIR / "field-keys.json")
ATTACHMENT_MAX_BYTES = env_int("GROUNDWATCH_ATTACHMENT_MAX_BYTES", 100 * 1024 * 1024, minimum=1)
IMPORT_MAX_BYTES = env_int("GROUNDWATCH_IMPORT_MAX_BYTES", 2 * 1024 * 1024 * 1024, minimum=1)
declare(
    "GROUNDWATCH_MAP_TILE_URL",
    "(unset: offline map, no tiles)",
    "Online map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; unset, the map uses only shipped boundaries.",
)
MAP_TILE_URL = env_str("GROUNDWATCH_MAP_TILE_URL", "")
declare("GROUNDWATCH_MAP_TILE_ATTRIBUTION", "(empty)", "Attribution text shown with the online map tiles.")
MAP_TILE_ATTRIBUTION = env_str("GROUNDWATCH_MAP_TILE_ATTRIBUTION", "")
declare(
    "GROUNDWATCH_FETCH_PRIVATE_ADDRESSES",
    "false",
    "Let article and feed fetching reach private, loopback and link-local addresses (an intranet feed server).",
)
FETCH_PRIVATE_ADDRESSES = env_bool("GROUNDWATCH_FETCH_PRIVATE_ADDRESSES")
declare(
    "GROUNDWATCH_FEED_POLL_MINUTES",
    "30",
    "Minutes between background polls of the missions' RSS/Atom feeds (`groundwatch feeds poll --background`).",
)
FEED_POLL_MINUTES = env_int("GROUNDWATCH_FEED_POLL_MINUTES", 30, minimum=1)
declare(
    "GROUNDWATCH_EXPORT_KEEP_HOURS",
    "72",
    "Hours a finished background export's file is kept for its requester; older files are removed.",
)
EXPORT_KEEP_HOURS = env_int("GROUNDWATCH_EXPORT_KEEP_HOURS", 72, minimum=1)


def _secret_key() -> tuple[str, str]:
    """Return (key, origin). In embedded mode the key is generated once into the data dir."""
    given = env_str("GROUNDWATCH_SECRET_KEY")
    if given:
        return given, "environment"
    if PRODUCTION:
        # Checks (groundwatch.E001) refuse to serve with this; it exists so `check` itself can run.
        return secrets.token_urlsafe(64), "missing"
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip(), "data-dir"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.touch(mode=0o600)
    key_file.write_text(key + "\n")
    return key, "data-dir"


SECRET_KEY, SECRET_KEY_ORIGIN = _secret_key()

ALLOWED_HOSTS = env_list("GROUNDWATCH_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("GROUNDWATCH_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "groundwatch.core",
    "groundwatch.accounts",
    "groundwatch.audit",
    "groundwatch.geo",
    "groundwatch.sources",
    "groundwatch.events",
    "groundwatch.humanitarian",
    "groundwatch.displacement",
    "groundwatch.ceasefire",
    "groundwatch.assessment",
    "groundwatch.ingest",
    "groundwatch.protection",
    "groundwatch.reports",
    "groundwatch.api",
    "groundwatch.web",
    "groundwatch.operations",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "groundwatch.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "groundwatch.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "groundwatch.urls"
WSGI_APPLICATION = "groundwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "groundwatch.sqlite3"),
            # Each server thread keeps its connection between requests: opening one (file, PRAGMAs,
            # SQL functions) took about a sixth of an OpenRosa submission's CPU time.
            "CONN_MAX_AGE": 300,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers carry on while one writer writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username/address pair is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
REQUIRE_TWO_FACTOR = env_bool("GROUNDWATCH_REQUIRE_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "groundwatch"
AXES_ENABLED = env_bool("GROUNDWATCH_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("GROUNDWATCH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("GROUNDWATCH_LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("GROUNDWATCH_HTTPS_PROXY") else 0
AXES_VERBOSE = False

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production serves files collected here (`groundwatch collectstatic`); embedded mode serves them from the apps.
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
# Embedded mode serves static files straight from the apps, so `demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

HTTPS_PROXY = env_bool("GROUNDWATCH_HTTPS_PROXY")
if HTTPS_PROXY:
    # The reverse proxy terminates TLS and says so in X-Forwarded-Proto; trust it only when told to.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("GROUNDWATCH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("GROUNDWATCH_HSTS_SECONDS", 31_536_000, minimum=0) if PRODUCTION else 0
# Whether every subdomain is HTTPS-only, and preloading, are the domain owner's decisions: off unless set,
# and Django's reminders about them (security.W005, W021) are silenced so `check --deploy` shows real issues.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GROUNDWATCH_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("GROUNDWATCH_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Tried in order for every API request (a bearer token first, then the signed-in session).
API_AUTHENTICATION = ["groundwatch.accounts.auth.TokenAuth", "groundwatch.accounts.auth.SessionAuth"]
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

REDIS_URL = env_str("GROUNDWATCH_REDIS_URL")
TASK_BACKEND = env_str("GROUNDWATCH_TASK_BACKEND", "database").lower()
TASKS = {
    "default": (
        {
            "BACKEND": "groundwatch.operations.queue.RedisBackend",
            "OPTIONS": {
                "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
                "PREFIX": env_str("GROUNDWATCH_TASK_REDIS_PREFIX", "groundwatch:tasks"),
                "VISIBILITY_TIMEOUT": env_int("GROUNDWATCH_TASK_VISIBILITY_TIMEOUT", 300, minimum=1),
            },
        }
        if TASK_BACKEND == "redis"
        else {"BACKEND": "django_tasks_db.DatabaseBackend"}
    )
}
LOG_FORMAT = "json" if env_str("GROUNDWATCH_LOG_FORMAT", "plain").lower() == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "groundwatch.operations.logs.JsonLinesFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "loggers": {
        "groundwatch": {"handlers": ["console"], "level": env_str("GROUNDWATCH_LOG_LEVEL", "INFO").upper()},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
