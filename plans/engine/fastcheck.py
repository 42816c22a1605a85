"""A fast yes/no check compiled from the same JSON Schema dicts, for the common valid case.

jsonschema stays the authority and writes every error message; this only answers "valid?" about
ten times faster, so drafting stays cheap. It understands exactly the keywords our schemas use
and refuses to compile any other, so a new keyword cannot be skipped silently. The tests check
that it agrees with jsonschema on generated valid and broken documents.
"""

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


def _type_check(names):
    names = [names] if isinstance(names, str) else names
    checks = [TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


def _enum_check(options):
    if not all(option is None or isinstance(option, str) for option in options):
        raise ValueError("fastcheck only handles enums of strings and null")
    allowed = frozenset(options)
    return lambda value: (value is None or isinstance(value, str)) and value in allowed


def compile_schema(schema):
    """A function instance -> bool equivalent to Draft 2020-12 validation with `schema`."""
    unknown = set(schema) - ANNOTATIONS - set(_KEYWORDS)
    if unknown:
        raise ValueError(f"fastcheck cannot compile keywords {sorted(unknown)}")
    checks = [_KEYWORDS[key](schema[key], schema) for key in _KEYWORDS if key in schema]
    checks = [check for check in checks if check is not None]
    return lambda value: all(check(value) for check in checks)


def _properties(properties, schema):
    compiled = {name: compile_schema(sub) for name, sub in properties.items()}

    def check(value):
        if not isinstance(value, dict):
            return True
        for name, item in value.items():
            sub = compiled.get(name)
            if sub is not None and not sub(item):
                return False
        return True

    return check


def _additional(flag, schema):
    if flag is not False:
        raise ValueError("fastcheck only handles additionalProperties: false")
    known = frozenset(schema.get("properties", {}))
    return lambda value: not isinstance(value, dict) or known.issuperset(value)


def _required(names, schema):
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _items(items, schema):
    sub = compile_schema(items)
    return lambda value: not isinstance(value, list) or all(sub(item) for item in value)


def _bound(compare):
    def build(limit, schema):
        return lambda value: not _is_number(value) or compare(value, limit)

    return build


def _length(compare, kind):
    def build(limit, schema):
        return lambda value: not isinstance(value, kind) or compare(len(value), limit)

    return build


def _pattern(pattern, schema):
    regex = re.compile(pattern)
    return lambda value: not isinstance(value, str) or regex.search(value) is not None


def _const(expected, schema):
    if not isinstance(expected, str):
        raise ValueError("fastcheck only handles string constants")
    return lambda value: isinstance(value, str) and value == expected


def _conditional(condition, schema):
    test = compile_schema(condition)
    then = compile_schema(schema.get("then", {}))
    otherwise = compile_schema(schema.get("else", {}))
    return lambda value: then(value) if test(value) else otherwise(value)


def _handled_by_if(sub, schema):
    if "if" not in schema:
        raise ValueError("then/else without if")
    return None


_KEYWORDS = {
    "type": lambda names, schema: _type_check(names),
    "const": _const,
    "enum": lambda options, schema: _enum_check(options),
    "minimum": _bound(lambda value, limit: value >= limit),
    "maximum": _bound(lambda value, limit: value <= limit),
    "minLength": _length(lambda size, limit: size >= limit, str),
    "maxLength": _length(lambda size, limit: size <= limit, str),
    "pattern": _pattern,
    "minItems": _length(lambda size, limit: size >= limit, list),
    "maxItems": _length(lambda size, limit: size <= limit, list),
    "items": _items,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "if": _conditional,
    "then": _handled_by_if,
    "else": _handled_by_if,
}
