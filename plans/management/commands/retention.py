"""`manage.py retention`: the client records whose retention period is over, and their erasure.

    python manage.py retention --dry-run      # list what is due; change nothing
    python manage.py retention --delete       # erase it
    python manage.py retention --dry-run --practice 3 --today 2036-05-01

One of --dry-run and --delete is required, so that nothing is erased by a command typed without
thinking. Each client is erased in a transaction of its own (plans.services.erasure), which
writes one audit row (source: command line, action: deleted) with the counts per kind.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clinic import audit
from clinic.models import AuditAction, Practice
from plans import services


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today {text!r}: not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "List the client records whose retention period (CLINIC_RETENTION_YEARS after the last "
        "treatment) is over, per practice: client id, last treatment, due since. --dry-run only "
        "lists them; --delete erases each of them (every record of the client, signed ones "
        "included) and leaves one audit row per client with the counts per kind. One of the "
        "two is required."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="list what is due; change nothing")
        mode.add_argument("--delete", action="store_true", help="erase every record that is due")
        parser.add_argument("--practice", type=int, metavar="ID", help="only this practice")
        parser.add_argument(
            "--today",
            type=_day,
            metavar="YYYY-MM-DD",
            help="what is due on this day (default: today)",
        )

    def handle(self, *args, dry_run=False, delete=False, practice=None, today=None, **options):
        if practice is not None:
            practice_id, practice = practice, Practice.objects.filter(pk=practice).first()
            if practice is None:
                raise CommandError(f"--practice {practice_id}: no such practice.")
        due = services.due_for_erasure(practice=practice, today=today)
        if not due:
            self.stdout.write("Nothing is due for erasure.")
            return
        current = None
        for row in due:
            if row.client.practice_id != current:
                current = row.client.practice_id
                self.stdout.write(f"Practice {current} ({row.client.practice.name}):")
            self.stdout.write(
                f"  client {row.client.pk}: last treatment {row.last_treatment.isoformat()}, "
                f"due since {row.due_since.isoformat()}"
            )
        if dry_run:
            self.stdout.write(f"{len(due)} record(s) due; nothing was erased (--dry-run).")
            return
        for row in due:
            with transaction.atomic():
                ground, counts = services.client_erase(client=row.client, today=today)
                summary = services.erasure_summary(ground, counts)
                audit.by_command(AuditAction.DELETED, row.client, summary=summary)
            self.stdout.write(f"  client {row.client.pk} erased: {summary}")
        self.stdout.write(self.style.SUCCESS(f"{len(due)} record(s) erased."))
