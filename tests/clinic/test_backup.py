"""Backups: `manage.py backup` writes the database and the uploaded files into one checksummed
archive, and `manage.py restore` brings them back into an empty installation, or refuses with
exit status 2 and changes nothing. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import hashlib
import io
import json
import shutil
import stat
import tarfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from django.db.migrations.recorder import MigrationRecorder
from PIL import Image

from clinic import backup
from clinic.models import AuditEvent, Client, Practice
from plans.models import PlanDocument
from tests.factories import ClientFactory

# Data written here must be committed: pg_dump and psql are other processes.
pytestmark = pytest.mark.django_db(transaction=True)

OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def with_logo(practice):
    image = io.BytesIO()
    Image.new("RGB", (120, 40), (47, 93, 98)).save(image, "PNG")
    practice.logo.save("logo.png", ContentFile(image.getvalue()))
    return practice


@pytest.fixture
def records(with_logo, client_record):
    """A practice with its logo, a therapist and a client: what the refusals need."""
    return client_record


def snapshot(media):
    """Every model's count, the archived PDFs' recorded and re-computed hashes, and the files
    under MEDIA_ROOT with theirs."""
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    counts["django_migrations"] = MigrationRecorder.Migration.objects.count()
    documents = {
        document.plan_id: (document.sha256, hashlib.sha256(bytes(document.pdf)).hexdigest())
        for document in PlanDocument.objects.all()
    }
    files = {
        path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    return counts, documents, files


def back_up(tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("clinic-backup-*.tar.gz")
    return archive


def empty_installation(media):
    """The database as `migrate` leaves it and no uploaded files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)


def restore(archive, *args):
    call_command("restore", str(archive), *args, stdout=io.StringIO())


def refused(archive, *args):
    with pytest.raises(CommandError) as refusal:
        restore(archive, *args)
    assert refusal.value.returncode == 2
    return str(refusal.value)


def rewritten(archive, change):
    """A well-formed .tar.gz with the archive's members passed through `change` (a dict of name
    to bytes in, one out), without a .sha256 beside it."""
    with tarfile.open(archive) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(copy, "w:gz") as tar:
        for name, data in change(members).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return copy


def changed_manifest(archive, **changes):
    def change(members):
        manifest = json.loads(members["manifest.json"])
        manifest.update(changes)
        return {**members, "manifest.json": json.dumps(manifest).encode()}

    return rewritten(archive, change)


def test_a_backup_restored_into_an_empty_installation_has_every_record_pdf_and_file(
    tmp_path, media, with_logo, final_plan_record
):
    assert final_plan_record.document.is_intact
    before = snapshot(media)
    assert before[1] and before[2]  # an archived PDF and the logo
    archive = back_up(tmp_path)

    # The backup is in the audit trail (after the copy, so the next backup holds it).
    made = AuditEvent.objects.get(subject="backup")
    assert (made.action, made.source, made.summary) == (
        "exported",
        "command",
        f"backup {archive.name}",
    )

    empty_installation(media)
    assert not Client.objects.exists() and not PlanDocument.objects.exists()
    restore(archive)

    # The restored trail is the backup's, plus the restore itself.
    restored = AuditEvent.objects.get(subject="backup")
    assert restored.action == "restored" and archive.name in restored.summary
    before[0]["clinic.AuditEvent"] += 1
    assert snapshot(media) == before
    document = PlanDocument.objects.get()
    assert document.is_intact
    # The restored database protects the signed records as before ...
    with pytest.raises(IntegrityError):
        PlanDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    # ... and new records get fresh ids (on PostgreSQL the sequences are restored too).
    practice = Practice.objects.get()
    new = ClientFactory(practice=practice)
    assert new.pk > Client.objects.exclude(pk=new.pk).get().pk
    logo = media / practice.logo.name
    assert stat.S_IMODE(logo.stat().st_mode) == 0o600
    assert stat.S_IMODE(logo.parent.stat().st_mode) == 0o700


def test_the_archive_lists_every_member_with_its_checksum_and_is_private(tmp_path, records):
    archive = back_up(tmp_path)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
    checksum = archive.with_name(archive.name + ".sha256")
    assert stat.S_IMODE(checksum.stat().st_mode) == 0o600
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert checksum.read_text() == f"{digest}  {archive.name}\n"

    with tarfile.open(archive) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    manifest = json.loads(members.pop("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["database"] in members
    assert any(name.startswith("media/logos/") for name in members)
    assert manifest["files"] == {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }


def test_a_backup_never_overwrites_an_archive(tmp_path, records):
    archive = back_up(tmp_path)
    with pytest.raises(CommandError) as refusal:
        call_command("backup", output=str(archive), stdout=io.StringIO())
    assert refusal.value.returncode == 2
    assert "exists already" in str(refusal.value)


def test_a_restore_into_a_database_with_clients_is_refused_with_exit_status_2(
    tmp_path, media, records, capsys
):
    archive = back_up(tmp_path)
    ClientFactory(practice=records.practice)
    before = snapshot(media)
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "restore", str(archive)])
    assert exit.value.code == 2
    assert "already holds practices or clients" in capsys.readouterr().err
    assert snapshot(media) == before


def test_replace_restores_the_backup_over_the_records_there(tmp_path, media, records):
    before = snapshot(media)
    archive = back_up(tmp_path)
    ClientFactory(practice=records.practice)
    restore(archive, "--replace")
    before[0]["clinic.AuditEvent"] += 1  # the restore, recorded in the restored trail
    assert snapshot(media) == before


def flipped_byte(archive):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    return archive


@pytest.mark.parametrize("checksum_file", [True, False])
def test_a_damaged_archive_is_refused_and_changes_nothing(tmp_path, media, records, checksum_file):
    archive = flipped_byte(back_up(tmp_path))
    if not checksum_file:
        archive.with_name(archive.name + ".sha256").unlink()
    before = snapshot(media)
    message = refused(archive, "--replace")
    assert ("does not match its checksum" if checksum_file else "damaged") in message
    assert snapshot(media) == before


def test_a_member_that_does_not_match_the_manifest_is_refused(tmp_path, media, records):
    archive = back_up(tmp_path)

    def altered_logo(members):
        name = next(name for name in members if name.startswith("media/"))
        return {**members, name: members[name] + b"\0"}

    before = snapshot(media)
    message = refused(rewritten(archive, altered_logo), "--replace")
    assert "does not match its SHA-256 checksum in the manifest" in message
    assert snapshot(media) == before


def test_an_archive_missing_a_member_is_refused(tmp_path, media, records):
    archive = back_up(tmp_path)
    without_logo = rewritten(
        archive, lambda members: {k: v for k, v in members.items() if not k.startswith("media/")}
    )
    before = snapshot(media)
    assert "is missing media/logos/" in refused(without_logo, "--replace")
    assert snapshot(media) == before


def test_a_member_the_manifest_does_not_list_is_refused(tmp_path, media, records):
    archive = back_up(tmp_path)
    extra = rewritten(archive, lambda members: {**members, "media/extra.png": b"x"})
    assert "media/extra.png, which its manifest omits" in refused(extra, "--replace")


@pytest.mark.parametrize("name", ["../outside.png", "/etc/cron.d/clinic", "media/../../x"])
def test_a_member_outside_the_archive_folders_is_refused(tmp_path, media, records, name):
    archive = back_up(tmp_path)
    hostile = rewritten(archive, lambda members: {**members, name: b"x"})
    before = snapshot(media)
    assert "which no backup of this app has" in refused(hostile, "--replace")
    assert snapshot(media) == before
    assert not (tmp_path / "outside.png").exists()


def test_an_archive_of_the_other_database_engine_is_refused(tmp_path, media, records):
    archive = back_up(tmp_path)
    other = OTHER_ENGINE[connection.vendor]
    database = backup.DATABASE_MEMBERS[other]

    def as_other_engine(members):
        manifest = json.loads(members.pop("manifest.json"))
        manifest["files"][database] = manifest["files"].pop(manifest["database"])
        manifest.update(engine=other, database=database)
        members[database] = members.pop(backup.DATABASE_MEMBERS[connection.vendor])
        return {"manifest.json": json.dumps(manifest).encode(), **members}

    before = snapshot(media)
    message = refused(rewritten(archive, as_other_engine), "--replace")
    assert f"holds a {other} database and this installation uses {connection.vendor}" in message
    assert snapshot(media) == before


def test_a_backup_of_a_newer_version_of_the_app_is_refused(tmp_path, media, records):
    archive = back_up(tmp_path)
    with tarfile.open(archive) as tar:
        migrations = json.loads(tar.extractfile("manifest.json").read())["migrations"]
    newer = changed_manifest(archive, migrations=[*migrations, "clinic.9999_from_the_future"])
    assert "clinic.9999_from_the_future" in refused(newer, "--replace")


@pytest.mark.parametrize(
    "content", [b"", b"not a backup at all", b"\x1f\x8b\x08\x00 truncated gzip"]
)
def test_a_file_that_is_no_backup_is_refused(tmp_path, media, records, content):
    archive = tmp_path / "clinic-backup-20260101-000000.tar.gz"
    archive.write_bytes(content)
    assert "damaged or not a backup archive" in refused(archive, "--replace")


def test_a_tar_without_a_manifest_is_refused(tmp_path, records):
    archive = back_up(tmp_path)
    bare = rewritten(archive, lambda members: {"media/logo.png": b"x"})
    assert "no manifest.json" in refused(bare, "--replace")


def test_a_missing_archive_is_refused(tmp_path, db):
    assert "no backup archive at" in refused(tmp_path / "nowhere.tar.gz")


def test_without_the_postgresql_client_tools_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(backup.BackupRefused, match="apt-get install postgresql-client"):
        backup._pg_tool("pg_dump")


def test_a_backup_is_not_written_inside_the_folder_it_backs_up(media, records):
    with pytest.raises(CommandError) as refusal:
        call_command("backup", output=str(media / "backups"), stdout=io.StringIO())
    assert refusal.value.returncode == 2
    assert "inside MEDIA_ROOT" in str(refusal.value)
    assert not (media / "backups").exists()


def test_a_backup_to_a_file_that_is_not_a_folder_is_refused(tmp_path, db):
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(CommandError) as refusal:
        call_command("backup", output=str(tmp_path / "taken"), stdout=io.StringIO())
    assert refusal.value.returncode == 2
    assert "cannot be made" in str(refusal.value)
