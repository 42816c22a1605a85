"""`manage.py anamnesis export|import`: contract JSON out and in, bad files refused with exit 2."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from anamnesis.models import Anamnesis
from tests.factories import ClientFactory

EXAMPLES = Path(__file__).resolve().parents[1] / "plans" / "examples"
GOOD = EXAMPLES / "chronic-lower-back-inactive.json"


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = 0
    try:
        call_command("anamnesis", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_import_a_good_file_prints_the_new_id_last(client_record):
    code, out, err = run("import", "--client", str(client_record.pk), str(GOOD))
    assert code == 0, err
    anamnesis = Anamnesis.objects.get()
    assert out.split()[-1] == str(anamnesis.pk)
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    assert anamnesis.client == client_record
    assert anamnesis.taken_by == client_record.consent_recorded_by
    assert [r.region for r in anamnesis.regions.all()] == ["lower_back", "sacrum_buttock"]


def test_import_reads_standard_input(client_record, monkeypatch):
    code, out, err = run(
        "import",
        "--client",
        str(client_record.pk),
        "-",
        stdin=GOOD.read_text(),
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert out.split()[-1] == str(Anamnesis.objects.get().pk)


def test_export_prints_the_contract_json(client_record):
    run("import", "--client", str(client_record.pk), str(GOOD))
    anamnesis = Anamnesis.objects.get()
    code, out, _err = run("export", str(anamnesis.pk))
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "anamnesis/v1"
    assert doc["complaint"]["course"] == "chronic"
    assert doc["findings"]["trigger_points"][0] == {"muscle": "quadratus lumborum", "side": "left"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "(root): not valid JSON"),
        ("[]", "(root): [] is not of type 'object'"),
        (
            json.dumps({"schema": "anamnesis/v1", "complaint": {}}),
            "complaint: 'regions' is a required property",
        ),
    ],
    ids=["not-json", "wrong-type", "missing-field"],
)
def test_bad_files_exit_2_with_path_named_errors_and_store_nothing(
    client_record, tmp_path, content, expected
):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = run("import", "--client", str(client_record.pk), str(path))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert out == ""
    assert not Anamnesis.objects.exists()


def test_every_problem_gets_its_own_line(client_record, tmp_path):
    doc = json.loads(GOOD.read_text())
    doc["complaint"]["intensity"]["now"] = 11
    doc["cautions"] = ["vertigo"]
    doc["findings"]["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    code, _out, err = run("import", "--client", str(client_record.pk), str(path))
    lines = err.strip().splitlines()
    assert code == 2
    assert "complaint.intensity.now: 11 is greater than the maximum of 10" in lines
    assert any(line.startswith("cautions[0]: 'vertigo'") for line in lines)
    assert any(line.startswith("findings.colour: unknown field") for line in lines)
    assert not Anamnesis.objects.exists()


def test_import_without_consent_or_client_or_file_exits_2(practice, client_record, tmp_path):
    no_consent = ClientFactory(practice=practice)
    assert run("import", "--client", str(no_consent.pk), str(GOOD))[0] == 2
    assert run("import", "--client", "999999", str(GOOD))[0] == 2
    code, _out, err = run("import", "--client", str(client_record.pk), str(tmp_path / "nope"))
    assert code == 2
    assert "cannot read the file" in err
    assert not Anamnesis.objects.exists()


def test_export_of_an_unknown_id_exits_2(db):
    code, _out, err = run("export", "424242")
    assert code == 2
    assert "no anamnesis with id 424242" in err
