"""How the therapist's plan differs from the engine's draft, in codes (words come at the edge).

`plan_changes(before, after)` lists every change as a small dict, used both for the marks on the
review page (compared with the engine's draft) and for the audit trail (compared with the
previous save):

    {"change": "changed", "field": "sessions.count", "from": 4, "to": 6}
    {"change": "added" | "removed", "list": "techniques" | "avoid" | "self_care" | "positioning"
                                  | "exercises", "code": ...}
    {"change": "regions", "list": "techniques", "code": ..., "added": [...], "removed": [...]}
    {"change": "dose", "list": "exercises", "code": ..., "from": DOSE, "to": DOSE}
    {"change": "added" | "removed", "list": "referral", "code": URGENCY}
"""

SCALARS = (
    "decision",
    "sessions.count",
    "sessions.per_week",
    "sessions.minutes",
    "sessions.first_minutes",
    "pressure",
    "reassess_after_session",
    "referral.urgency",
)
LISTS = ("techniques", "avoid", "self_care", "positioning", "exercises")
DOSE = ("sets", "reps", "hold_seconds", "per_day")


def dose_of(item):
    """An exercise item's dose: {"sets", "reps", "hold_seconds", "per_day"}."""
    return {key: item.get(key) for key in DOSE}


def value_at(plan, dotted):
    value = plan
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _by_code(plan, name):
    return {item["code"]: item for item in plan.get(name) or []}


def plan_changes(before, after):
    changes = []
    for field in SCALARS:
        old, new = value_at(before, field), value_at(after, field)
        if old != new and not (field == "referral.urgency" and (old is None or new is None)):
            changes.append({"change": "changed", "field": field, "from": old, "to": new})
    for name in LISTS:
        old, new = _by_code(before, name), _by_code(after, name)
        for code in new:
            if code not in old:
                changes.append({"change": "added", "list": name, "code": code})
        for code in old:
            if code not in new:
                changes.append({"change": "removed", "list": name, "code": code})
            elif name == "exercises" and dose_of(old[code]) != dose_of(new[code]):
                changes.append(
                    {
                        "change": "dose",
                        "list": name,
                        "code": code,
                        "from": dose_of(old[code]),
                        "to": dose_of(new[code]),
                    }
                )
            elif name == "techniques":
                old_regions = old[code].get("regions") or []
                new_regions = new[code].get("regions") or []
                added = [r for r in new_regions if r not in old_regions]
                removed = [r for r in old_regions if r not in new_regions]
                if added or removed:
                    changes.append(
                        {
                            "change": "regions",
                            "list": name,
                            "code": code,
                            "added": added,
                            "removed": removed,
                        }
                    )
    old_referral, new_referral = before.get("referral"), after.get("referral")
    if old_referral and not new_referral:
        changes.append({"change": "removed", "list": "referral", "code": old_referral["urgency"]})
    if new_referral and not old_referral:
        changes.append({"change": "added", "list": "referral", "code": new_referral["urgency"]})
    return changes


def marks(engine_draft, plan):
    """Per item, how it differs from the engine's draft: {(list, code): "added"|"changed"}.

    Also {("field", dotted): "changed"} for scalars, and the removed items as
    {(list, code): "removed"}.
    """
    result = {}
    for change in plan_changes(engine_draft, plan):
        if change["change"] == "changed":
            result[("field", change["field"])] = "changed"
        elif change["change"] in ("regions", "dose"):
            result[(change["list"], change["code"])] = "changed"
        else:
            result[(change["list"], change["code"])] = change["change"]
    return result
