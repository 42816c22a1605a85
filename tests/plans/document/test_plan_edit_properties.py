"""The edit form and the difference marks, over generated anamneses (hypothesis)."""

from types import SimpleNamespace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plans import labels
from plans.document import explanations
from plans.document.diff import marks, plan_changes
from plans.engine import draft_plan, exercise_cautions, validate_plan, vocabulary
from plans.forms.plan import PlanEditForm
from tests.plans import strategies


def draft(plan):
    """A stand-in for a saved draft: the form reads only these."""
    return SimpleNamespace(
        plan=plan,
        engine_draft=plan,
        client_instructions="",
        therapist_notes="",
        safety_removals=SimpleNamespace(all=list),
    )


def posted(form):
    """What the browser posts for an untouched form."""
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value in (None, "", [], False):
            continue
        data[name] = "on" if value is True else value
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.anamneses)
def test_an_untouched_form_gives_back_the_engines_plan(doc):
    plan = draft_plan(doc)
    assume(plan["decision"] != "screen")  # no plan is stored before the screening is done
    regions = [r["region"] for r in doc["complaint"]["regions"]]
    ruled_out = exercise_cautions(doc)
    untouched = PlanEditForm(plan=draft(plan), regions=regions, ruled_out=ruled_out)
    form = PlanEditForm(posted(untouched), plan=draft(plan), ruled_out=ruled_out)
    assert form.is_valid(), form.errors
    document = form.document()
    assert validate_plan(document) == []
    assert plan_changes(plan, document) == []
    assert marks(plan, document) == {}


@given(strategies.anamneses, st.integers(1, 20), st.sampled_from(vocabulary.PRESSURE))
@settings(max_examples=30, deadline=None)
def test_every_change_is_found(doc, count, pressure):
    plan = draft_plan(doc)
    edited = {**plan, "pressure": pressure}
    if plan["sessions"]:
        edited["sessions"] = {**plan["sessions"], "count": count}
    edited["self_care"] = [i for i in plan["self_care"] if i["code"] != "stretching"]
    changes = plan_changes(plan, edited)
    fields = {c["field"] for c in changes if c["change"] == "changed"}
    assert ("pressure" in fields) == (pressure != plan["pressure"])
    if plan["sessions"]:
        assert ("sessions.count" in fields) == (count != plan["sessions"]["count"])
    removed = {c["code"] for c in changes if c["change"] == "removed"}
    assert ("stretching" in removed) == any(i["code"] == "stretching" for i in plan["self_care"])


def test_every_plan_code_has_client_words_and_a_label():
    for codes, words in (
        (vocabulary.TECHNIQUE, explanations.TECHNIQUE),
        (vocabulary.AVOID, explanations.AVOID),
        (vocabulary.SELF_CARE, explanations.SELF_CARE),
        (vocabulary.PRESSURE, explanations.PRESSURE),
        (vocabulary.URGENCY, explanations.URGENCY),
        (vocabulary.POSITION, explanations.POSITION),
        (vocabulary.POSITION, labels.POSITION),
        (vocabulary.EXERCISE, labels.EXERCISE),
        (vocabulary.URGENCY, labels.URGENCY),
    ):
        assert set(words) == set(codes)
    for code in vocabulary.TECHNIQUE:
        assert {"name", "what", "why"} <= set(explanations.TECHNIQUE[code])
        assert code in labels.TECHNIQUE
    for code in vocabulary.AVOID:
        assert {"name", "why"} <= set(explanations.AVOID[code])
    for code in vocabulary.SELF_CARE:
        assert {"name", "how"} <= set(explanations.SELF_CARE[code])


def test_reasons_in_client_words():
    assert explanations.client_reasons(
        ["complaint.course=acute", "findings.tone=increased", "complaint.regions=neck"]
    ) == ["your pain started recently", "your muscles are tense", "this is where your pain is"]
    assert explanations.client_reasons(["lifestyle.desk_hours_per_day=6"]) == [
        "you sit at a desk for many hours"
    ]
    assert explanations.client_reasons(["made.up=1"]) == []
