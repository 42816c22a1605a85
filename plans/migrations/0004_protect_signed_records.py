"""The database itself refuses to change what was signed (issue 9).

Triggers, the same on SQLite and PostgreSQL:

* plans_treatmentplan: a finalized plan (status "final" or "superseded") refuses DELETE, and
  refuses UPDATE except the one change a final plan has: final -> superseded, in which only
  status, superseded_at (set, not NULL) and updated_at change (models.SUPERSEDE_FIELDS). A draft
  is updated and deleted freely (its safety removals and events go with it).
* plans_plandocument, the archived PDF of a finalized plan: refuses every UPDATE and DELETE.
* plans_sessionaddendum: refuses every UPDATE and DELETE.

A refused statement fails with django.db.IntegrityError, message "Protected record: ..."
(SQLite: RAISE(ABORT, ...); PostgreSQL: RAISE EXCEPTION with SQLSTATE 23000). The models'
save() and delete() refuse the same changes first, with the messages people see.

What this does not cover: TRUNCATE on PostgreSQL, which `manage.py flush` and the test runner
use to wipe a whole database (on SQLite, where flush deletes row by row, the project's flush
command lifts the triggers for the wipe and puts them back). On SQLite a later migration that
remakes one of these tables (AlterField, RemoveField, most AddField and AddConstraint) drops its
triggers: re-create them in that migration. The columns a supersede leaves alone are the table's
columns at this migration; a column added later needs the trigger re-created to be covered.
tests/plans/test_database_protection.py checks both.
"""

from django.db import migrations

SUPERSEDE_COLUMNS = ("status", "superseded_at", "updated_at")
# Every other column of plans_treatmentplan, as the table is at this migration.
KEPT_ON_SUPERSEDE = (
    "id",
    "version",
    "engine_draft",
    "plan",
    "therapist_notes",
    "client_instructions",
    "created_at",
    "finalized_at",
    "anamnesis_id",
    "created_by_id",
    "finalized_by_id",
    "supersedes_id",
)
FUNCTION = "plans_refuse_change"


def _superseding(same):
    return " AND ".join(
        [
            "OLD.status = 'final'",
            "NEW.status = 'superseded'",
            "NEW.superseded_at IS NOT NULL",
            *(same(column) for column in KEPT_ON_SUPERSEDE),
        ]
    )


def _rules(same):
    """(trigger name, table, event, condition or None for always, message)."""
    return [
        (
            "plans_treatmentplan_final_no_update",
            "plans_treatmentplan",
            "UPDATE",
            f"OLD.status <> 'draft' AND NOT ({_superseding(same)})",
            "Protected record: a finalized treatment plan is never changed; the one change "
            "allowed is final -> superseded (status, superseded_at, updated_at).",
        ),
        (
            "plans_treatmentplan_final_no_delete",
            "plans_treatmentplan",
            "DELETE",
            "OLD.status <> 'draft'",
            "Protected record: a finalized treatment plan is never deleted.",
        ),
        (
            "plans_plandocument_no_update",
            "plans_plandocument",
            "UPDATE",
            None,
            "Protected record: the archived document of a plan is never changed.",
        ),
        (
            "plans_plandocument_no_delete",
            "plans_plandocument",
            "DELETE",
            None,
            "Protected record: the archived document of a plan is never deleted.",
        ),
        (
            "plans_sessionaddendum_no_update",
            "plans_sessionaddendum",
            "UPDATE",
            None,
            "Protected record: a session addendum is never changed.",
        ),
        (
            "plans_sessionaddendum_no_delete",
            "plans_sessionaddendum",
            "DELETE",
            None,
            "Protected record: a session addendum is never deleted.",
        ),
    ]


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _check_columns(apps):
    plan = apps.get_model("plans", "TreatmentPlan")
    columns = {field.column for field in plan._meta.concrete_fields}
    assert columns == {*SUPERSEDE_COLUMNS, *KEPT_ON_SUPERSEDE}, columns


def create_triggers(apps, schema_editor):
    _check_columns(apps)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, table, event, condition, message in _rules(lambda c: f'NEW."{c}" IS OLD."{c}"'):
            when = f" WHEN {condition}" if condition else ""
            schema_editor.execute(
                f'CREATE TRIGGER "{name}" BEFORE {event} ON "{table}" FOR EACH ROW{when} '
                f"BEGIN SELECT RAISE(ABORT, {_literal(message)}); END",
                params=None,
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], "
            "ERRCODE = 'integrity_constraint_violation', TABLE = TG_TABLE_NAME; END $$",
            params=None,
        )
        same = lambda c: f'NEW."{c}" IS NOT DISTINCT FROM OLD."{c}"'  # noqa: E731
        for name, table, event, condition, message in _rules(same):
            when = f" WHEN ({condition})" if condition else ""
            schema_editor.execute(
                f'CREATE TRIGGER "{name}" BEFORE {event} ON "{table}" FOR EACH ROW{when} '
                f"EXECUTE FUNCTION {FUNCTION}({_literal(message)})",
                params=None,
            )
    else:
        raise NotImplementedError(f"No record-protecting triggers for {vendor}.")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, _event, _condition, _message in _rules(lambda c: ""):
        on = f' ON "{table}"' if vendor == "postgresql" else ""
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"{on}', params=None)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_one_draft_per_anamnesis"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
