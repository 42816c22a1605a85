"""Form data for the intake as a browser would post it."""

from plans.engine import vocabulary

FORMSET_PREFIXES = ("injuries", "comparisons", "trigger_points", "psfs")


def management(prefix, total=1):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def intake_data(**fields):
    """A complete intake: neck right, 12 days, pulling, pain 5/7, every red flag answered no."""
    data = {
        "regions": ["neck:right"],
        "duration_days": "12",
        "pain_character": ["pulling"],
        "pain_now": "5",
        "pain_worst": "7",
        "suspected": "stiff_neck",
        "causes": ["posture"],
        "radiation": "none",
        "occupation": "Software developer",
        "desk_hours_per_day": "8",
        "exercise_sessions_per_week": "1",
        "stress": "6",
        "impairment": "mobility",
        "tissue": "superficial",
        "tone": "increased",
        "comparisons-0-test": "cervical rotation",
        "comparisons-0-left": "75",
        "comparisons-0-right": "40",
        "comparisons-0-unit": "deg",
        "trigger_points-0-muscle": "upper trapezius",
        "trigger_points-0-side": "right",
    }
    for code in vocabulary.RED_FLAG:
        data[f"red_flag_{code}"] = "no"
    for prefix in FORMSET_PREFIXES:
        data.update(management(prefix))
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
