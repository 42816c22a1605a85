"""Settings for the clinic project, read from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from clinic.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret_key,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    # allauth's passkey list (mfa/webauthn/authenticator_list.html) loads `humanize`.
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "clinic",
    "anamnesis",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "clinic.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "clinic.middleware.audit_trail",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "clinic.middleware.session_timeout",
    "clinic.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"
ASGI_APPLICATION = "clinic.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "clinic.context_processors.practice",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None

# Two writes at once wait for each other instead of failing with "database is locked": a
# write-ahead log (readers never block the writer), a busy timeout, and transactions that take
# the write lock when they begin rather than halfway through.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "account_login"
AUTHENTICATION_BACKENDS = [
    # Signs in by username through django-allauth's views (lockout, second factor); the model
    # backend behind it refuses deactivated accounts and ends their open sessions.
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in (django-allauth, see docs/architecture.md "Sign-in"). Accounts come from an admin's
# invitation (or the Django admin and seed_demo), never from a public sign-up page.
ACCOUNT_ADAPTER = "clinic.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# No "remember me": the session ends when the browser closes.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Changing the e-mail address (where password resets go) asks for the password again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Lockout: after CLINIC_LOGIN_FAILURES wrong passwords (or second-factor codes) for one username,
# or CLINIC_LOGIN_FAILURES_PER_ADDRESS from one client address, sign-in is refused, even with
# the right password, until CLINIC_LOCKOUT_MINUTES have passed since the earliest of them.
_lockout = env_int("CLINIC_LOCKOUT_MINUTES", 15, minimum=1)
_per_user = env_int("CLINIC_LOGIN_FAILURES", 5, minimum=1)
_per_address = env_int("CLINIC_LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{_per_address}/{_lockout}m/ip,{_per_user}/{_lockout}m/key",
}
# The client address behind a reverse proxy: the number of proxies that append to
# X-Forwarded-For, or the one header the proxy sets (e.g. X-Real-IP). See README, "Production".
ALLAUTH_TRUSTED_PROXY_COUNT = env_int(
    "DJANGO_TRUSTED_PROXY_COUNT",
    1 if env_bool("DJANGO_BEHIND_PROXY", default=False) else 0,
    minimum=0,
)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER")

# Second factor: an authenticator app (TOTP) with recovery codes, or a security key / passkey.
MFA_ADAPTER = "clinic.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env_str("CLINIC_TOTP_ISSUER", "Clinic")
# One 30-second step either side, for a phone whose clock is a little off.
MFA_TOTP_TOLERANCE = 1
# Addresses are entered by the practice admin, who knows the person; nothing is verified by mail.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Security keys need HTTPS, except on the development server (http://127.0.0.1).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Every account must have a second factor before it sees any page of the app: on by default
# whenever DEBUG is off. The demo (`make run`) leaves it optional, so demo / demo-massage work.
CLINIC_REQUIRE_MFA = env_bool("CLINIC_REQUIRE_MFA", default=not DEBUG)

# An invitation link is valid this many days, and only once.
CLINIC_INVITATION_DAYS = env_int("CLINIC_INVITATION_DAYS", 7, minimum=1)

# The lockout counters live in the cache, so every worker process must share it: the database.
# The table is made by a migration (clinic 0004).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "clinic_cache",
    }
}

# Mail: invitations and password resets. The development server prints them on the console.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_mail_backend = env_str(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP
)
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": (
            {
                "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 587, minimum=1),
                "username": env_str("DJANGO_EMAIL_HOST_USER", ""),
                "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
            }
            if _mail_backend == _SMTP
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "clinic@localhost")

# One interface language per deployment (no negotiation with the browser). English first;
# British English gives day-month dates, as practices in Europe expect.
LANGUAGE_CODE = env_choice(
    "LANGUAGE_CODE", "en-gb", {code for code, _name in global_settings.LANGUAGES}
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files and the folders made for them are the app's account's only (the database and
# the backups too: clinic/private_files.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
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

# Forms render with Django's templates, drawn with crispy-bootstrap5's (see clinic/renderers.py).
FORM_RENDERER = "clinic.renderers.BootstrapFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Health data: nothing is loaded from another origin, and no inline script or style runs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
# Days after which a referral without a reply may be closed as "no reply" (issue 11).
REFERRAL_NO_REPLY_DAYS = env_int("REFERRAL_NO_REPLY_DAYS", 14, minimum=1)
# Years a client's health record is kept after the last treatment (the latest session, plan
# finalization or intake; the record's creation without any), then erased by
# `manage.py retention --delete` (issue 13). Germany: 10 (BGB 630f); other countries differ.
CLINIC_RETENTION_YEARS = env_int("CLINIC_RETENTION_YEARS", 10, minimum=1)
# The number the client's referral sheet tells them to call in an emergency. Default 112.
EMERGENCY_PHONE_NUMBER = env_str("EMERGENCY_PHONE_NUMBER", "112")

# Sessions: signed out after DJANGO_SESSION_IDLE_MINUTES without a request, after
# DJANGO_SESSION_COOKIE_AGE seconds in all (the working day), and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 60 * 60 * 10, minimum=300)
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS: on by default whenever DEBUG is off (see README, "Production").
_https = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=_https)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=_https)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=_https)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_https)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=_https)
# Behind one TLS-terminating proxy: trust its X-Forwarded-Proto; the client's address comes from
# X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT above, read by clinic.audit.client_address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
