"""With the production settings, Django's deployment checklist finds nothing, not even a
warning (`.ci/run` runs the same check)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment():
    """What the README's production notes set, and nothing from the developer's shell."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "clinic.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
        "DJANGO_BEHIND_PROXY": "1",
    }


def test_check_deploy_reports_no_issues_with_the_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
