"""Small builders for anamnesis/v1 dicts and a checker for `PATH=VALUE` references."""

from plans.engine.rules import ref_value
from plans.engine.vocabulary import COURSE


def anamnesis(
    *,
    regions=("neck",),
    duration_days=10,
    pain=("dull",),
    now=3,
    **complaint_or_top,
):
    """A minimal valid anamnesis; keyword arguments add complaint fields or top-level sections.

    Top-level keys: client, lifestyle, history, red_flags, cautions, findings. Anything else
    goes into `complaint` (course, radiation, suspected, causes, recurrent, worst).
    """
    top = {"client", "lifestyle", "history", "red_flags", "cautions", "findings"}
    doc = {
        "schema": "anamnesis/v1",
        "complaint": {
            "regions": [{"region": region, "side": "both"} for region in regions],
            "duration_days": duration_days,
            "pain_character": list(pain),
            "intensity": {"now": now},
        },
    }
    for key, value in complaint_or_top.items():
        if key in top:
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
    items = [*plan["techniques"], *plan["avoid"], *plan["self_care"]]
    if plan["referral"]:
        items.append(plan["referral"])
    return [ref for item in items for ref in item["because"]]
