"""Settings shared by every environment. Environment variables override defaults."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("BAOMI_DATA_DIR", BASE_DIR / "data"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "baomi.core",
    "baomi.policy",
    "baomi.audit",
    "baomi.people",
    "baomi.carriers",
    "baomi.approvals",
    "baomi.files",
    "baomi.customers",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "baomi.personnel",
    "baomi.home",
    "baomi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baomi.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baomi.core.middleware.PolicyDeniedMiddleware",
    "axes.middleware.AxesMiddleware",
    "baomi.personnel.middleware.SecondFactorMiddleware",  # policy: personnel.otp_enforce_login
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "baomi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "baomi.people.context_processors.baomi",
            ],
        },
    },
]

# --- database: SQLite (WAL) in data/ by default, PostgreSQL through DATABASE_URL ---
_db_url = os.environ.get("DATABASE_URL", "")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "baomi.sqlite3"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=5000;PRAGMA foreign_keys=ON;"
                    "PRAGMA wal_autocheckpoint=16000;"  # fewer checkpoints: docs/performance.md
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The customers scan's indexes INCLUDE (id) for PostgreSQL's index-only look-ups; SQLite
# ignores INCLUDE and needs nothing (its indexes carry the row id): docs/decisions/0003.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- authentication hardening ---
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("BAOMI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# idle session timeout: the cookie is renewed on every request and dies after this
SESSION_COOKIE_AGE = int(os.environ.get("BAOMI_IDLE_TIMEOUT_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: nothing from outside, no inline script (air-gapped, 涉密不上网)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- i18n: Chinese first ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("BAOMI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static files: every asset local; vendor files come from node_modules ---
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
]
STATICFILES_DIRS = [(p, d) for p, d in STATICFILES_DIRS if d.exists()]

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable renderer needs inline script, which the CSP forbids
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "baomi.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "baomi API",
    "DESCRIPTION": "保密管理系统 API. Denials are HTTP 403 with `rule` and `clause`.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # several models have a `status` with different choices: name each enum
    "ENUM_NAME_OVERRIDES": {
        "CarrierStatusEnum": "baomi.carriers.models.Carrier.Status",
        "CopyStatusEnum": "baomi.carriers.models.CarrierCopy.Status",
        "PersonStatusEnum": "baomi.people.models.Person.Status",
        "CarrierKindEnum": "baomi.carriers.models.Carrier.Kind",
        "ApprovalKindEnum": "baomi.approvals.models.ApprovalRequest.Kind",
        "ApprovalStatusEnum": "baomi.approvals.models.ApprovalRequest.Status",
        "ApprovalStepStatusEnum": "baomi.approvals.models.ApprovalStep.Status",
        "SignatureDecisionEnum": "baomi.approvals.models.ApprovalSignature.Decision",
        "AgentKindEnum": "baomi.customers.models.Agent.Kind",
        "ComplaintStatusEnum": "baomi.customers.models.Complaint.Status",
        "RecheckStatusEnum": "baomi.customers.models.Recheck.Status",
    },
}

# --- baomi ---
BAOMI_POLICY_FILE = os.environ.get("BAOMI_POLICY_FILE", "")
OTP_TOTP_ISSUER = "baomi"  # shown in authenticator apps (baomi.personnel)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- carrier files (baomi.files): limits, storage, converters; keys: docs/apps/files.md ---
BAOMI_FILES_MAX_BYTES = int(os.environ.get("BAOMI_FILES_MAX_MB", "50")) * 1024 * 1024
BAOMI_FILES_MAX_PAGES = int(os.environ.get("BAOMI_FILES_MAX_PAGES", "2000"))
BAOMI_FILES_MAX_IMAGE_PIXELS = int(os.environ.get("BAOMI_FILES_MAX_IMAGE_PIXELS", "60000000"))
BAOMI_FILES_MAX_EXPANDED_BYTES = 512 * 1024 * 1024
BAOMI_FILES_CONVERT_TIMEOUT = int(os.environ.get("BAOMI_FILES_CONVERT_TIMEOUT", "180"))
# ciphertext only; default FileSystemStorage in DATA_DIR/files (mode 600)
BAOMI_FILES_STORAGE: dict[str, object] = {}
# uploads stay in memory up to the file limit: no plaintext temporary file on disk
FILE_UPLOAD_MAX_MEMORY_SIZE = BAOMI_FILES_MAX_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
