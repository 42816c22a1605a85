"""On SQLite two writes at once wait for each other instead of failing."""

import threading
import time

import pytest
from django.db import connection, connections, transaction


def test_sqlite_writes_take_the_lock_at_begin_and_wait_for_it():
    if connection.vendor != "sqlite":
        return
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker, settings):
    """A database file opened with the project's SQLite options (the test database itself is
    in memory, where there is no write-ahead log to check)."""
    alias = "sqlite_file"
    connections.settings[alias] = connections.configure_settings(
        {
            "default": connections.settings["default"],
            alias: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "db.sqlite3"),
                "OPTIONS": dict(settings.SQLITE_OPTIONS),
            },
        }
    )[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, by TEXT)")
        yield alias
        connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_the_sqlite_options_are_in_effect_on_a_database_file(sqlite_file):
    with connections[sqlite_file].cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000


def test_two_writes_at_once_on_sqlite_both_succeed(sqlite_file):
    first_holds_the_lock = threading.Event()
    second_is_waiting = threading.Event()

    def write(name, before=None, after=None):
        try:
            with transaction.atomic(using=sqlite_file):
                if before:
                    before.set()
                with connections[sqlite_file].cursor() as cursor:
                    # Read, then write: the pattern of a form save, which a deferred
                    # transaction cannot upgrade once the other writer has committed.
                    cursor.execute("SELECT count(*) FROM visit")
                    cursor.execute("INSERT INTO visit (by) VALUES (%s)", [name])
                if after:
                    # Keep the write lock until the other writer has asked for it.
                    second_is_waiting.wait(10)
                    time.sleep(0.2)
            return "ok"
        except Exception as exc:  # the outcome is what the test looks at
            return exc
        finally:
            connections[sqlite_file].close()

    outcomes = {}
    first = threading.Thread(
        target=lambda: outcomes.setdefault("first", write("first", first_holds_the_lock, True))
    )
    first.start()
    first_holds_the_lock.wait(10)

    def second():
        second_is_waiting.set()
        outcomes["second"] = write("second")

    second_thread = threading.Thread(target=second)
    second_thread.start()
    first.join()
    second_thread.join()
    assert outcomes == {"first": "ok", "second": "ok"}
    with connections[sqlite_file].cursor() as cursor:
        assert cursor.execute("SELECT count(*) FROM visit").fetchone()[0] == 2
