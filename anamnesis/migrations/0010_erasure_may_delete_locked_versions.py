"""A locked anamnesis stays undeletable, except by the erasure of the client's whole record once
its retention period is over (issue 13): the DELETE trigger of 0003 lets a row go while the
erasure's mark is visible (clinic/migrations/0010). UPDATE stays refused.

SQLite: the DELETE trigger is made anew with the mark in its WHEN clause. PostgreSQL: the
trigger function anamnesis_refuse_change() lets a DELETE through inside an erasure.
"""

import importlib

from django.db import migrations

protection = importlib.import_module("anamnesis.migrations.0003_protect_locked_versions")
erasure = importlib.import_module("clinic.migrations.0010_consent_history_requests_and_erasure")

DELETE_RULES = [(name, event, message) for name, event, message in protection.RULES if event == "DELETE"]


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def erasure_may_delete(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(erasure.refuse_function(protection.FUNCTION), params=None)
        return
    for name, event, message in DELETE_RULES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"', params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{name}" BEFORE {event} ON "{protection.TABLE}" FOR EACH ROW'
            f"{erasure.sqlite_when(event, protection.CONDITION)} "
            f"BEGIN SELECT RAISE(ABORT, {_literal(message)}); END",
            params=None,
        )


def nothing_may_delete(apps, schema_editor):
    protection.drop_triggers(apps, schema_editor)
    protection.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("anamnesis", "0009_submitted_once"),
        ("clinic", "0010_consent_history_requests_and_erasure"),
    ]

    operations = [
        migrations.RunPython(erasure_may_delete, nothing_may_delete),
    ]
