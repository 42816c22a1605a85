"""JSON Schemas (Draft 2020-12) for anamnesis/v1 and plan/v1, built from the vocabulary.

The committed files in `plans/engine/schemas/` are generated from these dicts; regenerate them
after changing a code or a bound with:

    python -m plans.engine.schemas
"""

import json
from pathlib import Path

from . import vocabulary as v
from .config import SESSION_COUNT_RANGE, SESSION_MINUTES_RANGE, SESSIONS_PER_WEEK_RANGE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
# `PATH=VALUE`: a dotted path into the anamnesis and the value found there.
REF_PATTERN = r"^[a-z_]+(\.[a-z_]+)*=\S"


def _obj(properties, required=()):
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _code(codes):
    return {"type": "string", "enum": list(codes)}


def _codes(codes, min_items=0):
    schema = {"type": "array", "items": _code(codes)}
    if min_items:
        schema["minItems"] = min_items
    return schema


def _int(minimum, maximum=None):
    schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def _text(max_length, min_length=0):
    schema = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
        schema["pattern"] = r"\S"
    return schema


def _array(items, min_items=0):
    schema = {"type": "array", "items": items}
    if min_items:
        schema["minItems"] = min_items
    return schema


def build_anamnesis_schema():
    region = _obj({"region": _code(v.REGION), "side": _code(v.SIDE)}, required=("region",))
    complaint = _obj(
        {
            "regions": _array(region, min_items=1),
            "duration_days": _int(0),
            "course": _code(v.COURSE),
            "recurrent": {"type": "boolean"},
            "pain_character": _codes(v.CHARACTER, min_items=1),
            "radiation": _code(v.RADIATION),
            "intensity": _obj({"now": _int(0, 10), "worst": _int(0, 10)}, required=("now",)),
            "suspected": _code(v.SUSPECTED),
            "causes": _codes(v.CAUSE),
        },
        required=("regions", "duration_days", "pain_character", "intensity"),
    )
    lifestyle = _obj(
        {
            "desk_hours_per_day": {"type": "number", "minimum": 0, "maximum": 24},
            "exercise_sessions_per_week": _int(0, 21),
            "stress": _int(0, 10),
            "occupation": _text(200),
        }
    )
    injury = _obj(
        {
            "kind": _code(v.INJURY_KIND),
            "region": _code(v.REGION),
            "years_ago": _int(0, 130),
            "note": _text(1000),
        },
        required=("kind",),
    )
    side_test = _obj(
        {
            "test": _text(100, min_length=1),
            "left": {"type": "number"},
            "right": {"type": "number"},
            "unit": _code(v.UNIT),
        },
        required=("test",),
    )
    trigger_point = _obj(
        {"muscle": _text(100, min_length=1), "side": _code(v.TRIGGER_POINT_SIDE)},
        required=("muscle",),
    )
    findings = _obj(
        {
            "impairment": _code(v.IMPAIRMENT),
            "side_comparison": _array(side_test),
            "visual": _text(2000),
            "tissue": _code(v.TISSUE),
            "tone": _code(v.TONE),
            "trigger_points": _array(trigger_point),
        }
    )
    schema = _obj(
        {
            "schema": {"const": "anamnesis/v1"},
            "client": _obj({"age": _int(0, 130), "sex": _code(v.SEX)}),
            "complaint": complaint,
            "lifestyle": lifestyle,
            "history": _obj({"prior_injuries": _array(injury)}),
            "red_flags": _codes(v.RED_FLAG),
            "cautions": _codes(v.CAUTION),
            "findings": findings,
        },
        required=("schema", "complaint"),
    )
    return {
        "$schema": DRAFT,
        "$id": "https://clinic.example/schemas/anamnesis-v1.schema.json",
        "title": "Anamnesis (intake) v1",
        "description": "The input of the plan engine; see docs/plan-engine.md.",
        **schema,
    }


def build_plan_schema():
    because = _array({"type": "string", "pattern": REF_PATTERN}, min_items=1)

    def item(codes, **extra):
        return _obj({"code": _code(codes), **extra, "because": because}, ("code", "because"))

    sessions = _obj(
        {
            "count": _int(*SESSION_COUNT_RANGE),
            "per_week": _int(*SESSIONS_PER_WEEK_RANGE),
            "minutes": _int(*SESSION_MINUTES_RANGE),
        },
        required=("count", "per_week", "minutes"),
    )
    referral = _obj({"urgency": _code(v.URGENCY), "because": because}, ("urgency", "because"))
    schema = _obj(
        {
            "schema": {"const": "plan/v1"},
            "decision": _code(v.DECISION),
            "referral": {**referral, "type": ["object", "null"]},
            "course": _code(v.COURSE),
            "sessions": {**sessions, "type": ["object", "null"]},
            "pressure": {"type": ["string", "null"], "enum": [*v.PRESSURE, None]},
            "techniques": _array(
                item(v.TECHNIQUE, regions=_codes(v.REGION, min_items=1)),
            ),
            "avoid": _array(item(v.AVOID)),
            "self_care": _array(item(v.SELF_CARE)),
            "reassess_after_session": {"type": ["integer", "null"], "minimum": 1},
            "warnings": _array({"type": "string", "minLength": 1}),
            "rules_applied": _array({"type": "string", "pattern": r"^[A-Z]\d{2}-[a-z0-9-]+$"}),
        },
        required=(
            "schema",
            "decision",
            "referral",
            "course",
            "sessions",
            "pressure",
            "techniques",
            "avoid",
            "self_care",
            "reassess_after_session",
            "warnings",
        ),
    )
    # A referral replaces treatment: no sessions, no pressure, no techniques, no reassessment.
    schema["if"] = {"properties": {"decision": {"const": "refer"}}, "required": ["decision"]}
    schema["then"] = {
        "properties": {
            "referral": {"type": "object"},
            "sessions": {"type": "null"},
            "pressure": {"type": "null"},
            "reassess_after_session": {"type": "null"},
            "techniques": {"maxItems": 0},
        }
    }
    schema["else"] = {"properties": {"referral": {"type": "null"}}}
    return {
        "$schema": DRAFT,
        "$id": "https://clinic.example/schemas/plan-v1.schema.json",
        "title": "Treatment plan v1",
        "description": "The output of the plan engine; see docs/plan-engine.md.",
        **schema,
    }


ANAMNESIS_SCHEMA = build_anamnesis_schema()
PLAN_SCHEMA = build_plan_schema()
SCHEMA_FILES = {
    "anamnesis-v1.schema.json": ANAMNESIS_SCHEMA,
    "plan-v1.schema.json": PLAN_SCHEMA,
}


def render(schema):
    """The committed text of a schema file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema_files(directory=SCHEMA_DIR):
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in SCHEMA_FILES.items():
        (directory / name).write_text(render(schema), encoding="utf-8")
    return sorted(directory / name for name in SCHEMA_FILES)


if __name__ == "__main__":
    for path in write_schema_files():
        print(f"wrote {path}")
