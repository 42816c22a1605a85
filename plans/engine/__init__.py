"""The plan engine: a pure function from an anamnesis dict (anamnesis/v2, or a v1 file read as
the contract says) to a plan/v2 dict.

No Django, no database: anyone can import it and read its rules.

    problems = validate_anamnesis(doc)      # [] when valid, else one "path: message" line each
    plan = draft_plan(doc)                  # only for a valid doc
    v2_doc, notes = upgrade_anamnesis(doc)  # a v1 doc as v2, and what changed in words
    exercise_cautions(doc)                  # {exercise: the cautions that rule it out}
"""

from .config import DEFAULT_CONFIG, Schedule, Thresholds
from .draft import draft_plan, normalise_anamnesis
from .exercises import EXERCISES, Dose, Exercise
from .rules import (
    GROUPS,
    RULES,
    Effect,
    Rule,
    derive_course,
    exercise_cautions,
    start_back_risk,
)
from .schemas import ANAMNESIS_SCHEMA, ANAMNESIS_V1_SCHEMA, PLAN_SCHEMA, PLAN_V1_SCHEMA
from .upgrade import upgrade_anamnesis
from .validation import InputError, parse_json, validate_anamnesis, validate_plan

__all__ = [
    "ANAMNESIS_SCHEMA",
    "ANAMNESIS_V1_SCHEMA",
    "DEFAULT_CONFIG",
    "EXERCISES",
    "GROUPS",
    "PLAN_SCHEMA",
    "PLAN_V1_SCHEMA",
    "RULES",
    "Dose",
    "Effect",
    "Exercise",
    "InputError",
    "Rule",
    "Schedule",
    "Thresholds",
    "derive_course",
    "draft_plan",
    "exercise_cautions",
    "normalise_anamnesis",
    "parse_json",
    "start_back_risk",
    "upgrade_anamnesis",
    "validate_anamnesis",
    "validate_plan",
]
