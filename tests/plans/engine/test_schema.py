"""The committed JSON Schema files, the shared examples and path-named validation messages."""

import json
from pathlib import Path

import pytest

from plans.engine import (
    ANAMNESIS_SCHEMA,
    PLAN_SCHEMA,
    draft_plan,
    validate_anamnesis,
    validate_plan,
)
from plans.engine import vocabulary as v
from plans.engine.schemas import SCHEMA_DIR, SCHEMA_FILES, render, write_schema_files
from tests.plans.helpers import anamnesis

HERE = Path(__file__).resolve().parents[1]  # tests/plans
# Copies of ../shared/spec/examples, so the suite runs in a checkout without ../shared.
EXAMPLES = sorted((HERE / "examples").glob("*.json"))
SHARED_EXAMPLES = HERE.parents[2] / "shared" / "spec" / "examples"


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schema_files_match_the_generated_schemas(name):
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMA_FILES[name]), "run: python -m plans.engine.schemas"


def test_schema_writer_writes_both_files(tmp_path):
    written = write_schema_files(tmp_path)
    assert [path.name for path in written] == sorted(SCHEMA_FILES)
    assert json.loads(written[0].read_text()) == ANAMNESIS_SCHEMA


def test_schemas_take_their_codes_from_the_vocabulary():
    complaint = ANAMNESIS_SCHEMA["properties"]["complaint"]["properties"]
    assert complaint["pain_character"]["items"]["enum"] == list(v.CHARACTER)
    assert ANAMNESIS_SCHEMA["properties"]["red_flags"]["items"]["enum"] == list(v.RED_FLAG)
    technique = PLAN_SCHEMA["properties"]["techniques"]["items"]["properties"]["code"]
    assert technique["enum"] == list(v.TECHNIQUE)


def _objects(schema):
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "object" in schema.get("type", []):
            yield schema
        for child in schema.values():
            yield from _objects(child)
    elif isinstance(schema, list):
        for child in schema:
            yield from _objects(child)


@pytest.mark.parametrize("schema", [ANAMNESIS_SCHEMA, PLAN_SCHEMA], ids=["anamnesis", "plan"])
def test_unknown_keys_are_errors_everywhere(schema):
    for node in _objects(schema):
        if "properties" in node:
            assert node["additionalProperties"] is False


def test_there_are_four_shared_examples():
    assert len(EXAMPLES) == 4


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared is not checked out here")
def test_example_copies_are_the_shared_cases_in_the_version_the_engine_reads():
    # ../shared has moved its examples to anamnesis/v2; the copies stay the same cases in v1,
    # the version this engine reads, until the engine reads v2.
    shared = {path.name: json.loads(path.read_bytes()) for path in SHARED_EXAMPLES.glob("*.json")}
    for path in EXAMPLES:
        copy = json.loads(path.read_bytes())
        assert path.name in shared
        engine_reads = ANAMNESIS_SCHEMA["properties"]["schema"]["const"]
        assert copy["schema"] == engine_reads
        if shared[path.name]["schema"] == engine_reads:
            assert copy == shared[path.name]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_shared_examples_are_valid(path):
    assert validate_anamnesis(json.loads(path.read_text(encoding="utf-8"))) == []


def _broken(change):
    doc = anamnesis(lifestyle={"stress": 3}, findings={"trigger_points": [{"muscle": "x"}]})
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["complaint"].update(typo=1),
            "complaint.typo: unknown field (allowed here: regions,",
        ),
        (lambda d: d.update(extra=True), "extra: unknown field"),
        (
            lambda d: d["findings"]["trigger_points"][0].update(depth=2),
            "findings.trigger_points[0].depth: unknown field",
        ),
        (
            lambda d: d["complaint"].update(duration_days="12"),
            "complaint.duration_days: '12' is not of type 'integer'",
        ),
        (lambda d: d.update(red_flags="fever"), "red_flags: 'fever' is not of type 'array'"),
        (
            lambda d: d["complaint"]["regions"][0].update(region="knee"),
            "complaint.regions[0].region: 'knee' is not one of ['neck',",
        ),
        (lambda d: d.update(cautions=["aspirin"]), "cautions[0]: 'aspirin' is not one of"),
        (
            lambda d: d["complaint"]["intensity"].update(now=11),
            "complaint.intensity.now: 11 is greater than the maximum of 10",
        ),
        (
            lambda d: d["complaint"].update(duration_days=-1),
            "complaint.duration_days: -1 is less than the minimum of 0",
        ),
        (
            lambda d: d["lifestyle"].update(stress=10.5),
            "lifestyle.stress: 10.5 is not of type 'integer'",
        ),
        (
            lambda d: d["complaint"].pop("duration_days"),
            "complaint: 'duration_days' is a required property",
        ),
        (
            lambda d: d["complaint"]["intensity"].pop("now"),
            "complaint.intensity: 'now' is a required property",
        ),
        (lambda d: d.pop("schema"), "(root): 'schema' is a required property"),
        (lambda d: d.update(schema="anamnesis/v2"), "schema: 'anamnesis/v1' was expected"),
        (
            lambda d: d["complaint"].update(regions=[]),
            "complaint.regions: [] should be non-empty",
        ),
        (lambda d: d["complaint"].update(recurrent="yes"), "complaint.recurrent: 'yes' is not"),
        (lambda d: d["complaint"].update(causes=[True]), "complaint.causes[0]: True is not"),
    ],
)
def test_each_problem_gets_a_path_named_message(change, expected):
    problems = validate_anamnesis(_broken(change))
    assert any(line.startswith(expected) for line in problems), problems


def test_every_problem_is_reported_sorted_by_path():
    doc = anamnesis(now=11, duration_days=-3, cautions=["x"], typo=1)
    problems = validate_anamnesis(doc)
    assert [line.split(":")[0] for line in problems] == [
        "cautions[0]",
        "complaint.duration_days",
        "complaint.intensity.now",
        "complaint.typo",
    ]


@pytest.mark.parametrize("doc", [[], "anamnesis", None, 3])
def test_a_document_that_is_no_object_is_a_root_problem(doc):
    assert validate_anamnesis(doc)[0].startswith("(root): ")


def test_draft_plans_of_the_examples_are_valid_plans():
    for path in EXAMPLES:
        assert validate_plan(draft_plan(json.loads(path.read_text(encoding="utf-8")))) == []


def test_a_refer_plan_with_treatment_is_not_a_valid_plan():
    plan = draft_plan(anamnesis(red_flags=["cancer_history"]))
    plan["sessions"] = {"count": 4, "per_week": 1, "minutes": 30}
    plan["techniques"] = [{"code": "effleurage", "regions": ["neck"], "because": ["a=b"]}]
    problems = validate_plan(plan)
    assert any(line.startswith("sessions: ") for line in problems)
    assert any(line.startswith("techniques: ") for line in problems)


def test_a_because_must_be_path_equals_value():
    plan = draft_plan(anamnesis())
    plan["avoid"][0]["because"] = ["just a reason"]
    assert validate_plan(plan)[0].startswith("avoid[0].because[0]: 'just a reason' does not match")
