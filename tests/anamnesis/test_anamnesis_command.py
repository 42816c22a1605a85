"""`manage.py anamnesis export|import`: anamnesis/v2 out, v1 or v2 in, what an import changes or
leaves out on stderr, bad files refused with exit 2."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from anamnesis.contract import anamnesis_from_contract
from anamnesis.models import Anamnesis
from plans.engine import draft_plan, validate_anamnesis, vocabulary
from tests.factories import ClientFactory

EXAMPLES = Path(__file__).resolve().parents[1] / "plans" / "examples"
GOOD = EXAMPLES / "chronic-lower-back-inactive.json"
V1_UNSCREENED = EXAMPLES / "v1-unscreened-lower-back.json"


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
    assert doc["schema"] == "anamnesis/v2"
    assert doc["client"] == {"age": client_record.age, "sex": client_record.sex}
    assert doc["complaint"]["course"] == "chronic"
    assert doc["findings"]["trigger_points"][0] == {"muscle": "quadratus lumborum", "side": "left"}
    assert doc["red_flags"] == []
    assert "red_flags_unanswered" not in doc  # every question answered no
    assert validate_anamnesis(doc) == []


def test_export_lists_the_questions_an_intake_saved_before_them_did_not_ask(client_record):
    # Saved on the v1 form, then carried over by migration 0004: the v2 questions stay open.
    anamnesis = anamnesis_from_contract(
        client=client_record,
        taken_by=client_record.consent_recorded_by,
        doc=json.loads(GOOD.read_text()),
    )
    Anamnesis.objects.filter(pk=anamnesis.pk).update(
        red_flags_absent=list(vocabulary.V1_FORM_RED_FLAGS)
    )
    code, out, err = run("export", str(anamnesis.pk))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "anamnesis/v2"
    assert doc["red_flags"] == []
    assert doc["red_flags_unanswered"] == [
        "cervical_arterial_signs",
        "sudden_severe_headache_or_neck_pain",
        "chest_pain_or_breathlessness",
        "myelopathy_signs",
        "hypertensive_crisis",
        "immunosuppression_or_iv_drug_use",
        "stable_neurological_deficit",
    ]
    assert validate_anamnesis(doc) == []
    assert draft_plan(doc)["decision"] == "screen"


def test_import_of_a_v1_file_prints_the_upgrade_notes_and_stores_it(client_record):
    code, out, err = run("import", "--client", str(client_record.pk), str(V1_UNSCREENED))
    assert code == 0, err
    anamnesis = Anamnesis.objects.get()
    assert out.split()[-1] == str(anamnesis.pk)
    lines = err.splitlines()
    assert "schema: anamnesis/v1 read as anamnesis/v2." in lines
    assert any(
        line.startswith("red_flags: the red-flag questions were not answered in this intake")
        for line in lines
    )
    assert "Traceback" not in err
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    assert anamnesis.unanswered_red_flags == list(vocabulary.RED_FLAG)
    assert [r.region for r in anamnesis.regions.all()] == ["lower_back"]


def test_import_of_a_v1_file_with_v1_codes_says_what_it_renamed(client_record, tmp_path):
    doc = json.loads(V1_UNSCREENED.read_text())
    doc["red_flags"] = ["progressive_neurological_deficit"]
    doc["cautions"] = ["suspected_thrombosis"]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(doc))
    code, _out, err = run("import", "--client", str(client_record.pk), str(path))
    assert code == 0, err
    lines = err.splitlines()
    assert (
        "red_flags: the red flag progressive_neurological_deficit is now "
        "bilateral_or_progressive_weakness." in lines
    )
    assert any(
        line.startswith("cautions: suspected_thrombosis is now a red flag") for line in lines
    )
    assert any(
        line.startswith("red_flags_unanswered: the questions the earlier form") for line in lines
    )
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.red_flags == ["bilateral_or_progressive_weakness", "suspected_thrombosis"]
    assert anamnesis.cautions == []


def test_import_of_a_v2_file_that_matches_the_record_prints_no_notes(practice, alice, tmp_path):
    doc = json.loads(GOOD.read_text())
    client = ClientFactory(practice=practice, sex=doc["client"]["sex"], consented=True)
    doc["client"]["age"] = client.age
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(doc))
    code, out, err = run("import", "--client", str(client.pk), "--taken-by", "alice", str(path))
    assert code == 0, err
    assert err == ""
    assert out.split()[-1] == str(Anamnesis.objects.get().pk)


def test_import_says_when_the_client_block_disagrees_with_the_record(client_record, tmp_path):
    doc = json.loads(GOOD.read_text())
    doc["client"] = {"age": client_record.age + 7, "sex": "male"}
    assert client_record.sex == "female"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc))
    code, _out, err = run("import", "--client", str(client_record.pk), str(path))
    assert code == 0, err
    lines = err.splitlines()
    assert (
        f"client.age: the file says {client_record.age + 7}, the client record gives "
        f"{client_record.age}; the record is kept" in lines
    )
    assert (
        "client.sex: the file says male, the client record says female; the record is kept" in lines
    )
    exported = json.loads(run("export", str(Anamnesis.objects.get().pk))[1])
    assert exported["client"] == {"age": client_record.age, "sex": "female"}


def test_import_refuses_a_file_the_client_record_contradicts(practice, tmp_path):
    doc = json.loads(GOOD.read_text())
    doc["cautions"] = ["pregnancy"]  # the file says female, the record male
    client = ClientFactory(practice=practice, sex="male", consented=True)
    path = tmp_path / "pregnant.json"
    path.write_text(json.dumps(doc))
    code, out, err = run("import", "--client", str(client.pk), str(path))
    assert code == 2
    assert err.startswith("cautions[0]: pregnancy contradicts client.sex 'male'")
    assert out == ""
    assert not Anamnesis.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "(root): not valid JSON"),
        ("[]", "(root): [] is not of type 'object'"),
        (
            json.dumps({"schema": "anamnesis/v2", "complaint": {}}),
            "complaint: 'regions' is a required property",
        ),
        (
            json.dumps({"schema": "anamnesis/v1", "complaint": {}}),
            "complaint: 'regions' is a required property",
        ),
        (
            json.dumps({**json.loads(GOOD.read_text()), "client": {"sex": "female"}}),
            "client: 'age' is a required property",
        ),
        (
            json.dumps({k: v for k, v in json.loads(GOOD.read_text()).items() if k != "red_flags"}),
            "(root): 'red_flags' is a required property",
        ),
    ],
    ids=[
        "not-json",
        "wrong-type",
        "missing-field",
        "v1-missing-field",
        "no-age",
        "v2-no-red-flags",
    ],
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
