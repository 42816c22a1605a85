"""The plan contract's invariants (../shared/spec/plan-contract.md), as the shared checker
../shared/tools/check-plan-contract states them in `derive()` and `structural()`, mirrored here so
that the property tests hold every generated plan to them without a subprocess.

`contract_problems(anamnesis, plan)` returns the list of broken invariants ([] when kept).
"""

# ruff: noqa: E501, SIM102

REGIONS = {"neck", "shoulder", "upper_back", "mid_back", "lower_back", "sacrum_buttock"}
TECH = {
    "classic_massage",
    "effleurage",
    "petrissage",
    "friction",
    "tapotement",
    "vibration",
    "trigger_point_therapy",
    "fascia_therapy",
    "deep_tissue_massage",
}
AVOID = {
    "pressure_on_spine",
    "pressure_on_bones_and_joints",
    "deep_pressure",
    "heat",
    "friction_at_site",
    "tapotement",
    "massage_at_site",
    "all_massage",
    "prone_position",
    "nut_oils",
}
SELF = {
    "strengthening",
    "stretching",
    "yoga_or_pilates",
    "movement_breaks",
    "neck_shoulder_circles",
    "posture_changes",
    "hourly_walk",
    "heat",
    "stress_management",
    "education_reassurance",
    "stay_active",
}
ACTIVE = {
    "strengthening",
    "stretching",
    "yoga_or_pilates",
    "movement_breaks",
    "hourly_walk",
    "neck_shoulder_circles",
    "stay_active",
}
POSITION = {"prone", "side_lying", "supine", "seated"}
EXERCISE = {
    "pelvic_tilt",
    "knee_to_chest",
    "cat_cow",
    "child_pose",
    "bird_dog",
    "glute_bridge",
    "dead_bug",
    "side_plank_knees",
    "hip_flexor_stretch",
    "hamstring_stretch",
    "piriformis_stretch",
    "lumbar_rotation_stretch",
    "walking",
    "chin_tuck",
    "neck_side_bend_stretch",
    "levator_scapulae_stretch",
    "shoulder_rolls",
    "scapular_retraction",
    "doorway_pec_stretch",
    "thoracic_extension_chair",
    "wall_angels",
    "isometric_neck",
}
TIER = ["emergency", "same_day", "urgent", "routine"]


def path_exists(doc, dotted):
    if dotted == "complaint.course":
        return True
    node = doc
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def check_refs(inp, items, where, errs):
    for item in items:
        refs = item.get("because")
        if not refs or not isinstance(refs, list):
            errs.append(f"{where} {item.get('code')}: no 'because'")
            continue
        for ref in refs:
            if not isinstance(ref, str) or "=" not in ref:
                errs.append(f"{where} {item.get('code')}: ref {ref!r} is not PATH=VALUE")
                continue
            p, _, v = ref.partition("=")
            if not path_exists(inp, p) or not v:
                errs.append(f"{where} {item.get('code')}: ref {ref!r} names no input field")


def codes(items, vocabulary, where, errs):
    found = set()
    for item in items:
        if item.get("code") not in vocabulary:
            errs.append(f"unknown {where} {item.get('code')!r}")
        found.add(item.get("code"))
    return found


FLAG_TIER = {
    "saddle_anaesthesia": "emergency",
    "bladder_bowel_dysfunction": "emergency",
    "bilateral_or_progressive_weakness": "emergency",
    "cervical_arterial_signs": "emergency",
    "sudden_severe_headache_or_neck_pain": "emergency",
    "chest_pain_or_breathlessness": "emergency",
    "suspected_thrombosis": "same_day",
    "significant_trauma": "same_day",
    "fever_or_infection": "same_day",
    "myelopathy_signs": "same_day",
    "hypertensive_crisis": "same_day",
    "cancer_history": "urgent",
    "unexplained_weight_loss": "urgent",
    "unrelenting_night_pain": "urgent",
    "immunosuppression_or_iv_drug_use": "urgent",
    "stable_neurological_deficit": "urgent",
}
GENTLE = {
    "pelvic_tilt",
    "cat_cow",
    "knee_to_chest",
    "child_pose",
    "walking",
    "chin_tuck",
    "shoulder_rolls",
    "isometric_neck",
    "scapular_retraction",
}
RULED_OUT = {
    "osteoporosis": {"knee_to_chest", "child_pose", "lumbar_rotation_stretch"},
    "steroid_use": {"knee_to_chest", "child_pose", "lumbar_rotation_stretch"},
    "pregnancy": {"knee_to_chest", "dead_bug", "glute_bridge", "lumbar_rotation_stretch"},
}
DEEP_WORK = {"deep_tissue_massage", "friction", "trigger_point_therapy"}


def derive(inp):
    """What the contract says the engine knows about this anamnesis: red flags and their tier,
    cautions (given and derived), whether the screening was done, and the expected decision."""
    complaint = inp.get("complaint") or {}
    flags = {
        "bilateral_or_progressive_weakness" if f == "progressive_neurological_deficit" else f
        for f in inp.get("red_flags") or []
    }
    cautions = set(inp.get("cautions") or [])
    if "suspected_thrombosis" in cautions:
        cautions.discard("suspected_thrombosis")
        flags.add("suspected_thrombosis")
    age = (inp.get("client") or {}).get("age")
    causes = set(complaint.get("causes") or [])
    tiers = [FLAG_TIER.get(f, "urgent") for f in flags]
    if (cautions & {"osteoporosis", "steroid_use"} and causes & {"trauma", "minor_fall"}) or (
        isinstance(age, int) and age >= 75 and "minor_fall" in causes
    ):
        tiers.append("same_day")
    if {"unexplained_bruising", "anticoagulants"} <= cautions:
        tiers.append("same_day")
    if tiers.count("urgent") >= 2:
        tiers.append("same_day")
    neuro = (inp.get("findings") or {}).get("neuro") or {}
    if (
        str(neuro.get("straight_leg_raise", "")).startswith("positive")
        or neuro.get("reflexes") in ("reduced", "absent")
        or neuro.get("dermatomal_sensory_loss")
        or neuro.get("myotomal_weakness")
    ):
        cautions.add("nerve_root_signs")
    if ((complaint.get("intensity") or {}).get("now") or 0) >= 8:
        cautions.add("severe_pain")
    regions = {r.get("region") for r in complaint.get("regions") or []}
    urgency = next((t for t in TIER if t in tiers), None)
    screened = "red_flags" in inp and not inp.get("red_flags_unanswered")
    decision = "refer" if urgency else ("treat" if screened else "screen")
    routine = decision == "treat" and bool(
        ("nerve_root_signs" in cautions and "neck" in regions)
        or cautions & {"inflammatory_back_pain", "uncontrolled_hypertension"}
        or ("unexplained_bruising" in cautions and "anticoagulants" not in cautions)
    )
    return {
        "decision": decision,
        "urgency": urgency,
        "routine": routine,
        "cautions": cautions,
        "age": age,
        "regions": regions,
    }


def structural(inp, plan, errs):
    if plan.get("schema") != "plan/v2":
        errs.append(f"schema is {plan.get('schema')!r}")
    known = derive(inp)
    decision = plan.get("decision")
    if decision not in ("treat", "refer", "screen"):
        errs.append(f"decision {decision!r}")
        return
    if decision != known["decision"]:
        errs.append(f"decision {decision!r}, the contract's rules give {known['decision']!r}")
    if not isinstance(plan.get("missing"), list):
        errs.append("missing is not a list")
    lists = ("techniques", "avoid", "self_care", "exercises", "positioning")
    for name in lists:
        if not isinstance(plan.get(name), list):
            errs.append(f"{name} is not a list")
            return
    techs, avoid, selfc, exes, pos = (plan[name] for name in lists)
    tc = codes(techs, TECH, "technique", errs)
    ac = codes(avoid, AVOID, "avoid", errs)
    sc = codes(selfc, SELF, "self_care", errs)
    ec = codes(exes, EXERCISE, "exercise", errs)
    pc = codes(pos, POSITION, "positioning", errs)
    for name, items in zip(lists, (techs, avoid, selfc, exes, pos), strict=True):
        check_refs(inp, items, name, errs)
    nothing_planned = (
        plan.get("sessions") is None
        and plan.get("pressure") is None
        and plan.get("reassess_after_session") is None
    )
    referral = plan.get("referral")
    if decision == "screen":
        if plan.get("missing") != ["red_flags"]:
            errs.append(f"screen with missing {plan.get('missing')!r}")
        if referral is not None or not nothing_planned or any(plan[name] for name in lists):
            errs.append("screen decision still plans something")
        return
    if plan.get("missing"):
        errs.append(f"missing {plan.get('missing')!r} outside screen")
    if referral is not None:
        if referral.get("urgency") not in TIER:
            errs.append(f"referral urgency {referral.get('urgency')!r}")
        check_refs(inp, [dict(referral, code="referral")], "referral", errs)
    if decision == "refer":
        urgency = (referral or {}).get("urgency")
        if urgency != known["urgency"]:
            errs.append(
                f"refer with urgency {urgency!r}, the highest tier found is {known['urgency']!r}"
            )
        if not nothing_planned or techs or exes or pos:
            errs.append("refer decision still carries treatment")
        if urgency in ("emergency", "same_day") and selfc:
            errs.append(f"{urgency} referral still advises self-care {sorted(sc)}")
        if urgency == "urgent" and sc - {"education_reassurance"}:
            errs.append(f"urgent referral advises {sorted(sc - {'education_reassurance'})}")
        return
    if known["routine"] != (referral is not None):
        errs.append(f"routine referral {'missing' if known['routine'] else 'not called for'}")
    if referral is not None and referral.get("urgency") != "routine":
        errs.append(f"treat with a {referral.get('urgency')} referral")
    s = plan.get("sessions") or {}
    for key, lo, hi in (
        ("count", 1, 20),
        ("per_week", 1, 3),
        ("minutes", 15, 90),
        ("first_minutes", 15, 90),
    ):
        if not (isinstance(s.get(key), int) and lo <= s[key] <= hi):
            errs.append(f"sessions.{key} {s.get(key)!r}")
    count = s.get("count") if isinstance(s.get("count"), int) else 0
    if isinstance(s.get("first_minutes"), int) and isinstance(s.get("minutes"), int):
        if s["first_minutes"] > s["minutes"]:
            errs.append("first_minutes longer than minutes")
    pressure = plan.get("pressure")
    if pressure not in ("light", "moderate", "firm"):
        errs.append(f"pressure {pressure!r}")
    if not techs:
        errs.append("treat decision with no techniques")
    for t in techs:
        if not t.get("regions") or not set(t["regions"]) <= REGIONS:
            errs.append(f"technique {t.get('code')} regions {t.get('regions')!r}")
    everywhere = {a.get("code") for a in avoid if not a.get("regions")}
    for must in ("pressure_on_spine", "pressure_on_bones_and_joints"):
        if must not in everywhere:
            errs.append(f"avoid lacks {must} everywhere")
    if "tapotement" in everywhere and "tapotement" in tc:
        errs.append("tapotement both advised and avoided")
    if "deep_pressure" in everywhere and ("deep_tissue_massage" in tc or pressure == "firm"):
        errs.append("deep pressure both avoided and used")
    if "heat" in everywhere and "heat" in sc:
        errs.append("heat both avoided and advised")
    if "all_massage" in everywhere and techs:
        errs.append("all_massage avoided but techniques given")
    if "prone_position" in ac and "prone" in pc:
        errs.append("prone both advised and avoided")
    for a in avoid:
        blocked = {
            "deep_pressure": DEEP_WORK,
            "tapotement": {"tapotement"},
            "all_massage": TECH,
        }.get(a.get("code"), set())
        for t in techs:
            if (
                a.get("regions")
                and t.get("code") in blocked
                and set(t.get("regions") or []) & set(a["regions"])
            ):
                errs.append(
                    f"{t.get('code')} on {sorted(set(t['regions']) & set(a['regions']))} where {a.get('code')} is avoided"
                )
    cautions, age = known["cautions"], known["age"]
    tissue = (inp.get("findings") or {}).get("tissue")
    tone = (inp.get("findings") or {}).get("tone")
    if pressure == "firm" and (
        cautions - {"oil_or_nut_allergy"}
        or not isinstance(age, int)
        or not 16 <= age <= 74
        or not (tissue == "deep" or tone == "hardened")
    ):
        errs.append(
            f"firm pressure with cautions {sorted(cautions)}, age {age!r}, tissue {tissue!r}, tone {tone!r}"
        )
    if "severe_pain" in cautions:
        if pressure != "light":
            errs.append(f"severe pain with {pressure!r} pressure")
        if isinstance(s.get("first_minutes"), int) and s["first_minutes"] > 30:
            errs.append(f"severe pain with first_minutes {s['first_minutes']}")
        if ec - GENTLE:
            errs.append(f"severe pain with exercises {sorted(ec - GENTLE)}")
    if isinstance(age, int) and age < 16:
        if pressure == "firm" or "deep_tissue_massage" in tc or not plan.get("warnings"):
            errs.append("a minor: firm pressure, deep tissue or no guardian warning")
    if isinstance(age, int) and age >= 75 and (pressure == "firm" or "tapotement" in tc):
        errs.append("age 75 or more with firm pressure or tapotement")
    if "nerve_root_signs" in cautions:
        affected = known["regions"] & {"neck", "lower_back", "sacrum_buttock"}
        if pressure == "firm":
            errs.append("nerve root signs with firm pressure")
        for t in techs:
            if t.get("code") in DEEP_WORK and set(t.get("regions") or []) & affected:
                errs.append(
                    f"nerve root signs: {t.get('code')} on {sorted(set(t['regions']) & affected)}"
                )
        if "neck" in known["regions"] and ec & {
            "neck_side_bend_stretch",
            "levator_scapulae_stretch",
        }:
            errs.append("nerve root signs in the arm with end-range neck stretches")
    if "widespread_pain" in cautions and (pressure == "firm" or "deep_tissue_massage" in tc):
        errs.append("widespread pain with firm pressure or deep tissue")
    if "pregnancy" in cautions:
        if (
            "side_lying" not in pc
            or "prone_position" not in ac
            or "deep_tissue_massage" in tc
            or pressure == "firm"
        ):
            errs.append("pregnancy: side-lying, no prone, no deep tissue, at most moderate")
    if "oil_or_nut_allergy" in cautions and "nut_oils" not in ac:
        errs.append("nut allergy without nut_oils avoided")
    for caution, ruled in RULED_OUT.items():
        if caution in cautions and ec & ruled:
            errs.append(f"{caution} with exercises {sorted(ec & ruled)}")
    start_back = (inp.get("measures") or {}).get("start_back")
    if start_back:
        cap = 6 if start_back.get("psychosocial", 0) >= 4 or start_back.get("total", 0) >= 4 else 3
        if count > cap:
            errs.append(f"STarT Back allows at most {cap} sessions, plan has {count}")
        if start_back.get("psychosocial", 0) >= 4 and "education_reassurance" not in sc:
            errs.append("STarT Back high risk without education_reassurance")
    if not sc & ACTIVE:
        errs.append("no active self-care: massage only as part of an active package")
    if not exes:
        errs.append("treat decision with no exercises")
    for e in exes:
        for key in ("sets", "per_day"):
            if not (isinstance(e.get(key), int) and e[key] >= 1):
                errs.append(f"exercise {e.get('code')} {key} {e.get(key)!r}")
        if not (isinstance(e.get("reps"), int) or isinstance(e.get("hold_seconds"), int)):
            errs.append(f"exercise {e.get('code')} has neither reps nor hold_seconds")
    if plan.get("course") == "chronic":
        if not sc & {"strengthening", "yoga_or_pilates"}:
            errs.append("chronic plan without strengthening or yoga/Pilates")
        if len(ec) < 3:
            errs.append(f"chronic plan with {len(ec)} exercises (at least 3)")
    rs = plan.get("reassess_after_session")
    if not (isinstance(rs, int) and 1 <= rs <= max(count, 1)):
        errs.append(f"reassess_after_session {rs!r}")


def contract_problems(anamnesis, plan):
    errs = []
    structural(anamnesis, plan, errs)
    return errs
