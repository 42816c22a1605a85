"""On SQLite two writes at once wait for each other instead of failing."""

from django.db import connection


def test_sqlite_writes_take_the_lock_at_begin_and_wait_for_it():
    if connection.vendor != "sqlite":
        return
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
