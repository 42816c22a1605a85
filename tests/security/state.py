"""What "a refused request changes nothing" is checked against."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

APPS = ("clinic", "anamnesis", "plans")


def _tables():
    models = [get_user_model()]
    for label in APPS:
        models += apps.get_app_config(label).get_models()
    return [model._meta.db_table for model in models]


def database_state():
    """Every row of the app's tables (and of the users), to compare before and after.

    Read raw, as the database holds it: quicker than through the models, and nothing a
    converter could smooth over."""
    state = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            state[table] = cursor.fetchall()
    return state


def changes(before, after):
    """The tables whose rows differ, for an assertion message."""
    return sorted(table for table in before if before[table] != after[table])


AUDIT_TRAIL = "clinic_auditevent"


def changes_but_audit_appends(before, after):
    """The tables whose rows differ, leaving out rows appended to the audit trail: showing a
    refused form again records that the record was read (existing audit rows must not change)."""
    changed = [table for table in changes(before, after) if table != AUDIT_TRAIL]
    if after[AUDIT_TRAIL][: len(before[AUDIT_TRAIL])] != before[AUDIT_TRAIL]:
        changed.append(AUDIT_TRAIL)
    return changed
