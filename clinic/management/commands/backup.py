"""`manage.py backup --output PATH`: the database and the uploaded files in one archive."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from clinic import audit, backup
from clinic.models import AuditAction

# Exit status of a refusal: nothing was written.
REFUSED = 2


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database and the uploaded files (MEDIA_ROOT) into one "
        "archive, readable by this account only, with a manifest of SHA-256 checksums inside "
        "and the archive's own checksum beside it (<archive>.sha256)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="A folder, where the archive is named clinic-backup-YYYYMMDD-HHMMSS.tar.gz, or "
            "the archive's file name ending in .tar.gz. Missing folders are made (mode 0700).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *, output, database, **options):
        try:
            archive = backup.backup_write(
                output=output, media_root=settings.MEDIA_ROOT, using=database
            )
        except backup.BackupRefused as exc:
            raise CommandError(str(exc), returncode=REFUSED) from None
        except backup.BackupFailed as exc:
            raise CommandError(str(exc)) from None
        # After the copy, so the trail says a backup was made; the next backup holds this row.
        audit.by_command(
            AuditAction.EXPORTED, None, summary=f"backup {archive.path.name}", using=database
        )
        storage = storages["default"]
        if not isinstance(storage, FileSystemStorage):
            self.stderr.write(
                f"The uploaded files are kept in {type(storage).__name__}, not "
                "under MEDIA_ROOT, and are not in this archive: back them up with that "
                "storage's own means."
            )
        files = len(archive.manifest["files"]) - 1
        self.stdout.write(f"Backup written: {archive.path} (the database and {files} file(s))")
        self.stdout.write(f"SHA-256 {archive.sha256} (also in {archive.path.name}.sha256)")
