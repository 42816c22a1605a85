"""The therapist tailors the home exercise programme of a draft plan: add from the library,
remove, re-dose; an exercise the client's cautions rule out needs a recorded reason."""

import pytest

from plans import services
from plans.engine import validate_plan
from plans.engine.exercises import EXERCISES
from plans.models import PlanEvent, SafetyRemoval
from tests.plans.document.test_plan_pages import form_data, text_of
from tests.plans.plan_fixtures import NECK_NERVE_ROOT, plan_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def neck_plan(client_record, alice):
    """Nerve root signs: the neck stretches are ruled out."""
    plan = plan_from(client_record, alice, NECK_NERVE_ROOT)
    assert plan.plan["decision"] == "treat" and plan.plan["exercises"]
    return plan


def exercise(plan, code):
    return next((i for i in plan.plan["exercises"] if i["code"] == code), None)


def post(alice_client, plan, **changes):
    return alice_client.post(plan.get_absolute_url(), form_data(plan, **changes))


def test_the_cautions_rule_out_exercises_for_this_client(neck_plan):
    ruled_out = services.ruled_out_exercises(neck_plan.anamnesis)
    assert set(ruled_out) >= {"neck_side_bend_stretch", "levator_scapulae_stretch"}
    assert ruled_out["neck_side_bend_stretch"] == ("nerve_root_signs",)
    assert "chin_tuck" not in ruled_out


def test_redosing_an_exercise_is_saved_marked_and_in_the_audit_trail(alice_client, neck_plan):
    code = neck_plan.plan["exercises"][0]["code"]
    engine_item = exercise(neck_plan, code)
    response = post(
        alice_client, neck_plan, **{f"sets_{code}": 3, f"reps_{code}": 12, f"per_day_{code}": 1}
    )
    assert response.status_code == 302
    neck_plan.refresh_from_db()
    item = exercise(neck_plan, code)
    assert (item["sets"], item["reps"], item["per_day"]) == (3, 12, 1)
    assert item["because"] == engine_item["because"]  # the engine's reasons stay
    assert validate_plan(neck_plan.plan) == []
    page = alice_client.get(neck_plan.get_absolute_url())
    html = page.content.decode()
    assert f'data-code="{code}" data-mark="changed"' in html
    assert "Engine&#x27;s draft: " in html or "Engine's draft: " in text_of(page)
    event = neck_plan.events.filter(kind=PlanEvent.Kind.EDITED).get()
    assert {"change": "dose", "list": "exercises", "code": code} | {
        "from": {k: engine_item[k] for k in ("sets", "reps", "hold_seconds", "per_day")},
        "to": {k: item[k] for k in ("sets", "reps", "hold_seconds", "per_day")},
    } in event.detail


def test_adding_from_the_library_and_removing_are_marked(alice_client, neck_plan):
    kept = [i["code"] for i in neck_plan.plan["exercises"]]
    removed, rest = kept[0], kept[1:]
    ruled_out = services.ruled_out_exercises(neck_plan.anamnesis)
    new = next(c for c in EXERCISES if c not in kept and c not in ruled_out)
    response = post(alice_client, neck_plan, exercises=[*rest, new])
    assert response.status_code == 302
    neck_plan.refresh_from_db()
    assert exercise(neck_plan, new)["because"] == [services.THERAPIST_REF]
    assert exercise(neck_plan, new)["sets"] == EXERCISES[new].dose.sets  # its usual dose
    assert exercise(neck_plan, removed) is None
    html = alice_client.get(neck_plan.get_absolute_url()).content.decode()
    assert f'data-code="{new}" data-mark="added"' in html
    assert f'data-code="{removed}" data-mark="removed"' in html


def test_only_exercises_of_the_library_can_be_added(alice_client, neck_plan):
    codes = [i["code"] for i in neck_plan.plan["exercises"]]
    response = post(alice_client, neck_plan, exercises=[*codes, "handstand"])
    assert response.status_code == 422
    assert "handstand" in response.context["form"].errors["exercises"][0]


def test_a_ruled_out_exercise_needs_a_reason_at_its_field(alice_client, neck_plan):
    codes = [i["code"] for i in neck_plan.plan["exercises"]]
    response = post(alice_client, neck_plan, exercises=[*codes, "neck_side_bend_stretch"])
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "cautions rule this exercise out" in errors["exercise_reason_neck_side_bend_stretch"][0]
    neck_plan.refresh_from_db()
    assert exercise(neck_plan, "neck_side_bend_stretch") is None


def test_a_ruled_out_exercise_with_a_reason_is_added_and_the_reason_kept(
    alice_client, neck_plan, alice
):
    codes = [i["code"] for i in neck_plan.plan["exercises"]]
    reason = "Arm symptoms settled; gentle range only, checked in session."
    response = post(
        alice_client,
        neck_plan,
        exercises=[*codes, "neck_side_bend_stretch"],
        exercise_reason_neck_side_bend_stretch=reason,
    )
    assert response.status_code == 302
    removal = SafetyRemoval.objects.get(plan=neck_plan, kind=SafetyRemoval.Kind.EXERCISE)
    assert (removal.code, removal.reason, removal.by) == ("neck_side_bend_stretch", reason, alice)
    page = text_of(alice_client.get(neck_plan.get_absolute_url()))
    assert f"Added although the client's cautions rule it out, because: {reason}" in page
    # Taken out again, the reason no longer applies.
    post(alice_client, neck_plan, exercises=codes)
    assert not SafetyRemoval.objects.filter(plan=neck_plan).exists()


def test_the_service_refuses_a_ruled_out_exercise_without_a_reason(neck_plan, alice):
    document = {**neck_plan.plan}
    document["exercises"] = [
        *neck_plan.plan["exercises"],
        {
            "code": "levator_scapulae_stretch",
            "sets": 2,
            "reps": None,
            "hold_seconds": 20,
            "per_day": 2,
            "because": [services.THERAPIST_REF],
        },
    ]
    with pytest.raises(services.ReasonRequired) as caught:
        services.plan_update(plan=neck_plan, by=alice, document=document)
    assert caught.value.missing == [(SafetyRemoval.Kind.EXERCISE, "levator_scapulae_stretch")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sets_{code}": 0}, "sets_{code}", "greater than or equal to 1"),
        ({"per_day_{code}": ""}, "per_day_{code}", "Needed for an exercise"),
        ({"reps_{code}": "", "hold_seconds_{code}": ""}, "reps_{code}", "repetitions, the hold"),
        ({"hold_seconds_{code}": 99999}, "hold_seconds_{code}", "less than or equal to 3600"),
    ],
)
def test_a_dose_is_checked_at_its_field(alice_client, neck_plan, changes, field, message):
    code = neck_plan.plan["exercises"][0]["code"]
    data = form_data(neck_plan)
    data.update({key.format(code=code): value for key, value in changes.items()})
    data = {k: v for k, v in data.items() if v not in ("", None)}
    response = alice_client.post(neck_plan.get_absolute_url(), data)
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field.format(code=code)])


def test_the_editor_lists_the_whole_library_and_flags_what_is_ruled_out(alice_client, neck_plan):
    html = alice_client.get(neck_plan.get_absolute_url()).content.decode()
    assert html.count("<tr data-exercise=") == 22
    assert '<tr data-exercise="neck_side_bend_stretch" class="ruled-out">' in html
    assert 'name="exercise_reason_neck_side_bend_stretch"' in html
    assert 'name="exercise_reason_chin_tuck"' not in html
