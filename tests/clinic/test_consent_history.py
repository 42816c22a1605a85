"""Consent is a history (issue 13): each consent given and each withdrawal is a new record that
is never changed or deleted; the newest one is the consent in force. A withdrawal stops new
intakes and sessions and is shown on the client's page. Run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clinic import services
from clinic.models import ConsentMissing, ConsentRecord
from plans.models import TreatmentSession
from tests.factories import ClientFactory
from tests.plans.log.test_sessions import post_data
from tests.plans.test_database_protection import refused, trigger_names

pytestmark = pytest.mark.django_db


def give(client, by, day="2026-01-01", **data):
    return services.consent_record(
        client=client,
        kind=ConsentRecord.Kind.GIVEN,
        on=datetime.date.fromisoformat(day),
        by=by,
        **data,
    )


def withdraw(client, by, day="2026-03-01"):
    return services.consent_record(
        client=client, kind=ConsentRecord.Kind.WITHDRAWN, on=datetime.date.fromisoformat(day), by=by
    )


def test_the_protecting_triggers_exist():
    assert trigger_names() >= {"clinic_consentrecord_no_update", "clinic_consentrecord_no_delete"}


def test_raw_sql_cannot_change_or_delete_a_consent_record(client_record):
    record = client_record.consents.get()
    refused("UPDATE clinic_consentrecord SET kind = 'withdrawn' WHERE id = %s", record.pk)
    refused('UPDATE clinic_consentrecord SET "on" = %s WHERE id = %s', "2020-01-01", record.pk)
    refused("DELETE FROM clinic_consentrecord WHERE id = %s", record.pk)
    refused("DELETE FROM clinic_consentrecord")
    record.refresh_from_db()
    assert (record.kind, record.on) == ("given", datetime.date(2026, 1, 1))


def test_the_orm_cannot_change_one_either(client_record):
    with pytest.raises(IntegrityError, match="Protected record"), transaction.atomic():
        client_record.consents.update(note="never given")


def test_withdrawal_appends_and_keeps_the_evidence_of_the_consent(client_record, alice, bob):
    withdraw(client_record, bob)
    client_record.refresh_from_db()
    assert not client_record.has_consent
    assert client_record.consent_recorded_by is None
    assert client_record.consent_withdrawn
    given, withdrawn = client_record.consents.oldest_first()
    assert (given.kind, given.on, given.recorded_by) == ("given", datetime.date(2026, 1, 1), alice)
    assert (withdrawn.kind, withdrawn.recorded_by) == ("withdrawn", bob)
    assert withdrawn.covers == given.covers
    with pytest.raises(ConsentMissing, match="has not consented"):
        client_record.require_consent()


def test_consent_given_again_is_in_force_again(client_record, alice):
    withdraw(client_record, alice)
    give(client_record, alice, "2026-04-01", covers=[ConsentRecord.Scope.PHYSICIAN])
    client_record.refresh_from_db()
    assert client_record.consent_date == datetime.date(2026, 4, 1)
    assert not client_record.consent_withdrawn
    assert [r.kind for r in client_record.consents.oldest_first()] == [
        "given",
        "withdrawn",
        "given",
    ]
    assert client_record.consents.last().covers == ["health_data", "physician"]


def test_a_withdrawal_without_consent_in_force_is_refused(practice, alice):
    client = ClientFactory(practice=practice)
    with pytest.raises(ConsentMissing):
        withdraw(client, alice)
    assert not client.consents.exists()


def test_the_page_actions_record_consent_and_withdrawal(alice_client, client_record):
    page = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert "Consent history" in page
    assert reverse("clinic:consent_withdrawn", args=[client_record.pk]) in page

    url = reverse("clinic:consent_withdrawn", args=[client_record.pk])
    response = alice_client.post(url, {"on": "2026-02-01", "note": "by phone"}, follow=True)
    page = response.content.decode()
    assert "The withdrawal of consent was recorded" in page
    assert "The client has withdrawn their consent" in page
    assert "by phone" in page

    url = reverse("clinic:consent_given", args=[client_record.pk])
    alice_client.post(url, {"on": "", "covers": ["health_data", "physician"], "note": ""})
    client_record.refresh_from_db()
    assert client_record.consent_date == timezone.localdate()
    assert client_record.consents.count() == 3


def test_consent_cannot_be_dated_in_the_future(alice_client, client_record):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("clinic:consent_withdrawn", args=[client_record.pk])
    response = alice_client.post(url, {"on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "Consent cannot be dated in the future." in response.content.decode()
    assert client_record.consents.count() == 1


def test_a_resubmitted_form_records_once(alice_client, client_record):
    url = reverse("clinic:consent_withdrawn", args=[client_record.pk])
    token = alice_client.get(url).context["form"]["submission"].value()
    for _ in range(2):
        alice_client.post(url, {"on": "2026-02-01", "submission": token})
    assert client_record.consents.count() == 2


def test_another_practice_cannot_reach_the_consent_pages(mallory_client, client_record):
    for name in ("consent_given", "consent_withdrawn"):
        url = reverse(f"clinic:{name}", args=[client_record.pk])
        assert mallory_client.get(url).status_code == 404
        assert mallory_client.post(url, {"on": "2026-02-01"}).status_code == 404
    assert client_record.consents.count() == 1


def test_withdrawal_stops_a_new_intake(alice_client, client_record, alice):
    withdraw(client_record, alice)
    response = alice_client.get(reverse("anamnesis:new", args=[client_record.pk]))
    assert response.status_code == 403
    assert "has withdrawn their consent" in response.content.decode()
    response = alice_client.post(reverse("anamnesis:new", args=[client_record.pk]), {})
    assert response.status_code == 403
    assert not client_record.anamneses.exists()


def test_withdrawal_stops_a_new_session(alice_client, final_plan_record, client_record, alice):
    withdraw(client_record, alice)
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    response = alice_client.post(url, post_data(), follow=True)
    assert "no session can be recorded" in response.content.decode()
    assert not TreatmentSession.objects.exists()
    response = alice_client.get(url, follow=True)
    assert "no session can be recorded" in response.content.decode()


def test_the_session_service_refuses_too(final_plan_record, client_record, alice):
    from tests.plans.history_fixtures import record

    withdraw(client_record, alice)
    with pytest.raises(ConsentMissing):
        record(final_plan_record, alice)


def test_the_migration_puts_each_consent_on_record(practice, alice):
    """clinic/migrations/0010: a client's consent columns become a "given" record."""
    migration = importlib.import_module(
        "clinic.migrations.0010_consent_history_requests_and_erasure"
    )
    never = ClientFactory(practice=practice)
    # As the rows were before the history: consent on the client, no record (build() + save()
    # skips the factory's record).
    without_history = ClientFactory.build(
        practice=practice, consent_date=datetime.date(2024, 4, 4), consent_recorded_by=alice
    )
    without_history.save()
    migration.consent_on_record(apps, None)
    record = without_history.consents.get()
    assert (record.kind, record.on, record.recorded_by, record.covers) == (
        "given",
        datetime.date(2024, 4, 4),
        alice,
        ["health_data"],
    )
    assert not never.consents.exists()
