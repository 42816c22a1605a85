"""Sign-in is required everywhere, and another practice's records answer 404."""

import pytest
from django.urls import reverse

from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

CLIENT_PAGES = ["plans:client_detail", "clinic:client_edit"]
CLIENT_ACTIONS = ["clinic:client_archive", "clinic:client_restore"]


@pytest.mark.parametrize(
    "url",
    ["/", "/clients/", "/clients/new/", "/clients/1/", "/clients/1/edit/"],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_sign_in_page_is_open(client):
    assert client.get("/accounts/login/").status_code == 200


def test_therapist_signs_in_with_username_and_password(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_out_is_a_post(alice_client):
    assert alice_client.post("/accounts/logout/").status_code == 302
    assert alice_client.get("/").status_code == 302


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_mallory_gets_404_on_another_practices_client_pages(mallory_client, client_record, name):
    response = mallory_client.get(reverse(name, args=[client_record.pk]))
    assert response.status_code == 404
    assert "Clara" not in response.content.decode()


@pytest.mark.parametrize("name", CLIENT_ACTIONS)
def test_mallory_gets_404_on_another_practices_client_actions(mallory_client, client_record, name):
    response = mallory_client.post(reverse(name, args=[client_record.pk]))
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.archived_at is None


def test_mallory_cannot_edit_another_practices_client(mallory_client, client_record):
    response = mallory_client.post(
        reverse("clinic:client_edit", args=[client_record.pk]),
        {"first_name": "Hacked", "last_name": "X", "date_of_birth": "1990-01-01", "sex": "male"},
    )
    assert response.status_code == 404
    client_record.refresh_from_db()
    assert client_record.first_name == "Clara"


def test_mallory_never_sees_another_practices_clients_in_lists(mallory_client, client_record):
    for url in ("/", "/clients/", "/clients/?q=Clara", "/clients/?archived=on"):
        page = mallory_client.get(url).content.decode()
        assert client_record.get_absolute_url() not in page
        assert "Client, Clara" not in page


def test_bob_sees_the_clients_of_his_own_practice(client, bob, client_record):
    client.force_login(bob)
    assert client.get(client_record.get_absolute_url()).status_code == 200


def test_user_without_a_practice_is_told_so(client, db):
    client.force_login(UserFactory(username="loner"))
    response = client.get("/clients/")
    assert response.status_code == 403
    assert "does not belong to a practice" in response.content.decode()


def test_admin_is_for_superusers_only(alice_client, alice):
    alice.is_staff = True
    alice.save()
    response = alice_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_can_open_the_admin_for_every_model(client, db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    ClientFactory()
    for url in (
        "/admin/",
        "/admin/clinic/client/",
        "/admin/clinic/practice/",
        "/admin/clinic/membership/",
        "/admin/auth/user/",
    ):
        assert client.get(url).status_code == 200, url


def test_pages_carry_a_strict_content_security_policy(alice_client):
    policy = alice_client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
