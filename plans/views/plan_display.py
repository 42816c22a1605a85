"""The plan page in the therapist's words: items with their reasons and their difference marks,
and the audit trail. Codes come in, translated words go out (the edge)."""

from django.utils.translation import gettext as _

from anamnesis import labels as anamnesis_labels
from plans import labels
from plans.document import explanations
from plans.document.diff import marks, value_at
from plans.services.plan import THERAPIST_REF, safety_label

LIST_LABELS = {
    "techniques": labels.TECHNIQUE,
    "avoid": labels.AVOID,
    "self_care": labels.SELF_CARE,
    "positioning": labels.POSITION,
    "exercises": labels.EXERCISE,
}
FIELD_VALUE_LABELS = {
    "decision": labels.DECISION,
    "pressure": labels.PRESSURE,
    "referral.urgency": labels.URGENCY,
}


def field_name(field):
    return {
        "decision": _("Decision"),
        "sessions.count": _("Sessions"),
        "sessions.per_week": _("Sessions per week"),
        "sessions.minutes": _("Minutes per session"),
        "sessions.first_minutes": _("Minutes of the first session"),
        "pressure": _("Pressure"),
        "reassess_after_session": _("Reassess after session"),
        "referral.urgency": _("Urgency"),
        "client_instructions": _("Instructions for the client"),
        "therapist_notes": _("Notes for the therapist"),
    }.get(field, field)


def list_name(name):
    return {
        "techniques": _("Technique"),
        "avoid": _("Avoid"),
        "self_care": _("Self-care"),
        "positioning": _("Positioning"),
        "exercises": _("Exercise"),
        "referral": _("Referral"),
    }.get(name, name)


def value_words(field, value):
    if value is None or value == "":
        return "—"
    words = FIELD_VALUE_LABELS.get(field)
    if words is not None:
        return str(words.get(value, value))
    return str(value)


def ref_words(ref):
    if ref == THERAPIST_REF:
        return _("the therapist's decision")
    return anamnesis_labels.describe_ref(ref)


def _regions(codes):
    return ", ".join(anamnesis_labels.region_words(code) for code in codes)


def item_name(list_, code):
    if list_ == "referral":
        return str(labels.URGENCY.get(code, code))
    return str(LIST_LABELS[list_].get(code, code))


def review_items(plan, removals):
    """For each list, the plan's items plus the ones removed from the engine's draft."""
    engine, current = plan.engine_draft, plan.plan
    mark = marks(engine, current)
    sections = {}
    for name in LIST_LABELS:
        engine_items = {item["code"]: item for item in engine.get(name) or []}
        items = []
        for item in current.get(name) or []:
            original = engine_items.get(item["code"], {})
            redosed = name == "exercises" and mark.get((name, item["code"])) == "changed"
            items.append(
                {
                    "code": item["code"],
                    "name": item_name(name, item["code"]),
                    "regions": _regions(item.get("regions") or []),
                    "engine_regions": _regions(original.get("regions") or []),
                    "dose": explanations.dose_words(item) if name == "exercises" else "",
                    "engine_dose": explanations.dose_words(original) if redosed else "",
                    "reasons": [ref_words(ref) for ref in item["because"]],
                    "mark": mark.get((name, item["code"])),
                    "override": removals.get(("exercise", item["code"]))
                    if name == "exercises"
                    else None,
                }
            )
        for code, item in engine_items.items():
            if mark.get((name, code)) == "removed":
                items.append(
                    {
                        "code": code,
                        "name": item_name(name, code),
                        "regions": _regions(item.get("regions") or []),
                        "reasons": [ref_words(ref) for ref in item["because"]],
                        "mark": "removed",
                        "removal": removals.get((name, code)),
                    }
                )
        sections[name] = items
    return sections


def review_fields(plan):
    """Sessions, pressure and reassessment, each with the engine's value when it was changed."""
    engine, current = plan.engine_draft, plan.plan
    mark = marks(engine, current)
    rows = []
    for field in (
        "sessions.count",
        "sessions.per_week",
        "sessions.minutes",
        "sessions.first_minutes",
        "pressure",
        "reassess_after_session",
    ):
        changed = mark.get(("field", field)) == "changed"
        rows.append(
            {
                "field": field,
                "name": field_name(field),
                "value": value_words(field, value_at(current, field)),
                "engine_value": value_words(field, value_at(engine, field)) if changed else None,
                "mark": "changed" if changed else None,
            }
        )
    return rows


def change_words(change):
    """One entry of an event's detail in words."""
    kind = change.get("change")
    if kind == "changed":
        return _("%(field)s: %(old)s → %(new)s") % {
            "field": field_name(change["field"]),
            "old": value_words(change["field"], change.get("from")),
            "new": value_words(change["field"], change.get("to")),
        }
    if kind in ("added", "removed"):
        if kind == "added":
            template = _("Added %(list)s: %(item)s")
        else:
            template = _("Removed %(list)s: %(item)s")
        return template % {
            "list": str(list_name(change["list"])).lower(),
            "item": item_name(change["list"], change["code"]),
        }
    if kind == "regions":
        parts = []
        if change.get("added"):
            parts.append("+ " + _regions(change["added"]))
        if change.get("removed"):
            parts.append("- " + _regions(change["removed"]))
        return _("%(item)s, regions: %(parts)s") % {
            "item": item_name(change["list"], change["code"]),
            "parts": "; ".join(parts),
        }
    if kind == "dose":
        return _("%(item)s, dose: %(old)s → %(new)s") % {
            "item": item_name(change["list"], change["code"]),
            "old": explanations.dose_words(change["from"]),
            "new": explanations.dose_words(change["to"]),
        }
    if kind == "reason":
        if change["list"] == "exercise":
            template = _("Reason recorded for adding “%(item)s”")
        else:
            template = _("Reason recorded for removing “%(item)s”")
        return template % {"item": safety_label(change["list"], change["code"])}
    if kind == "text":
        return _("Changed the %(field)s") % {"field": str(field_name(change["field"])).lower()}
    if kind == "archived":
        return _("PDF archived, SHA-256 %(hash)s…") % {"hash": change["sha256"][:16]}
    if kind == "superseded":
        return _("Superseded by version %(version)s") % {"version": change["version"]}
    if kind == "revision":
        return _("New version of version %(version)s") % {"version": change["version"]}
    return str(change)


def history(plan):
    return [
        {
            "kind": event.get_kind_display(),
            "code": event.kind,
            "by": event.by.get_full_name() or event.by.get_username(),
            "at": event.at,
            "changes": [change_words(c) for c in event.detail or []],
        }
        for event in plan.events.select_related("by")
    ]


def removal_rows(plan):
    return [
        {
            "label": safety_label(r.kind, r.code),
            "reason": r.reason,
            "by": r.by.get_full_name() or r.by.get_username(),
            "at": r.at,
        }
        for r in plan.safety_removals.select_related("by")
    ]
