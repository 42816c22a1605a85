"""`manage.py restore PATH`: an installation brought back from an archive of `manage.py backup`."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from clinic import audit, backup
from clinic.models import AuditAction

# Exit status of a refusal: nothing was changed.
REFUSED = 2


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive of `manage.py backup` into "
        "this installation, then migrate. The archive is checked in full first; a damaged one, "
        "one of the other database engine, or a target database that already holds practices "
        "or clients (without --replace) is refused with exit status 2, and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the practices, clients and every other record the target database "
            "holds with the backup's.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *, archive, replace, database, **options):
        try:
            manifest = backup.backup_restore(
                archive=archive, media_root=settings.MEDIA_ROOT, using=database, replace=replace
            )
        except backup.BackupRefused as exc:
            raise CommandError(str(exc), returncode=REFUSED) from None
        except backup.BackupFailed as exc:
            raise CommandError(str(exc)) from None
        files = len(manifest["files"]) - 1
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: the database and {files} file(s)."
        )
        # A backup of an older version of the app is brought up to this version's schema.
        verbosity = options["verbosity"]
        call_command("migrate", database=database, interactive=False, verbosity=verbosity)
        # Recorded in the restored trail: what was before the restore is the backup's.
        audit.by_command(
            AuditAction.RESTORED,
            None,
            summary=f"restore of {Path(archive).name} (backup of {manifest['created_at']})",
            using=database,
        )
