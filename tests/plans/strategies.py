"""Hypothesis strategies for valid anamnesis/v1 documents, covering every vocabulary."""

from hypothesis import strategies as st

from plans.engine import vocabulary as v

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
)

lifestyle = _optional(
    {},
    desk_hours_per_day=st.one_of(
        st.integers(0, 24), st.floats(0, 24, allow_nan=False, allow_infinity=False)
    ),
    exercise_sessions_per_week=st.integers(0, 21),
    stress=rating,
    occupation=text,
)

injury = _optional(
    {"kind": st.sampled_from(v.INJURY_KIND)},
    region=st.sampled_from(v.REGION),
    years_ago=st.integers(0, 130),
    note=text,
)

side_test = _optional(
    {"test": name},
    left=st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6)),
    right=st.integers(-1000, 1000),
    unit=st.sampled_from(v.UNIT),
)

trigger_point = _optional({"muscle": name}, side=st.sampled_from(v.TRIGGER_POINT_SIDE))

findings = _optional(
    {},
    impairment=st.sampled_from(v.IMPAIRMENT),
    side_comparison=st.lists(side_test, max_size=3),
    visual=text,
    tissue=st.sampled_from(v.TISSUE),
    tone=st.sampled_from(v.TONE),
    trigger_points=st.lists(trigger_point, max_size=3),
)

anamneses = _optional(
    {"schema": st.just("anamnesis/v1"), "complaint": complaint},
    client=_optional({}, age=st.integers(0, 130), sex=st.sampled_from(v.SEX)),
    lifestyle=lifestyle,
    history=_optional({}, prior_injuries=st.lists(injury, max_size=3)),
    red_flags=rarely(codes(v.RED_FLAG, min_size=1, max_size=3)),
    cautions=codes(v.CAUTION, max_size=4),
    findings=findings,
)
