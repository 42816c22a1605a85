"""Backups of a whole installation: the database and the uploaded files in one archive (issue 13).

An archive is a gzipped tar file, `clinic-backup-YYYYMMDD-HHMMSS.tar.gz`:

    manifest.json      what the archive holds: its format, the database engine, when it was made,
                       the migrations applied, and the size and SHA-256 of every other member
    database.sqlite3   SQLite: a copy made with SQLite's online backup API, one consistent
                       snapshot taken while the app keeps running
    database.sql       PostgreSQL: pg_dump's plain SQL, one consistent snapshot as well
    media/...          the files under MEDIA_ROOT (the practice logos; the archived PDFs are rows
                       of the database)

and beside it `<archive>.sha256`, the archive's own hash in `sha256sum` format. The database is
copied before the files: a logo uploaded meanwhile is in the archive without a practice naming
it, never the other way round.

A restore reads the whole archive into a private staging folder and checks it before it changes
anything: the archive's hash (when the .sha256 file is beside it), the gzip stream's own checksum,
every member against the manifest (none missing, none extra, the same size and SHA-256), the
engine, and that every migration the backup had applied is known to this version of the app.
The database is then replaced as one step: on SQLite the backup API copies the archived database
into the configured one; on PostgreSQL psql runs, in one transaction, a DROP of the tables the
target holds followed by the dump (which creates the tables, their rows, the sequences' values
and the record-protecting triggers; the triggers refuse UPDATE and DELETE, never the INSERTs of a
restore). Restoring into the other engine is not supported.

The checksums find damage, not tampering: whoever can write the archive can rewrite the manifest.
Keep the copies encrypted and where the app's machine cannot change them (README, "Backups").
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from clinic import private_files
from clinic.models import Client, Practice

FORMAT = "clinic-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.sql"}
MEDIA = "media"
SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024
# A manifest lists a few hundred files at most; anything far larger is not one.
MANIFEST_MAX_BYTES = 16 * 1024 * 1024


class BackupRefused(Exception):
    """A backup or restore was refused before it changed anything; the message says why."""


class BackupFailed(Exception):
    """A tool the backup or restore runs (pg_dump, psql) failed; its message is included."""


@dataclass(frozen=True)
class Archive:
    path: Path
    sha256: str
    manifest: dict


def archive_path(output, now=None):
    """Where a backup to `output` goes: `output` itself when it names a .tar.gz file, otherwise
    a dated archive in the folder `output`."""
    output = Path(output)
    if output.name.endswith(SUFFIX):
        return output
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return output / f"clinic-backup-{stamp}{SUFFIX}"


def backup_write(*, output, media_root, using="default", now=None):
    """Write the database `using` and the files under `media_root` into a new archive at
    `output` (see archive_path), readable by the app's account only, with its .sha256 file
    beside it. BackupRefused when the archive exists already or a tool is missing."""
    connection = connections[using]
    target = archive_path(output, now)
    if target.exists():
        raise BackupRefused(f"{target} exists already; a backup never overwrites another.")
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupRefused(f"Backups of a {connection.vendor} database are not supported.")
    media_root = Path(media_root)
    if target.parent.resolve().is_relative_to(media_root.resolve()):
        raise BackupRefused(
            f"{target.parent} is inside MEDIA_ROOT ({media_root}), which is backed up itself: "
            "write the backups elsewhere."
        )
    try:
        private_files.private_dir(target.parent)
    except OSError as exc:
        raise BackupRefused(
            f"The folder {target.parent} cannot be made ({exc.strerror}); name a folder, or an "
            f"archive ending in {SUFFIX}."
        ) from None
    # Staged beside the archive (in a folder of mode 0700), so that the finished archive is moved
    # into place in one step: a half-written one never has its name.
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".clinic-backup-") as staging:
        staging = Path(staging)
        database = DATABASE_MEMBERS[connection.vendor]
        if connection.vendor == "sqlite":
            _dump_sqlite(connection, staging / database)
        else:
            _dump_postgresql(connection, staging / database)
        files = {database: _hashed(staging / database)}
        for source in _files_under(media_root):
            name = PurePosixPath(MEDIA, *source.relative_to(media_root).parts).as_posix()
            with open(source, "rb") as stream:
                files[name] = _copy_hashed(stream, staging / name)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "migrations": _applied_migrations(connection),
            "files": files,
        }
        written = staging / "archive"
        with (
            private_files.private_file(written) as out,
            tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar,
        ):
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            for name in files:
                with open(staging / name, "rb") as member:
                    tar.addfile(_member_info(name, files[name]["size"]), member)
        digest = _hashed(written)["sha256"]
        os.replace(written, target)
    with private_files.private_file(_checksum_path(target)) as out:
        out.write(f"{digest}  {target.name}\n".encode())
    return Archive(path=target, sha256=digest, manifest=manifest)


def backup_restore(*, archive, media_root, using="default", replace=False):
    """Bring the database `using` and the files under `media_root` back from `archive`.

    BackupRefused, with nothing changed, when the archive is damaged or not one of ours, holds
    another engine's database or migrations this version of the app does not know, or when the
    target database holds practices or clients and `replace` is not set. The restored database
    is at the backup's migrations: run `migrate` after it (the restore command does)."""
    connection = connections[using]
    if not replace and holds_records(connection):
        raise BackupRefused(
            "The target database already holds practices or clients; a restore replaces them. "
            "Restore into an empty installation, or pass --replace to replace them."
        )
    # Unpacked into a private temporary folder (mode 0700, in TMPDIR), removed afterwards.
    with tempfile.TemporaryDirectory(prefix="clinic-restore-") as staging:
        staging = Path(staging)
        manifest = backup_read(archive, staging, engine=connection.vendor)
        database = staging / manifest["database"]
        if connection.vendor == "sqlite":
            _restore_sqlite(connection, database)
        else:
            _restore_postgresql(connection, database, staging)
        restored = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
        try:
            for name in restored:
                _place(staging / name, Path(media_root, *PurePosixPath(name).parts[1:]))
        except OSError as exc:
            raise BackupFailed(
                f"The database was restored, but the files could not all be put under "
                f"{media_root}: {exc}. Make room or fix the folder's permissions, then restore "
                "again with --replace."
            ) from None
    return manifest


def holds_records(connection):
    """Whether the database has any practice or client (a database not migrated yet has none)."""
    tables = set(connection.introspection.table_names())
    return any(
        model._meta.db_table in tables and model._base_manager.using(connection.alias).exists()
        for model in (Practice, Client)
    )


def backup_read(archive, staging, *, engine):
    """Check `archive` and unpack it into the folder `staging`; its manifest, or BackupRefused
    with what is wrong."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupRefused(f"There is no backup archive at {archive}.")
    _check_archive_hash(archive)
    manifest = None
    found = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = _member_name(member)
                if name in found or (name == MANIFEST and manifest is not None):
                    raise BackupRefused(f"{archive} holds {name} twice; it is not one of ours.")
                if name == MANIFEST:
                    manifest = _read_manifest(archive, tar.extractfile(member), engine)
                else:
                    found[name] = _copy_hashed(tar.extractfile(member), staging / name)
            # The end of the archive is read as well, so that gzip checks its CRC and length.
            while tar.fileobj.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupRefused(
            f"{archive} is damaged or not a backup archive (a .tar.gz of `manage.py backup`): {exc}"
        ) from None
    if manifest is None:
        raise BackupRefused(f"{archive} has no {MANIFEST}; it is not a backup of this app.")
    _check_members(archive, manifest["files"], found)
    return manifest


def _check_archive_hash(archive):
    checksum = _checksum_path(archive)
    if not checksum.exists():
        return
    expected = checksum.read_text(errors="replace").split(maxsplit=1)[:1]
    actual = _hashed(archive)["sha256"]
    if expected != [actual]:
        raise BackupRefused(
            f"{archive} does not match its checksum in {checksum.name}: the archive is damaged "
            "or was changed after it was written."
        )


def _read_manifest(archive, stream, engine):
    data = stream.read(MANIFEST_MAX_BYTES + 1)
    try:
        manifest = json.loads(data) if len(data) <= MANIFEST_MAX_BYTES else None
    except (UnicodeDecodeError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{archive} has no readable {MANIFEST} of a backup of this app.")
    if manifest.get("version") != VERSION:
        raise BackupRefused(
            f"{archive} is a backup of format version {manifest.get('version')!r}; this version "
            f"of the app reads version {VERSION}."
        )
    backed_up = manifest.get("engine")
    if backed_up not in DATABASE_MEMBERS or manifest.get("database") != DATABASE_MEMBERS[backed_up]:
        raise BackupRefused(f"{archive} names no database this app can restore.")
    if backed_up != engine:
        raise BackupRefused(
            f"{archive} holds a {backed_up} database and this installation uses {engine}; a "
            f"backup is restored into the same engine (restoring across engines is not "
            "supported)."
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or manifest["database"] not in files:
        raise BackupRefused(f"{archive} has a {MANIFEST} that lists no database.")
    for name, entry in files.items():
        if not (isinstance(entry, dict) and {"sha256", "size"} <= entry.keys()):
            raise BackupRefused(f"{archive} has a {MANIFEST} without the checksum of {name}.")
    unknown = _unknown_migrations(manifest.get("migrations"))
    if unknown:
        raise BackupRefused(
            f"{archive} was made by a newer version of the app: this version does not know the "
            f"migration(s) {', '.join(unknown)}. Install that version (or a later one) first."
        )
    return manifest


def _check_members(archive, listed, found):
    missing = sorted(listed.keys() - found.keys())
    if missing:
        raise BackupRefused(f"{archive} is missing {', '.join(missing)}.")
    extra = sorted(found.keys() - listed.keys())
    if extra:
        raise BackupRefused(f"{archive} holds {', '.join(extra)}, which its manifest omits.")
    for name, entry in listed.items():
        if found[name] != {"sha256": entry["sha256"], "size": entry["size"]}:
            raise BackupRefused(
                f"{archive}: {name} does not match its SHA-256 checksum in the manifest; the "
                "archive is damaged or was changed."
            )


def _member_name(member):
    """A member's name, if it is one this app writes: a regular file called manifest.json,
    database.* or media/..., with no absolute path or `..` that could write outside staging."""
    path = PurePosixPath(member.name)
    plain = (
        member.isreg()
        and not path.is_absolute()
        and all(part not in {"", ".", ".."} for part in path.parts)
    )
    allowed = member.name in {MANIFEST, *DATABASE_MEMBERS.values()} or (
        len(path.parts) > 1 and path.parts[0] == MEDIA
    )
    if not (plain and allowed):
        raise BackupRefused(f"The archive holds {member.name!r}, which no backup of this app has.")
    return path.as_posix()


def _applied_migrations(connection):
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _unknown_migrations(migrations):
    if not isinstance(migrations, list):
        return ["(the manifest lists none)"]
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return sorted(set(migrations) - known)


# Files


def _files_under(root):
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _hashed(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _copy_hashed(stream, destination):
    """Copy the binary `stream` to the new file `destination`, creating its folders; the size
    and SHA-256 of what was copied."""
    private_files.private_dir(destination.parent)
    digest = hashlib.sha256()
    size = 0
    with private_files.private_file(destination) as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _member_info(name, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = private_files.FILE_MODE
    info.mtime = int(timezone.now().timestamp())
    return info


def _add_bytes(tar, name, data):
    tar.addfile(_member_info(name, len(data)), io.BytesIO(data))


def _place(source, destination):
    """Put the staged file `source` at `destination`, replacing what is there in one step."""
    private_files.private_dir(destination.parent)
    partial = destination.with_name(f".{destination.name}.restoring")
    partial.unlink(missing_ok=True)
    with open(source, "rb") as stream, private_files.private_file(partial) as out:
        shutil.copyfileobj(stream, out, CHUNK)
    os.replace(partial, destination)


def _checksum_path(archive):
    return archive.with_name(f"{archive.name}.sha256")


# SQLite


def _dump_sqlite(connection, path):
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _restore_sqlite(connection, path):
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupRefused(f"The archived database cannot be opened: {exc}") from None
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupRefused("The archived database is damaged (SQLite's quick_check).")
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"The archived database cannot be restored: {exc}") from None
    finally:
        source.close()
        # The next query opens the restored database afresh.
        connection.close()


# PostgreSQL

POSTGRESQL_CLIENT = "the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client)"


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(f"{name} was not found on PATH; install {POSTGRESQL_CLIENT}.")
    return path


def _pg_command(connection, tool, parameters):
    """The command line and environment to run `tool` on the database of `connection`, as
    Django's own `dbshell` builds them: host, port, user and database name as arguments, the
    password (and TLS options) in the environment, never on the command line."""
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, parameters)
    environment = {**os.environ, **(env or {})}
    # Notices (such as "table does not exist, skipping") are no news.
    environment["PGOPTIONS"] = f"{environment.get('PGOPTIONS', '')} -c client_min_messages=warning"
    return [tool, *args[1:]], environment


def _major(version_text):
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text)
    return int(found.group(1)) if found else None


def _dump_postgresql(connection, path):
    pg_dump = _pg_tool("pg_dump")
    connection.ensure_connection()
    server = connection.pg_version // 10000
    client = _major(subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout)
    if client is None or client < server:
        raise BackupRefused(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server; install the PostgreSQL "
            f"client tools of version {server} or later (Debian/Ubuntu: apt-get install "
            f"postgresql-client-{server})."
        )
    args, environment = _pg_command(
        connection,
        pg_dump,
        [
            "--format=plain",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            f"--file={path}",
        ],
    )
    _run(args, environment, "pg_dump")


def _restore_postgresql(connection, dump, staging):
    psql = _pg_tool("psql")
    quote = connection.ops.quote_name
    tables = connection.introspection.table_names()
    # The target's own tables go first, those of a later migration too, so that `migrate`
    # finds the database exactly as the backup left it.
    drop = staging / "drop.sql"
    drop.write_text(
        f"DROP TABLE IF EXISTS {', '.join(quote(table) for table in tables)} CASCADE;\n"
        if tables
        else ""
    )
    connection.close()
    args, environment = _pg_command(
        connection,
        psql,
        [
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={drop}",
            f"--file={dump}",
        ],
    )
    try:
        _run(args, environment, "psql", "The database was left as it was (one transaction).")
    finally:
        # Plans prepared on the old tables are stale: the next query opens a new connection.
        connection.close()


def _run(args, environment, tool, outcome=""):
    result = subprocess.run(
        args, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if result.returncode != 0:
        raise BackupFailed(
            f"{tool} failed (exit {result.returncode}): {result.stderr.strip()} {outcome}".strip()
        )
