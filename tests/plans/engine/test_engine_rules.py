"""One test (or a few) per rule of the rule table; no database needed."""

import dataclasses

import pytest

from plans.engine import (
    DEFAULT_CONFIG,
    GROUPS,
    RULES,
    Effect,
    Rule,
    Schedule,
    derive_course,
    draft_plan,
    normalise_anamnesis,
    validate_anamnesis,
    validate_plan,
)
from plans.engine.rules import EMERGENCY_FLAGS, URGENT_FLAGS
from plans.engine.vocabulary import CAUTION, RED_FLAG
from tests.plans.helpers import anamnesis, codes

CHRONIC = 200
SUBACUTE = 60
ACUTE = 5


def plan_for(doc, **config):
    assert validate_anamnesis(doc) == []
    plan = draft_plan(doc, config=dataclasses.replace(DEFAULT_CONFIG, **config))
    assert validate_plan(plan) == []
    return plan


def item(items, code):
    return next(entry for entry in items if entry["code"] == code)


def deep_chronic(**extra):
    """A chronic complaint with deep, hardened tissue and trigger points: asks for deep work."""
    return anamnesis(
        regions=("lower_back",),
        duration_days=CHRONIC,
        pain=("pulling", "punctual"),
        findings={
            "tissue": "deep",
            "tone": "hardened",
            "trigger_points": [{"muscle": "quadratus lumborum", "side": "left"}],
        },
        **extra,
    )


# Safety: red flags, cautions, what to avoid.


@pytest.mark.parametrize("flag", EMERGENCY_FLAGS)
def test_cauda_equina_signs_refer_as_an_emergency(flag):
    plan = plan_for(anamnesis(red_flags=[flag]))
    assert plan["decision"] == "refer"
    assert plan["referral"] == {"urgency": "emergency", "because": [f"red_flags={flag}"]}


@pytest.mark.parametrize("flag", URGENT_FLAGS)
def test_red_flag_refers_instead_of_treating(flag):
    plan = plan_for(deep_chronic(red_flags=[flag]))
    assert plan["decision"] == "refer"
    assert plan["referral"]["urgency"] == "urgent"
    assert plan["referral"]["because"] == [f"red_flags={flag}"]
    assert plan["techniques"] == []
    assert plan["sessions"] is None
    assert plan["pressure"] is None
    assert plan["reassess_after_session"] is None


def test_every_red_flag_has_a_tier():
    assert set(EMERGENCY_FLAGS) | set(URGENT_FLAGS) == set(RED_FLAG)


def test_emergency_outranks_urgent_and_names_every_flag():
    plan = plan_for(anamnesis(red_flags=["cancer_history", "saddle_anaesthesia"]))
    assert plan["referral"]["urgency"] == "emergency"
    # The emergency finding comes first.
    assert plan["referral"]["because"] == [
        "red_flags=saddle_anaesthesia",
        "red_flags=cancer_history",
    ]


def test_emergency_referral_gives_no_self_care_advice():
    plan = plan_for(
        anamnesis(red_flags=["saddle_anaesthesia"], lifestyle={"desk_hours_per_day": 9})
    )
    assert plan["self_care"] == []


def test_urgent_referral_keeps_only_gentle_movement():
    doc = anamnesis(
        duration_days=CHRONIC,
        red_flags=["unexplained_weight_loss"],
        lifestyle={"desk_hours_per_day": 9, "stress": 9},
    )
    assert codes(plan_for(doc)["self_care"]) == ["movement_breaks"]


def test_suspected_thrombosis_means_no_massage_and_a_referral():
    plan = plan_for(deep_chronic(cautions=["suspected_thrombosis"]))
    assert plan["decision"] == "refer"
    assert plan["referral"]["because"] == ["cautions=suspected_thrombosis"]
    assert item(plan["avoid"], "all_massage")["because"] == ["cautions=suspected_thrombosis"]
    assert plan["techniques"] == []
    assert any("thrombosis" in warning for warning in plan["warnings"])


@pytest.mark.parametrize("regions", [("neck",), ("lower_back", "sacrum_buttock"), ("shoulder",)])
def test_spine_bones_and_joints_are_always_avoided(regions):
    plan = plan_for(anamnesis(regions=regions))
    for code in ("pressure_on_spine", "pressure_on_bones_and_joints"):
        assert item(plan["avoid"], code)["because"] == [f"complaint.regions={r}" for r in regions]


@pytest.mark.parametrize("caution", ["anticoagulants", "osteoporosis"])
def test_bleeding_or_fragile_bone_means_light_pressure_no_deep_work_no_tapotement(caution):
    plan = plan_for(deep_chronic(cautions=[caution]))
    assert plan["pressure"] == "light"
    assert {"deep_pressure", "tapotement"} <= set(codes(plan["avoid"]))
    assert item(plan["avoid"], "deep_pressure")["because"] == [f"cautions={caution}"]
    blocked = {"deep_tissue_massage", "fascia_therapy", "trigger_point_therapy", "tapotement"}
    assert not blocked & set(codes(plan["techniques"]))


def test_pregnancy_means_at_most_moderate_pressure_and_no_deep_tissue():
    plan = plan_for(deep_chronic(cautions=["pregnancy"]))
    assert plan["pressure"] == "moderate"
    assert "deep_pressure" in codes(plan["avoid"])
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert any("midwife" in warning for warning in plan["warnings"])


@pytest.mark.parametrize("now", [8, 9, 10])
def test_severe_pain_rating_means_light_pressure_and_no_tapotement(now):
    plan = plan_for(deep_chronic(intensity={"now": now}))
    assert plan["pressure"] == "light"
    assert item(plan["avoid"], "tapotement")["because"] == [f"complaint.intensity.now={now}"]
    assert "deep_tissue_massage" not in codes(plan["techniques"])
    assert any("short" in warning for warning in plan["warnings"])


def test_severe_pain_caution_means_light_pressure():
    plan = plan_for(deep_chronic(cautions=["severe_pain"]))
    assert plan["pressure"] == "light"
    assert item(plan["avoid"], "deep_pressure")["because"] == ["cautions=severe_pain"]


def test_pain_just_below_the_severe_threshold_is_not_capped():
    plan = plan_for(deep_chronic(intensity={"now": 7}))
    assert plan["pressure"] == "firm"
    assert "tapotement" not in codes(plan["avoid"])


def test_attachment_inflammation_means_no_friction_and_no_heat():
    doc = deep_chronic(suspected="attachment_inflammation")
    plan = plan_for(doc)
    assert {"friction_at_site", "heat", "deep_pressure"} <= set(codes(plan["avoid"]))
    assert item(plan["avoid"], "heat")["because"] == ["complaint.suspected=attachment_inflammation"]
    assert "heat" not in codes(plan["self_care"])
    assert "friction" not in codes(plan["techniques"])


def test_acute_inflammation_means_no_heat_and_the_site_left_out():
    plan = plan_for(deep_chronic(cautions=["acute_inflammation"]))
    assert {"heat", "massage_at_site"} <= set(codes(plan["avoid"]))
    assert "heat" not in codes(plan["self_care"])


@pytest.mark.parametrize("caution", ["skin_lesion_at_site", "recent_surgery"])
def test_skin_lesion_or_surgical_site_is_left_out(caution):
    plan = plan_for(anamnesis(cautions=[caution]))
    assert item(plan["avoid"], "massage_at_site")["because"] == [f"cautions={caution}"]
    assert plan["decision"] == "treat"
    assert any("site" in warning for warning in plan["warnings"])


def test_radiation_below_the_knee_warns_to_assess_nerve_involvement():
    plan = plan_for(anamnesis(regions=("lower_back",), radiation="below_knee"))
    assert any("below the knee" in w and "qualified clinician" in w for w in plan["warnings"])
    assert plan["decision"] == "treat"


@pytest.mark.parametrize("radiation", ["upper_arm", "forearm_hand"])
def test_radiation_into_the_arm_warns_to_assess_nerve_involvement(radiation):
    plan = plan_for(anamnesis(radiation=radiation))
    assert any("arm" in w and "qualified clinician" in w for w in plan["warnings"])


@pytest.mark.parametrize("radiation", ["none", "buttock", "thigh", "shoulder"])
def test_radiation_near_the_complaint_brings_no_nerve_warning(radiation):
    assert plan_for(anamnesis(radiation=radiation))["warnings"] == []


def test_burning_pain_warns_to_assess_nerve_involvement():
    plan = plan_for(anamnesis(pain=("burning",)))
    assert any("neuropathic" in warning for warning in plan["warnings"])


# Techniques.


def test_every_treatment_has_classic_massage_and_effleurage_over_the_complaint_regions():
    plan = plan_for(anamnesis(regions=("neck", "shoulder")))
    assert codes(plan["techniques"])[:2] == ["classic_massage", "effleurage"]
    for technique in plan["techniques"]:
        assert technique["regions"] == ["neck", "shoulder"]


def test_muscle_tension_brings_petrissage():
    plan = plan_for(anamnesis(findings={"tone": "increased"}))
    assert item(plan["techniques"], "petrissage")["because"] == ["findings.tone=increased"]
    assert "petrissage" not in codes(plan_for(anamnesis())["techniques"])


def test_trigger_points_bring_trigger_point_therapy():
    doc = anamnesis(findings={"trigger_points": [{"muscle": "upper trapezius", "side": "left"}]})
    technique = item(plan_for(doc)["techniques"], "trigger_point_therapy")
    assert technique["because"] == ["findings.trigger_points=upper trapezius"]


def test_a_punctual_familiar_pain_brings_trigger_point_therapy():
    plan = plan_for(anamnesis(pain=("punctual",)))
    assert "trigger_point_therapy" in codes(plan["techniques"])


@pytest.mark.parametrize("caution", ["anticoagulants", "osteoporosis", "pregnancy", "severe_pain"])
def test_a_caution_forbids_trigger_point_therapy(caution):
    plan = plan_for(deep_chronic(cautions=[caution]))
    assert "trigger_point_therapy" not in codes(plan["techniques"])


def test_deep_tissue_in_a_chronic_complaint_brings_deep_tissue_massage():
    doc = anamnesis(duration_days=CHRONIC, findings={"tissue": "deep"})
    technique = item(plan_for(doc)["techniques"], "deep_tissue_massage")
    assert technique["because"] == ["complaint.course=chronic", "findings.tissue=deep"]


def test_deep_tissue_in_an_acute_complaint_brings_no_deep_work():
    doc = anamnesis(duration_days=ACUTE, findings={"tissue": "deep", "tone": "hardened"})
    assert not {"deep_tissue_massage", "fascia_therapy"} & set(codes(plan_for(doc)["techniques"]))


def test_hardened_tissue_in_a_chronic_complaint_brings_fascia_therapy():
    doc = anamnesis(duration_days=CHRONIC, findings={"tone": "hardened"})
    assert "fascia_therapy" in codes(plan_for(doc)["techniques"])


def test_no_rule_advises_tapotement_or_friction_by_default():
    plan = plan_for(deep_chronic())
    assert not {"tapotement", "friction"} & set(codes(plan["techniques"]))


# Pressure.


def test_acute_course_means_light_pressure():
    assert plan_for(anamnesis(duration_days=ACUTE))["pressure"] == "light"


def test_acute_course_keeps_pressure_light_even_with_deep_tissue():
    doc = anamnesis(duration_days=ACUTE, course="chronic", findings={"tissue": "deep"})
    assert plan_for(doc)["pressure"] == "firm"  # the therapist's stated course counts
    doc["complaint"]["course"] = "acute"
    assert plan_for(doc)["pressure"] == "light"


def test_chronic_deep_tissue_means_firm_pressure():
    assert plan_for(deep_chronic())["pressure"] == "firm"


def test_default_pressure_is_moderate():
    assert plan_for(anamnesis(duration_days=SUBACUTE))["pressure"] == "moderate"


# Sessions.


def test_acute_complaint_gets_a_short_course_with_early_reassessment():
    plan = plan_for(anamnesis(duration_days=ACUTE))
    assert 3 <= plan["sessions"]["count"] <= 6
    assert plan["reassess_after_session"] <= 3


def test_subacute_complaint_gets_a_medium_course():
    plan = plan_for(anamnesis(duration_days=SUBACUTE))
    assert plan["sessions"] == {"count": 6, "per_week": 1, "minutes": 45}
    assert plan["reassess_after_session"] == 4


def test_chronic_neck_pain_gets_hour_long_sessions_two_to_three_a_week_for_four_weeks():
    plan = plan_for(anamnesis(regions=("neck", "lower_back"), duration_days=CHRONIC))
    sessions = plan["sessions"]
    assert sessions["minutes"] >= 60  # Sherman 2014: 30-minute sessions did not help
    assert 2 <= sessions["per_week"] <= 3
    assert sessions["count"] == sessions["per_week"] * 4


def test_chronic_low_back_pain_gets_ten_weekly_sessions():
    plan = plan_for(anamnesis(regions=("sacrum_buttock",), duration_days=CHRONIC))
    assert plan["sessions"] == {"count": 10, "per_week": 1, "minutes": 60}


def test_other_chronic_complaints_get_a_weekly_course():
    plan = plan_for(anamnesis(regions=("mid_back",), duration_days=CHRONIC))
    assert plan["sessions"]["per_week"] == 1
    assert plan["rules_applied"].count("R05-chronic-course") == 1


@pytest.mark.parametrize("days", [0, ACUTE, SUBACUTE, CHRONIC])
def test_reassessment_comes_by_the_fourth_to_sixth_session(days):
    plan = plan_for(anamnesis(duration_days=days))
    assert 1 <= plan["reassess_after_session"] <= min(6, plan["sessions"]["count"])


def test_reassessment_never_comes_after_the_last_session():
    short = dataclasses.replace(DEFAULT_CONFIG, subacute=Schedule(2, 1, 45, 4))
    plan = draft_plan(anamnesis(duration_days=SUBACUTE), config=short)
    assert plan["reassess_after_session"] == 2


# Self-care.


@pytest.mark.parametrize("days", [ACUTE, SUBACUTE, CHRONIC])
def test_every_plan_carries_active_self_care(days):
    assert "movement_breaks" in codes(plan_for(anamnesis(duration_days=days))["self_care"])


def test_tension_brings_stretching():
    plan = plan_for(anamnesis(pain=("pulling",)))
    assert item(plan["self_care"], "stretching")["because"] == ["complaint.pain_character=pulling"]


def test_chronic_plans_include_strengthening():
    plan = plan_for(anamnesis(duration_days=CHRONIC))
    assert "complaint.course=chronic" in item(plan["self_care"], "strengthening")["because"]


def test_desk_work_brings_breaks_circles_posture_changes_and_an_hourly_walk():
    plan = plan_for(anamnesis(lifestyle={"desk_hours_per_day": 8}))
    desk = {"movement_breaks", "neck_shoulder_circles", "posture_changes", "hourly_walk"}
    assert desk <= set(codes(plan["self_care"]))
    assert item(plan["self_care"], "hourly_walk")["because"] == ["lifestyle.desk_hours_per_day=8"]


def test_little_desk_work_brings_no_desk_advice():
    plan = plan_for(anamnesis(lifestyle={"desk_hours_per_day": 2}))
    assert "hourly_walk" not in codes(plan["self_care"])


def test_desk_threshold_comes_from_the_configuration():
    doc = anamnesis(lifestyle={"desk_hours_per_day": 5})
    assert "hourly_walk" in codes(plan_for(doc)["self_care"])
    assert "hourly_walk" not in codes(plan_for(doc, desk_hours_from=6)["self_care"])


def test_posture_or_one_sided_load_brings_posture_changes_stretching_and_strengthening():
    plan = plan_for(anamnesis(causes=["one_sided_load"]))
    wanted = {"posture_changes", "stretching", "strengthening"}
    assert wanted <= set(codes(plan["self_care"]))


def test_inactivity_brings_strengthening_and_yoga_or_pilates():
    plan = plan_for(anamnesis(lifestyle={"exercise_sessions_per_week": 0}))
    assert {"strengthening", "yoga_or_pilates"} <= set(codes(plan["self_care"]))
    active = plan_for(anamnesis(lifestyle={"exercise_sessions_per_week": 3}))
    assert "yoga_or_pilates" not in codes(active["self_care"])


@pytest.mark.parametrize(
    ("extra", "ref"),
    [
        ({"lifestyle": {"stress": 8}}, "lifestyle.stress=8"),
        ({"causes": ["stress"]}, "complaint.causes=stress"),
        ({"causes": ["psychological_overload"]}, "complaint.causes=psychological_overload"),
    ],
)
def test_stress_brings_stress_management(extra, ref):
    plan = plan_for(anamnesis(**extra))
    assert item(plan["self_care"], "stress_management")["because"] == [ref]


def test_low_stress_brings_no_stress_management():
    plan = plan_for(anamnesis(lifestyle={"stress": 3}))
    assert "stress_management" not in codes(plan["self_care"])


def test_chronic_tension_brings_heat_at_home():
    plan = plan_for(anamnesis(duration_days=CHRONIC, findings={"tone": "increased"}))
    assert "heat" in codes(plan["self_care"])


def test_no_heat_at_home_with_acute_inflammation():
    doc = anamnesis(
        duration_days=CHRONIC, findings={"tone": "increased"}, cautions=["acute_inflammation"]
    )
    assert "heat" not in codes(plan_for(doc)["self_care"])


def test_recent_low_back_pain_brings_heat():
    plan = plan_for(anamnesis(regions=("lower_back",), duration_days=ACUTE))
    assert item(plan["self_care"], "heat")["because"] == [
        "complaint.course=acute",
        "complaint.regions=lower_back",
    ]


# Course, configuration and the rule table itself.


@pytest.mark.parametrize(
    ("days", "course"),
    [(0, "acute"), (41, "acute"), (42, "subacute"), (90, "subacute"), (91, "chronic")],
)
def test_course_is_derived_from_the_duration(days, course):
    assert derive_course(days) == course
    assert plan_for(anamnesis(duration_days=days))["course"] == course


def test_course_cut_offs_come_from_the_configuration():
    config = dataclasses.replace(DEFAULT_CONFIG, acute_below_days=28)
    assert derive_course(30, config) == "subacute"


def test_a_stated_course_wins_over_the_duration():
    assert plan_for(anamnesis(duration_days=ACUTE, course="chronic"))["course"] == "chronic"


def test_a_treatment_rule_cannot_be_declared_with_a_safety_effect():
    with pytest.raises(ValueError, match="cannot set avoid"):
        Rule("T99-sneaky", "techniques", lambda f: (), Effect(avoid=("heat",)), "x", "y")
    with pytest.raises(ValueError, match="cannot set techniques"):
        Rule("S99-odd", "safety", lambda f: (), Effect(techniques=("friction",)), "x", "y")


def test_a_later_rule_cannot_add_back_what_safety_removed():
    def always(facts):
        return (facts.course_ref,)

    pushy = Rule(
        "T99-always-deep",
        "techniques",
        always,
        Effect(techniques=("deep_tissue_massage", "tapotement")),
        "x",
        "y",
    )
    doc = deep_chronic(cautions=["anticoagulants"])
    plan = draft_plan(doc, rules=(pushy, *RULES))  # listed first, still runs after safety
    assert not {"deep_tissue_massage", "tapotement"} & set(codes(plan["techniques"]))
    assert "T99-always-deep" not in plan["rules_applied"]
    assert plan["pressure"] == "light"


def test_rules_have_unique_ids_explanations_and_sources_in_every_group():
    assert len({rule.id for rule in RULES}) == len(RULES)
    assert {rule.group for rule in RULES} == set(GROUPS)
    for rule in RULES:
        assert rule.explanation and rule.source
        rule.explanation.format(**dataclasses.asdict(DEFAULT_CONFIG))


def test_rules_applied_lists_the_rules_in_running_order():
    applied = plan_for(deep_chronic(cautions=["pregnancy"]))["rules_applied"]
    groups = [next(r.group for r in RULES if r.id == rule_id) for rule_id in applied]
    assert groups == sorted(groups, key=GROUPS.index)


@pytest.mark.parametrize("caution", CAUTION)
def test_every_caution_leaves_a_valid_plan(caution):
    plan_for(deep_chronic(cautions=[caution]))


def test_normalise_fills_defaults_and_is_idempotent():
    doc = anamnesis(duration_days=CHRONIC)
    original = repr(doc)
    normal = normalise_anamnesis(doc)
    assert repr(doc) == original
    assert normal["complaint"]["course"] == "chronic"
    assert normal["red_flags"] == normal["cautions"] == normal["complaint"]["causes"] == []
    assert normal["history"] == {"prior_injuries": []}
    assert normal["findings"] == {"side_comparison": [], "trigger_points": []}
    assert normalise_anamnesis(normal) == normal
    assert validate_anamnesis(normal) == []
    assert draft_plan(normal)["course"] == draft_plan(doc)["course"]
