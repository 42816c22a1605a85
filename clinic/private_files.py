"""Health data at rest is for the app's own account only (issue 13).

What the app keeps on disk, the SQLite database with its -wal and -shm files, the uploaded files
under MEDIA_ROOT and the backups, is made readable and writable by the account the app runs as
and by no one else: files 0o600, folders 0o700. Uploads get these modes from Django itself
(FILE_UPLOAD_PERMISSIONS, FILE_UPLOAD_DIRECTORY_PERMISSIONS in settings); the rest is done here:
the folders at start-up (ClinicConfig.ready), the database files whenever a connection opens
(SQLite gives the -wal and -shm files the mode of the database file), the backups as they are
written (clinic.backup).

This guards against the other accounts of the machine; against a stolen disk or a copied volume
only disk encryption helps (README, "Production").
"""

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
# The permission bits that let anyone but the owner in.
OTHERS = 0o077


def tighten(path):
    """Take the group's and other users' permissions off `path` if it exists; what the owner
    may do stays as it is. An account that may not change the mode (the file is not its own)
    leaves it as it is: that is the deployment's decision."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & OTHERS:
            os.chmod(path, mode & ~OTHERS)
    except (FileNotFoundError, PermissionError):
        pass


def private_dir(path):
    """`path` as a folder only its owner can enter, made with any missing parents (these with the
    same mode: they are the app's own)."""
    path = Path(path)
    old_umask = os.umask(OTHERS)
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)
    tighten(path)
    return path


def private_file(path):
    """Open a new file at `path` for writing in binary, readable by its owner only; it must not
    exist yet."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def sqlite_files(name):
    """The files of the SQLite database `name`: the database, its write-ahead log and its
    shared-memory index."""
    return [Path(name), Path(f"{name}-wal"), Path(f"{name}-shm")]


def protect_sqlite_files(sender, connection, **kwargs):
    """`connection_created` receiver: a SQLite database file and its -wal and -shm files are
    the app's only. SQLite creates the database file 0o644 (less the umask); the folder it is
    in (var/, made private at start-up) keeps others out until this runs."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    for path in sqlite_files(connection.settings_dict["NAME"]):
        tighten(path)
