"""Sign-in: lockout, the second factor, re-authentication, passwords and session limits."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib.auth import get_user_model
from django.core import mail

from clinic.middleware import LAST_SEEN, SIGNED_IN_AT
from clinic.signals import sign_in_locked_out
from tests.clinic.signin import enrol, sign_in, totp_code
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def mfa_required(settings):
    settings.CLINIC_REQUIRE_MFA = True


def signed_in(client):
    return "_auth_user_id" in client.session


# Lockout


def test_five_wrong_passwords_lock_the_username_even_for_the_right_one(client, alice):
    for _ in range(5):
        assert sign_in(client, "alice", "wrong").status_code == 200
    response = sign_in(client, "alice")
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_is_announced_with_a_signal(client, alice):
    heard = []

    def receiver(sender, request, username, **kwargs):
        heard.append(username)

    sign_in_locked_out.connect(receiver)
    try:
        for _ in range(6):
            sign_in(client, "alice", "wrong")
    finally:
        sign_in_locked_out.disconnect(receiver)
    assert heard == ["alice"]


def test_a_lockout_of_one_username_leaves_the_others_alone(client, alice, bob):
    for _ in range(6):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "bob").status_code == 302


def test_one_address_trying_many_usernames_is_locked_out(client, alice, settings):
    for number in range(20):
        sign_in(client, f"guess{number}", "wrong")
    response = sign_in(client, "alice")
    assert LOCKED in response.content.decode()


def test_behind_a_proxy_the_forwarded_address_is_the_one_counted(client, alice, bob, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(20):
        client.post(
            "/accounts/login/",
            {"login": f"guess{number}", "password": "wrong"},
            headers={"x-forwarded-for": "203.0.113.9"},
        )
    other_address = client.post(
        "/accounts/login/",
        {"login": "bob", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.4"},
    )
    assert other_address.status_code == 302


def test_a_correct_sign_in_does_not_reset_the_failures_of_an_attacker(client, alice):
    for _ in range(4):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice").status_code == 302
    client.logout()
    sign_in(client, "alice", "wrong")
    assert LOCKED in sign_in(client, "alice").content.decode()


# No public registration


def test_there_is_no_sign_up(client, db):
    page = client.get("/accounts/signup/")
    assert "password1" not in page.content.decode()
    client.post(
        "/accounts/signup/",
        {"username": "eve", "password1": "x-Very-long-1", "password2": "x-Very-long-1"},
    )
    assert not get_user_model().objects.filter(username="eve").exists()


def test_the_sign_in_page_offers_no_sign_up(client, db):
    assert "/accounts/signup/" not in client.get("/accounts/login/").content.decode()


# The second factor


def test_where_required_a_member_without_a_second_factor_is_sent_to_set_one_up(
    client, alice, mfa_required
):
    assert sign_in(client, "alice").status_code == 302
    for url in ("/", "/clients/", "/team/", "/account/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/accounts/2fa/"
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_by_default_in_debug_the_second_factor_is_optional(client, alice, settings):
    assert settings.CLINIC_REQUIRE_MFA is False  # the demo: `make run`
    sign_in(client, "alice")
    assert client.get("/").status_code == 200


def test_first_sign_in_enrols_an_authenticator_app_and_shows_recovery_codes(
    client, alice, mfa_required
):
    sign_in(client, "alice")
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert "Unused codes" in codes_page
    assert client.get("/").status_code == 200


def test_a_member_with_a_second_factor_enters_a_code_after_the_password(
    client, alice, mfa_required
):
    secret, _codes = enrol(alice)
    response = sign_in(client, "alice")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not signed_in(client)
    assert client.get("/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_recovery_code_signs_in_once(client, alice, mfa_required):
    _secret, codes = enrol(alice)
    sign_in(client, "alice")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]})["Location"] == "/"
    client.logout()
    sign_in(client, "alice")
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not signed_in(client)


def test_wrong_codes_lock_the_second_step_too(client, alice, mfa_required):
    secret, _codes = enrol(alice)
    for _ in range(5):
        sign_in(client, "alice")
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    sign_in(client, "alice")
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert not signed_in(client)
    assert LOCKED in response.content.decode()


def signed_in_with_code(client, username):
    user = get_user_model().objects.get(username=username)
    secret, _codes = enrol(user)
    sign_in(client, username)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    return user


def test_where_required_the_last_second_factor_cannot_be_removed(client, alice, mfa_required):
    signed_in_with_code(client, "alice")
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert "Every account needs a second factor" in response.content.decode()


def test_changing_the_second_factor_asks_for_the_password_again_after_a_while(
    client, alice, mfa_required
):
    secret, _codes = enrol(alice)
    sign_in(client, "alice")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 600  # signed in ten minutes ago
    session.save()
    response = client.get("/accounts/2fa/recovery-codes/generate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/recovery-codes/generate/").status_code == 200


def test_removing_a_factor_sends_the_library_signal(client, alice):
    signed_in_with_code(client, "alice")
    heard = []

    def receiver(sender, authenticator, **kwargs):
        heard.append(authenticator.type)

    authenticator_removed.connect(receiver)
    try:
        client.post("/accounts/2fa/totp/deactivate/")
    finally:
        authenticator_removed.disconnect(receiver)
    assert "totp" in heard


# Passwords


def test_password_change_needs_the_current_password(alice_client, alice):
    new = "a-new-long-passphrase-42"
    refused = alice_client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": new, "password2": new},
    )
    assert refused.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    alice_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_password_reset_by_e_mail(client, alice):
    alice.email = "alice@practice.example"
    alice.save()
    client.post("/accounts/password/reset/", {"email": "alice@practice.example"})
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/password/reset/key/" in word)
    form_url = client.get(link)["Location"]
    new = "a-new-long-passphrase-42"
    client.post(form_url, {"password1": new, "password2": new})
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert sign_in(client, "alice", new).status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_tells_nothing(client, alice):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert response.status_code == 200
    assert "nobody@example.org" not in [m.to[0] for m in mail.outbox if "/key/" in m.body]


# Session limits


def test_the_session_ends_when_the_browser_closes(client, alice):
    response = sign_in(client, "alice")
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"]
    assert not cookie["expires"]


def test_idle_for_longer_than_the_timeout_signs_out(client, alice):
    sign_in(client, "alice")
    client.get("/")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/clients/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_activity_keeps_the_session_alive(client, alice):
    sign_in(client, "alice")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/clients/").status_code == 200


def test_the_idle_timeout_is_configurable(client, alice, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    sign_in(client, "alice")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 6 * 60
    session.save()
    assert client.get("/clients/").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_busy(client, alice, settings):
    sign_in(client, "alice")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get("/clients/").status_code == 302


# Deactivated accounts


def test_a_deactivated_member_cannot_sign_in(client, alice):
    alice.is_active = False
    alice.save()
    sign_in(client, "alice")
    assert not signed_in(client)
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_open_session(alice_client, alice):
    assert alice_client.get("/").status_code == 200
    alice.is_active = False
    alice.save()
    assert alice_client.get("/").status_code == 302


def test_the_admin_site_signs_in_through_the_same_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith("/accounts/login/")


def test_staff_sign_in_to_the_admin_needs_the_second_factor_too(client, db, mfa_required):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in(client, "root")
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/"


def test_an_unrelated_user_of_the_factories_still_signs_in(client, practice):
    MembershipFactory(user=UserFactory(username="carol"), practice=practice)
    assert sign_in(client, "carol").status_code == 302
