"""Hypothesis strategies for valid anamnesis/v2 documents (and v1 files), covering every
vocabulary and respecting the contract's contradictions."""

from hypothesis import strategies as st

from plans.engine import vocabulary as v
from plans.engine.rules import derive_course

EDGE_DAYS = (0, 1, 41, 42, 89, 90, 91, 365, 36500)


def _optional(required, **optional):
    return st.fixed_dictionaries(required, optional=optional)


def codes(vocabulary, min_size=0, max_size=4):
    return st.lists(st.sampled_from(vocabulary), min_size=min_size, max_size=max_size)


def rarely(strategy):
    """Empty most of the time, so that plans which treat are common."""
    return st.one_of(st.just([]), st.just([]), st.just([]), strategy)


text = st.text(max_size=40)
name = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())
rating = st.integers(0, 10)

region = _optional({"region": st.sampled_from(v.REGION)}, side=st.sampled_from(v.SIDE))

complaint = _optional(
    {
        "regions": st.lists(region, min_size=1, max_size=4),
        "duration_days": st.one_of(st.sampled_from(EDGE_DAYS), st.integers(0, 5000)),
        "pain_character": codes(v.CHARACTER, min_size=1),
        "intensity": _optional({"now": rating}, worst=rating),
    },
    course=st.sampled_from(v.COURSE),
    recurrent=st.booleans(),
    radiation=st.sampled_from(v.RADIATION),
    suspected=st.sampled_from(v.SUSPECTED),
    causes=codes(v.CAUSE),
    aggravating=text,
    easing=text,
)

lifestyle = _optional(
    {},
    desk_hours_per_day=st.one_of(
        st.integers(0, 24), st.floats(0, 24, allow_nan=False, allow_infinity=False)
    ),
    exercise_sessions_per_week=st.integers(0, 21),
    stress=rating,
    sleep=st.sampled_from(v.SLEEP),
    occupation=text,
)

injury = _optional(
    {"kind": st.sampled_from(v.INJURY_KIND)},
    region=st.sampled_from(v.BODY_PART),
    years_ago=st.integers(0, 120),
    note=text,
)

side_test = _optional(
    {"test": name},
    left=st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6)),
    right=st.integers(-1000, 1000),
    unit=st.sampled_from(v.UNIT),
)

trigger_point = _optional({"muscle": name}, side=st.sampled_from(v.TRIGGER_POINT_SIDE))

neuro = _optional(
    {},
    straight_leg_raise=st.sampled_from(v.STRAIGHT_LEG_RAISE),
    reflexes=st.sampled_from(v.REFLEXES),
    dermatomal_sensory_loss=st.booleans(),
    myotomal_weakness=st.booleans(),
)

findings = _optional(
    {},
    impairment=st.sampled_from(v.IMPAIRMENT),
    side_comparison=st.lists(side_test, max_size=3),
    neuro=neuro,
    visual=text,
    tissue=st.sampled_from(v.TISSUE),
    tone=st.sampled_from(v.TONE),
    trigger_points=st.lists(trigger_point, max_size=3),
)

measures = _optional(
    {},
    start_back=_optional({"total": st.integers(0, 9), "psychosocial": st.integers(0, 5)}),
    psfs=st.lists(_optional({"activity": name, "score": rating}), min_size=3, max_size=5),
    ndi=st.integers(0, 50),
    odi=st.integers(0, 100),
)


def _consistent(doc):
    """Removes what would contradict (the contract's contradictions are input errors)."""
    complaint = doc["complaint"]
    intensity = complaint["intensity"]
    if intensity.get("worst", 10) < intensity["now"]:
        intensity["worst"] = intensity["now"]
    course = complaint.get("course")
    if course and not complaint.get("recurrent"):
        complaint["course"] = derive_course(complaint["duration_days"])
    client = doc["client"]
    if "pregnancy" in doc.get("cautions", ()) and (
        client.get("sex") == "male" or not 10 <= client["age"] <= 65
    ):
        doc["cautions"] = [c for c in doc["cautions"] if c != "pregnancy"]
    measures = doc.get("measures", {})
    start_back = measures.get("start_back")
    if start_back is not None:
        regions = {r["region"] for r in complaint["regions"]}
        if not regions & {"lower_back", "sacrum_buttock"}:
            del measures["start_back"]
        else:
            start_back.setdefault("total", 0)
            start_back.setdefault("psychosocial", 0)
            start_back["total"] = max(start_back["total"], start_back["psychosocial"])
    return doc


def _anamneses(schema, red_flag_codes, caution_codes, screened):
    required = {
        "schema": st.just(schema),
        "client": _optional({"age": st.integers(0, 120)}, sex=st.sampled_from(v.SEX)),
        "complaint": complaint,
    }
    optional = {
        "goals": st.lists(text, max_size=3),
        "lifestyle": lifestyle,
        "history": _optional({}, prior_injuries=st.lists(injury, max_size=3)),
        "cautions": codes(caution_codes, max_size=4),
        "measures": measures,
        "findings": findings,
        "red_flags_unanswered": rarely(codes(red_flag_codes, min_size=1, max_size=3)),
    }
    flags = rarely(codes(red_flag_codes, min_size=1, max_size=3))
    if screened:
        required["red_flags"] = flags
    else:
        optional["red_flags"] = flags
    return st.fixed_dictionaries(required, optional=optional).map(_consistent)


# Valid anamnesis/v2 documents.
anamneses = _anamneses(v.ANAMNESIS_V2, v.RED_FLAG, v.CAUTION, screened=True)
# Valid anamnesis/v1 files (v1 codes allowed, red_flags may be absent).
v1_anamneses = _anamneses(v.ANAMNESIS_V1, v.V1_RED_FLAG, v.V1_CAUTION, screened=False)
any_anamneses = st.one_of(anamneses, anamneses, v1_anamneses)
