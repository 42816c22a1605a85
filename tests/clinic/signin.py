"""Helpers for the sign-in tests: a second factor set up as if from a phone, and its codes."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from tests.conftest import PASSWORD


def totp_code(secret):
    """What the authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def enrol(user):
    """Give `user` an authenticator app and recovery codes; returns (secret, recovery codes)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})
