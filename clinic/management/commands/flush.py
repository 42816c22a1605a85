"""`flush` that can wipe a SQLite database whose signed records are protected by triggers.

Finalized plans, archived PDFs, addenda and locked anamneses refuse DELETE in the database
itself (plans/migrations/0004, anamnesis/migrations/0003). Flushing wipes the whole database:
PostgreSQL does it with TRUNCATE, which row triggers do not see; SQLite deletes row by row, so
here the triggers are lifted for the wipe and put back as they were, in the same transaction.
The test runner flushes after every transactional test with this command.
"""

from django.core.management.commands import flush
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            result = super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
            return result
