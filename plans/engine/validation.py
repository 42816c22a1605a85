"""Validation: one readable line per problem, naming the JSON path.

A document is checked against the schema of its version (`anamnesis/v1` or `anamnesis/v2` by its
"schema" field; `plan/v1` or `plan/v2` likewise), then against the contract's contradictions
(worst below now, pregnancy that cannot be, a course that contradicts the days since onset, STarT
Back without a low back region, a psychosocial score above the total).

Two libraries read the same schema dicts. fastjsonschema compiles them into Python for the
quick yes/no that every valid document takes (jsonschema alone is about ten times slower, too
slow for the engine's budget; see `bench.py`); jsonschema stays the authority and writes every
message, listing all the problems at once.
"""

import json
import math

import fastjsonschema
from jsonschema import Draft202012Validator

from . import vocabulary as v
from .config import DEFAULT_CONFIG
from .rules import derive_course
from .schemas import ANAMNESIS_SCHEMA, ANAMNESIS_V1_SCHEMA, PLAN_SCHEMA, PLAN_V1_SCHEMA

ROOT = "(root)"
MAX_LINE = 300
ANAMNESIS_VERSIONS = (v.ANAMNESIS_V1, v.ANAMNESIS_V2)
PLAN_VERSIONS = (v.PLAN_V1, v.PLAN_V2)
# Pregnancy is a contradiction outside these ages (inclusive) or with client.sex male.
PREGNANCY_AGES = (10, 65)
LOW_BACK_REGIONS = ("lower_back", "sacrum_buttock")


def compile_check(schema):
    """A function doc -> bool: is `doc` valid against `schema`? (fastjsonschema, no defaults)"""
    validate = fastjsonschema.compile(schema, use_default=False)

    def is_valid(doc):
        try:
            validate(doc)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return is_valid


# version -> (fast yes/no, jsonschema validator that writes the messages)
_ANAMNESIS = {
    v.ANAMNESIS_V2: (compile_check(ANAMNESIS_SCHEMA), Draft202012Validator(ANAMNESIS_SCHEMA)),
    v.ANAMNESIS_V1: (compile_check(ANAMNESIS_V1_SCHEMA), Draft202012Validator(ANAMNESIS_V1_SCHEMA)),
}
_PLAN = {
    v.PLAN_V2: (compile_check(PLAN_SCHEMA), Draft202012Validator(PLAN_SCHEMA)),
    v.PLAN_V1: (compile_check(PLAN_V1_SCHEMA), Draft202012Validator(PLAN_V1_SCHEMA)),
}


class InputError(ValueError):
    """The input could not be read as a JSON document; `problems` holds one line per problem."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def format_path(parts):
    """`complaint.regions[0].region` for the deque jsonschema reports; `(root)` when empty."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or ROOT


def _join(path, key):
    return key if path == ROOT else f"{path}.{key}"


def _clip(line):
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def _lines(error):
    path = format_path(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        if unknown:
            hint = ", ".join(allowed)
            return [f"{_join(path, key)}: unknown field (allowed here: {hint})" for key in unknown]
    return [f"{path}: {error.message}"]


def _validate(validator, doc):
    lines = []
    for error in validator.iter_errors(doc):
        lines.extend(_clip(line) for line in _lines(error))
    return sorted(set(lines), key=lambda line: (line.split(": ", 1)[0], line))


def _by_version(doc, validators, versions, latest):
    """The validators for this document's "schema", and a problem line for an unknown one."""
    version = doc.get("schema") if isinstance(doc, dict) else None
    if isinstance(version, str) and version in validators:
        return validators[version], []
    if isinstance(doc, dict) and "schema" in doc:
        known = ", ".join(repr(name) for name in versions)
        return validators[latest], [f"schema: {version!r} is not one of [{known}]"]
    return validators[latest], []


def _sorted(lines):
    return sorted(set(lines), key=lambda line: (line.split(": ", 1)[0], line))


def validate_anamnesis(doc):
    """Problems with an anamnesis document (v1 or v2, by its "schema"), one `path: message` line
    each, contradictions included; empty when valid."""
    (is_valid, validator), problems = _by_version(
        doc, _ANAMNESIS, ANAMNESIS_VERSIONS, v.ANAMNESIS_V2
    )
    if not problems and is_valid(doc):
        return _sorted(contradictions(doc))
    lines = _validate(validator, doc)
    if problems:
        lines = [line for line in lines if not line.startswith("schema: ")]
    return _sorted([*problems, *lines, *contradictions(doc)])


def validate_plan(doc):
    """Problems with a plan document (plan/v2, or a stored plan/v1 by its "schema"), one
    `path: message` line each; empty when valid."""
    (is_valid, validator), problems = _by_version(doc, _PLAN, PLAN_VERSIONS, v.PLAN_V2)
    if not problems and is_valid(doc):
        return []
    lines = _validate(validator, doc)
    if problems:
        lines = [line for line in lines if not line.startswith("schema: ")]
    return _sorted([*problems, *lines])


def _get(doc, *path):
    """The value at `path`, or None when any step is missing or of the wrong kind."""
    node = doc
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def contradictions(doc, config=DEFAULT_CONFIG):
    """The contract's contradictions, one `path: message` line each. Reads defensively, so it
    can run on a document that also has schema problems."""
    if not isinstance(doc, dict):
        return []
    lines = []
    now, worst = (
        _get(doc, "complaint", "intensity", "now"),
        _get(doc, "complaint", "intensity", "worst"),
    )
    if _int(now) and _int(worst) and worst < now:
        lines.append(
            f"complaint.intensity.worst: {worst} is below complaint.intensity.now ({now}); the "
            "worst pain cannot be less than the pain now"
        )
    cautions = doc.get("cautions")
    if isinstance(cautions, list) and "pregnancy" in cautions:
        where = f"cautions[{cautions.index('pregnancy')}]"
        sex, age = _get(doc, "client", "sex"), _get(doc, "client", "age")
        if sex == "male":
            lines.append(f"{where}: pregnancy contradicts client.sex 'male'")
        if _int(age) and not PREGNANCY_AGES[0] <= age <= PREGNANCY_AGES[1]:
            low, high = PREGNANCY_AGES
            lines.append(
                f"{where}: pregnancy contradicts client.age {age} (only from {low} to {high})"
            )
    course, days = _get(doc, "complaint", "course"), _get(doc, "complaint", "duration_days")
    if course in v.COURSE and _int(days) and days >= 0:
        derived = derive_course(days, config)
        if course != derived and _get(doc, "complaint", "recurrent") is not True:
            lines.append(
                f"complaint.course: {course!r} contradicts complaint.duration_days {days} "
                f"({derived}); a different course is only given for a flare of a recurrent "
                "complaint (complaint.recurrent true)"
            )
    start_back = _get(doc, "measures", "start_back")
    if isinstance(start_back, dict):
        regions = _get(doc, "complaint", "regions")
        named = (
            {
                r["region"]
                for r in regions
                if isinstance(r, dict) and isinstance(r.get("region"), str)
            }
            if isinstance(regions, list)
            else set()
        )
        if not named & set(LOW_BACK_REGIONS):
            lines.append(
                "measures.start_back: STarT Back is for low back pain, but no complaint region "
                "is lower_back or sacrum_buttock"
            )
        total, psychosocial = start_back.get("total"), start_back.get("psychosocial")
        if _int(total) and _int(psychosocial) and psychosocial > total:
            lines.append(
                f"measures.start_back.psychosocial: {psychosocial} is greater than "
                f"measures.start_back.total ({total})"
            )
    psfs = _get(doc, "measures", "psfs")
    if isinstance(psfs, list) and not v.PSFS_ACTIVITIES[0] <= len(psfs) <= v.PSFS_ACTIVITIES[1]:
        low, high = v.PSFS_ACTIVITIES
        lines.append(f"measures.psfs: {len(psfs)} activities; the PSFS takes {low} to {high}")
    return lines


def _reject_constant(name):
    raise ValueError(f"{name} is not a valid JSON number")


def _finite_float(text):
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number")
    return number


def _no_duplicate_keys(pairs):
    doc = {}
    for key, value in pairs:
        if key in doc:
            raise ValueError(f"duplicate key {key!r}")
        doc[key] = value
    return doc


def parse_json(text):
    """Parse JSON strictly (no NaN or Infinity, no duplicate keys) or raise InputError."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = f"{ROOT}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise InputError([problem]) from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_no_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError([f"{ROOT}: not valid JSON: {exc.msg} ({where})"]) from None
    except ValueError as exc:
        raise InputError([f"{ROOT}: not valid JSON: {exc}"]) from None
    except RecursionError:
        raise InputError([f"{ROOT}: not valid JSON: nested too deeply"]) from None
