"""A fast yes/no check compiled from the same JSON Schema dicts, for the common valid case.

jsonschema stays the authority and writes every error message; this only answers "valid?" about
ten times faster, so drafting stays cheap. It understands exactly the keywords our schemas use
and refuses to compile any other, so a new keyword cannot be skipped silently. The tests check
that it agrees with jsonschema on generated valid and broken documents.
"""

import math
import re

ANNOTATIONS = frozenset({"$schema", "$id", "title", "description"})


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


TYPES = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": _is_number,
    "integer": lambda value: _is_number(value) and (isinstance(value, int) or value.is_integer()),
}


KEYWORDS = frozenset(
    {
        "type",
        "const",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "items",
        "required",
        "properties",
        "additionalProperties",
        "if",
        "then",
        "else",
    }
)


def _type_check(names):
    names = [names] if isinstance(names, str) else names
    checks = [TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


def _allowed_values(schema):
    if "const" in schema:
        options = [schema["const"]]
    elif "enum" in schema:
        options = schema["enum"]
    else:
        return None
    if not all(option is None or isinstance(option, str) for option in options):
        raise ValueError("fastcheck only handles enums and constants of strings and null")
    return frozenset(options)


def compile_schema(schema):
    """A function instance -> bool equivalent to Draft 2020-12 validation with `schema`."""
    unknown = set(schema) - ANNOTATIONS - KEYWORDS
    if unknown:
        raise ValueError(f"fastcheck cannot compile keywords {sorted(unknown)}")
    if ("then" in schema or "else" in schema) and "if" not in schema:
        raise ValueError("then/else without if")
    if schema.get("additionalProperties", False) is not False:
        raise ValueError("fastcheck only handles additionalProperties: false")

    type_ok = _type_check(schema["type"]) if "type" in schema else None
    allowed = _allowed_values(schema)
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    min_length, max_length = schema.get("minLength"), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    min_items, max_items = schema.get("minItems"), schema.get("maxItems")
    items = compile_schema(schema["items"]) if "items" in schema else None
    required = tuple(schema.get("required", ()))
    properties = {name: compile_schema(sub) for name, sub in schema.get("properties", {}).items()}
    known = frozenset(properties) if "additionalProperties" in schema else None
    condition = then = otherwise = None
    if "if" in schema:
        condition = compile_schema(schema["if"])
        then = compile_schema(schema.get("then", {}))
        otherwise = compile_schema(schema.get("else", {}))
    checks_objects = bool(required or properties or known is not None)
    checks_arrays = items is not None or min_items is not None or max_items is not None
    checks_strings = min_length is not None or max_length is not None or pattern is not None
    checks_numbers = minimum is not None or maximum is not None

    kind = schema.get("type")
    if condition is None and isinstance(kind, str):
        # The common shapes get a lean closure of their own; the general one below is the same
        # logic for everything else.
        if kind == "string" and not checks_strings and allowed is not None:
            return lambda value: isinstance(value, str) and value in allowed
        if kind == "string" and allowed is None:
            shortest = min_length or 0
            longest = math.inf if max_length is None else max_length
            if pattern is None:
                return lambda value: isinstance(value, str) and shortest <= len(value) <= longest
            search = pattern.search
            return lambda value: (
                isinstance(value, str)
                and shortest <= len(value) <= longest
                and search(value) is not None
            )
        if kind == "integer" and allowed is None:
            low = -math.inf if minimum is None else minimum
            high = math.inf if maximum is None else maximum
            return lambda value: type_ok(value) and low <= value <= high
        if kind == "object" and allowed is None:
            return _object_check(required, known, properties)
        if kind == "array" and allowed is None and max_items is None:
            return _array_check(min_items or 0, items)

    def check(value):
        if type_ok is not None and not type_ok(value):
            return False
        if allowed is not None and not (
            (value is None or isinstance(value, str)) and value in allowed
        ):
            return False
        if isinstance(value, dict):
            if checks_objects:
                for name in required:
                    if name not in value:
                        return False
                if known is not None and not known.issuperset(value):
                    return False
                for name, child in value.items():
                    sub = properties.get(name)
                    if sub is not None and not sub(child):
                        return False
        elif isinstance(value, list):
            if checks_arrays:
                if min_items is not None and len(value) < min_items:
                    return False
                if max_items is not None and len(value) > max_items:
                    return False
                if items is not None:
                    for child in value:
                        if not items(child):
                            return False
        elif isinstance(value, str):
            if checks_strings:
                if min_length is not None and len(value) < min_length:
                    return False
                if max_length is not None and len(value) > max_length:
                    return False
                if pattern is not None and pattern.search(value) is None:
                    return False
        elif checks_numbers and _is_number(value):
            if minimum is not None and value < minimum:
                return False
            if maximum is not None and value > maximum:
                return False
        if condition is not None:
            return then(value) if condition(value) else otherwise(value)
        return True

    return check


def _object_check(required, known, properties):
    def check(value):
        if not isinstance(value, dict):
            return False
        for name in required:
            if name not in value:
                return False
        if known is not None and not known.issuperset(value):
            return False
        for name, child in value.items():
            sub = properties.get(name)
            if sub is not None and not sub(child):
                return False
        return True

    return check


def _array_check(min_items, items):
    def check(value):
        if not isinstance(value, list) or len(value) < min_items:
            return False
        if items is not None:
            for child in value:
                if not items(child):
                    return False
        return True

    return check
