"""Retention and erasure (issue 13): `manage.py retention` lists the records whose retention
period is over and, with --delete, erases every record of those clients (signed ones included)
and nothing else; the audit trail keeps one row per erasure and the practice's figures keep
their counts. Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from anamnesis.models import Anamnesis
from clinic import audit
from clinic.models import AuditEvent, Client, ClientRequest, ConsentRecord, Erasing
from plans import services
from plans.history.figures import practice_figures
from plans.models import (
    Clearance,
    PlanDocument,
    PlanEvent,
    Reassessment,
    Referral,
    ReferralOutcome,
    SessionAddendum,
    TreatmentPlan,
    TreatmentSession,
)
from plans.services.erasure import years_after
from tests.factories import ClientFactory, MembershipFactory, PracticeFactory, UserFactory
from tests.plans.records.fixtures import full_record, moment
from tests.plans.test_database_protection import refused

pytestmark = pytest.mark.django_db

OLD = datetime.date(2014, 3, 3)
# Every table that holds a client's records, with the way to its client.
RECORDS = {
    Client: "pk",
    ConsentRecord: "client",
    ClientRequest: "client",
    Anamnesis: "client",
    TreatmentPlan: "anamnesis__client",
    PlanDocument: "plan__anamnesis__client",
    PlanEvent: "plan__anamnesis__client",
    TreatmentSession: "plan__anamnesis__client",
    SessionAddendum: "session__plan__anamnesis__client",
    Reassessment: "session__plan__anamnesis__client",
    Referral: "plan__anamnesis__client",
    ReferralOutcome: "referral__plan__anamnesis__client",
    Clearance: "anamnesis__client",
}


def counts(client_id):
    return {
        model.__name__: model.objects.filter(**{lookup: client_id}).count()
        for model, lookup in RECORDS.items()
    }


def retention(*args):
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_client(practice, alice):
    """A client last treated in March 2014 (sessions a day and a week after the intake)."""
    client = ClientFactory(
        practice=practice, consent_date=OLD, consent_recorded_by=alice, last_name="Old"
    )
    full_record(client, alice, day=OLD)
    return client


@pytest.fixture
def untreated_client(practice):
    """Registered in 2012 and never treated."""
    client = ClientFactory(practice=practice, last_name="Untreated")
    Client.objects.filter(pk=client.pk).update(created_at=moment(datetime.date(2012, 5, 1)))
    return client


@pytest.fixture
def other_practice_client(db):
    """Another practice's client, last treated in 2015."""
    therapist = UserFactory(username="olga")
    MembershipFactory(user=therapist, practice=PracticeFactory(name="Zeta Physio"))
    client = ClientFactory(
        practice=therapist.membership.practice,
        consent_date=datetime.date(2015, 1, 1),
        consent_recorded_by=therapist,
    )
    full_record(client, therapist, day=datetime.date(2015, 6, 1))
    return client


def test_the_last_treatment_is_the_latest_session_plan_or_intake(old_client):
    row = services.retention_of(old_client)
    assert row.last_treatment == OLD + datetime.timedelta(days=8)  # the second session
    assert row.due_since == datetime.date(2024, 3, 11)
    assert row.is_due()


def test_without_treatment_the_record_counts_from_its_creation(untreated_client):
    row = services.retention_of(untreated_client)
    assert (row.last_treatment, row.due_since) == (
        datetime.date(2012, 5, 1),
        datetime.date(2022, 5, 1),
    )


def test_a_recent_treatment_is_not_due(client_record, final_plan_record):
    row = services.retention_of(client_record)
    assert row.last_treatment == timezone.localdate()
    assert not row.is_due()


def test_the_period_is_a_setting(settings, old_client):
    settings.CLINIC_RETENTION_YEARS = 30
    assert services.retention_of(old_client).due_since == datetime.date(2044, 3, 11)
    assert not services.due_for_erasure()


def test_29_february_is_kept_until_1_march():
    assert years_after(datetime.date(2016, 2, 29), 10) == datetime.date(2026, 3, 1)


def test_one_of_dry_run_and_delete_is_required(old_client):
    with pytest.raises(CommandError, match="one of the arguments --dry-run --delete"):
        call_command("retention")
    with pytest.raises(CommandError, match="not allowed with"):
        call_command("retention", "--dry-run", "--delete")
    with pytest.raises(CommandError, match="not a date"):
        call_command("retention", "--dry-run", "--today", "soon")
    assert Client.objects.filter(pk=old_client.pk).exists()


def test_the_dry_run_lists_exactly_what_is_due_per_practice_and_changes_nothing(
    old_client, untreated_client, other_practice_client, client_record, final_plan_record
):
    before = counts(old_client.pk)
    out = retention("--dry-run")
    practice = old_client.practice
    assert out.splitlines() == [
        f"Practice {practice.pk} ({practice.name}):",
        f"  client {untreated_client.pk}: last treatment 2012-05-01, due since 2022-05-01",
        f"  client {old_client.pk}: last treatment 2014-03-11, due since 2024-03-11",
        f"Practice {other_practice_client.practice_id} (Zeta Physio):",
        f"  client {other_practice_client.pk}: last treatment 2015-06-09, due since 2025-06-09",
        "3 record(s) due; nothing was erased (--dry-run).",
    ]
    assert counts(old_client.pk) == before
    assert "Old" not in out and "Clara" not in out  # ids, never names
    only_zeta = retention("--dry-run", "--practice", str(other_practice_client.practice_id))
    assert str(old_client.pk) + ":" not in only_zeta
    assert retention("--dry-run", "--today", "2020-01-01") == "Nothing is due for erasure.\n"


def test_delete_erases_every_record_of_due_clients_and_nothing_else(
    old_client, untreated_client, client_record, final_plan_record, alice, rf
):
    client_record.requests.model  # noqa: B018 (a restriction request is erased with the rest)
    ClientRequest.objects.create(
        client=old_client, kind="erase", reason="Please.", recorded_by=alice
    )
    request = rf.get("/")
    request.user = alice
    audit.read(request, old_client)
    assert all(counts(old_client.pk).values())  # one of every kind
    kept = counts(client_record.pk)

    out = retention("--delete")

    assert set(counts(old_client.pk).values()) == {0}
    assert set(counts(untreated_client.pk).values()) == {0}
    assert counts(client_record.pk) == kept
    assert "2 record(s) erased." in out
    assert not Erasing.objects.exists()
    # The audit trail keeps what it had, and says what was deleted, when, and by what.
    assert AuditEvent.objects.filter(client_id=old_client.pk, action="viewed").exists()
    erased = AuditEvent.objects.get(client_id=old_client.pk, action="deleted")
    assert (erased.source, erased.subject, erased.object_id) == ("command", "client", old_client.pk)
    assert erased.practice_id == old_client.practice_id
    assert erased.summary.startswith("retention: client=1 consent=2 request=1 anamnesis=")
    for kind in ("plan=", "pdf=", "session=2", "addendum=1", "reassessment=1", "referral=2"):
        assert kind in erased.summary
    assert "Old" not in erased.summary


def test_the_practice_figures_survive_the_erasure(old_client, client_record, final_plan_record):
    before = practice_figures(old_client.practice)
    assert before[2014]["sessions"] == 2
    assert before[2014]["referrals_routine"] == before[2014]["referrals_urgent"] == 1
    assert before[2014]["reassessments_improved"] + before[2014]["reassessments_not_improved"] == 1
    retention("--delete")
    assert not TreatmentSession.objects.filter(date__year=2014).exists()
    assert practice_figures(old_client.practice) == before


def test_outside_an_erasure_signed_records_stay_protected(old_client):
    audit.by_command("viewed", old_client)
    document = PlanDocument.objects.filter(plan__anamnesis__client=old_client).first()
    refused("DELETE FROM plans_plandocument WHERE id = %s", document.pk)
    refused("DELETE FROM plans_referral")
    refused("DELETE FROM clinic_consentrecord")
    # The mark lets DELETE through, never UPDATE...
    with transaction.atomic():
        Erasing.objects.create(client_id=old_client.pk)
        refused("UPDATE plans_plandocument SET size = 1 WHERE id = %s", document.pk)
        refused("UPDATE anamnesis_anamnesis SET pain_now = 0 WHERE locked_at IS NOT NULL")
        # ...and never for the audit trail.
        refused("DELETE FROM clinic_auditevent")
        transaction.set_rollback(True)
    assert PlanDocument.objects.filter(pk=document.pk).exists()


def test_a_client_not_yet_due_is_refused_without_a_legal_reason(client_record, final_plan_record):
    with pytest.raises(services.ErasureRefused, match="retention period of this record runs"):
        services.client_erase(client=client_record)
    assert Client.objects.filter(pk=client_record.pk).exists()


def test_the_erasure_is_one_transaction(old_client, monkeypatch):
    """A failure halfway leaves everything as it was, the mark included."""
    from plans.services import erasure

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(erasure, "_newest_first", broken)
    before = counts(old_client.pk)
    with pytest.raises(RuntimeError):
        services.client_erase(client=old_client)
    assert counts(old_client.pk) == before
    assert not Erasing.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM clinic_erasing")
        assert cursor.fetchone() == (0,)
