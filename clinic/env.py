"""Typed readers for settings taken from the environment.

Each one fails loudly with ImproperlyConfigured on a value it cannot read, so a typo in a
deployment stops the app at start-up instead of silently running with a default.
"""

import os
import zoneinfo

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, environ=os.environ):
    value = environ.get(name)
    return default if value is None or value.strip() == "" else value.strip()


def env_bool(name, default=False, *, environ=os.environ):
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/true/yes/on or 0/false/no/off."
    )


def env_int(name, default, *, minimum=None, environ=os.environ):
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name, default=(), *, environ=os.environ):
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry; separate values by commas.")
    return items


def env_choice(name, default, choices, *, environ=os.environ):
    value = env_str(name, default, environ=environ)
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not one of the supported values ({', '.join(sorted(choices))})."
        )
    return value


def env_time_zone(name, default, *, environ=os.environ):
    value = env_str(name, default, environ=environ)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a known IANA time zone (e.g. Europe/Berlin)."
        ) from None
    return value


def env_secret_key(name, *, debug, environ=os.environ):
    value = env_str(name, environ=environ)
    if value:
        return value
    if debug:
        # Development only: never used when DEBUG is off.
        return "django-insecure-development-key-only-for-debug-mode-0123456789abcdef"
    raise ImproperlyConfigured(
        f"{name} must be set when DJANGO_DEBUG is off (a long random string)."
    )
