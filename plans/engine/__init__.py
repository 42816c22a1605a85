"""The plan engine: a pure function from an anamnesis/v1 dict to a plan/v1 dict.

No Django, no database: anyone can import it and read its rules.

    problems = validate_anamnesis(doc)      # [] when valid, else one "path: message" line each
    plan = draft_plan(doc)                  # only for a valid doc
"""

from .config import DEFAULT_CONFIG, Schedule, Thresholds
from .draft import draft_plan, normalise_anamnesis
from .rules import GROUPS, RULES, Effect, Rule, derive_course
from .schemas import ANAMNESIS_SCHEMA, PLAN_SCHEMA
from .validation import InputError, parse_json, validate_anamnesis, validate_plan

__all__ = [
    "ANAMNESIS_SCHEMA",
    "DEFAULT_CONFIG",
    "GROUPS",
    "PLAN_SCHEMA",
    "RULES",
    "Effect",
    "InputError",
    "Rule",
    "Schedule",
    "Thresholds",
    "derive_course",
    "draft_plan",
    "normalise_anamnesis",
    "parse_json",
    "validate_anamnesis",
    "validate_plan",
]
