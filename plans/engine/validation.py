"""Validation against the JSON Schemas: one readable line per problem, naming the JSON path.

Two libraries read the same schema dicts. fastjsonschema compiles them into Python for the
quick yes/no that every valid document takes (jsonschema alone is about ten times slower, too
slow for the engine's budget; see `bench.py`); jsonschema stays the authority and writes every
message, listing all the problems at once.
"""

import json
import math

import fastjsonschema
from jsonschema import Draft202012Validator

from .schemas import ANAMNESIS_SCHEMA, PLAN_SCHEMA

ROOT = "(root)"
MAX_LINE = 300

_ANAMNESIS_VALIDATOR = Draft202012Validator(ANAMNESIS_SCHEMA)
_PLAN_VALIDATOR = Draft202012Validator(PLAN_SCHEMA)


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


_ANAMNESIS_IS_VALID = compile_check(ANAMNESIS_SCHEMA)
_PLAN_IS_VALID = compile_check(PLAN_SCHEMA)


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


def validate_anamnesis(doc):
    """Problems with an anamnesis/v1 document, one `path: message` line each; empty when valid."""
    if _ANAMNESIS_IS_VALID(doc):
        return []
    return _validate(_ANAMNESIS_VALIDATOR, doc)


def validate_plan(doc):
    """Problems with a plan/v1 document, one `path: message` line each; empty when valid."""
    if _PLAN_IS_VALID(doc):
        return []
    return _validate(_PLAN_VALIDATOR, doc)


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
