"""Lisko settings, read from the environment.

Every variable has a working default for the embedded setup (SQLite, a broker without a
server). Production sets DATABASE_URL, REDIS_URL and the LISKO_* variables (see .env.example).
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LISKO_VAR_DIR", BASE_DIR / "var"))
# The embedded database, broker and beat schedule live here; SQLite will not create the folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LISKO_DEBUG", True)
# The embedded default is for a laptop; production refuses to start with it.
EMBEDDED_SECRET_KEY = "django-insecure-lisko-embedded-default-key-change-me"
SECRET_KEY = env_str("LISKO_SECRET_KEY", EMBEDDED_SECRET_KEY)
if not DEBUG and SECRET_KEY == EMBEDDED_SECRET_KEY:
    raise ImproperlyConfigured(
        "LISKO_SECRET_KEY must be set when LISKO_DEBUG is false: the embedded key is public."
    )
ALLOWED_HOSTS = env_list("LISKO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("LISKO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "lisko.core",
    "lisko.accounts",
    "lisko.organisations",
    "lisko.places",
    "lisko.languages",
    "lisko.audit",
    "lisko.clients",
    "lisko.plans",
    "lisko.associations",
    "lisko.referrals",
    "lisko.interpreters",
    "lisko.appointments",
    "lisko.matchingruns",
    "lisko.notifications",
    "lisko.calendars",
    "lisko.dataprotection",
    "lisko.planning",
    "lisko.regionplans",
    "lisko.programmes",
    "lisko.networks",
    "lisko.payroll",
    "lisko.welcome",
    "lisko.demo",
    "api",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "web.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lisko.urls"
WSGI_APPLICATION = "lisko.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "django.template.context_processors.i18n",
                "web.planning.context.planning",
                "web.context.notices",
                "web.context.switcher_languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lisko.sqlite3'}"),
        conn_max_age=env_int("LISKO_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker write to one file; wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DATABASES["default"]["TEST"] = {"NAME": env_str("LISKO_TEST_DATABASE_NAME", "test_lisko")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USES_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LISKO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LISKO_LOGIN_COOLOFF_MINUTES", 15) / 60
# Lock the pair (account, address): one person's typos must not lock a whole office that sits
# behind one address, and one address must not try every account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many reverse proxies stand in front of Lisko (0: none, clients connect directly). Only
# then are X-Forwarded-For and X-Forwarded-Proto believed: from anyone else they are forged.
PROXY_COUNT = env_int("LISKO_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_ENABLED = env_bool("LISKO_AXES_ENABLED", True)
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
# Every page speaks these (their catalogs are complete).
LISKO_DESK_LANGUAGES = ["en", "de", "fr", "ar", "uk"]
# The interpreters' phone app (its pages, signing in, the notices and their e-mails) speaks
# these too (scripts/phone_messages.py lists what they translate; the checker holds them to it).
LISKO_PHONE_ONLY_LANGUAGES = ["ti", "ru", "tr", "fa", "pt"]
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ti", _("Tigrinya")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian")),
    ("pt", _("Portuguese")),
]
# Django knows no Tigrinya; without this entry its language tags fail.
LANG_INFO.setdefault("ti", {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"})
LOCALE_PATHS = [BASE_DIR / "locale"]
# Lisko's own date formats per language (see lisko/formats/): one convention on every page.
FORMAT_MODULE_PATH = ["lisko.formats"]
TIME_ZONE = env_str("LISKO_TIME_ZONE", "Europe/Luxembourg")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded and generated files (subject access exports); never served directly: the pages that
# hand them out check who asks.
MEDIA_ROOT = VAR_DIR / "media"
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

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Production hardening; all on unless DEBUG, so `check --deploy` passes with production settings.
SESSION_COOKIE_SECURE = env_bool("LISKO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("LISKO_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("LISKO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PROXY_COUNT else None
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Scripts and styles come from Lisko itself only; no page runs inline script. Inline style
# attributes stay allowed (progress bars are drawn with a width).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_AGE = env_int("LISKO_SESSION_SECONDS", 8 * 3600)

LISKO_EMAIL_BACKEND = env_str(
    "LISKO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": LISKO_EMAIL_BACKEND,
        # Only the SMTP backend takes a host and port; any other refuses to send with them
        # (the demo runs without debug and prints e-mails to the console).
        "OPTIONS": (
            {
                "host": env_str("LISKO_EMAIL_HOST", "localhost"),
                "port": env_int("LISKO_EMAIL_PORT", 25),
            }
            if LISKO_EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("LISKO_FROM_EMAIL", "lisko@localhost")
# Where Lisko is reached, for the links in e-mails (e.g. https://lisko.example.org).
LISKO_SITE_URL = env_str("LISKO_SITE_URL", "")
# Web Push to the interpreters' installed app: the installation's VAPID key pair (base64url,
# as `vapid --gen` or `python manage.py vapid_keys` prints them) and a contact for push services.
# Without a private key, notices travel in the app and by e-mail only.
LISKO_VAPID_PRIVATE_KEY = env_str("LISKO_VAPID_PRIVATE_KEY", "")
LISKO_VAPID_PUBLIC_KEY = env_str("LISKO_VAPID_PUBLIC_KEY", "")
LISKO_VAPID_SUBJECT = env_str("LISKO_VAPID_SUBJECT", "mailto:lisko@localhost")
# Only for tests and a push service on this machine: accept push endpoints over plain http.
LISKO_PUSH_ALLOW_HTTP = env_bool("LISKO_PUSH_ALLOW_HTTP", False)

# Text messages to clients (lisko/notifications/sms.py, docs/sms.md): "console" writes them to
# the log (the default, the demo), "twilio" sends them through Twilio, "disabled" sends none.
LISKO_SMS_BACKEND = env_str("LISKO_SMS_BACKEND", "console")
if LISKO_SMS_BACKEND not in {"console", "twilio", "disabled"}:
    raise ValueError(
        f"LISKO_SMS_BACKEND must be console, twilio or disabled, not {LISKO_SMS_BACKEND!r}"
    )
# The sender: a number in E.164 (+352…) or an alphanumeric sender id where the country allows.
LISKO_SMS_FROM = env_str("LISKO_SMS_FROM", "")
LISKO_SMS_TWILIO_ACCOUNT_SID = env_str("LISKO_SMS_TWILIO_ACCOUNT_SID", "")
LISKO_SMS_TWILIO_AUTH_TOKEN = env_str("LISKO_SMS_TWILIO_AUTH_TOKEN", "")
LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID = env_str("LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID", "")
# Only for a local fake or a Twilio-compatible gateway: replaces https://api.twilio.com.
LISKO_SMS_TWILIO_BASE_URL = env_str("LISKO_SMS_TWILIO_BASE_URL", "")
if LISKO_SMS_BACKEND == "twilio" and not (
    LISKO_SMS_TWILIO_ACCOUNT_SID
    and LISKO_SMS_TWILIO_AUTH_TOKEN
    and (LISKO_SMS_FROM or LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID)
):
    raise ValueError(
        "LISKO_SMS_BACKEND=twilio needs LISKO_SMS_TWILIO_ACCOUNT_SID, LISKO_SMS_TWILIO_AUTH_TOKEN "
        "and LISKO_SMS_FROM or LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID"
    )
# Phone numbers written without a country code are read as numbers of this country (ISO
# 3166-1 alpha-2) and stored in E.164.
LISKO_PHONE_REGION = env_str("LISKO_PHONE_REGION", "LU").upper()

REDIS_URL = os.environ.get("REDIS_URL", "")
# Without Redis, Celery uses a broker and result store in SQLite files: no server to install,
# and still a real, separate worker process.
CELERY_BROKER_URL = REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}"
CELERY_RESULT_BACKEND = REDIS_URL or f"db+sqlite:///{VAR_DIR / 'results.sqlite3'}"
CELERY_TASK_ALWAYS_EAGER = env_bool("LISKO_CELERY_EAGER", False)
# One queue name per deployment (and per test run), so two Lisko instances can share a Redis.
CELERY_TASK_DEFAULT_QUEUE = env_str("LISKO_CELERY_QUEUE", "lisko")
# One cache for every process (the web's, the workers'): API rate limits, drawn charts and the
# planning figures kept ready are shared, not counted per process. Redis in production; without
# Redis, a folder of files, which the demo's processes share as well. Keys carry the queue name,
# so two instances sharing a Redis keep apart.
LISKO_CACHE_URL = env_str("LISKO_CACHE_URL", REDIS_URL)
if LISKO_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": LISKO_CACHE_URL,
            "KEY_PREFIX": CELERY_TASK_DEFAULT_QUEUE,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# How old a planning figure kept ready may be when a page shows it (lisko/planning/published.py);
# beat builds the planners' regions anew every LISKO_PLANNING_REFRESH_MINUTES. 0 keeps nothing.
LISKO_PLANNING_KEPT_SECONDS = env_int("LISKO_PLANNING_KEPT_SECONDS", 30 * 60)
LISKO_PLANNING_REFRESH_MINUTES = env_int("LISKO_PLANNING_REFRESH_MINUTES", 10)
# Off in tests that have no worker, so nothing piles up in a queue nobody reads.
LISKO_JOBS_ENABLED = env_bool("LISKO_JOBS_ENABLED", True)
# The beat's sweep re-enqueues work that has not moved for this long, and gives a run up after.
LISKO_STALLED_AFTER_SECONDS = env_int("LISKO_STALLED_AFTER_SECONDS", 120)
LISKO_RUN_GIVE_UP_SECONDS = env_int("LISKO_RUN_GIVE_UP_SECONDS", 3600)
# Solver time for one part of a batch matching run.
LISKO_MATCHING_PART_SECONDS = env_int("LISKO_MATCHING_PART_SECONDS", 10)

# An API token works this many days after sign-in, then the device signs in again.
LISKO_API_TOKEN_DAYS = env_int("LISKO_API_TOKEN_DAYS", 30)
# Planners never see a count of fewer people than this (lisko/planning/tables.py); below 3 a
# count points at one person's neighbour, so the setting cannot go lower.
LISKO_PLANNING_THRESHOLD = env_int("LISKO_PLANNING_THRESHOLD", 5)
if LISKO_PLANNING_THRESHOLD < 3:
    raise ValueError("LISKO_PLANNING_THRESHOLD must be at least 3")

# The name a phone's authenticator app shows next to the six-digit codes.
OTP_TOTP_ISSUER = env_str("LISKO_TWO_FACTOR_ISSUER", "Lisko")

REST_FRAMEWORK = {
    # Token first, so an anonymous request is answered 401 with a WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.DeviceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every route is checked against api/policy.py; a route missing there is refused.
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.FollowsPolicy"],
    "EXCEPTION_HANDLER": "api.exceptions.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Per person (or per address, signed out), kept in the shared cache; a burst over the limit
    # answers 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AddressRateThrottle",
        "api.throttling.PersonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("LISKO_API_RATE_ANONYMOUS", "60/minute"),
        "user": env_str("LISKO_API_RATE_USER", "1200/minute"),
    },
    "NUM_PROXIES": PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    # The documentation pages' scripts come from the project, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "Lisko API",
    "DESCRIPTION": "Case management, referrals and interpreter matching.",
    "VERSION": "0.1.0",
    # Separate request and response components: read-only fields are not asked for in requests.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    # One name per choice set, so clients get stable enum names (and the schema check is clean).
    "ENUM_NAME_OVERRIDES": {
        "AppointmentStatusEnum": "lisko.appointments.models.Appointment.Status",
        "AppointmentKindEnum": "lisko.appointments.models.Appointment.Kind",
        "AssignmentStateEnum": "lisko.appointments.models.Assignment.State",
        "DeclineReasonEnum": "lisko.appointments.models.Assignment.DeclineReason",
        "ReferralStatusEnum": "lisko.referrals.models.Status",
        "MatchingRunStatusEnum": "lisko.matchingruns.models.MatchingRun.Status",
        "MatchingOutcomeEnum": "lisko.matchingruns.models.MatchingRunRequest.Outcome",
        "GenderEnum": "lisko.clients.models.Gender",
        "InterpreterKindEnum": "lisko.interpreters.models.Interpreter.Kind",
        "GoalStatusEnum": "lisko.plans.models.Goal.Status",
        "ConflictReasonEnum": "lisko.interpreters.models.ConflictOfInterest.Reason",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LISKO_LOG_LEVEL", "INFO")},
}
