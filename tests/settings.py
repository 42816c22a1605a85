"""Settings for the test suite: the project's settings under the development defaults.

pytest-django loads this module (pyproject.toml), so a bare `pytest` behaves as `make pytest`
does: DJANGO_DEBUG defaults to 1, as the Makefile exports it, which also gives the
development-only secret key. The production settings stay as they are: with DJANGO_DEBUG off,
clinic/settings.py still insists on DJANGO_SECRET_KEY and HTTPS. An explicit DJANGO_DEBUG in
the environment wins.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from clinic.settings import *  # noqa: F403

# Test users need no protection against guessing: Django's PBKDF2 is slow on purpose and cost
# every test that creates a user or signs one in about half a second. Production keeps it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# One cache per test process, emptied before each test (tests/conftest.py): the sign-in lockout
# counts failures there, and one test's failures must not lock out the next test's alice.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
