"""Vignettes from the clinical review (tests/plans/engine/vignettes/): what each one must give.

`../shared/tools/check-plan-contract tests/plans/engine/vignettes/*.json` checks their plans'
invariants too; `invalid/` holds input the command must refuse."""

import json
from pathlib import Path

import pytest

from plans.engine import draft_plan, validate_anamnesis
from tests.plans.engine.invariants import contract_problems
from tests.plans.engine.test_plan_command import assert_bad_input, run
from tests.plans.helpers import codes

HERE = Path(__file__).resolve().parent / "vignettes"


def plan(name):
    doc = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    assert validate_anamnesis(doc) == []
    result = draft_plan(doc)
    assert contract_problems(doc, result) == []
    return result


def urgency(result):
    return result["referral"] and result["referral"]["urgency"]


@pytest.mark.parametrize(
    ("name", "decision", "tier"),
    [
        ("cervical-artery-signs-after-neck-manipulation", "refer", "emergency"),
        ("osteoporosis-fall-same-day", "refer", "same_day"),
        ("fall-from-three-metres-same-day", "refer", "same_day"),
        ("fever-with-cancer-history-same-day", "refer", "same_day"),
        ("older-uncontrolled-hypertension-routine", "treat", "routine"),
        ("v1-without-red-flags", "screen", None),
    ],
)
def test_vignette_decision_and_tier(name, decision, tier):
    result = plan(name)
    assert (result["decision"], urgency(result)) == (decision, tier)


def test_widespread_pain_gets_moderate_pressure_and_no_deep_tissue():
    result = plan("widespread-pain-deep-tissue-moderate")
    assert result["pressure"] == "moderate"
    assert "deep_tissue_massage" not in codes(result["techniques"])


def test_older_client_with_high_blood_pressure_gets_no_tapotement():
    result = plan("older-uncontrolled-hypertension-routine")
    assert result["pressure"] == "moderate"
    assert "tapotement" not in codes(result["techniques"])


def test_fifteen_year_old_needs_a_guardian_and_no_firm_or_deep_tissue():
    result = plan("fifteen-year-old-guardian")
    assert result["pressure"] != "firm"
    assert "deep_tissue_massage" not in codes(result["techniques"])
    assert any("guardian" in warning for warning in result["warnings"])


def test_lumbar_nerve_root_signs_mean_no_deep_work_on_the_low_back_and_a_warning():
    result = plan("lumbar-nerve-root-signs")
    assert result["pressure"] != "firm"
    assert not {"deep_tissue_massage", "friction", "trigger_point_therapy"} & set(
        codes(result["techniques"])
    )
    assert any("qualified clinician" in warning for warning in result["warnings"])


def test_chronic_low_back_start_back_high_gets_few_sessions_education_and_exercises():
    result = plan("chronic-low-back-start-back-high")
    assert result["sessions"]["count"] <= 6
    assert "education_reassurance" in codes(result["self_care"])
    assert len(result["exercises"]) >= 3
    assert all(e["sets"] and (e["reps"] or e["hold_seconds"]) for e in result["exercises"])


def test_v1_file_without_red_flags_is_screened():
    assert plan("v1-without-red-flags")["missing"] == ["red_flags"]


def test_recurrent_flare_is_a_flare():
    result = plan("recurrent-flare-acute-900-days")
    assert (result["course"], result["flare"]) == ("acute", True)


def test_male_pregnancy_exits_2_naming_the_path():
    result = run("--input", str(HERE / "invalid" / "male-pregnancy.json"))
    assert_bad_input(
        result.returncode,
        result.stdout.decode(),
        result.stderr.decode(),
        "cautions[0]: pregnancy contradicts client.sex 'male'",
    )
