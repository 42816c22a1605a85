"""How fast the engine drafts plans: validation of the input included, in one process."""

import time

from .draft import draft_plan
from .validation import validate_anamnesis, validate_plan

# A spread of anamneses that exercises every rule group: treat, refer and screen, every course,
# v2 and a v1 file.
SAMPLES = (
    {
        "schema": "anamnesis/v2",
        "client": {"age": 34, "sex": "male"},
        "complaint": {
            "regions": [{"region": "neck", "side": "right"}],
            "duration_days": 2,
            "pain_character": ["stabbing", "pulling"],
            "radiation": "none",
            "intensity": {"now": 6, "worst": 7},
            "suspected": "stiff_neck",
            "causes": ["posture"],
        },
        "lifestyle": {"desk_hours_per_day": 6, "exercise_sessions_per_week": 1, "stress": 4},
        "red_flags": [],
        "cautions": [],
        "findings": {"impairment": "mobility", "tissue": "superficial", "tone": "increased"},
    },
    {
        "schema": "anamnesis/v2",
        "client": {"age": 36, "sex": "female"},
        "complaint": {
            "regions": [
                {"region": "lower_back", "side": "both"},
                {"region": "sacrum_buttock", "side": "left"},
            ],
            "duration_days": 300,
            "recurrent": True,
            "pain_character": ["dull", "pulling"],
            "radiation": "below_knee",
            "intensity": {"now": 4, "worst": 7},
            "suspected": "muscle_tension",
            "causes": ["posture", "one_sided_load", "stress"],
        },
        "lifestyle": {"desk_hours_per_day": 7, "exercise_sessions_per_week": 0, "stress": 8},
        "history": {"prior_injuries": [{"kind": "accident", "region": "lower_back"}]},
        "red_flags": [],
        "cautions": ["pregnancy"],
        "measures": {"start_back": {"total": 5, "psychosocial": 4}},
        "findings": {
            "tissue": "deep",
            "tone": "hardened",
            "neuro": {"straight_leg_raise": "positive_left"},
            "trigger_points": [{"muscle": "quadratus lumborum", "side": "left"}],
        },
    },
    {
        "schema": "anamnesis/v2",
        "client": {"age": 81, "sex": "female"},
        "complaint": {
            "regions": [{"region": "shoulder", "side": "left"}],
            "duration_days": 60,
            "pain_character": ["punctual"],
            "radiation": "upper_arm",
            "intensity": {"now": 8, "worst": 9},
            "suspected": "attachment_inflammation",
        },
        "red_flags": [],
        "cautions": ["anticoagulants", "osteoporosis", "uncontrolled_hypertension"],
    },
    {
        "schema": "anamnesis/v2",
        "client": {"age": 61, "sex": "male"},
        "complaint": {
            "regions": [{"region": "mid_back", "side": "central"}],
            "duration_days": 20,
            "pain_character": ["dull"],
            "intensity": {"now": 7, "worst": 9},
        },
        "red_flags": ["fever_or_infection", "unrelenting_night_pain"],
    },
    {
        "schema": "anamnesis/v1",
        "client": {"age": 38, "sex": "female"},
        "complaint": {
            "regions": [{"region": "lower_back", "side": "both"}],
            "duration_days": 10,
            "pain_character": ["dull"],
            "intensity": {"now": 4, "worst": 6},
        },
    },
)


def plans_per_second(seconds=1.0, samples=SAMPLES, check_output=False):
    """Plans drafted per second: validate each anamnesis, then draft (and validate) its plan.

    Seconds of this process's CPU time, so that other work on the machine does not skew it.
    """
    drafted = 0
    start = time.process_time()
    deadline = start + seconds
    while True:
        for doc in samples:
            if validate_anamnesis(doc):
                raise ValueError("a benchmark sample is not a valid anamnesis")
            plan = draft_plan(doc)
            if check_output and validate_plan(plan):
                raise ValueError("the engine drafted an invalid plan")
        drafted += len(samples)
        now = time.process_time()
        if now >= deadline:
            return drafted / (now - start)
