import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.models import Client, ConsentMissing
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def listed(response):
    return list(response.context["page"].object_list)


def client_form_data(**overrides):
    data = {
        "first_name": "Ida",
        "last_name": "Engel",
        "date_of_birth": "1983-05-17",
        "sex": "female",
        "phone": "+49 30 555 1234",
        "email": "ida@example.org",
        "occupation": "Architect",
        "address": "Gartenweg 5\n10115 Berlin",
        "referring_physician": "Dr. Roth",
        "notes": "",
        "consent_given": "on",
        "consent_date": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_creating_a_client_records_consent_with_date_and_recorder(alice_client, alice, practice):
    response = alice_client.post(reverse("clinic:client_create"), client_form_data())
    client = Client.objects.get(last_name="Engel")
    assert response.status_code == 302
    assert response["Location"] == client.get_absolute_url()
    assert client.practice == practice
    assert client.consent_date == timezone.localdate()
    assert client.consent_recorded_by == alice


def test_client_without_consent_cannot_have_health_data_recorded(alice_client):
    alice_client.post(reverse("clinic:client_create"), client_form_data(consent_given=None))
    client = Client.objects.get(last_name="Engel")
    assert not client.has_consent
    assert client.consent_recorded_by is None
    with pytest.raises(ConsentMissing, match="has not consented"):
        client.require_consent()
    page = alice_client.get(client.get_absolute_url()).content.decode()
    assert "An anamnesis cannot be recorded until the client consents" in page


def test_consent_date_without_the_tick_is_an_error_at_the_field(alice_client):
    response = alice_client.post(
        reverse("clinic:client_create"),
        client_form_data(consent_given=None, consent_date="2026-01-05"),
    )
    assert response.status_code == 200
    assert "Tick this box to record the consent" in response.content.decode()
    assert not Client.objects.exists()


def test_consent_cannot_be_dated_in_the_future(alice_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = alice_client.post(
        reverse("clinic:client_create"), client_form_data(consent_date=tomorrow.isoformat())
    )
    assert "Consent cannot be dated in the future." in response.content.decode()


def test_the_edit_form_leaves_consent_alone(alice_client, client_record):
    """Consent is given and withdrawn on the client's page (tests/clinic/test_consent_history.py),
    never by unticking a box of the edit form."""
    page = alice_client.get(reverse("clinic:client_edit", args=[client_record.pk]))
    assert "consent_given" not in page.context["form"].fields
    alice_client.post(
        reverse("clinic:client_edit", args=[client_record.pk]),
        client_form_data(first_name="Clara", last_name="Client", consent_given=None),
    )
    client_record.refresh_from_db()
    assert client_record.has_consent
    assert client_record.consents.count() == 1


def test_editing_keeps_who_recorded_consent(client, bob, alice, client_record):
    client.force_login(bob)
    client.post(
        reverse("clinic:client_edit", args=[client_record.pk]),
        client_form_data(first_name="Clara", last_name="Client", consent_date="2026-01-01"),
    )
    client_record.refresh_from_db()
    assert client_record.first_name == "Clara"
    assert client_record.occupation == "Architect"
    assert client_record.consent_recorded_by == alice


def test_form_errors_are_shown_at_the_field_and_entered_data_is_kept(alice_client):
    response = alice_client.post(
        reverse("clinic:client_create"),
        client_form_data(last_name="", date_of_birth="2999-01-01", email="not-an-email"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "The date of birth cannot be in the future." in page
    assert "Enter a valid email address." in page
    assert 'value="Ida"' in page
    assert 'value="Architect"' in page
    assert not Client.objects.exists()


def test_same_name_and_birth_date_warns_and_links_to_the_existing_record(alice_client, practice):
    existing = ClientFactory(
        practice=practice, first_name="Ida", last_name="Engel", date_of_birth="1983-05-17"
    )
    response = alice_client.post(
        reverse("clinic:client_create"), client_form_data(first_name=" ida ", last_name="ENGEL")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This client may already be on record" in page
    assert existing.get_absolute_url() in page
    assert Client.objects.count() == 1


def test_duplicate_can_be_created_when_confirmed_as_a_different_person(alice_client, practice):
    ClientFactory(
        practice=practice, first_name="Ida", last_name="Engel", date_of_birth="1983-05-17"
    )
    alice_client.post(reverse("clinic:client_create"), client_form_data(confirm_duplicate="on"))
    assert Client.objects.filter(last_name="Engel").count() == 2


def test_same_name_in_another_practice_is_not_a_duplicate(alice_client, other_practice):
    ClientFactory(
        practice=other_practice, first_name="Ida", last_name="Engel", date_of_birth="1983-05-17"
    )
    response = alice_client.post(reverse("clinic:client_create"), client_form_data())
    assert response.status_code == 302
    assert "may already be on record" not in response.content.decode()


def test_archived_client_is_hidden_from_the_list_and_restorable(alice_client, client_record):
    response = alice_client.post(reverse("clinic:client_archive", args=[client_record.pk]))
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.is_archived

    assert listed(alice_client.get("/clients/")) == []
    assert listed(alice_client.get("/clients/?archived=on")) == [client_record]
    assert client_record not in alice_client.get("/").context["recent_clients"]
    assert "was archived on" in alice_client.get(client_record.get_absolute_url()).content.decode()

    alice_client.post(reverse("clinic:client_restore", args=[client_record.pk]))
    client_record.refresh_from_db()
    assert not client_record.is_archived
    assert listed(alice_client.get("/clients/")) == [client_record]


def test_archive_and_restore_only_accept_post(alice_client, client_record):
    for name in ("clinic:client_archive", "clinic:client_restore"):
        assert alice_client.get(reverse(name, args=[client_record.pk])).status_code == 405


def test_archiving_keeps_the_record(alice_client, client_record):
    alice_client.post(reverse("clinic:client_archive", args=[client_record.pk]))
    assert Client.objects.filter(pk=client_record.pk).exists()


def test_dashboard_shows_recent_clients(alice_client, client_record):
    page = alice_client.get("/").content.decode()
    assert "Recent clients" in page
    assert client_record.get_absolute_url() in page


def test_detail_page_shows_the_record(alice_client, client_record):
    page = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert "Clara Client" in page
    assert "recorded by Alice Adler" in page


def test_client_sex_codes_are_the_contracts():
    from plans.engine import vocabulary

    assert tuple(Client.Sex.values) == vocabulary.SEX
