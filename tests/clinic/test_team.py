"""The team page: invitations, roles, deactivation and second-factor resets, by practice admins."""

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.models import Invitation, Membership
from clinic.team import services
from tests.clinic.signin import enrol, sign_in
from tests.conftest import PASSWORD
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lavender-Stretch-2026"


@pytest.fixture
def admin_alice(alice):
    Membership.objects.filter(user=alice).update(role=Membership.Role.ADMIN)
    alice.refresh_from_db()
    return alice


@pytest.fixture
def admin_client(client, admin_alice):
    client.force_login(admin_alice)
    return client


@pytest.fixture
def visitor():
    """A second browser, signed in as nobody (`client` is the admin's)."""
    return Client()


def invite_dora(admin_client, **extra):
    data = {
        "first_name": "Dora",
        "last_name": "Decker",
        "email": "dora@practice.example",
        "role": "therapist",
        "qualification": "Physiotherapist, BSc",
        **extra,
    }
    return admin_client.post(reverse("team:invite"), data)


def link_in_mail(message):
    return re.search(r"http://testserver(/invitation/\S+/)", message.body).group(1)


def accept(client, link, username="dora", password=NEW_PASSWORD):
    return client.post(link, {"username": username, "password1": password, "password2": password})


# Who sees the team


def test_the_admin_sees_the_team_with_role_qualification_status_and_last_sign_in(
    admin_client, admin_alice, bob
):
    bob.membership.qualification = "Certified massage therapist"
    bob.membership.save()
    page = admin_client.get(reverse("team:list")).content.decode()
    assert "Bob Brandt" in page
    assert "Certified massage therapist" in page
    assert "Therapist" in page
    assert "Active" in page
    assert "Never" in page


def test_admins_get_a_team_link_in_the_navigation(admin_client):
    assert reverse("team:list") in admin_client.get("/").content.decode()


def test_a_therapist_cannot_open_the_team_pages(alice_client, bob):
    assert reverse("team:list") not in alice_client.get("/").content.decode()
    for url in (
        reverse("team:list"),
        reverse("team:invite"),
        reverse("team:member_edit", args=[bob.membership.pk]),
    ):
        assert alice_client.get(url).status_code == 403
    response = alice_client.post(reverse("team:member_deactivate", args=[bob.membership.pk]))
    assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.is_active


@pytest.mark.parametrize(
    "name", ["team:member_edit", "team:member_deactivate", "team:member_reactivate"]
)
def test_mallory_gets_404_for_another_practices_member(client, mallory, admin_alice, name):
    mallory.membership.role = Membership.Role.ADMIN
    mallory.membership.save()
    client.force_login(mallory)
    pk = admin_alice.membership.pk
    assert client.get(reverse(name, args=[pk])).status_code in (404, 405)
    assert client.post(reverse(name, args=[pk])).status_code == 404
    admin_alice.refresh_from_db()
    assert admin_alice.is_active


def test_mallory_gets_404_for_another_practices_invitation(client, mallory, admin_client):
    invite_dora(admin_client)
    invitation = Invitation.objects.get()
    mallory.membership.role = Membership.Role.ADMIN
    mallory.membership.save()
    client.force_login(mallory)
    response = client.post(reverse("team:invitation_withdraw", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


def test_the_team_list_shows_only_the_admins_own_practice(admin_client, mallory):
    assert "Mallory" not in admin_client.get(reverse("team:list")).content.decode()


# Invitations


def test_an_invitation_mails_a_one_time_link_and_stores_only_its_hash(admin_client):
    response = invite_dora(admin_client)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dora@practice.example"]
    link = link_in_mail(message)
    token = link.split("/")[2]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)
    assert link in response.content.decode()  # shown once to the admin, to pass on
    assert "Dora Decker" in admin_client.get(reverse("team:list")).content.decode()


def test_the_invited_therapist_creates_an_account_with_the_role_and_qualification(admin_client):
    invite_dora(admin_client, role="admin")
    link = link_in_mail(mail.outbox[0])
    admin_client.logout()
    response = accept(admin_client, link)
    assert response["Location"] == reverse("account_login")
    dora = get_user_model().objects.get(username="dora")
    assert (dora.first_name, dora.last_name, dora.email) == (
        "Dora",
        "Decker",
        "dora@practice.example",
    )
    assert dora.membership.role == "admin"
    assert dora.membership.qualification == "Physiotherapist, BSc"
    assert dora.membership.practice.name == "Alice's Practice"
    assert sign_in(admin_client, "dora", NEW_PASSWORD).status_code == 302


def test_an_invitation_link_works_only_once_and_says_so_politely(admin_client, visitor):
    invite_dora(admin_client)
    link = link_in_mail(mail.outbox[0])
    accept(visitor, link)
    visitor.logout()
    again = visitor.get(link)
    assert again.status_code == 410
    assert "This invitation was already used" in again.content.decode()
    accept(visitor, link, username="dora2")
    assert not get_user_model().objects.filter(username="dora2").exists()


def test_an_expired_invitation_says_so(admin_client, visitor):
    invite_dora(admin_client)
    link = link_in_mail(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = visitor.get(link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    accept(visitor, link)
    assert not get_user_model().objects.filter(username="dora").exists()


def test_an_invitation_expires_after_the_configured_days(admin_client, settings):
    settings.CLINIC_INVITATION_DAYS = 3
    invite_dora(admin_client)
    lifetime = Invitation.objects.get().expires_at - timezone.now()
    assert datetime.timedelta(days=2, hours=23) < lifetime <= datetime.timedelta(days=3)


def test_a_withdrawn_invitation_no_longer_works(admin_client, visitor):
    invite_dora(admin_client)
    link = link_in_mail(mail.outbox[0])
    invitation = Invitation.objects.get()
    admin_client.post(reverse("team:invitation_withdraw", args=[invitation.pk]))
    response = visitor.get(link)
    assert response.status_code == 410
    assert "withdrew this invitation" in response.content.decode()


def test_an_unknown_link_is_not_valid(client, db):
    response = client.get(reverse("team:invitation_accept", args=["made-up-token"]))
    assert response.status_code == 410
    assert "This link is not valid" in response.content.decode()


def test_the_new_password_must_pass_the_password_checks(admin_client, visitor):
    invite_dora(admin_client)
    link = link_in_mail(mail.outbox[0])
    response = accept(visitor, link, password="dora")
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="dora").exists()
    assert not Invitation.objects.get().accepted_at


def test_a_taken_username_is_refused_at_the_field(admin_client, visitor, bob):
    invite_dora(admin_client)
    response = accept(visitor, link_in_mail(mail.outbox[0]), username="BOB")
    assert "already exists" in response.content.decode()


def test_an_address_with_an_account_or_a_waiting_invitation_cannot_be_invited(admin_client, bob):
    bob.email = "bob@practice.example"
    bob.save()
    response = invite_dora(admin_client, email="bob@practice.example")
    assert "already exists" in response.content.decode()
    invite_dora(admin_client)
    response = invite_dora(admin_client)
    assert "already has an invitation waiting" in response.content.decode()
    assert Invitation.objects.count() == 1


# Roles and qualifications


def test_the_admin_changes_a_members_role_and_qualification(admin_client, bob):
    admin_client.post(
        reverse("team:member_edit", args=[bob.membership.pk]),
        {"role": "admin", "qualification": "Sports physiotherapist"},
    )
    bob.membership.refresh_from_db()
    assert bob.membership.role == "admin"
    assert bob.membership.qualification == "Sports physiotherapist"


def test_the_last_admin_cannot_demote_themselves(admin_client, admin_alice):
    response = admin_client.post(
        reverse("team:member_edit", args=[admin_alice.membership.pk]),
        {"role": "therapist", "qualification": ""},
    )
    assert "only admin" in response.content.decode()
    admin_alice.membership.refresh_from_db()
    assert admin_alice.membership.role == "admin"


def test_an_admin_may_step_down_when_another_admin_remains(admin_client, admin_alice, bob):
    Membership.objects.filter(user=bob).update(role="admin")
    admin_client.post(
        reverse("team:member_edit", args=[admin_alice.membership.pk]),
        {"role": "therapist", "qualification": ""},
    )
    admin_alice.membership.refresh_from_db()
    assert admin_alice.membership.role == "therapist"


# Deactivation


def test_a_deactivated_member_cannot_sign_in_and_keeps_authorship(admin_client, visitor, bob):
    record = ClientFactory(
        practice=bob.membership.practice, consent_date="2026-01-01", consent_recorded_by=bob
    )
    admin_client.post(reverse("team:member_deactivate", args=[bob.membership.pk]))
    bob.refresh_from_db()
    assert not bob.is_active
    sign_in(visitor, "bob")
    assert "_auth_user_id" not in visitor.session
    record.refresh_from_db()
    assert record.consent_recorded_by == bob
    assert "Deactivated" in admin_client.get(reverse("team:list")).content.decode()


def test_a_deactivated_member_can_be_reactivated(admin_client, visitor, bob):
    admin_client.post(reverse("team:member_deactivate", args=[bob.membership.pk]))
    admin_client.post(reverse("team:member_reactivate", args=[bob.membership.pk]))
    assert sign_in(visitor, "bob").status_code == 302


def test_the_last_admin_cannot_deactivate_themselves(admin_client, admin_alice):
    admin_client.post(reverse("team:member_deactivate", args=[admin_alice.membership.pk]))
    admin_alice.refresh_from_db()
    assert admin_alice.is_active


def test_a_deactivated_admin_does_not_count_as_the_remaining_admin(admin_client, admin_alice, bob):
    Membership.objects.filter(user=bob).update(role="admin")
    bob.is_active = False
    bob.save()
    admin_client.post(reverse("team:member_deactivate", args=[admin_alice.membership.pk]))
    admin_alice.refresh_from_db()
    assert admin_alice.is_active


# Second-factor reset


def recently_signed_in(client, username):
    """Signed in through the form a moment ago: re-authentication is not asked for yet."""
    sign_in(client, username)
    return client


def test_the_admin_resets_a_members_second_factor(client, admin_alice, bob):
    enrol(bob)
    recently_signed_in(client, "alice")
    heard = []

    def receiver(sender, user, authenticator, **kwargs):
        heard.append((user.username, authenticator.type))

    authenticator_removed.connect(receiver)
    try:
        client.post(reverse("team:member_reset_second_factor", args=[bob.membership.pk]))
    finally:
        authenticator_removed.disconnect(receiver)
    assert not Authenticator.objects.filter(user=bob).exists()
    assert sorted(heard) == [("bob", "recovery_codes"), ("bob", "totp")]


def test_resetting_a_factor_asks_the_admin_for_their_password_first(admin_client, bob):
    enrol(bob)
    # force_login: no recent sign-in on record, as in a session hours old.
    response = admin_client.post(
        reverse("team:member_reset_second_factor", args=[bob.membership.pk])
    )
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert Authenticator.objects.filter(user=bob).count() == 2
    admin_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    admin_client.post(reverse("team:member_reset_second_factor", args=[bob.membership.pk]))
    assert not Authenticator.objects.filter(user=bob).exists()


def test_after_a_reset_the_member_enrols_again_at_sign_in(client, admin_alice, bob, settings):
    settings.CLINIC_REQUIRE_MFA = True
    enrol(bob)
    enrol(admin_alice)
    services.member_reset_second_factor(membership=bob.membership, request=None)
    assert sign_in(client, "bob")["Location"] == "/"
    assert client.get("/")["Location"] == "/accounts/2fa/"


def test_a_therapist_cannot_reset_anyones_factor(client, alice, bob):
    enrol(bob)
    recently_signed_in(client, "alice")
    response = client.post(reverse("team:member_reset_second_factor", args=[bob.membership.pk]))
    assert response.status_code == 403
    assert Authenticator.objects.filter(user=bob).count() == 2


# One's own account


def test_a_member_edits_their_own_name_and_qualification(alice_client, alice):
    alice_client.post(
        reverse("team:my_account"),
        {"first_name": "Alicia", "last_name": "Adler", "qualification": "Physiotherapist, MSc"},
    )
    alice.refresh_from_db()
    assert alice.first_name == "Alicia"
    assert alice.membership.qualification == "Physiotherapist, MSc"


def test_the_account_page_links_to_password_and_second_factor(alice_client):
    page = alice_client.get(reverse("team:my_account")).content.decode()
    assert reverse("account_change_password") in page
    assert reverse("mfa_index") in page


def test_an_empty_name_is_refused_at_the_field(alice_client, alice):
    response = alice_client.post(
        reverse("team:my_account"), {"first_name": " ", "last_name": "Adler", "qualification": ""}
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_a_member_changes_the_address_for_password_resets_after_signing_in_again(client, alice):
    recently_signed_in(client, "alice")
    assert client.get("/accounts/email/").status_code == 200
    client.post("/accounts/email/", {"action_add": "", "email": "alice@practice.example"})
    assert alice.emailaddress_set.filter(email="alice@practice.example").exists()
