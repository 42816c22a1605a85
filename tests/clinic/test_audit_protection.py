"""The audit trail is append-only in the database itself: whatever SQL reaches it, a row is never
changed or deleted (clinic/migrations/0004). Run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...), like tests/plans/test_database_protection.py.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from clinic import audit
from clinic.models import AuditAction, AuditEvent
from tests.factories import ClientFactory, UserFactory
from tests.plans.test_database_protection import refused, trigger_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(rf, alice, client_record):
    request = rf.get("/", REMOTE_ADDR="192.0.2.4")
    request.user = alice
    audit.read(request, client_record)
    return AuditEvent.objects.get()


def test_the_protecting_triggers_exist():
    assert trigger_names() >= {"clinic_auditevent_no_update", "clinic_auditevent_no_delete"}


def test_raw_sql_cannot_change_an_audit_row(event):
    refused("UPDATE clinic_auditevent SET username = %s WHERE id = %s", "mallory", event.pk)
    refused("UPDATE clinic_auditevent SET at = at WHERE id = %s", event.pk)
    event.refresh_from_db()
    assert event.username == "alice"


def test_raw_sql_cannot_delete_an_audit_row(event):
    refused("DELETE FROM clinic_auditevent WHERE id = %s", event.pk)
    refused("DELETE FROM clinic_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_cannot_change_or_delete_one_either(event):
    with pytest.raises(IntegrityError, match="Protected record"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="nothing to see")
    with pytest.raises(IntegrityError, match="Protected record"), transaction.atomic():
        event.delete()


def test_new_rows_are_still_appended(event, alice, client_record, rf):
    request = rf.get("/")
    request.user = alice
    audit.wrote(request, AuditAction.CHANGED, client_record)
    assert AuditEvent.objects.count() == 2


def test_the_row_outlives_the_client_and_the_user_it_names(practice, rf):
    """Retention (issue 13) deletes records; the trail of who saw them stays."""
    therapist = UserFactory(username="temp")
    client = ClientFactory(practice=practice)
    request = rf.get("/")
    request.user = therapist
    audit.read(request, client)
    client_id = client.pk
    client.delete()
    therapist.delete()
    event = AuditEvent.objects.get()
    assert (event.client_id, event.object_id, event.username) == (client_id, client_id, "temp")
    assert event.practice == practice
    with connection.cursor() as cursor:
        cursor.execute("SELECT user_id FROM clinic_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] is not None  # kept as it was, pointing at no one now
