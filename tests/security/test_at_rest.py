"""Health data at rest is for the app's account only: the SQLite database with its -wal and -shm
files, the uploaded files, the app's folders (and the backups: tests/clinic/test_backup.py)."""

import io
import os
import sqlite3
import stat

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from PIL import Image

from clinic.models import Membership


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    """The usual umask, under which files come out readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker, settings, umask_022):
    """A database file made before this protection, readable by everyone, opened with the
    project's SQLite options (the test database itself may be in memory)."""
    path = tmp_path / "db.sqlite3"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    alias = "at_rest"
    connections.settings[alias] = connections.configure_settings(
        {
            "default": connections.settings["default"],
            alias: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": dict(settings.SQLITE_OPTIONS),
            },
        }
    )[alias]
    with django_db_blocker.unblock():
        yield path, connections[alias]
        connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_the_sqlite_database_and_its_log_files_are_the_app_accounts_only(sqlite_file):
    path, connection = sqlite_file
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY)")
        cursor.execute("INSERT INTO visit DEFAULT VALUES")
    files = [path, path.with_name("db.sqlite3-wal"), path.with_name("db.sqlite3-shm")]
    assert all(file.exists() for file in files)
    assert [mode(file) for file in files] == [0o600, 0o600, 0o600]


@pytest.mark.django_db
def test_an_uploaded_logo_and_the_folders_made_for_it_are_private(
    client, alice, practice, settings, tmp_path, umask_022
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Membership.objects.filter(user=alice).update(role=Membership.Role.ADMIN)
    client.force_login(alice)
    image = io.BytesIO()
    Image.new("RGB", (120, 40)).save(image, "PNG")
    client.post(
        "/practice/settings/",
        {"name": practice.name, "logo": SimpleUploadedFile("logo.png", image.getvalue())},
    )
    practice.refresh_from_db()
    logo = settings.MEDIA_ROOT / practice.logo.name
    assert mode(logo) == 0o600
    assert mode(logo.parent) == 0o700
    assert mode(settings.MEDIA_ROOT) == 0o700


def test_the_app_folders_are_made_private_at_start_up(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    for folder in (settings.VAR_DIR, settings.MEDIA_ROOT):
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
    apps.get_app_config("clinic").ready()
    assert mode(settings.VAR_DIR) == 0o700
    assert mode(settings.MEDIA_ROOT) == 0o700
