"""The outcome baseline recorded on the baseline page (STarT Back, PSFS) goes into the anamnesis/v2
export as `measures`, so the plan engine drafts from it."""

import copy

import pytest

from anamnesis.contract import anamnesis_from_contract, anamnesis_to_contract
from plans import services
from plans.engine import draft_plan, validate_anamnesis
from tests.anamnesis.test_contract import client_matching, example

pytestmark = pytest.mark.django_db

PSFS = [("Sitting through a meeting", 3), ("Lifting a grandchild", 2), ("Gardening", 4)]


def stored(name, practice, alice, **changes):
    doc = copy.deepcopy(example(name))
    doc.update(changes)
    client = client_matching(doc, practice, alice)
    return anamnesis_from_contract(client=client, taken_by=alice, doc=doc)


def test_start_back_and_psfs_are_exported_from_the_baseline(practice, alice):
    anamnesis = stored("chronic-lower-back-inactive", practice, alice)
    assert "measures" not in anamnesis_to_contract(anamnesis)
    services.baseline_record(
        anamnesis=anamnesis,
        by=alice,
        activities=PSFS,
        startback_total=7,
        startback_psychosocial=5,
    )
    exported = anamnesis_to_contract(anamnesis)
    assert exported["measures"] == {
        "start_back": {"total": 7, "psychosocial": 5},
        "psfs": [{"activity": name, "score": score} for name, score in PSFS],
    }
    assert validate_anamnesis(exported) == []


def test_psfs_is_exported_only_with_three_to_five_activities(practice, alice):
    anamnesis = stored("acute-neck-stiff", practice, alice, red_flags_unanswered=[])
    anamnesis.psfs_activities.create(name="Turning the head to reverse", baseline=2)
    anamnesis.psfs_activities.create(name="Reading", baseline=5)
    assert "measures" not in anamnesis_to_contract(anamnesis)
    anamnesis.psfs_activities.create(name="Sleeping on the side", baseline=4)
    exported = anamnesis_to_contract(anamnesis)
    assert [row["activity"] for row in exported["measures"]["psfs"]] == [
        "Turning the head to reverse",
        "Reading",
        "Sleeping on the side",
    ]
    assert "start_back" not in exported["measures"]  # a neck complaint has no STarT Back


def test_an_amendment_exports_the_psfs_of_the_version_it_amends(practice, alice):
    from anamnesis.services import anamnesis_amend, anamnesis_lock

    anamnesis = stored("chronic-lower-back-inactive", practice, alice)
    services.baseline_record(anamnesis=anamnesis, by=alice, activities=PSFS)
    anamnesis_lock(anamnesis=anamnesis)
    amendment = anamnesis_amend(anamnesis=anamnesis, by=alice)
    assert anamnesis_to_contract(amendment)["measures"]["psfs"] == [
        {"activity": name, "score": score} for name, score in PSFS
    ]


def test_start_back_is_exported_only_for_a_low_back_complaint(practice, alice):
    anamnesis = stored("chronic-lower-back-inactive", practice, alice)
    services.baseline_record(
        anamnesis=anamnesis, by=alice, activities=[], startback_total=2, startback_psychosocial=1
    )
    assert anamnesis_to_contract(anamnesis)["measures"] == {
        "start_back": {"total": 2, "psychosocial": 1}
    }
    anamnesis.regions.update(region="mid_back")
    exported = anamnesis_to_contract(anamnesis)
    assert "measures" not in exported
    assert validate_anamnesis(exported) == []


def test_a_high_start_back_score_gets_the_short_exercise_led_plan(practice, alice):
    anamnesis = stored("chronic-lower-back-inactive", practice, alice)
    assert anamnesis.course == "chronic"
    without = draft_plan(anamnesis_to_contract(anamnesis))
    assert without["sessions"]["count"] > 6  # the score is what makes the plan short
    services.baseline_record(
        anamnesis=anamnesis, by=alice, activities=[], startback_total=7, startback_psychosocial=5
    )
    plan = services.plan_draft(anamnesis=anamnesis, author=alice).plan
    assert plan["decision"] == "treat"
    assert plan["sessions"]["count"] <= 6
    assert "education_reassurance" in [item["code"] for item in plan["self_care"]]
    assert len(plan["exercises"]) >= 3
