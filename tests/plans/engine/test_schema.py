"""The committed JSON Schema files, the shared examples and path-named validation messages."""

import json
from pathlib import Path

import pytest

from plans.engine import (
    ANAMNESIS_SCHEMA,
    ANAMNESIS_V1_SCHEMA,
    PLAN_SCHEMA,
    PLAN_V1_SCHEMA,
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


def test_schema_writer_writes_every_file(tmp_path):
    written = write_schema_files(tmp_path)
    assert [path.name for path in written] == [
        "anamnesis-v1.schema.json",
        "anamnesis-v2.schema.json",
        "plan-v1.schema.json",
        "plan-v2.schema.json",
    ]
    assert json.loads(written[1].read_text()) == ANAMNESIS_SCHEMA
    assert json.loads(written[3].read_text()) == PLAN_SCHEMA


def test_the_v1_anamnesis_schema_is_v2_with_the_contracts_v1_changes():
    v1 = ANAMNESIS_V1_SCHEMA["properties"]
    assert "red_flags" not in ANAMNESIS_V1_SCHEMA["required"]
    assert "red_flags" in ANAMNESIS_SCHEMA["required"]
    assert v1["red_flags"]["items"]["enum"] == [*v.RED_FLAG, "progressive_neurological_deficit"]
    assert v1["cautions"]["items"]["enum"] == [*v.CAUTION, "suspected_thrombosis"]
    assert v1["client"]["required"] == ["age"]


def test_schemas_take_their_codes_from_the_vocabulary():
    complaint = ANAMNESIS_SCHEMA["properties"]["complaint"]["properties"]
    assert complaint["pain_character"]["items"]["enum"] == list(v.CHARACTER)
    assert ANAMNESIS_SCHEMA["properties"]["red_flags"]["items"]["enum"] == list(v.RED_FLAG)
    technique = PLAN_SCHEMA["properties"]["techniques"]["items"]["properties"]["code"]
    assert technique["enum"] == list(v.TECHNIQUE)
    exercise = PLAN_SCHEMA["properties"]["exercises"]["items"]["properties"]["code"]
    assert exercise["enum"] == list(v.EXERCISE)


def _objects(schema):
    if isinstance(schema, dict):
        if schema.get("type") == "object" or "object" in schema.get("type", []):
            yield schema
        for key, child in schema.items():
            if key != "allOf":  # conditions on a decision, not shapes of their own
                yield from _objects(child)
    elif isinstance(schema, list):
        for child in schema:
            yield from _objects(child)


@pytest.mark.parametrize(
    "schema",
    [ANAMNESIS_SCHEMA, ANAMNESIS_V1_SCHEMA, PLAN_SCHEMA, PLAN_V1_SCHEMA],
    ids=["anamnesis", "anamnesis-v1", "plan", "plan-v1"],
)
def test_unknown_keys_are_errors_everywhere(schema):
    for node in _objects(schema):
        if "properties" in node:
            assert node["additionalProperties"] is False


def test_there_are_eight_shared_examples():
    assert len(EXAMPLES) == 8


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared is not checked out here")
def test_example_copies_are_the_shared_cases_in_the_version_the_engine_reads():
    shared = sorted(SHARED_EXAMPLES.glob("*.json"))
    assert [path.name for path in EXAMPLES] == [path.name for path in shared]
    for copy, original in zip(EXAMPLES, shared, strict=True):
        assert copy.read_bytes() == original.read_bytes(), copy.name


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
        (
            lambda d: d.update(schema="anamnesis/v3"),
            "schema: 'anamnesis/v3' is not one of ['anamnesis/v1', 'anamnesis/v2']",
        ),
        (lambda d: d.pop("red_flags"), "(root): 'red_flags' is a required property"),
        (lambda d: d["client"].pop("age"), "client: 'age' is a required property"),
        (lambda d: d.update(red_flags=["progressive_neurological_deficit"]), "red_flags[0]: "),
        (lambda d: d.update(cautions=["suspected_thrombosis"]), "cautions[0]: "),
        (
            lambda d: d.update(findings={"neuro": {"reflexes": "brisk"}}),
            "findings.neuro.reflexes: 'brisk' is not one of",
        ),
        (
            lambda d: d.update(measures={"ndi": 51}),
            "measures.ndi: 51 is greater than the maximum of 50",
        ),
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


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (anamnesis(now=6, worst=5), "complaint.intensity.worst: 5 is below"),
        (anamnesis(sex="male", cautions=["osteoporosis", "pregnancy"]), "cautions[1]: pregnancy"),
        (anamnesis(age=9, cautions=["pregnancy"]), "cautions[0]: pregnancy contradicts client.age"),
        (
            anamnesis(age=66, cautions=["pregnancy"]),
            "cautions[0]: pregnancy contradicts client.age",
        ),
        (anamnesis(duration_days=900, course="acute"), "complaint.course: 'acute' contradicts"),
        (
            anamnesis(measures={"start_back": {"total": 4, "psychosocial": 2}}),
            "measures.start_back: STarT Back is for low back pain",
        ),
        (
            anamnesis(measures={"psfs": [{"activity": "a", "score": 1}] * 6}),
            "measures.psfs: 6 activities",
        ),
        (
            anamnesis(
                regions=("lower_back",),
                measures={"start_back": {"total": 2, "psychosocial": 3}},
            ),
            "measures.start_back.psychosocial: 3 is greater than",
        ),
    ],
    ids=[
        "worst-below-now",
        "pregnant-male",
        "pregnant-9",
        "pregnant-66",
        "course",
        "start-back-neck",
        "psfs-6",
        "psychosocial",
    ],
)
def test_each_contradiction_is_a_problem_naming_its_path(doc, path):
    problems = validate_anamnesis(doc)
    assert any(line.startswith(path) for line in problems), problems


def test_a_region_of_the_wrong_type_is_a_problem_even_beside_start_back():
    """Found by the import fuzz: the contradiction check read a list as a region code."""
    doc = anamnesis(measures={"start_back": {"total": 0, "psychosocial": 0}})
    doc["complaint"]["regions"] = [{"region": []}]
    problems = validate_anamnesis(doc)
    assert any(line.startswith("complaint.regions[0].region") for line in problems), problems
    assert any(line.startswith("measures.start_back") for line in problems), problems


def test_the_same_course_with_recurrent_is_a_flare_not_a_contradiction():
    assert validate_anamnesis(anamnesis(duration_days=900, course="acute", recurrent=True)) == []


def test_a_v1_file_is_read_with_its_codes_and_without_red_flags():
    doc = anamnesis(schema="anamnesis/v1", cautions=["suspected_thrombosis"])
    del doc["red_flags"]
    assert validate_anamnesis(doc) == []


def test_a_stored_v1_plan_still_validates_and_a_v2_plan_needs_v2_fields():
    v1_plan = {
        "schema": "plan/v1",
        "decision": "treat",
        "referral": None,
        "course": "acute",
        "sessions": {"count": 4, "per_week": 2, "minutes": 30},
        "pressure": "light",
        "techniques": [{"code": "effleurage", "regions": ["neck"], "because": ["a=b"]}],
        "avoid": [],
        "self_care": [{"code": "movement_breaks", "because": ["a=b"]}],
        "reassess_after_session": 2,
        "warnings": [],
    }
    assert validate_plan(v1_plan) == []
    assert validate_plan({**v1_plan, "schema": "plan/v2"})


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
    plan["sessions"] = {"count": 4, "per_week": 1, "minutes": 30, "first_minutes": 30}
    plan["techniques"] = [{"code": "effleurage", "regions": ["neck"], "because": ["a=b"]}]
    problems = validate_plan(plan)
    assert any(line.startswith("sessions: ") for line in problems)
    assert any(line.startswith("techniques: ") for line in problems)


def test_a_because_must_be_path_equals_value():
    plan = draft_plan(anamnesis())
    plan["avoid"][0]["because"] = ["just a reason"]
    assert validate_plan(plan)[0].startswith("avoid[0].because[0]: 'just a reason' does not match")


@pytest.mark.parametrize("schema", [["anamnesis/v2"], {"v": 2}, 2, None])
def test_a_schema_that_is_not_a_name_is_a_problem_not_a_crash(schema):
    problems = validate_anamnesis({**anamnesis(), "schema": schema})
    assert any(line.startswith("schema: ") for line in problems)
