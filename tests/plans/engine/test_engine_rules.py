"""One test (or a few) per rule of the rule table and per referral tier; no database needed."""

import dataclasses

import pytest

from plans.engine import (
    DEFAULT_CONFIG,
    EXERCISES,
    GROUPS,
    RULES,
    Effect,
    Rule,
    derive_course,
    draft_plan,
    normalise_anamnesis,
    upgrade_anamnesis,
    validate_anamnesis,
    validate_plan,
)
from plans.engine import vocabulary as v
from tests.plans.engine.invariants import contract_problems
from tests.plans.helpers import anamnesis, codes

CHRONIC = 200
SUBACUTE = 60
ACUTE = 5


def plan_for(doc, **config):
    assert validate_anamnesis(doc) == []
    plan = draft_plan(doc, config=dataclasses.replace(DEFAULT_CONFIG, **config))
    assert validate_plan(plan) == []
    assert contract_problems(doc, plan) == []
    return plan


def item(items, code):
    return next(entry for entry in items if entry["code"] == code)


def deep_chronic(**extra):
    """A chronic low back complaint with deep, hardened tissue and trigger points."""
    extra.setdefault("regions", ("lower_back",))
    extra.setdefault(
        "findings",
        {
            "tissue": "deep",
            "tone": "hardened",
            "trigger_points": [{"muscle": "quadratus lumborum", "side": "left"}],
        },
    )
    extra.setdefault("duration_days", CHRONIC)
    return anamnesis(pain=("pulling", "punctual"), **extra)


def warned(plan, words):
    return any(words in warning for warning in plan["warnings"])


# The decision and the four tiers.


@pytest.mark.parametrize("flag", v.RED_FLAG)
def test_each_red_flag_refers_at_its_tier_instead_of_treating(flag):
    plan = plan_for(deep_chronic(red_flags=[flag]))
    assert plan["decision"] == "refer"
    assert plan["referral"] == {"urgency": v.RED_FLAG_TIER[flag], "because": [f"red_flags={flag}"]}
    assert plan["techniques"] == plan["exercises"] == plan["positioning"] == []
    assert plan["sessions"] is plan["pressure"] is plan["reassess_after_session"] is None


@pytest.mark.parametrize("flag", v.EMERGENCY_FLAGS)
def test_emergency_tier_sends_to_the_emergency_department_now(flag):
    plan = plan_for(anamnesis(red_flags=[flag]))
    assert plan["referral"]["urgency"] == "emergency"
    assert plan["self_care"] == []
    assert warned(plan, "emergency department now")


@pytest.mark.parametrize("flag", v.SAME_DAY_FLAGS)
def test_same_day_tier_gives_no_self_care_and_says_today(flag):
    plan = plan_for(anamnesis(red_flags=[flag]))
    assert plan["referral"]["urgency"] == "same_day"
    assert plan["self_care"] == []
    assert warned(plan, "today")


@pytest.mark.parametrize("flag", v.URGENT_FLAGS)
def test_urgent_tier_keeps_at_most_reassurance_and_safety_netting(flag):
    plan = plan_for(anamnesis(red_flags=[flag]))
    assert plan["referral"]["urgency"] == "urgent"
    assert codes(plan["self_care"]) == ["education_reassurance"]
    assert warned(plan, "within a week")
    assert warned(plan, "emergency department at once")


def test_routine_tier_treats_and_informs_the_physician():
    plan = plan_for(anamnesis(cautions=["uncontrolled_hypertension"]))
    assert plan["decision"] == "treat"
    assert plan["referral"] == {
        "urgency": "routine",
        "because": ["cautions=uncontrolled_hypertension"],
    }


def test_the_highest_tier_wins_and_names_its_flags():
    plan = plan_for(anamnesis(red_flags=["cancer_history", "saddle_anaesthesia"]))
    assert plan["referral"] == {"urgency": "emergency", "because": ["red_flags=saddle_anaesthesia"]}


@pytest.mark.parametrize("urgency", ["emergency", "same_day"])
def test_emergency_and_same_day_warnings_say_nothing_about_treatment_to_come(urgency):
    flags = v.EMERGENCY_FLAGS if urgency == "emergency" else v.SAME_DAY_FLAGS
    for flag in flags:
        plan = plan_for(anamnesis(red_flags=[flag], cautions=["pregnancy"], now=9))
        text = " ".join(plan["warnings"]).lower()
        for words in ("massage", "session", "treat", "exercise", "rest does not"):
            assert words not in text, (flag, words)


def test_no_referral_ever_tells_the_client_rest_does_not_help():
    for flag in v.RED_FLAG:
        plan = plan_for(anamnesis(red_flags=[flag]))
        assert not warned(plan, "rest")


def test_a_fall_with_osteoporosis_is_a_suspected_fracture_same_day():
    plan = plan_for(
        anamnesis(regions=("mid_back",), causes=["minor_fall"], cautions=["osteoporosis"])
    )
    assert plan["referral"]["urgency"] == "same_day"
    assert plan["referral"]["because"] == ["cautions=osteoporosis", "complaint.causes=minor_fall"]


def test_trauma_with_steroid_use_is_a_suspected_fracture_same_day():
    plan = plan_for(anamnesis(causes=["trauma"], cautions=["steroid_use"]))
    assert plan["referral"]["urgency"] == "same_day"


def test_a_minor_fall_at_75_or_more_is_a_suspected_fracture_same_day():
    assert plan_for(anamnesis(age=75, causes=["minor_fall"]))["referral"]["urgency"] == "same_day"
    assert plan_for(anamnesis(age=74, causes=["minor_fall"]))["decision"] == "treat"


def test_unexplained_bruising_on_anticoagulants_is_same_day():
    plan = plan_for(anamnesis(cautions=["unexplained_bruising", "anticoagulants"]))
    assert plan["referral"]["urgency"] == "same_day"


def test_unexplained_bruising_without_anticoagulants_is_a_routine_letter():
    plan = plan_for(anamnesis(cautions=["unexplained_bruising"]))
    assert plan["decision"] == "treat"
    assert plan["referral"]["urgency"] == "routine"


def test_two_urgent_flags_together_are_same_day():
    plan = plan_for(anamnesis(red_flags=["cancer_history", "unexplained_weight_loss"]))
    assert plan["referral"] == {
        "urgency": "same_day",
        "because": ["red_flags=cancer_history", "red_flags=unexplained_weight_loss"],
    }


def test_fever_with_a_cancer_history_is_same_day():
    plan = plan_for(anamnesis(red_flags=["fever_or_infection", "cancer_history"]))
    assert plan["referral"]["urgency"] == "same_day"


def test_unanswered_red_flag_questions_mean_screen_first():
    plan = plan_for(anamnesis(red_flags_unanswered=["cervical_arterial_signs"]))
    assert plan["decision"] == "screen"
    assert plan["missing"] == ["red_flags"]
    assert plan["referral"] is None
    assert plan["techniques"] == plan["self_care"] == plan["exercises"] == plan["avoid"] == []
    assert warned(plan, "cervical_arterial_signs")


def test_a_v1_file_without_red_flags_is_screened_first():
    doc = anamnesis(schema="anamnesis/v1")
    del doc["red_flags"]
    plan = plan_for(doc)
    assert (plan["decision"], plan["missing"]) == ("screen", ["red_flags"])


def test_a_known_red_flag_refers_even_when_the_screening_is_incomplete():
    doc = anamnesis(schema="anamnesis/v1", cautions=["suspected_thrombosis"])
    del doc["red_flags"]
    plan = plan_for(doc)
    assert plan["referral"] == {"urgency": "same_day", "because": ["cautions=suspected_thrombosis"]}


def test_a_v1_progressive_deficit_is_read_as_bilateral_or_progressive_weakness():
    plan = plan_for(
        anamnesis(schema="anamnesis/v1", red_flags=["progressive_neurological_deficit"])
    )
    assert plan["referral"] == {
        "urgency": "emergency",
        "because": ["red_flags=progressive_neurological_deficit"],
    }


def test_a_screened_v1_file_is_treated_with_a_note_to_ask_the_newer_questions():
    plan = plan_for(anamnesis(schema="anamnesis/v1"))
    assert plan["decision"] == "treat"
    assert "S42-v1-intake-ask-newer-questions" in plan["rules_applied"]
    assert warned(plan, "earlier form")


def test_upgrade_moves_v1_codes_and_says_what_changed():
    doc = anamnesis(
        schema="anamnesis/v1",
        red_flags=["progressive_neurological_deficit"],
        cautions=["suspected_thrombosis", "osteoporosis"],
    )
    upgraded, notes = upgrade_anamnesis(doc)
    assert upgraded["schema"] == "anamnesis/v2"
    assert upgraded["red_flags"] == ["bilateral_or_progressive_weakness", "suspected_thrombosis"]
    assert upgraded["cautions"] == ["osteoporosis"]
    assert validate_anamnesis(upgraded) == []
    assert any("suspected_thrombosis" in note for note in notes)
    assert any("bilateral_or_progressive_weakness" in note for note in notes)
    assert doc["schema"] == "anamnesis/v1"


def test_upgrade_marks_an_unscreened_v1_file_unanswered():
    doc = anamnesis(schema="anamnesis/v1")
    del doc["red_flags"]
    upgraded, _ = upgrade_anamnesis(doc)
    assert upgraded["red_flags"] == []
    assert upgraded["red_flags_unanswered"] == list(v.RED_FLAG)
    assert draft_plan(upgraded)["decision"] == "screen"


# Safety: cautions.


@pytest.mark.parametrize("regions", [("neck",), ("lower_back", "sacrum_buttock")])
def test_spine_bones_and_joints_are_always_avoided_citing_the_regions(regions):
    avoid = plan_for(anamnesis(regions=regions))["avoid"]
    assert item(avoid, "pressure_on_spine") == {
        "code": "pressure_on_spine",
        "because": [f"complaint.regions={r}" for r in regions],
    }
    assert "regions" not in item(avoid, "pressure_on_bones_and_joints")


@pytest.mark.parametrize("caution", ["anticoagulants", "osteoporosis", "steroid_use"])
def test_bleeding_or_fragile_bone_means_light_pressure_no_deep_work_no_tapotement(caution):
    plan = plan_for(deep_chronic(cautions=[caution]))
    assert plan["pressure"] == "light"
    assert {"deep_pressure", "tapotement"} <= set(codes(plan["avoid"]))
    assert not {"deep_tissue_massage", "trigger_point_therapy"} & set(codes(plan["techniques"]))


@pytest.mark.parametrize("caution", ["osteoporosis", "steroid_use"])
def test_fragile_bone_rules_out_loaded_bending_exercises(caution):
    plan = plan_for(deep_chronic(cautions=[caution]))
    assert not {"knee_to_chest", "child_pose", "lumbar_rotation_stretch"} & set(
        codes(plan["exercises"])
    )


def test_fragile_skin_means_light_pressure_and_no_friction():
    plan = plan_for(deep_chronic(cautions=["skin_fragility"]))
    assert plan["pressure"] == "light"
    assert "friction" not in codes(plan["techniques"])


def test_pregnancy_means_side_lying_no_prone_moderate_and_no_lying_on_the_back():
    plan = plan_for(deep_chronic(cautions=["pregnancy"], age=30))
    assert codes(plan["positioning"]) == ["side_lying"]
    assert item(plan["positioning"], "side_lying")["because"] == ["cautions=pregnancy"]
    assert "prone_position" in codes(plan["avoid"])
    assert plan["pressure"] == "moderate"
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert not {"knee_to_chest", "dead_bug", "glute_bridge", "lumbar_rotation_stretch"} & set(
        codes(plan["exercises"])
    )
    assert plan["referral"] is None
    assert warned(plan, "midwife")


@pytest.mark.parametrize("now", [8, 10])
def test_severe_pain_means_light_pressure_short_first_sessions_and_gentle_exercises(now):
    plan = plan_for(deep_chronic(now=now, worst=10))
    assert plan["pressure"] == "light"
    assert plan["sessions"]["first_minutes"] <= 30 < plan["sessions"]["minutes"]
    assert set(codes(plan["exercises"])) <= set(v.GENTLE_EXERCISE)
    assert len(plan["exercises"]) >= 3
    assert all(e["sets"] == 1 for e in plan["exercises"])
    assert {"tapotement", "deep_pressure"} <= set(codes(plan["avoid"]))


def test_pain_just_below_the_severe_threshold_is_not_capped():
    plan = plan_for(deep_chronic(now=7))
    assert plan["pressure"] == "firm"
    assert plan["sessions"]["first_minutes"] == plan["sessions"]["minutes"]


def test_first_sessions_are_never_called_short_beside_long_ones():
    for doc in (deep_chronic(), anamnesis(now=9, worst=9), anamnesis(age=80)):
        plan = plan_for(doc)
        if warned(plan, "short first sessions"):
            assert plan["sessions"]["first_minutes"] <= 30


def test_a_minor_needs_a_guardian_and_gets_no_firm_or_deep_tissue_work():
    plan = plan_for(deep_chronic(age=15))
    assert plan["pressure"] == "moderate"
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert warned(plan, "parent or guardian")
    # NICE NG59 covers 16 and over: the adult low back dose does not apply.
    assert "R04-chronic-low-back-weekly" not in plan["rules_applied"]


def test_an_older_client_gets_moderate_pressure_no_tapotement_and_short_first_sessions():
    plan = plan_for(deep_chronic(age=81))
    assert plan["pressure"] == "moderate"
    assert "tapotement" in codes(plan["avoid"])
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert plan["sessions"]["first_minutes"] <= 30
    assert warned(plan, "falls and blood pressure")


def test_older_client_with_uncontrolled_blood_pressure_is_a_routine_letter_and_moderate():
    plan = plan_for(deep_chronic(age=81, cautions=["uncontrolled_hypertension"]))
    assert plan["referral"]["urgency"] == "routine"
    assert plan["pressure"] == "moderate"
    assert "tapotement" not in codes(plan["techniques"])
    assert set(codes(plan["positioning"])) <= {"seated", "side_lying"}


def test_lumbar_nerve_root_signs_mean_no_deep_work_on_the_low_back_and_a_warning():
    plan = plan_for(
        deep_chronic(
            regions=("lower_back", "sacrum_buttock"),
            findings={"tissue": "deep", "neuro": {"straight_leg_raise": "positive_left"}},
        )
    )
    assert plan["referral"] is None
    assert plan["pressure"] == "moderate"
    deep = item(plan["avoid"], "deep_pressure")
    assert deep["regions"] == ["lower_back", "sacrum_buttock"]
    assert deep["because"] == ["findings.neuro.straight_leg_raise=positive_left"]
    assert not {"deep_tissue_massage", "friction", "trigger_point_therapy"} & set(
        codes(plan["techniques"])
    )
    assert warned(plan, "qualified clinician should examine")
    assert warned(plan, "lumbosacral radicular syndrome")


def test_neck_nerve_root_signs_are_a_routine_letter_without_end_range_neck_stretches():
    plan = plan_for(
        anamnesis(
            pain=("pulling",),
            findings={"neuro": {"reflexes": "reduced"}, "tone": "increased"},
            lifestyle={"desk_hours_per_day": 8},
        )
    )
    assert plan["referral"]["urgency"] == "routine"
    assert not {"neck_side_bend_stretch", "levator_scapulae_stretch"} & set(
        codes(plan["exercises"])
    )
    assert "neck_shoulder_circles" not in codes(plan["self_care"])


def test_neuro_findings_never_set_a_red_flag():
    neuro = {"straight_leg_raise": "positive_both", "reflexes": "absent", "myotomal_weakness": True}
    assert plan_for(anamnesis(findings={"neuro": neuro}))["decision"] == "treat"


def test_widespread_pain_means_moderate_no_deep_tissue_short_sessions_and_education():
    plan = plan_for(deep_chronic(cautions=["widespread_pain"]))
    assert plan["pressure"] == "moderate"
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert plan["sessions"]["minutes"] <= 30
    assert "education_reassurance" in codes(plan["self_care"])


@pytest.mark.parametrize("caution", ["skin_lesion_at_site", "recent_surgery"])
def test_a_skin_lesion_or_surgical_site_is_left_out_but_the_region_treated(caution):
    plan = plan_for(anamnesis(cautions=[caution]))
    assert "regions" not in item(plan["avoid"], "massage_at_site")
    assert plan["techniques"]
    assert warned(plan, "surgical site")


def test_acute_inflammation_means_no_heat_and_the_site_left_out():
    plan = plan_for(anamnesis(regions=("lower_back",), cautions=["acute_inflammation"]))
    assert {"massage_at_site", "heat"} <= set(codes(plan["avoid"]))
    assert "heat" not in codes(plan["self_care"])


def test_attachment_inflammation_means_no_friction_and_no_heat():
    plan = plan_for(
        anamnesis(duration_days=CHRONIC, pain=("pulling",), suspected="attachment_inflammation")
    )
    assert {"friction_at_site", "heat"} <= set(codes(plan["avoid"]))
    assert "heat" not in codes(plan["self_care"])


def test_a_nut_allergy_avoids_nut_oils():
    plan = plan_for(deep_chronic(cautions=["oil_or_nut_allergy"]))
    assert "nut_oils" in codes(plan["avoid"])
    assert plan["pressure"] == "firm"  # the only caution that allows firm pressure


@pytest.mark.parametrize("caution", ["inflammatory_back_pain", "uncontrolled_hypertension"])
def test_these_cautions_are_a_routine_letter(caution):
    assert plan_for(anamnesis(cautions=[caution]))["referral"]["urgency"] == "routine"


def test_radiation_below_the_knee_without_nerve_root_signs_asks_for_an_assessment():
    plan = plan_for(anamnesis(regions=("lower_back",), radiation="below_knee"))
    assert warned(plan, "below the knee")


@pytest.mark.parametrize("radiation", ["upper_arm", "forearm_hand"])
def test_radiation_into_the_arm_asks_for_an_assessment(radiation):
    assert warned(plan_for(anamnesis(radiation=radiation)), "into the arm")


def test_burning_pain_asks_for_an_assessment():
    assert warned(plan_for(anamnesis(pain=("burning",))), "from a nerve")


# STarT Back.


def low_back(**extra):
    extra.setdefault("duration_days", CHRONIC)
    return anamnesis(regions=("lower_back",), **extra)


def test_start_back_high_risk_caps_sessions_and_brings_education_and_a_psychologist_note():
    plan = plan_for(low_back(measures={"start_back": {"total": 7, "psychosocial": 4}}))
    assert plan["sessions"]["count"] <= 6
    assert item(plan["self_care"], "education_reassurance")["because"] == [
        "measures.start_back.psychosocial=4"
    ]
    assert warned(plan, "psychologically informed physiotherapist")
    assert len(plan["exercises"]) >= 3
    assert "walking" in codes(plan["exercises"])


def test_start_back_medium_risk_caps_sessions_at_six():
    plan = plan_for(low_back(measures={"start_back": {"total": 5, "psychosocial": 2}}))
    assert plan["sessions"]["count"] == 6


def test_start_back_low_risk_caps_sessions_at_three_with_reassurance():
    plan = plan_for(low_back(measures={"start_back": {"total": 2, "psychosocial": 1}}))
    assert plan["sessions"]["count"] == 3
    assert plan["reassess_after_session"] <= 3
    assert "education_reassurance" in codes(plan["self_care"])


# Techniques, pressure, positioning.


def test_every_treatment_has_classic_massage_and_effleurage_over_the_complaint_regions():
    plan = plan_for(anamnesis(regions=("neck", "shoulder")))
    assert item(plan["techniques"], "classic_massage")["regions"] == ["neck", "shoulder"]
    assert "effleurage" in codes(plan["techniques"])


def test_raised_tone_brings_petrissage():
    plan = plan_for(anamnesis(findings={"tone": "increased"}))
    assert item(plan["techniques"], "petrissage")["because"] == ["findings.tone=increased"]


def test_trigger_points_bring_trigger_point_therapy():
    plan = plan_for(anamnesis(findings={"trigger_points": [{"muscle": "upper  trapezius"}]}))
    assert item(plan["techniques"], "trigger_point_therapy")["because"] == [
        "findings.trigger_points=upper trapezius"
    ]


def test_deep_tissue_and_firm_pressure_only_with_a_reason_and_no_caution():
    plan = plan_for(deep_chronic())
    assert plan["pressure"] == "firm"
    assert {"deep_tissue_massage", "fascia_therapy"} <= set(codes(plan["techniques"]))
    assert plan_for(anamnesis(duration_days=CHRONIC))["pressure"] == "moderate"
    assert plan_for(deep_chronic(duration_days=ACUTE))["pressure"] == "light"


def test_no_rule_advises_tapotement_or_friction_by_default():
    plan = plan_for(deep_chronic())
    assert not {"tapotement", "friction"} & set(codes(plan["techniques"]))


def test_back_complaints_are_treated_prone_and_neck_complaints_seated_or_side_lying():
    assert codes(plan_for(anamnesis(regions=("lower_back",)))["positioning"]) == ["prone"]
    assert codes(plan_for(anamnesis(regions=("neck",)))["positioning"]) == [
        "side_lying",
        "seated",
    ]


# Sessions and the course.


def test_acute_complaint_gets_a_short_course_with_early_reassessment():
    plan = plan_for(anamnesis(duration_days=ACUTE))
    assert plan["sessions"] == {"count": 4, "per_week": 2, "minutes": 30, "first_minutes": 30}
    assert plan["reassess_after_session"] == 2


def test_subacute_complaint_gets_a_medium_course():
    assert plan_for(anamnesis(duration_days=SUBACUTE))["sessions"]["count"] == 6


def test_chronic_neck_pain_gets_hour_long_sessions_twice_a_week():
    sessions = plan_for(anamnesis(duration_days=CHRONIC))["sessions"]
    assert (sessions["minutes"], sessions["per_week"]) == (60, 2)


def test_chronic_low_back_pain_gets_ten_weekly_sessions():
    assert plan_for(low_back())["sessions"]["count"] == 10


def test_other_chronic_complaints_get_a_weekly_course():
    sessions = plan_for(anamnesis(regions=("mid_back",), duration_days=CHRONIC))["sessions"]
    assert (sessions["count"], sessions["per_week"]) == (8, 1)


@pytest.mark.parametrize(
    ("days", "course"),
    [(0, "acute"), (41, "acute"), (42, "subacute"), (90, "subacute"), (91, "chronic")],
)
def test_course_is_derived_from_the_duration(days, course):
    assert derive_course(days) == course
    assert plan_for(anamnesis(duration_days=days))["course"] == course


def test_a_recurrent_flare_keeps_its_stated_course_and_says_so():
    plan = plan_for(low_back(duration_days=900, course="acute", recurrent=True))
    assert (plan["course"], plan["flare"]) == ("acute", True)
    assert warned(plan, "flare")
    assert plan_for(low_back())["flare"] is False


def test_course_cut_offs_come_from_the_configuration():
    assert plan_for(anamnesis(duration_days=30), acute_below_days=28)["course"] == "subacute"


# Self-care.


def test_every_plan_asks_the_client_to_stay_active():
    assert "stay_active" in codes(plan_for(anamnesis())["self_care"])


def test_acute_neck_pain_brings_reassurance():
    assert "education_reassurance" in codes(plan_for(anamnesis(duration_days=ACUTE))["self_care"])


def test_tension_brings_stretching():
    assert "stretching" in codes(plan_for(anamnesis(pain=("pulling",)))["self_care"])


def test_chronic_plans_include_strengthening():
    assert "strengthening" in codes(plan_for(anamnesis(duration_days=CHRONIC))["self_care"])


def test_desk_work_brings_breaks_circles_posture_changes_and_an_hourly_walk():
    plan = plan_for(anamnesis(lifestyle={"desk_hours_per_day": 8.0}))
    for code in ("movement_breaks", "neck_shoulder_circles", "posture_changes", "hourly_walk"):
        assert item(plan["self_care"], code)["because"] == ["lifestyle.desk_hours_per_day=8"]


def test_desk_threshold_comes_from_the_configuration():
    doc = anamnesis(lifestyle={"desk_hours_per_day": 5})
    assert "hourly_walk" not in codes(plan_for(doc, desk_hours_from=6)["self_care"])


def test_posture_or_one_sided_load_brings_posture_changes_stretching_and_strengthening():
    plan = plan_for(anamnesis(causes=["one_sided_load"]))
    assert {"posture_changes", "stretching", "strengthening"} <= set(codes(plan["self_care"]))


def test_inactivity_brings_strengthening_and_yoga_or_pilates():
    plan = plan_for(anamnesis(lifestyle={"exercise_sessions_per_week": 0}))
    assert {"strengthening", "yoga_or_pilates"} <= set(codes(plan["self_care"]))


def test_stress_brings_stress_management():
    plan = plan_for(anamnesis(lifestyle={"stress": 8}))
    assert item(plan["self_care"], "stress_management")["because"] == ["lifestyle.stress=8"]


def test_chronic_tension_brings_heat_at_home():
    assert "heat" in codes(
        plan_for(anamnesis(duration_days=CHRONIC, pain=("pulling",)))["self_care"]
    )


def test_recent_low_back_pain_brings_heat():
    assert "heat" in codes(plan_for(anamnesis(regions=("lower_back",)))["self_care"])


# The home exercise programme.


def test_every_treat_plan_names_dosed_exercises():
    plan = plan_for(anamnesis(duration_days=ACUTE))
    assert plan["exercises"]
    for entry in plan["exercises"]:
        assert entry["sets"] >= 1 and entry["per_day"] >= 1
        assert entry["reps"] or entry["hold_seconds"]
        assert entry["because"]


def test_chronic_low_back_gets_motor_control_exercises():
    plan = plan_for(low_back(pain=("pulling",)))
    assert {"bird_dog", "glute_bridge"} <= set(codes(plan["exercises"]))
    assert len(plan["exercises"]) >= 3


def test_desk_related_neck_pain_gets_chin_tucks_and_shoulder_blade_work():
    plan = plan_for(anamnesis(duration_days=SUBACUTE, lifestyle={"desk_hours_per_day": 8}))
    assert {"chin_tuck", "scapular_retraction"} <= set(codes(plan["exercises"]))
    assert "lifestyle.desk_hours_per_day=8" in item(plan["exercises"], "chin_tuck")["because"]


def test_acute_pain_gets_fewer_gentle_exercises_at_a_gentle_dose():
    plan = plan_for(anamnesis(regions=("lower_back",), duration_days=ACUTE, pain=("pulling",)))
    assert len(plan["exercises"]) <= 3
    assert set(codes(plan["exercises"])) <= set(v.GENTLE_EXERCISE)
    tilt = item(plan["exercises"], "pelvic_tilt")
    assert (tilt["sets"], tilt["reps"]) == (1, 5)


def test_psychosocial_risk_brings_walking_as_graded_activity():
    plan = plan_for(low_back(measures={"start_back": {"total": 6, "psychosocial": 2}}))
    assert "measures.start_back.total=6" in item(plan["exercises"], "walking")["because"]


def test_every_exercise_has_plain_steps_a_dose_and_what_rules_it_out():
    assert tuple(EXERCISES) == v.EXERCISE
    for exercise in EXERCISES.values():
        assert 3 <= len(exercise.steps) <= 6
        assert exercise.name and exercise.purpose and exercise.progression and exercise.regression
        text = " ".join(exercise.steps).lower()
        for word in ("danger", "damage", "injury", "harm", "never", "lumbar", "cervical"):
            assert word not in text, (exercise.code, word)


# The rule table itself.


RULE_CASES = {
    "S01-cauda-equina-emergency": anamnesis(red_flags=["saddle_anaesthesia"]),
    "S02-cervical-artery-emergency": anamnesis(red_flags=["cervical_arterial_signs"]),
    "S03-chest-pain-emergency": anamnesis(red_flags=["chest_pain_or_breathlessness"]),
    "S04-suspected-thrombosis-same-day": anamnesis(red_flags=["suspected_thrombosis"]),
    "S05-significant-trauma-same-day": anamnesis(red_flags=["significant_trauma"]),
    "S06-fragility-fracture-same-day": anamnesis(causes=["minor_fall"], cautions=["osteoporosis"]),
    "S07-infection-same-day": anamnesis(red_flags=["fever_or_infection"]),
    "S08-myelopathy-same-day": anamnesis(red_flags=["myelopathy_signs"]),
    "S09-hypertensive-crisis-same-day": anamnesis(red_flags=["hypertensive_crisis"]),
    "S10-bruising-on-anticoagulants-same-day": anamnesis(
        cautions=["unexplained_bruising", "anticoagulants"]
    ),
    "S11-two-urgent-flags-same-day": anamnesis(
        red_flags=["cancer_history", "unrelenting_night_pain"]
    ),
    "S12-serious-pathology-urgent": anamnesis(red_flags=["immunosuppression_or_iv_drug_use"]),
    "S13-stable-neurological-deficit-urgent": anamnesis(red_flags=["stable_neurological_deficit"]),
    "S14-neck-nerve-root-inform-physician": anamnesis(
        findings={"neuro": {"myotomal_weakness": True}}
    ),
    "S15-inflammatory-back-pain-rheumatology": anamnesis(cautions=["inflammatory_back_pain"]),
    "S16-uncontrolled-blood-pressure": anamnesis(cautions=["uncontrolled_hypertension"]),
    "S17-unexplained-bruising-inform-physician": anamnesis(cautions=["unexplained_bruising"]),
    "S20-no-pressure-on-spine-bones-joints": anamnesis(),
    "S21-anticoagulants-light-only": anamnesis(cautions=["anticoagulants"]),
    "S22-fragile-bone-light-only": anamnesis(cautions=["steroid_use"]),
    "S23-fragile-skin-light-no-friction": anamnesis(cautions=["skin_fragility"]),
    "S24-pregnancy-side-lying-moderate": anamnesis(cautions=["pregnancy"]),
    "S25-severe-pain-light-and-short": anamnesis(now=8),
    "S26-minor-guardian-moderate": anamnesis(age=12),
    "S27-older-client-gentler": anamnesis(age=80),
    "S28-nerve-root-signs-no-deep-work": anamnesis(cautions=["nerve_root_signs"]),
    "S29-lumbar-nerve-root-exercise-leads": low_back(cautions=["nerve_root_signs"]),
    "S30-nerve-root-neck-no-neck-circles": anamnesis(cautions=["nerve_root_signs"]),
    "S31-widespread-pain-exercise-leads": anamnesis(cautions=["widespread_pain"]),
    "S32-skin-lesion-or-surgical-site": anamnesis(cautions=["recent_surgery"]),
    "S33-acute-inflammation-site": anamnesis(cautions=["acute_inflammation"]),
    "S34-attachment-inflammation-site": anamnesis(suspected="attachment_inflammation"),
    "S35-nut-allergy-neutral-oil": anamnesis(cautions=["oil_or_nut_allergy"]),
    "S36-start-back-high-risk": low_back(measures={"start_back": {"total": 5, "psychosocial": 5}}),
    "S37-start-back-medium-risk": low_back(
        measures={"start_back": {"total": 4, "psychosocial": 0}}
    ),
    "S38-start-back-low-risk": low_back(measures={"start_back": {"total": 3, "psychosocial": 3}}),
    "S39-leg-radiation-needs-assessment": low_back(radiation="below_knee"),
    "S40-arm-radiation-needs-assessment": anamnesis(radiation="upper_arm"),
    "S41-burning-pain-needs-assessment": anamnesis(pain=("burning",)),
    "S42-v1-intake-ask-newer-questions": anamnesis(schema="anamnesis/v1"),
    "S43-acute-pain-gentle-exercises": anamnesis(duration_days=ACUTE),
    "T01-classic-massage": anamnesis(),
    "T02-petrissage-for-raised-tone": anamnesis(suspected="muscle_tension"),
    "T03-trigger-point-therapy": anamnesis(pain=("punctual",)),
    "T04-deep-tissue-only-with-a-reason": deep_chronic(),
    "T05-fascia-therapy-for-chronic-hardening": deep_chronic(),
    "P01-light-pressure-when-acute": anamnesis(duration_days=ACUTE),
    "P02-firm-only-with-a-reason": deep_chronic(),
    "O01-prone-for-the-back": low_back(),
    "O02-seated-or-side-lying-for-neck-and-shoulder": anamnesis(regions=("shoulder",)),
    "R01-acute-short-course": anamnesis(duration_days=ACUTE),
    "R02-subacute-course": anamnesis(duration_days=SUBACUTE),
    "R03-chronic-neck-hour-sessions": anamnesis(duration_days=CHRONIC),
    "R04-chronic-low-back-weekly": low_back(),
    "R05-chronic-course": anamnesis(regions=("upper_back",), duration_days=CHRONIC),
    "R06-flare-of-a-recurrent-complaint": low_back(course="subacute", recurrent=True),
    "C01-stay-active": anamnesis(),
    "C02-reassurance-for-acute-neck-pain": anamnesis(duration_days=ACUTE),
    "C03-stretching-for-tension": anamnesis(pain=("pulling",)),
    "C04-chronic-strengthening": low_back(),
    "C05-desk-work": anamnesis(lifestyle={"desk_hours_per_day": 4}),
    "C06-posture-and-one-sided-load": anamnesis(causes=["posture"]),
    "C07-inactivity": anamnesis(lifestyle={"exercise_sessions_per_week": 1}),
    "C08-stress-management": anamnesis(causes=["psychological_overload"]),
    "C09-heat-for-chronic-tension": low_back(findings={"tone": "hardened"}),
    "C10-heat-for-recent-low-back-pain": anamnesis(regions=("sacrum_buttock",)),
    "C11-start-back-education": low_back(measures={"start_back": {"total": 1, "psychosocial": 0}}),
    "C12-widespread-pain-education": anamnesis(cautions=["widespread_pain"]),
    "E01-low-back-motor-control": low_back(),
    "E02-neck-desk-work": anamnesis(lifestyle={"desk_hours_per_day": 9}),
    "E03-neck-strengthening": anamnesis(findings={"impairment": "functional"}),
    "E04-low-back-stretches-for-tension": low_back(findings={"impairment": "mobility"}),
    "E05-neck-stretches-for-tension": anamnesis(
        duration_days=SUBACUTE, findings={"tone": "increased"}
    ),
    "E06-low-back-gentle-movement": low_back(),
    "E07-neck-gentle-movement": anamnesis(),
    "E08-upper-back-mobility": anamnesis(regions=("mid_back",)),
    "E09-walking-graded-activity": anamnesis(lifestyle={"stress": 9}),
    "E10-walking-for-everyone": anamnesis(),
}


def test_every_rule_has_a_case():
    assert set(RULE_CASES) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_each_rule_fires_for_its_case_and_the_plan_keeps_the_contract(rule_id):
    plan = plan_for(RULE_CASES[rule_id])
    assert rule_id in plan["rules_applied"]


def test_rules_have_unique_ids_explanations_and_sources_in_every_group():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert {rule.group for rule in RULES} == set(GROUPS)
    for rule in RULES:
        assert rule.explanation.strip() and rule.source.strip()
        rule.explanation.format(**dataclasses.asdict(DEFAULT_CONFIG))


def test_sources_are_the_ones_that_make_the_point():
    sources = {rule.id: rule.source for rule in RULES}
    assert "Finucane" in sources["S07-infection-same-day"]
    assert "Finucane" in sources["S12-serious-pathology-urgent"]
    assert "IFOMPT" in sources["S02-cervical-artery-emergency"]
    assert "GIRFT" in sources["S01-cauda-equina-emergency"]
    assert all("Canadian C-spine" not in source for source in sources.values())
    assert all("NG59 1.1.1" not in source for source in sources.values())
    assert "ACP" not in sources["P01-light-pressure-when-acute"]
    for rule_id in (
        "T03-trigger-point-therapy",
        "T04-deep-tissue-only-with-a-reason",
        "T05-fascia-therapy-for-chronic-hardening",
    ):
        assert "Source article" not in sources[rule_id]


def test_a_treatment_rule_cannot_be_declared_with_a_safety_effect():
    with pytest.raises(ValueError, match="cannot set refer"):
        Rule("X01-bad", "techniques", lambda f: (), Effect(refer="urgent"), "x", "y")
    with pytest.raises(ValueError, match="unknown codes"):
        Rule("X02-bad", "exercises", lambda f: (), Effect(exercises=("sit_ups",)), "x", "y")


def test_a_later_rule_cannot_add_back_what_safety_removed():
    pushy = Rule(
        "X03-pushy",
        "techniques",
        lambda f: ("complaint.regions=neck",),
        Effect(techniques=("tapotement", "deep_tissue_massage"), exercises=("knee_to_chest",)),
        "x",
        "y",
    )
    doc = anamnesis(cautions=["osteoporosis"])
    plan = draft_plan(doc, rules=(*RULES, pushy))
    assert not {"tapotement", "deep_tissue_massage"} & set(codes(plan["techniques"]))
    assert "knee_to_chest" not in codes(plan["exercises"])


def test_normalise_fills_defaults_and_keeps_an_unscreened_v1_file_unscreened():
    doc = anamnesis(schema="anamnesis/v1")
    del doc["red_flags"]
    normal = normalise_anamnesis(doc)
    assert "red_flags" not in normal
    assert normal["complaint"]["course"] == "acute"
    assert normalise_anamnesis(normal) == normal
