"""The database itself refuses to change a finalized anamnesis version (issue 9).

A finalized anamnesis version is a *locked* one: `locked_at` is set, which happens once, when a
plan is finalized from it (`anamnesis_lock`, called by `plan_finalize`). From then on it is the
record the plan was made from and is only amended: a change is a new version whose `previous`
is this one. A completed anamnesis that is not locked is not finalized: it is still edited in
place (and goes back to draft if it loses a required answer), so "completed" alone is not
protected.

Triggers, the same on SQLite and PostgreSQL, on anamnesis_anamnesis:

* UPDATE of a row whose stored `locked_at` is set is refused, whatever it changes (unlocking
  included). Locking itself (locked_at NULL -> a time) is an update of an unlocked row and
  goes through.
* DELETE of a row whose stored `locked_at` is set is refused.

A refused statement fails with django.db.IntegrityError, message "Protected record: ..."
(SQLite: RAISE(ABORT, ...); PostgreSQL: RAISE EXCEPTION with SQLSTATE 23000). The services
refuse first, with AnamnesisLocked and its message.

Not covered: the rows of a locked anamnesis in other tables (regions, prior injuries, side
comparisons, trigger points); TRUNCATE on PostgreSQL (flush). On SQLite a later migration that
remakes anamnesis_anamnesis drops these triggers: re-create them there
(tests/plans/test_database_protection.py checks they exist).
"""

from django.db import migrations

FUNCTION = "anamnesis_refuse_change"
TABLE = "anamnesis_anamnesis"
RULES = [
    (
        "anamnesis_anamnesis_locked_no_update",
        "UPDATE",
        "Protected record: a locked anamnesis (a plan was finalized from it) is never changed; "
        "amend it instead.",
    ),
    (
        "anamnesis_anamnesis_locked_no_delete",
        "DELETE",
        "Protected record: a locked anamnesis (a plan was finalized from it) is never deleted.",
    ),
]
CONDITION = "OLD.locked_at IS NOT NULL"


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, event, message in RULES:
            schema_editor.execute(
                f'CREATE TRIGGER "{name}" BEFORE {event} ON "{TABLE}" FOR EACH ROW '
                f"WHEN {CONDITION} BEGIN SELECT RAISE(ABORT, {_literal(message)}); END",
                params=None,
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], "
            "ERRCODE = 'integrity_constraint_violation', TABLE = TG_TABLE_NAME; END $$",
            params=None,
        )
        for name, event, message in RULES:
            schema_editor.execute(
                f'CREATE TRIGGER "{name}" BEFORE {event} ON "{TABLE}" FOR EACH ROW '
                f"WHEN ({CONDITION}) EXECUTE FUNCTION {FUNCTION}({_literal(message)})",
                params=None,
            )
    else:
        raise NotImplementedError(f"No record-protecting triggers for {vendor}.")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    on = f' ON "{TABLE}"' if vendor == "postgresql" else ""
    for name, _event, _message in RULES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"{on}', params=None)
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("anamnesis", "0002_one_amendment_per_version"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
