"""Properties of the engine over generated valid anamneses (hypothesis); no database needed."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from plans.engine import (
    ANAMNESIS_SCHEMA,
    PLAN_SCHEMA,
    derive_course,
    draft_plan,
    normalise_anamnesis,
    upgrade_anamnesis,
    validate_anamnesis,
    validate_plan,
)
from plans.engine import vocabulary as v
from plans.engine.exercises import EXERCISES
from plans.engine.validation import compile_check
from tests.plans.engine.invariants import contract_problems
from tests.plans.helpers import all_refs, codes, ref_names_input
from tests.plans.strategies import anamneses, any_anamneses, v1_anamneses

# The fast yes/no of validation.py (fastjsonschema), checked against jsonschema below.
ANAMNESIS_IS_VALID = compile_check(ANAMNESIS_SCHEMA)
PLAN_IS_VALID = compile_check(PLAN_SCHEMA)

fast = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Decision and tier, from the least to the most urgent: screen and treat both plan nothing
# urgent; a red flag only ever moves a plan up this scale.
SCALE = ("treat", "screen", "routine", "urgent", "same_day", "emergency")


def level(plan):
    referral = plan["referral"]
    return SCALE.index(referral["urgency"] if referral else plan["decision"])


@fast
@given(any_anamneses)
def test_generated_anamneses_are_valid(doc):
    assert validate_anamnesis(doc) == []


@fast
@given(any_anamneses)
def test_every_plan_keeps_the_contracts_invariants(doc):
    plan = draft_plan(doc)
    assert contract_problems(doc, plan) == []


@fast
@given(any_anamneses)
def test_plan_validates_against_the_plan_schema(doc):
    plan = draft_plan(doc)
    assert validate_plan(plan) == []
    assert Draft202012Validator(PLAN_SCHEMA).is_valid(plan)
    json.dumps(plan, allow_nan=False)


@fast
@given(anamneses, st.sampled_from(v.RED_FLAG))
def test_adding_a_red_flag_never_lowers_the_tier(doc, flag):
    before = draft_plan(doc)
    more = copy.deepcopy(doc)
    more["red_flags"] = [*doc["red_flags"], flag]
    after = draft_plan(more)
    assert after["decision"] == "refer"
    assert level(after) >= level(before)
    assert level(after) >= SCALE.index(v.RED_FLAG_TIER[flag])


@fast
@given(any_anamneses)
def test_every_because_names_a_real_input_field(doc):
    plan = draft_plan(doc)
    for ref in all_refs(plan):
        assert ref_names_input(doc, ref), ref
        if ref.startswith("complaint.course="):
            assert ref == f"complaint.course={plan['course']}"


@fast
@given(any_anamneses)
def test_no_exercise_a_caution_rules_out(doc):
    plan = draft_plan(doc)
    cautions = set(doc.get("cautions", ()))
    if doc["complaint"]["intensity"]["now"] >= 8:
        cautions.add("severe_pain")
    for item in plan["exercises"]:
        assert not cautions & set(EXERCISES[item["code"]].ruled_out_by), item["code"]


@fast
@given(any_anamneses)
def test_treat_plans_carry_a_dosed_programme(doc):
    plan = draft_plan(doc)
    if plan["decision"] != "treat":
        assert plan["exercises"] == []
        return
    minimum = 3 if plan["course"] == "chronic" else 1
    assert len(plan["exercises"]) >= minimum
    assert set(codes(plan["self_care"])) & set(v.ACTIVE_SELF_CARE)


@fast
@given(any_anamneses)
def test_techniques_stay_on_the_complaint_regions(doc):
    regions = {entry["region"] for entry in doc["complaint"]["regions"]}
    for technique in draft_plan(doc)["techniques"]:
        assert set(technique["regions"]) <= regions


@fast
@given(any_anamneses)
def test_flare_exactly_when_recurrent_and_the_given_course_is_shorter(doc):
    complaint = doc["complaint"]
    plan = draft_plan(doc)
    given_course = complaint.get("course")
    expected = bool(
        complaint.get("recurrent")
        and given_course
        and v.COURSE.index(given_course) < v.COURSE.index(derive_course(complaint["duration_days"]))
    )
    assert plan["flare"] is expected


@fast
@given(any_anamneses)
def test_the_engine_never_changes_its_input_and_is_deterministic(doc):
    before = copy.deepcopy(doc)
    first = draft_plan(doc)
    assert doc == before
    assert draft_plan(copy.deepcopy(doc)) == first


@fast
@given(any_anamneses)
def test_normalising_changes_nothing_the_engine_sees(doc):
    normal = normalise_anamnesis(doc)
    assert validate_anamnesis(normal) == []
    assert normalise_anamnesis(normal) == normal
    assert draft_plan(normal) == draft_plan(doc)


@fast
@given(v1_anamneses)
def test_an_upgraded_v1_file_gets_the_same_decision_and_tier(doc):
    upgraded, notes = upgrade_anamnesis(doc)
    assert upgraded["schema"] == "anamnesis/v2"
    assert validate_anamnesis(upgraded) == []
    assert notes
    before, after = draft_plan(doc), draft_plan(upgraded)
    assert (after["decision"], after["referral"] and after["referral"]["urgency"]) == (
        before["decision"],
        before["referral"] and before["referral"]["urgency"],
    )


# Contradictions: each one is an input error naming its path.
CONTRADICTIONS = {
    "complaint.intensity.worst": lambda d: d["complaint"]["intensity"].update(now=5, worst=4),
    "cautions[": lambda d: (d["client"].update(sex="male"), d.update(cautions=["pregnancy"])),
    "complaint.course": lambda d: d["complaint"].update(
        duration_days=900, course="acute", recurrent=False
    ),
    "measures.start_back": lambda d: (
        d["complaint"].update(regions=[{"region": "neck"}]),
        d.setdefault("measures", {}).update(start_back={"total": 3, "psychosocial": 1}),
    ),
    "measures.psfs": lambda d: d.setdefault("measures", {}).update(
        psfs=[{"activity": "sitting", "score": 3}]
    ),
    "measures.start_back.psychosocial": lambda d: (
        d["complaint"]["regions"].append({"region": "lower_back"}),
        d.setdefault("measures", {}).update(start_back={"total": 2, "psychosocial": 4}),
    ),
}


@fast
@given(any_anamneses, st.sampled_from(sorted(CONTRADICTIONS)))
def test_every_contradiction_is_an_error_naming_its_path(doc, path):
    broken = copy.deepcopy(doc)
    CONTRADICTIONS[path](broken)
    problems = validate_anamnesis(broken)
    assert any(line.startswith(path) for line in problems), problems


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
    if not reference:
        assert problems
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
