"""Signing in with a second factor, being locked out, and being signed out when idle, in a real
browser."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from clinic.middleware import LAST_SEEN
from tests.clinic.signin import totp_code
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit_password(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_first_sign_in_enrols_an_authenticator_app_then_a_recovery_code_signs_in(
    page, live_server, alice, settings, screenshot
):
    settings.CLINIC_REQUIRE_MFA = True
    submit_password(page, live_server, "alice", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_text("Protect your account with a second factor.")).to_be_visible()
    screenshot("mfa_required")

    page.get_by_role("link", name="Activate").click()
    expect(page.get_by_role("img", name=re.compile(r"^[A-Z2-7]{32}$"))).to_be_visible()
    secret = page.get_by_label("Authenticator secret").input_value()
    screenshot("mfa_enrol_totp")
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    codes = page.locator("#recovery_codes li").all_inner_texts()
    assert len(codes) == 10
    screenshot("mfa_recovery_codes")
    page.get_by_role("link", name="Continue to the practice").click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()

    page.get_by_role("button", name="Alice Adler").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")

    # The phone is lost: a recovery code instead of the app's code.
    submit_password(page, live_server, "alice", PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    screenshot("mfa_authenticate")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()
    assert page.csp_violations == []


def test_repeated_wrong_passwords_lock_the_account_in_the_browser(
    page, live_server, alice, screenshot
):
    for _ in range(5):
        submit_password(page, live_server, "alice", "not-the-password")
        expect(
            page.get_by_text("The username and/or password you specified are not correct.")
        ).to_be_visible()
    submit_password(page, live_server, "alice", PASSWORD)
    expect(page.get_by_text("Too many failed sign-in attempts")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    screenshot("sign_in_locked")


def test_an_idle_session_is_signed_out_in_the_browser(page, live_server, alice):
    sign_in(page, live_server, "alice", PASSWORD)
    expect(page.get_by_role("heading", name="Hello, Alice")).to_be_visible()
    # Thirty-one minutes pass without a request.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert "expires" not in cookie or cookie["expires"] == -1  # ends with the browser
    session = SessionStore(session_key=cookie["value"])
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    page.goto(f"{live_server.url}/clients/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/clients/"))
    expect(
        page.get_by_text("You were signed out after 30 minutes without activity.")
    ).to_be_visible()
