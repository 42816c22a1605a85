"""`manage.py plan`: the plan contract's command line (no database rows needed)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from plans.engine import validate_plan
from tests.plans.engine.invariants import contract_problems
from tests.plans.helpers import anamnesis

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
GOOD = json.dumps(anamnesis(regions=("lower_back",), duration_days=200))


def run(*args, stdin=""):
    """The command as a user runs it: a separate process, real exit status and streams."""
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "plan", *args],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def call(*args, stdin=None, monkeypatch=None):
    """The command in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    try:
        call_command("plan", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def assert_bad_input(status, stdout, stderr, *expected):
    assert status == 2
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines
    for wanted in expected:
        assert any(line.startswith(wanted) for line in lines), lines


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_examples_give_valid_plan_json(path):
    status, out, err = call("--input", str(path), "--format", "json")
    assert status == 0, err
    plan = json.loads(out)
    assert plan["schema"] == "plan/v2"
    assert validate_plan(plan) == []
    assert contract_problems(json.loads(path.read_text(encoding="utf-8")), plan) == []
    assert err == ""


CONTRADICTORY = {
    "worst-below-now": (anamnesis(now=7, worst=3), "complaint.intensity.worst: "),
    "pregnant-male": (anamnesis(sex="male", cautions=["pregnancy"]), "cautions[0]: "),
    "pregnant-child": (anamnesis(age=8, cautions=["pregnancy"]), "cautions[0]: "),
    "pregnant-70": (anamnesis(age=70, cautions=["pregnancy"]), "cautions[0]: "),
    "course": (anamnesis(duration_days=900, course="acute"), "complaint.course: "),
    "start-back-no-low-back": (
        anamnesis(measures={"start_back": {"total": 3, "psychosocial": 1}}),
        "measures.start_back: ",
    ),
    "psfs-two": (
        anamnesis(measures={"psfs": [{"activity": "a", "score": 1}] * 2}),
        "measures.psfs: ",
    ),
    "psychosocial-over-total": (
        anamnesis(
            regions=("lower_back",), measures={"start_back": {"total": 1, "psychosocial": 2}}
        ),
        "measures.start_back.psychosocial: ",
    ),
}


@pytest.mark.parametrize("name", sorted(CONTRADICTORY))
def test_each_contradiction_exits_2_with_a_line_naming_its_path(name, monkeypatch):
    doc, path = CONTRADICTORY[name]
    status, out, err = call("--input", "-", stdin=json.dumps(doc), monkeypatch=monkeypatch)
    assert_bad_input(status, out, err, path)
    assert len(err.strip().splitlines()) == 1


def test_a_v2_anamnesis_without_red_flags_exits_2():
    doc = anamnesis()
    del doc["red_flags"]
    result = run("--input", "-", stdin=json.dumps(doc))
    assert_bad_input(
        result.returncode,
        result.stdout.decode(),
        result.stderr.decode(),
        "(root): 'red_flags' is a required property",
    )


def test_a_v1_file_without_client_age_exits_2_naming_it():
    doc = anamnesis(schema="anamnesis/v1")
    del doc["client"]["age"]
    result = run("--input", "-", stdin=json.dumps(doc))
    assert_bad_input(
        result.returncode, result.stdout.decode(), result.stderr.decode(), "client: 'age'"
    )


def test_a_file_gives_indented_utf8_plan_json_on_stdout(tmp_path):
    source = tmp_path / "anamnesis.json"
    doc = anamnesis(findings={"trigger_points": [{"muscle": "Trapezius (oberer Anteil) ü"}]})
    source.write_text(json.dumps(doc), encoding="utf-8")
    result = run("--input", str(source), "--format", "json")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.startswith("{\n  ")
    assert "Trapezius (oberer Anteil) ü" in text
    assert validate_plan(json.loads(text)) == []
    assert result.stderr == b""


def test_stdin_is_read_with_a_dash():
    result = run("--input", "-", "--format", "json", stdin=GOOD)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["course"] == "chronic"


def test_format_defaults_to_json(monkeypatch):
    status, out, _ = call("--input", "-", stdin=GOOD, monkeypatch=monkeypatch)
    assert status == 0
    assert json.loads(out)["schema"] == "plan/v2"


def test_output_writes_the_plan_to_a_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.json"
    status, out, _ = call(
        "--input", "-", "--output", str(target), stdin=GOOD, monkeypatch=monkeypatch
    )
    assert status == 0
    assert out == ""
    assert validate_plan(json.loads(target.read_text(encoding="utf-8"))) == []


def test_it_needs_no_database(monkeypatch, django_db_blocker):
    with django_db_blocker.block():
        status, _, _ = call("--input", "-", stdin=GOOD, monkeypatch=monkeypatch)
    assert status == 0


def test_schema_problems_exit_2_with_one_line_per_problem_naming_the_path():
    doc = anamnesis(now=11, cautions=["aspirin"], typo=True)
    result = run("--input", "-", stdin=json.dumps(doc))
    stderr = result.stderr.decode()
    assert_bad_input(
        result.returncode,
        result.stdout.decode(),
        stderr,
        "complaint.intensity.now: 11 is greater than the maximum of 10",
        "cautions[0]: 'aspirin' is not one of",
        "complaint.typo: unknown field",
    )
    assert len(stderr.strip().splitlines()) == 3


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ("", "(root): not valid JSON"),
        ("{not json", "(root): not valid JSON"),
        ('{"schema": "anamnesis/v2",}', "(root): not valid JSON"),
        ('{"a": NaN}', "(root): not valid JSON: NaN"),
        ('{"a": 1e999}', "(root): not valid JSON"),
        (
            '{"schema": "anamnesis/v2", "schema": "anamnesis/v2"}',
            "(root): not valid JSON: duplicate",
        ),
        ("[" * 100_000, "(root): not valid JSON: nested too deeply"),
        ("[]", "(root): [] is not of type 'object'"),
        ('"anamnesis"', "(root): 'anamnesis' is not of type 'object'"),
        ("{}", "(root): 'complaint' is a required property"),
        ('{"schema": "anamnesis/v3"}', "schema: 'anamnesis/v3' is not one of"),
        (
            json.dumps({**anamnesis(), "red_flags": "fever"}),
            "red_flags: 'fever' is not of type 'array'",
        ),
        (json.dumps(anamnesis(duration_days="3")), "complaint.duration_days: '3' is not of type"),
        (json.dumps(anamnesis(regions=("knee",))), "complaint.regions[0].region: 'knee' is not"),
        (json.dumps(anamnesis(duration_days=-1)), "complaint.duration_days: -1 is less than"),
    ],
    ids=[
        "empty",
        "not-json",
        "trailing-comma",
        "nan",
        "infinite",
        "duplicate-key",
        "deep-nesting",
        "array",
        "string",
        "missing-required",
        "unknown-version",
        "wrong-type-list",
        "wrong-type-number",
        "unknown-code",
        "out-of-range",
    ],
)
def test_bad_input_exits_2_with_path_named_lines(stdin, expected, monkeypatch):
    assert_bad_input(*call("--input", "-", stdin=stdin, monkeypatch=monkeypatch), expected)


def test_bad_input_in_a_real_process_has_no_traceback_and_empty_stdout():
    result = run("--input", "-", stdin="{oops")
    assert_bad_input(
        result.returncode, result.stdout.decode(), result.stderr.decode(), "(root): not valid JSON"
    )


def test_bytes_that_are_not_utf8_exit_2():
    result = run("--input", "-", stdin=b"\xff\xfe\x00")
    assert_bad_input(
        result.returncode, result.stdout.decode(), result.stderr.decode(), "(root): not UTF-8"
    )


def test_a_missing_file_exits_2(tmp_path):
    missing = tmp_path / "nope.json"
    assert_bad_input(*call("--input", str(missing)), f"--input {missing}: cannot read")


def test_a_directory_exits_2(tmp_path):
    assert_bad_input(*call("--input", str(tmp_path)), f"--input {tmp_path}: cannot read")


def test_an_unwritable_output_exits_2(tmp_path, monkeypatch):
    target = tmp_path / "missing-dir" / "plan.json"
    status, out, err = call(
        "--input", "-", "--output", str(target), stdin=GOOD, monkeypatch=monkeypatch
    )
    assert_bad_input(status, out, err, f"--output {target}: cannot write")


@pytest.mark.parametrize(
    "args",
    [(), ("--input",), ("--input", "-", "--format", "xml"), ("--input", "-", "--bogus")],
    ids=["no-input", "input-without-file", "unknown-format", "unknown-option"],
)
def test_argument_errors_exit_2_cleanly(args):
    result = run(*args, stdin=GOOD)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr
    assert b"error:" in result.stderr
