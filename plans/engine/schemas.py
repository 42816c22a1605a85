"""JSON Schemas (Draft 2020-12) for anamnesis/v2 and plan/v2 (and v1, to read stored v1
documents), built from the vocabulary.

The committed files in `plans/engine/schemas/` are generated from these dicts; regenerate them
after changing a code or a bound with:

    python -m plans.engine.schemas
"""

import json
from pathlib import Path

from . import limits
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


def _array(items, min_items=0, max_items=None):
    schema = {"type": "array", "items": items}
    if min_items:
        schema["minItems"] = min_items
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


def build_anamnesis_schema(version=v.ANAMNESIS_V2):
    """The anamnesis schema; for `anamnesis/v1`, v2 with exactly the contract's v1 changes: the
    v1 red flag and caution codes are accepted and `red_flags` may be absent."""
    v1 = version == v.ANAMNESIS_V1
    red_flag = v.V1_RED_FLAG if v1 else v.RED_FLAG
    caution = v.V1_CAUTION if v1 else v.CAUTION
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
            "aggravating": _text(limits.ANSWER),
            "easing": _text(limits.ANSWER),
        },
        required=("regions", "duration_days", "pain_character", "intensity"),
    )
    lifestyle = _obj(
        {
            "desk_hours_per_day": {"type": "number", "minimum": 0, "maximum": 24},
            "exercise_sessions_per_week": _int(0, 21),
            "stress": _int(0, 10),
            "sleep": _code(v.SLEEP),
            "occupation": _text(limits.LINE),
        }
    )
    injury = _obj(
        {
            "kind": _code(v.INJURY_KIND),
            "region": _code(v.BODY_PART),
            "years_ago": _int(0, 120),
            "note": _text(limits.ANSWER),
        },
        required=("kind",),
    )
    side_test = _obj(
        {
            "test": _text(limits.TERM, min_length=1),
            "left": {"type": "number"},
            "right": {"type": "number"},
            "unit": _code(v.UNIT),
        },
        required=("test",),
    )
    trigger_point = _obj(
        {"muscle": _text(limits.TERM, min_length=1), "side": _code(v.TRIGGER_POINT_SIDE)},
        required=("muscle",),
    )
    neuro = _obj(
        {
            "straight_leg_raise": _code(v.STRAIGHT_LEG_RAISE),
            "reflexes": _code(v.REFLEXES),
            "dermatomal_sensory_loss": {"type": "boolean"},
            "myotomal_weakness": {"type": "boolean"},
        }
    )
    findings = _obj(
        {
            "impairment": _code(v.IMPAIRMENT),
            "side_comparison": _array(side_test, max_items=limits.ROWS),
            "neuro": neuro,
            "visual": _text(limits.FINDINGS),
            "tissue": _code(v.TISSUE),
            "tone": _code(v.TONE),
            "trigger_points": _array(trigger_point, max_items=limits.ROWS),
        }
    )
    psfs_item = _obj(
        {"activity": _text(limits.LINE, min_length=1), "score": _int(*v.PSFS_SCORE)},
        required=("activity", "score"),
    )
    # 3 to 5 activities: a contradiction checked in validation.py, with its own message.
    psfs = {**_array(psfs_item), "description": "3 to 5 activities"}
    measures = _obj(
        {
            "start_back": _obj(
                {
                    "total": _int(*v.START_BACK_TOTAL),
                    "psychosocial": _int(*v.START_BACK_PSYCHOSOCIAL),
                },
                required=("total", "psychosocial"),
            ),
            "psfs": psfs,
            "ndi": _int(*v.NDI),
            "odi": {"type": "number", "minimum": v.ODI[0], "maximum": v.ODI[1]},
        }
    )
    schema = _obj(
        {
            "schema": {"const": version},
            "client": _obj({"age": _int(0, 120), "sex": _code(v.SEX)}, required=("age",)),
            "complaint": complaint,
            "goals": _array(_text(limits.GOAL), max_items=limits.GOALS),
            "lifestyle": lifestyle,
            "history": _obj({"prior_injuries": _array(injury, max_items=limits.ROWS)}),
            "red_flags": _codes(red_flag),
            "red_flags_unanswered": _codes(red_flag),
            "cautions": _codes(caution),
            "measures": measures,
            "findings": findings,
        },
        required=("schema", "client", "complaint")
        if v1
        else ("schema", "client", "complaint", "red_flags"),
    )
    name = version.replace("/", "-")
    return {
        "$schema": DRAFT,
        "$id": f"https://clinic.example/schemas/{name}.schema.json",
        "title": f"Anamnesis (intake) {version.split('/')[1]}",
        "description": "The input of the plan engine; see docs/plan-engine.md.",
        **schema,
    }


def build_plan_schema():
    """plan/v2, the only plan the engine writes."""
    because = _array({"type": "string", "pattern": REF_PATTERN}, min_items=1)

    def item(codes, **extra):
        return _obj({"code": _code(codes), **extra, "because": because}, ("code", "because"))

    sessions = _obj(
        {
            "count": _int(*SESSION_COUNT_RANGE),
            "per_week": _int(*SESSIONS_PER_WEEK_RANGE),
            "minutes": _int(*SESSION_MINUTES_RANGE),
            "first_minutes": _int(*SESSION_MINUTES_RANGE),
        },
        required=("count", "per_week", "minutes", "first_minutes"),
    )
    referral = _obj({"urgency": _code(v.TIER), "because": because}, ("urgency", "because"))
    nullable_int = {"type": ["integer", "null"], "minimum": 1}
    exercise = _obj(
        {
            "code": _code(v.EXERCISE),
            "sets": _int(1),
            "reps": nullable_int,
            "hold_seconds": nullable_int,
            "per_day": _int(1),
            "because": because,
        },
        ("code", "sets", "reps", "hold_seconds", "per_day", "because"),
    )
    exercise["anyOf"] = [
        {"properties": {"reps": {"type": "integer"}}},
        {"properties": {"hold_seconds": {"type": "integer"}}},
    ]
    lists = ("positioning", "techniques", "avoid", "self_care", "exercises")
    schema = _obj(
        {
            "schema": {"const": v.PLAN_V2},
            "decision": _code(v.DECISION),
            "missing": _array({"type": "string", "pattern": r"^[a-z_]+(\.[a-z_]+)*$"}),
            "referral": {**referral, "type": ["object", "null"]},
            "course": _code(v.COURSE),
            "flare": {"type": "boolean"},
            "sessions": {**sessions, "type": ["object", "null"]},
            "pressure": {"type": ["string", "null"], "enum": [*v.PRESSURE, None]},
            "positioning": _array(item(v.POSITION)),
            "techniques": _array(item(v.TECHNIQUE, regions=_codes(v.REGION, min_items=1))),
            "avoid": _array(item(v.AVOID, regions=_codes(v.REGION, min_items=1))),
            "self_care": _array(item(v.SELF_CARE)),
            "exercises": _array(exercise),
            "reassess_after_session": {"type": ["integer", "null"], "minimum": 1},
            "warnings": _array({"type": "string", "minLength": 1}),
            # Rule ids (an addition to the contract), e.g. S01-cauda-equina-emergency.
            "rules_applied": _array({"type": "string", "minLength": 1}),
        },
        required=(
            "schema",
            "decision",
            "missing",
            "referral",
            "course",
            "flare",
            "sessions",
            "pressure",
            *lists,
            "reassess_after_session",
            "warnings",
        ),
    )
    nothing_planned = {
        "sessions": {"type": "null"},
        "pressure": {"type": "null"},
        "reassess_after_session": {"type": "null"},
        "techniques": {"maxItems": 0},
        "positioning": {"maxItems": 0},
        "exercises": {"maxItems": 0},
    }

    def when(decision, then):
        return {
            "if": {"properties": {"decision": {"const": decision}}, "required": ["decision"]},
            "then": {"properties": then},
        }

    schema["allOf"] = [
        # A referral replaces treatment; routine referrals go with treatment.
        when(
            "refer",
            {
                **nothing_planned,
                "referral": {
                    "type": "object",
                    "properties": {"urgency": {"enum": ["emergency", "same_day", "urgent"]}},
                },
                "missing": {"maxItems": 0},
            },
        ),
        # Screening first: nothing is planned until every red-flag question is answered.
        when(
            "screen",
            {
                **nothing_planned,
                "referral": {"type": "null"},
                "avoid": {"maxItems": 0},
                "self_care": {"maxItems": 0},
                "missing": {"minItems": 1},
            },
        ),
        when(
            "treat",
            {
                "referral": {
                    "anyOf": [
                        {"type": "null"},
                        {"type": "object", "properties": {"urgency": {"const": "routine"}}},
                    ]
                },
                "sessions": {"type": "object"},
                "pressure": {"type": "string"},
                "reassess_after_session": {"type": "integer"},
                "techniques": {"minItems": 1},
                "exercises": {"minItems": 1},
                "missing": {"maxItems": 0},
            },
        ),
    ]
    return {
        "$schema": DRAFT,
        "$id": "https://clinic.example/schemas/plan-v2.schema.json",
        "title": "Treatment plan v2",
        "description": "The output of the plan engine; see docs/plan-engine.md.",
        **schema,
    }


def build_plan_v1_schema():
    """plan/v1, frozen: finalized v1 plans stay as they were signed and must still validate."""
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
    referral = _obj({"urgency": _code(v.V1_URGENCY), "because": because}, ("urgency", "because"))
    schema = _obj(
        {
            "schema": {"const": v.PLAN_V1},
            "decision": _code(v.V1_DECISION),
            "referral": {**referral, "type": ["object", "null"]},
            "course": _code(v.COURSE),
            "sessions": {**sessions, "type": ["object", "null"]},
            "pressure": {"type": ["string", "null"], "enum": [*v.PRESSURE, None]},
            "techniques": _array(
                item(v.TECHNIQUE, regions=_codes(v.REGION, min_items=1)),
            ),
            "avoid": _array(item(v.V1_AVOID)),
            "self_care": _array(item(v.V1_SELF_CARE)),
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


ANAMNESIS_SCHEMA = build_anamnesis_schema(v.ANAMNESIS_V2)
ANAMNESIS_V1_SCHEMA = build_anamnesis_schema(v.ANAMNESIS_V1)
PLAN_SCHEMA = build_plan_schema()
PLAN_V1_SCHEMA = build_plan_v1_schema()
SCHEMA_FILES = {
    "anamnesis-v1.schema.json": ANAMNESIS_V1_SCHEMA,
    "anamnesis-v2.schema.json": ANAMNESIS_SCHEMA,
    "plan-v1.schema.json": PLAN_V1_SCHEMA,
    "plan-v2.schema.json": PLAN_SCHEMA,
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
