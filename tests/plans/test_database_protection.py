"""The database itself refuses to change what was signed: finalized plans, archived PDFs,
session addenda and locked anamneses, whatever SQL reaches it (issue 9).

Each refusal runs raw SQL through `connection.cursor()` in a savepoint, so the test database
stays usable. Run these on SQLite and on PostgreSQL (DATABASE_URL=postgres://...).
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from anamnesis.models import Anamnesis
from anamnesis.services import anamnesis_lock
from plans import services
from plans.models import (
    SUPERSEDE_FIELDS,
    PlanDocument,
    PlanEvent,
    PlanIsFinal,
    SafetyRemoval,
    SessionAddendum,
    SessionLocked,
    TreatmentPlan,
)
from tests.plans.history_fixtures import record
from tests.plans.plan_fixtures import completed_anamnesis

pytestmark = pytest.mark.django_db

TRIGGERS = {
    "anamnesis_anamnesis_locked_no_update",
    "anamnesis_anamnesis_locked_no_delete",
    "plans_treatmentplan_final_no_update",
    "plans_treatmentplan_final_no_delete",
    "plans_plandocument_no_update",
    "plans_plandocument_no_delete",
    "plans_sessionaddendum_no_update",
    "plans_sessionaddendum_no_delete",
}
LATER = timezone.make_aware(datetime.datetime(2030, 1, 2, 3, 4, 5))


def run(sql, *params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql, *params):
    with pytest.raises(IntegrityError, match="Protected record"):
        run(sql, *params)


@pytest.fixture
def addendum(final_plan_record, alice):
    session = record(final_plan_record, alice)
    return services.addendum_add(session=session, author=alice, text="Pain was 6, not 5.")


@pytest.fixture
def second_version(final_plan_record, alice):
    """A finalized version 2: every column of a final plan holds a value."""
    revision = services.plan_revise(plan=final_plan_record, by=alice)
    services.plan_update(
        plan=revision, by=alice, document=revision.plan, therapist_notes="Watch the left side."
    )
    return services.plan_finalize(plan=revision, by=alice)


def trigger_names():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def test_the_protecting_triggers_exist():
    # On SQLite a migration that remakes a table drops its triggers: this notices.
    assert trigger_names() >= TRIGGERS


# Treatment plans


def test_raw_sql_update_of_a_final_plan_is_refused(final_plan_record):
    refused(
        "UPDATE plans_treatmentplan SET client_instructions = %s WHERE id = %s",
        "forged",
        final_plan_record.pk,
    )
    final_plan_record.refresh_from_db()
    assert final_plan_record.client_instructions == ""


def test_raw_sql_delete_of_a_final_plan_is_refused(final_plan_record):
    refused("DELETE FROM plans_treatmentplan WHERE id = %s", final_plan_record.pk)
    assert TreatmentPlan.objects.filter(pk=final_plan_record.pk).exists()


def test_raw_sql_cannot_take_a_final_plan_back_to_draft(final_plan_record):
    refused(
        "UPDATE plans_treatmentplan SET status = 'draft', finalized_at = NULL, "
        "finalized_by_id = NULL WHERE id = %s",
        final_plan_record.pk,
    )


def test_raw_sql_update_of_a_superseded_plan_is_refused(final_plan_record, alice):
    services.plan_revise(plan=final_plan_record, by=alice)
    refused("UPDATE plans_treatmentplan SET status = 'final' WHERE id = %s", final_plan_record.pk)
    refused(
        "UPDATE plans_treatmentplan SET superseded_at = %s WHERE id = %s",
        LATER,
        final_plan_record.pk,
    )
    refused("DELETE FROM plans_treatmentplan WHERE id = %s", final_plan_record.pk)


def test_raw_sql_superseding_a_final_plan_is_allowed(final_plan_record):
    run(
        "UPDATE plans_treatmentplan SET status = 'superseded', superseded_at = %s, "
        "updated_at = %s WHERE id = %s",
        LATER,
        LATER,
        final_plan_record.pk,
    )
    final_plan_record.refresh_from_db()
    assert (final_plan_record.status, final_plan_record.superseded_at) == ("superseded", LATER)


def test_superseding_without_a_time_is_refused(final_plan_record):
    refused(
        "UPDATE plans_treatmentplan SET status = 'superseded' WHERE id = %s",
        final_plan_record.pk,
    )


@pytest.mark.parametrize(
    "column",
    sorted(
        field.column
        for field in TreatmentPlan._meta.concrete_fields
        if field.attname not in SUPERSEDE_FIELDS
    ),
)
def test_superseding_changes_nothing_but_status_superseded_at_and_updated_at(
    second_version, column
):
    # Every column of the model, so that a column added later without re-creating the
    # trigger fails here. Each holds a value on a finalized version 2, so NULL is a change
    # (SQLite takes no NULL for the primary key, whatever the triggers say).
    quoted = connection.ops.quote_name(column)
    changed = f"{quoted} + 1000" if column == "id" else "NULL"
    refused(
        f"UPDATE plans_treatmentplan SET status = 'superseded', superseded_at = %s, "
        f"{quoted} = {changed} WHERE id = %s",
        LATER,
        second_version.pk,
    )


def test_a_no_op_save_of_a_final_plan_is_refused_before_the_database(final_plan_record):
    plan = TreatmentPlan.objects.get(pk=final_plan_record.pk)
    with pytest.raises(PlanIsFinal):
        plan.save()


def test_drafts_are_edited_finalized_and_superseded_as_before(draft_plan_record, alice):
    plan = draft_plan_record
    run(
        "UPDATE plans_treatmentplan SET therapist_notes = %s WHERE id = %s",
        "raw edit of a draft",
        plan.pk,
    )
    doc = {**plan.plan, "pressure": "moderate"}
    services.plan_update(plan=plan, by=alice, document=doc, client_instructions="Drink water.")
    final = services.plan_finalize(plan=plan, by=alice)
    revision = services.plan_revise(plan=final, by=alice)
    final.refresh_from_db()
    assert final.status == TreatmentPlan.Status.SUPERSEDED
    assert final.therapist_notes == "raw edit of a draft"
    assert revision.is_draft and revision.supersedes == final


def test_deleting_a_draft_takes_its_removals_and_events_along(draft_plan_record, alice):
    doc = {
        **draft_plan_record.plan,
        "avoid": [a for a in draft_plan_record.plan["avoid"] if a["code"] != "pressure_on_spine"],
    }
    services.plan_update(
        plan=draft_plan_record,
        by=alice,
        document=doc,
        reasons={("avoid", "pressure_on_spine"): "Only the shoulder girdle is worked."},
    )
    draft_plan_record.delete()
    assert not TreatmentPlan.objects.exists()
    assert not SafetyRemoval.objects.exists() and not PlanEvent.objects.exists()


def test_raw_sql_delete_of_a_draft_is_allowed(anamnesis_record, alice):
    plan = TreatmentPlan.objects.create(
        anamnesis=anamnesis_record, engine_draft={}, plan={}, created_by=alice
    )
    run("DELETE FROM plans_treatmentplan WHERE id = %s", plan.pk)
    assert not TreatmentPlan.objects.exists()


# The archived PDF


def test_raw_sql_update_of_an_archived_document_is_refused(final_plan_record):
    document = PlanDocument.objects.get(plan=final_plan_record)
    refused(
        "UPDATE plans_plandocument SET pdf = %s, sha256 = %s WHERE id = %s",
        b"%PDF-forged",
        "0" * 64,
        document.pk,
    )
    assert PlanDocument.objects.get(pk=document.pk).is_intact


def test_raw_sql_delete_of_an_archived_document_is_refused(final_plan_record):
    refused("DELETE FROM plans_plandocument WHERE plan_id = %s", final_plan_record.pk)
    assert PlanDocument.objects.filter(plan=final_plan_record).exists()


# Session addenda


def test_raw_sql_update_of_a_session_addendum_is_refused(addendum):
    refused("UPDATE plans_sessionaddendum SET text = %s WHERE id = %s", "rewritten", addendum.pk)
    addendum.refresh_from_db()
    assert addendum.text == "Pain was 6, not 5."


def test_raw_sql_delete_of_a_session_addendum_is_refused(addendum):
    refused("DELETE FROM plans_sessionaddendum WHERE id = %s", addendum.pk)
    assert SessionAddendum.objects.filter(pk=addendum.pk).exists()


def test_deleting_an_addendum_is_refused_before_the_database(addendum):
    with pytest.raises(SessionLocked, match="never deleted"):
        addendum.delete()


# Locked anamneses: the version a plan was finalized from


def test_raw_sql_update_of_a_locked_anamnesis_is_refused(final_plan_record):
    anamnesis = final_plan_record.anamnesis
    refused(
        "UPDATE anamnesis_anamnesis SET complaint_notes = %s WHERE id = %s",
        "rewritten",
        anamnesis.pk,
    )
    refused("UPDATE anamnesis_anamnesis SET locked_at = NULL WHERE id = %s", anamnesis.pk)
    anamnesis.refresh_from_db()
    assert anamnesis.is_locked and anamnesis.complaint_notes == ""


def test_raw_sql_delete_of_a_locked_anamnesis_is_refused(final_plan_record):
    refused("DELETE FROM anamnesis_anamnesis WHERE id = %s", final_plan_record.anamnesis_id)
    assert Anamnesis.objects.filter(pk=final_plan_record.anamnesis_id).exists()


def test_an_anamnesis_is_edited_until_it_is_locked(client_record, alice):
    anamnesis = completed_anamnesis(client_record, alice)
    run(
        "UPDATE anamnesis_anamnesis SET complaint_notes = %s, draft_snapshot = NULL WHERE id = %s",
        "still open",
        anamnesis.pk,
    )
    locked = anamnesis_lock(anamnesis=anamnesis)
    assert locked.is_locked and locked.complaint_notes == "still open"


# Wiping the whole database


@pytest.mark.django_db(transaction=True)
def test_flush_wipes_protected_records_and_keeps_the_protection(addendum):
    # As after every transactional test (the e2e tests): PostgreSQL truncates, which row
    # triggers do not see; on SQLite the project's flush lifts the triggers for the wipe.
    call_command("flush", interactive=False, verbosity=0)
    assert not TreatmentPlan.objects.exists() and not Anamnesis.objects.exists()
    assert trigger_names() >= TRIGGERS
