"""Properties of the engine over generated valid anamneses (hypothesis); no database needed."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from plans.engine import (
    ANAMNESIS_SCHEMA,
    PLAN_SCHEMA,
    draft_plan,
    normalise_anamnesis,
    validate_anamnesis,
    validate_plan,
)
from plans.engine.config import (
    SESSION_COUNT_RANGE,
    SESSION_MINUTES_RANGE,
    SESSIONS_PER_WEEK_RANGE,
)
from plans.engine.validation import compile_check
from plans.engine.vocabulary import ACTIVE_SELF_CARE
from tests.plans.helpers import all_refs, codes, ref_names_input
from tests.plans.strategies import anamneses

# The fast yes/no of validation.py (fastjsonschema), checked against jsonschema below.
ANAMNESIS_IS_VALID = compile_check(ANAMNESIS_SCHEMA)
PLAN_IS_VALID = compile_check(PLAN_SCHEMA)

fast = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What each avoid item rules out: (avoided, advised technique or self-care, or firm pressure).
CONFLICTS = {
    "tapotement": {"tapotement"},
    "deep_pressure": {"deep_tissue_massage", "firm"},
    "friction_at_site": {"friction"},
    "heat": {"heat"},
}


@fast
@given(anamneses)
def test_generated_anamneses_are_valid(doc):
    assert validate_anamnesis(doc) == []
    assert Draft202012Validator(ANAMNESIS_SCHEMA).is_valid(doc)


@fast
@given(anamneses)
def test_plan_validates_against_the_plan_schema(doc):
    plan = draft_plan(doc)
    assert validate_plan(plan) == []
    assert Draft202012Validator(PLAN_SCHEMA).is_valid(plan)
    json.dumps(plan, allow_nan=False)


@fast
@given(anamneses)
def test_refer_means_no_techniques_no_sessions_no_pressure(doc):
    plan = draft_plan(doc)
    refers = bool(doc.get("red_flags")) or "suspected_thrombosis" in doc.get("cautions", [])
    assert (plan["decision"] == "refer") == refers
    if refers:
        assert plan["referral"]["because"]
        assert plan["techniques"] == []
        assert plan["sessions"] is None
        assert plan["pressure"] is None
        assert plan["reassess_after_session"] is None
    else:
        assert plan["referral"] is None
        assert plan["techniques"]


@fast
@given(anamneses)
def test_nothing_is_both_advised_and_avoided(doc):
    plan = draft_plan(doc)
    advised = {*codes(plan["techniques"]), *codes(plan["self_care"]), plan["pressure"]}
    avoided = set(codes(plan["avoid"]))
    for code in avoided:
        assert not CONFLICTS.get(code, set()) & advised, code
    if "all_massage" in avoided:
        assert plan["techniques"] == []


@fast
@given(anamneses)
def test_spine_bones_and_joints_are_always_avoided(doc):
    avoided = codes(draft_plan(doc)["avoid"])
    assert {"pressure_on_spine", "pressure_on_bones_and_joints"} <= set(avoided)


@fast
@given(anamneses)
def test_every_because_names_a_real_input_field(doc):
    plan = draft_plan(doc)
    refs = all_refs(plan)
    assert refs
    for ref in refs:
        assert ref_names_input(doc, ref), ref
    for ref in refs:
        if ref.startswith("complaint.course="):
            assert ref == f"complaint.course={plan['course']}"


@fast
@given(anamneses)
def test_active_self_care_is_always_present(doc):
    plan = draft_plan(doc)
    emergency = plan["referral"] and plan["referral"]["urgency"] == "emergency"
    if not emergency:
        assert set(codes(plan["self_care"])) & set(ACTIVE_SELF_CARE)
    if plan["decision"] == "refer":
        assert set(codes(plan["self_care"])) <= {"movement_breaks"}


@fast
@given(anamneses)
def test_chronic_plans_include_strengthening_or_yoga(doc):
    plan = draft_plan(doc)
    if plan["course"] == "chronic" and plan["decision"] == "treat":
        assert {"strengthening", "yoga_or_pilates"} & set(codes(plan["self_care"]))


@fast
@given(anamneses)
def test_counts_are_in_range_and_reassessment_comes_in_time(doc):
    plan = draft_plan(doc)
    if plan["decision"] == "refer":
        return
    sessions = plan["sessions"]
    assert SESSION_COUNT_RANGE[0] <= sessions["count"] <= SESSION_COUNT_RANGE[1]
    assert SESSIONS_PER_WEEK_RANGE[0] <= sessions["per_week"] <= SESSIONS_PER_WEEK_RANGE[1]
    assert SESSION_MINUTES_RANGE[0] <= sessions["minutes"] <= SESSION_MINUTES_RANGE[1]
    assert 1 <= plan["reassess_after_session"] <= min(6, sessions["count"])
    if plan["course"] == "chronic" and "neck" in plan["techniques"][0]["regions"]:
        assert sessions["minutes"] >= 60


@fast
@given(anamneses)
def test_light_pressure_when_in_doubt(doc):
    plan = draft_plan(doc)
    cautions = set(doc.get("cautions", []))
    severe = doc["complaint"]["intensity"]["now"] >= 8 or "severe_pain" in cautions
    if plan["decision"] == "treat" and (
        severe or {"anticoagulants", "osteoporosis"} & cautions or plan["course"] == "acute"
    ):
        assert plan["pressure"] == "light"


@fast
@given(anamneses)
def test_techniques_carry_the_complaint_regions(doc):
    regions = {entry["region"] for entry in doc["complaint"]["regions"]}
    for technique in draft_plan(doc)["techniques"]:
        assert set(technique["regions"]) == regions


@fast
@given(anamneses)
def test_the_engine_never_changes_its_input_and_is_deterministic(doc):
    before = copy.deepcopy(doc)
    first = draft_plan(doc)
    assert doc == before
    assert draft_plan(copy.deepcopy(doc)) == first


@fast
@given(anamneses)
def test_normalising_changes_nothing_the_engine_sees(doc):
    normal = normalise_anamnesis(doc)
    assert validate_anamnesis(normal) == []
    assert normalise_anamnesis(normal) == normal
    assert draft_plan(normal) == draft_plan(doc)


BREAKING_VALUES = st.sampled_from([None, -1, 11, 25, 1.5, "x", "neck", [], {}, True, [1], "  "])


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


def _broken(doc, data):
    doc = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(list(_paths(doc))))
    value = data.draw(BREAKING_VALUES)
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["extra", "Regions", "course"]))] = value
    else:
        parent[path[-1]] = value
    return doc


@fast
@given(anamneses, st.data())
def test_fast_check_agrees_with_jsonschema_and_every_problem_names_a_path(doc, data):
    broken = _broken(doc, data)
    reference = Draft202012Validator(ANAMNESIS_SCHEMA).is_valid(broken)
    assert ANAMNESIS_IS_VALID(broken) == reference
    problems = validate_anamnesis(broken)
    assert (problems == []) == reference
    for line in problems:
        path, sep, message = line.partition(": ")
        assert sep and path and message


@fast
@given(anamneses, st.data())
def test_fast_check_agrees_with_jsonschema_on_plans(doc, data):
    broken = _broken(draft_plan(doc), data)
    reference = Draft202012Validator(PLAN_SCHEMA).is_valid(broken)
    assert PLAN_IS_VALID(broken) == reference
    assert (validate_plan(broken) == []) == reference
