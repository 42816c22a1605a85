"""Small builders for anamnesis/v2 dicts and a checker for `PATH=VALUE` references."""

from plans.engine.rules import ref_value
from plans.engine.vocabulary import COURSE

TOP = {
    "client",
    "goals",
    "lifestyle",
    "history",
    "red_flags",
    "red_flags_unanswered",
    "cautions",
    "measures",
    "findings",
}


def anamnesis(
    *,
    regions=("neck",),
    duration_days=10,
    pain=("dull",),
    now=3,
    age=40,
    sex="female",
    **complaint_or_top,
):
    """A minimal valid anamnesis/v2 (screened: `red_flags` is []); keyword arguments add
    complaint fields or top-level sections.

    Top-level keys: client, goals, lifestyle, history, red_flags, red_flags_unanswered,
    cautions, measures, findings. Anything else goes into `complaint` (course, radiation,
    suspected, causes, recurrent, worst). `schema="anamnesis/v1"` makes a v1 file.
    """
    doc = {
        "schema": complaint_or_top.pop("schema", "anamnesis/v2"),
        "client": {"age": age, "sex": sex},
        "complaint": {
            "regions": [{"region": region, "side": "both"} for region in regions],
            "duration_days": duration_days,
            "pain_character": list(pain),
            "intensity": {"now": now},
        },
        "red_flags": [],
    }
    for key, value in complaint_or_top.items():
        if key in TOP:
            doc[key] = value
        elif key == "worst":
            doc["complaint"]["intensity"]["worst"] = value
        else:
            doc["complaint"][key] = value
    return doc


def codes(items):
    return [item["code"] for item in items]


def _values(node):
    """Every scalar value below `node`, as reference values."""
    if isinstance(node, dict):
        for child in node.values():
            yield from _values(child)
    elif isinstance(node, list):
        for child in node:
            yield from _values(child)
    else:
        yield ref_value(node)


def ref_names_input(doc, ref):
    """True when `ref` is PATH=VALUE with PATH in `doc` and VALUE found there."""
    path, sep, value = ref.partition("=")
    if not sep or not value:
        return False
    if path == "complaint.course":
        return value in COURSE
    node = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return value in set(_values(node))


def all_refs(plan):
    items = [
        *plan["positioning"],
        *plan["techniques"],
        *plan["avoid"],
        *plan["self_care"],
        *plan["exercises"],
    ]
    if plan["referral"]:
        items.append(plan["referral"])
    return [ref for item in items for ref in item["because"]]
