"""Signed records stay undeletable, except by the erasure of the client's whole record once its
retention period is over (issue 13): the DELETE triggers of 0004 (finalized plans, archived
PDFs, session addenda) and 0007 (referrals and their outcomes) let a row go while the erasure's
mark is visible (clinic/migrations/0010). UPDATE stays refused, as before.

SQLite: each DELETE trigger is made anew with the mark in its WHEN clause. PostgreSQL: the
trigger function plans_refuse_change() lets a DELETE through inside an erasure.
"""

import importlib

from django.db import migrations

signed = importlib.import_module("plans.migrations.0004_protect_signed_records")
referrals = importlib.import_module("plans.migrations.0007_referrals_and_outcomes")
erasure = importlib.import_module("clinic.migrations.0010_consent_history_requests_and_erasure")


def _delete_rules():
    """(name, table, condition or None, message) of every DELETE trigger of 0004 and 0007."""
    rules = [
        (name, table, condition, message)
        for name, table, event, condition, message in signed._rules(lambda c: "")
        if event == "DELETE"
    ]
    rules += [
        (name, table, None, message)
        for name, table, event, message in referrals.RULES
        if event == "DELETE"
    ]
    return rules


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _recreate(schema_editor, erasable):
    for name, table, condition, message in _delete_rules():
        if erasable:
            when = erasure.sqlite_when("DELETE", condition)
        else:
            when = f" WHEN {condition}" if condition else ""
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"', params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{name}" BEFORE DELETE ON "{table}" FOR EACH ROW{when} '
            f"BEGIN SELECT RAISE(ABORT, {_literal(message)}); END",
            params=None,
        )


def erasure_may_delete(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(erasure.refuse_function(signed.FUNCTION), params=None)
    else:
        _recreate(schema_editor, erasable=True)


def nothing_may_delete(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {signed.FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], "
            "ERRCODE = 'integrity_constraint_violation', TABLE = TG_TABLE_NAME; END $$",
            params=None,
        )
    else:
        _recreate(schema_editor, erasable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_merge_clearance_and_submit_once"),
        ("clinic", "0010_consent_history_requests_and_erasure"),
    ]

    operations = [
        migrations.RunPython(erasure_may_delete, nothing_may_delete),
    ]
