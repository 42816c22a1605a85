"""`manage.py plan --format html|pdf`: the printable plan from a file, by the web app's renderer."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pdf import pdf_text
from tests.plans.plan_fixtures import EXAMPLES, RED_FLAG

ROOT = Path(__file__).resolve().parents[3]


def run(*args, stdin=b""):
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "plan", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def test_html_format_prints_the_printable_plan_on_stdout():
    result = run("--input", str(EXAMPLES / "acute-neck-stiff.json"), "--format", "html")
    assert result.returncode == 0, result.stderr
    html = result.stdout.decode()
    assert html.startswith("<!doctype html>")
    assert "Your treatment plan" in html
    assert "Effleurage (gliding strokes)" in html
    assert "software developer" in html  # the occupation from the file
    assert result.stderr == b""


def test_pdf_format_writes_a_pdf_with_the_sessions_and_techniques(tmp_path):
    target = tmp_path / "plan.pdf"
    result = run(
        "--input",
        str(EXAMPLES / "acute-neck-stiff.json"),
        "--format",
        "pdf",
        "--output",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "We plan 4 sessions of 30 minutes" in text
    assert "Classic massage" in text
    assert "DRAFT" in text  # an engine draft no therapist has finalized


def test_pdf_format_reads_stdin_and_writes_stdout():
    result = run("--input", "-", "--format", "pdf", stdin=json.dumps(RED_FLAG).encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-")
    text = pdf_text(result.stdout)
    assert "Referral for medical assessment" in text
    assert "Fever or a current infection" in text


def test_bad_input_still_exits_2_without_a_document():
    result = run("--input", "-", "--format", "pdf", stdin=b'{"schema": "anamnesis/v1"}')
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"complaint" in result.stderr
    assert b"Traceback" not in result.stderr
