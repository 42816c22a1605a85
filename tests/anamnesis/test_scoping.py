"""Every anamnesis URL answers 404 to another practice, and every one needs a signed-in user."""

import pytest
from django.urls import reverse

from anamnesis.models import Anamnesis
from tests.anamnesis.helpers import intake_data
from tests.factories import AnamnesisFactory

DETAIL_URLS = ["anamnesis:detail", "anamnesis:edit", "anamnesis:export", "plans:draft_preview"]
POST_URLS = ["anamnesis:autosave", "anamnesis:complete", "anamnesis:amend", "anamnesis:edit"]


@pytest.fixture
def alices_anamnesis(client_record, alice):
    return AnamnesisFactory(client=client_record, taken_by=alice, status="completed")


@pytest.mark.parametrize("name", DETAIL_URLS)
def test_mallory_gets_404_reading(mallory_client, alices_anamnesis, name):
    assert mallory_client.get(reverse(name, args=[alices_anamnesis.pk])).status_code == 404


@pytest.mark.parametrize("name", POST_URLS)
def test_mallory_gets_404_writing(mallory_client, alices_anamnesis, name):
    data = {**intake_data(complaint_notes="mallory was here"), "autosave": "1"}
    response = mallory_client.post(reverse(name, args=[alices_anamnesis.pk]), data)
    assert response.status_code == 404
    alices_anamnesis.refresh_from_db()
    assert alices_anamnesis.complaint_notes == ""
    assert Anamnesis.objects.count() == 1


def test_mallory_gets_404_starting_an_intake_for_alices_client(mallory_client, client_record):
    url = reverse("anamnesis:new", args=[client_record.pk])
    assert mallory_client.get(url).status_code == 404
    assert mallory_client.post(url, intake_data()).status_code == 404
    assert mallory_client.post(url, {**intake_data(), "autosave": "1"}).status_code == 404
    assert not Anamnesis.objects.exists()


@pytest.mark.parametrize("name", DETAIL_URLS)
def test_bob_of_the_same_practice_may_read(client, bob, alices_anamnesis, name):
    client.force_login(bob)
    assert client.get(reverse(name, args=[alices_anamnesis.pk])).status_code in (200, 302)


@pytest.mark.parametrize("name", DETAIL_URLS)
def test_signed_out_visitors_are_sent_to_sign_in(client, alices_anamnesis, name):
    response = client.get(reverse(name, args=[alices_anamnesis.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_signed_out_new_intake_page_sends_to_sign_in(client, client_record):
    response = client.get(reverse("anamnesis:new", args=[client_record.pk]))
    assert response["Location"].startswith(reverse("account_login"))
