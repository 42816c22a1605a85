"""Conversion between an `Anamnesis` and the anamnesis/v2 contract JSON, in one place.

The engine owns the schema, its validation, its defaults and the reading of v1 files; this module
only maps fields. Export writes v2; import reads v1 and v2.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from anamnesis.models import ROW_MODELS, Anamnesis
from plans.engine import (
    derive_course,
    normalise_anamnesis,
    upgrade_anamnesis,
    validate_anamnesis,
    vocabulary,
)

SCHEMA = vocabulary.ANAMNESIS_V2
# Optional sections: remembered when given, even empty, so an export gives back what came in.
OPTIONAL_SECTIONS = ("lifestyle", "history", "findings", "measures")
NEURO_FLAGS = ("dermatomal_sensory_loss", "myotomal_weakness")


class ContractInvalid(ValueError):
    """The document does not follow the contract; `problems` name the JSON path of each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(target, key, value):
    if value is not None and value != "":
        target[key] = value


def _put_text(target, key, value):
    # Free text is kept as given: "" is an answer, None means the question was not asked.
    if value is not None:
        target[key] = value


def _region(row):
    region = {"region": row.region}
    _put(region, "side", row.side)
    return region


def _day(on):
    """The local date of `on` (a date, an aware datetime, or None for today)."""
    if on is None:
        return timezone.localdate()
    if isinstance(on, datetime.datetime):
        return timezone.localdate(on) if timezone.is_aware(on) else on.date()
    return on


def client_block(client, on=None):
    """The contract's `client` block from the client record: age on `on` (today by default)
    and sex."""
    return {"age": client.age_on(_day(on)), "sex": client.sex}


def with_client(doc, client, on=None):
    """A copy of `doc` whose `client` block comes from the client record, age on `on` (a date
    or datetime; today by default). The app keeps age and sex on the client record only, so
    every document it stores or drafts from speaks with the record's words."""
    doc = dict(doc)
    doc.pop("client", None)
    schema = {"schema": doc.pop("schema")} if "schema" in doc else {}
    return {**schema, "client": client_block(client, on), **doc}


def anamnesis_to_contract(anamnesis):
    """The anamnesis as an anamnesis/v2 dict; age and sex come from the client record.

    The red-flag questions not answered yet (asked in a later version of the intake) are listed
    in `red_flags_unanswered`, so the engine screens before it plans.

    A complete anamnesis comes back normalised by the engine (empty lists and the course filled
    in); a draft that is not yet valid comes back as far as it goes.
    """
    a = anamnesis
    complaint = {
        "regions": [_region(r) for r in a.regions.all()],
    }
    _put(complaint, "duration_days", a.duration_days)
    _put(complaint, "course", a.course)
    _put(complaint, "recurrent", a.recurrent)
    complaint["pain_character"] = list(a.pain_character)
    _put(complaint, "radiation", a.radiation)
    intensity = {}
    _put(intensity, "now", a.pain_now)
    _put(intensity, "worst", a.pain_worst)
    if intensity:
        complaint["intensity"] = intensity
    _put(complaint, "suspected", a.suspected)
    complaint["causes"] = list(a.causes)
    _put_text(complaint, "aggravating", a.aggravating)
    _put_text(complaint, "easing", a.easing)

    lifestyle = {}
    _put(lifestyle, "desk_hours_per_day", _number(a.desk_hours_per_day))
    _put(lifestyle, "exercise_sessions_per_week", a.exercise_sessions_per_week)
    _put(lifestyle, "stress", a.stress)
    _put(lifestyle, "sleep", a.sleep)
    _put_text(lifestyle, "occupation", a.occupation)

    injuries = []
    for injury in a.prior_injuries.all():
        row = {}
        _put(row, "kind", injury.kind)
        _put(row, "region", injury.region)
        _put(row, "years_ago", injury.years_ago)
        _put_text(row, "note", injury.note)
        injuries.append(row)

    comparisons = []
    for test in a.side_comparisons.all():
        row = {}
        _put_text(row, "test", test.test)
        _put(row, "left", _number(test.left))
        _put(row, "right", _number(test.right))
        _put(row, "unit", test.unit)
        comparisons.append(row)
    findings = {}
    _put(findings, "impairment", a.impairment)
    findings["side_comparison"] = comparisons
    _put_text(findings, "visual", a.visual)
    _put(findings, "tissue", a.tissue)
    _put(findings, "tone", a.tone)
    trigger_points = []
    for point in a.trigger_points.all():
        row = {}
        _put_text(row, "muscle", point.muscle)
        _put(row, "side", point.side)
        trigger_points.append(row)
    findings["trigger_points"] = trigger_points
    neuro = {}
    _put(neuro, "straight_leg_raise", a.straight_leg_raise)
    _put(neuro, "reflexes", a.reflexes)
    for name in NEURO_FLAGS:
        _put(neuro, name, getattr(a, name))
    if neuro:
        findings["neuro"] = neuro

    sections = set(a.sections)
    doc = {
        "schema": SCHEMA,
        "client": {"age": a.age_at_intake, "sex": a.client.sex},
        "complaint": complaint,
        "goals": list(a.goals),
    }
    if lifestyle or "lifestyle" in sections:
        doc["lifestyle"] = lifestyle
    if injuries or "history" in sections:
        doc["history"] = {"prior_injuries": injuries}
    doc["red_flags"] = list(a.red_flags)
    unanswered = a.unanswered_red_flags
    if unanswered:
        doc["red_flags_unanswered"] = unanswered
    doc["cautions"] = list(a.cautions)
    if comparisons or trigger_points or len(findings) > 2 or "findings" in sections:
        doc["findings"] = findings
    measures = _measures(a)
    if measures or "measures" in sections:
        doc["measures"] = measures
    if validate_anamnesis(doc):
        return doc
    return normalise_anamnesis(doc)


def _measures(a):
    """`measures`: the scores and the PSFS activities recorded with the intake. STarT Back is
    written whenever it was recorded: on a complaint that is not a low back one the contract
    check names the contradiction instead of the export hiding it."""
    measures = {}
    if a.startback_total is not None:
        measures["start_back"] = {
            "total": a.startback_total,
            "psychosocial": a.startback_psychosocial,
        }
    if a.pk is not None:
        activities = list(a.psfs_activities.all())
        if activities:
            measures["psfs"] = [
                {"activity": activity.name, "score": activity.baseline} for activity in activities
            ]
    _put(measures, "ndi", a.ndi)
    _put(measures, "odi", a.odi)
    return measures


def contract_problems(anamnesis):
    """What keeps this anamnesis from being a valid anamnesis/v2 document (empty when valid)."""
    return validate_anamnesis(anamnesis_to_contract(anamnesis))


def contract_fields(doc):
    """Model field values and related rows for a valid anamnesis/v2 document.

    Returns (values, rows): `values` for `Anamnesis`, `rows` as keyword lists for
    `services.anamnesis_save`-style replacement (regions, prior_injuries, ...).
    """
    complaint = doc["complaint"]
    lifestyle = doc.get("lifestyle", {})
    findings = doc.get("findings", {})
    intensity = complaint.get("intensity", {})
    neuro = findings.get("neuro", {})
    measures = doc.get("measures", {})
    derived = derive_course(complaint["duration_days"])
    course = complaint.get("course", derived)
    red_flags = list(doc.get("red_flags", []))
    values = {
        "sections": [name for name in OPTIONAL_SECTIONS if name in doc],
        "onset_date": None,
        "duration_days": complaint["duration_days"],
        "course": course,
        "course_overridden": course != derived,
        "recurrent": complaint.get("recurrent"),
        "pain_character": list(complaint["pain_character"]),
        "radiation": complaint.get("radiation", ""),
        "pain_now": intensity.get("now"),
        "pain_worst": intensity.get("worst"),
        "suspected": complaint.get("suspected", ""),
        "causes": list(complaint.get("causes", [])),
        "aggravating": complaint.get("aggravating"),
        "easing": complaint.get("easing"),
        "goals": list(doc.get("goals", [])),
        "sleep": lifestyle.get("sleep", ""),
        "occupation": lifestyle.get("occupation"),
        "desk_hours_per_day": lifestyle.get("desk_hours_per_day"),
        "exercise_sessions_per_week": lifestyle.get("exercise_sessions_per_week"),
        "stress": lifestyle.get("stress"),
        # Every flag the document neither lists nor leaves unanswered was ruled out.
        "red_flags": red_flags,
        "red_flags_absent": [
            code
            for code in vocabulary.RED_FLAG
            if code not in red_flags and code not in doc.get("red_flags_unanswered", [])
        ],
        "cautions": list(doc.get("cautions", [])),
        "impairment": findings.get("impairment", ""),
        "visual": findings.get("visual"),
        "tissue": findings.get("tissue", ""),
        "tone": findings.get("tone", ""),
        "straight_leg_raise": neuro.get("straight_leg_raise", ""),
        "reflexes": neuro.get("reflexes", ""),
        "dermatomal_sensory_loss": neuro.get("dermatomal_sensory_loss"),
        "myotomal_weakness": neuro.get("myotomal_weakness"),
        "ndi": measures.get("ndi"),
        "odi": measures.get("odi"),
        "startback_total": measures.get("start_back", {}).get("total"),
        "startback_psychosocial": measures.get("start_back", {}).get("psychosocial"),
    }
    rows = {
        "regions": [
            {"region": r["region"], "side": r.get("side", "")} for r in complaint["regions"]
        ],
        "prior_injuries": [
            {
                "kind": row.get("kind", ""),
                "region": row.get("region", ""),
                "years_ago": row.get("years_ago"),
                "note": row.get("note"),
            }
            for row in doc.get("history", {}).get("prior_injuries", [])
        ],
        "side_comparisons": [
            {
                "test": row.get("test"),
                "left": row.get("left"),
                "right": row.get("right"),
                "unit": row.get("unit", ""),
            }
            for row in findings.get("side_comparison", [])
        ],
        "trigger_points": [
            {"muscle": row.get("muscle"), "side": row.get("side", "")}
            for row in findings.get("trigger_points", [])
        ],
        "psfs_activities": [
            {"name": row["activity"], "baseline": row["score"]} for row in measures.get("psfs", [])
        ],
    }
    return values, rows


def read_as_v2(doc):
    """A valid anamnesis/v1 or v2 document as the intake stores it (anamnesis/v2).

    The engine's reading of a v1 file, and one step more: a v1 file that lists its red flags was
    screened with the questions of the earlier form only, so the questions that form did not ask
    stay unanswered (as for the intakes stored before v2, migration 0004) instead of being
    recorded as answered no.
    """
    screened_v1 = doc.get("schema") == vocabulary.ANAMNESIS_V1 and "red_flags" in doc
    doc, _notes = upgrade_anamnesis(doc)
    if screened_v1:
        not_asked = [
            code
            for code in vocabulary.RED_FLAG
            if code not in vocabulary.V1_FORM_RED_FLAGS and code not in doc["red_flags"]
        ]
        doc["red_flags_unanswered"] = list(
            dict.fromkeys([*doc.get("red_flags_unanswered", []), *not_asked])
        )
        if not doc["red_flags_unanswered"]:
            del doc["red_flags_unanswered"]
    return doc


def import_notes(*, client, doc, on=None):
    """What an import of `doc` (already valid) changes or leaves out, one line each for stderr:
    the v1 reading and a `client` block that disagrees with the client record on `on` (the day
    of the intake, a date or datetime; the record wins)."""
    upgraded, notes = upgrade_anamnesis(doc)
    notes = list(notes)
    if doc.get("schema") == vocabulary.ANAMNESIS_V1 and "red_flags" in doc:
        notes.append(
            "red_flags_unanswered: the questions the earlier form did not ask are stored as not "
            "asked yet; a plan is drafted once they are answered."
        )
    given = upgraded.get("client", {})
    age = client.age_on(_day(on))
    if given.get("age") is not None and given["age"] != age:
        notes.append(
            f"client.age: the file says {given['age']}, the client record gives {age}; "
            "the record is kept"
        )
    if given.get("sex") not in (None, client.sex):
        notes.append(
            f"client.sex: the file says {given['sex']}, the client record says "
            f"{client.sex}; the record is kept"
        )
    return notes


def replace_rows(anamnesis, rows):
    for name, model in ROW_MODELS.items():
        model.objects.filter(anamnesis=anamnesis).delete()
        model.objects.bulk_create(model(anamnesis=anamnesis, **row) for row in rows[name])


def unstorable_text(node, path=""):
    """JSON paths of the strings that hold a NUL character, which no database stores as text."""
    if isinstance(node, str):
        return [path] if "\x00" in node else []
    if isinstance(node, dict):
        items = ((f"{path}.{key}" if path else str(key), value) for key, value in node.items())
    elif isinstance(node, list):
        items = ((f"{path}[{i}]", value) for i, value in enumerate(node))
    else:
        return []
    return [found for sub, value in items for found in unstorable_text(value, sub)]


@transaction.atomic
def anamnesis_from_contract(*, client, taken_by, doc, taken_at=None, completed_at=None):
    """Store a valid anamnesis/v1 or v2 document as a completed anamnesis of `client`.

    Raises `ConsentMissing` without consent and `ContractInvalid` (naming each JSON path)
    when the document does not validate; nothing is stored then. `taken_at` and
    `completed_at` default to now and to `taken_at` (the demo data passes past ones). A v1
    document is read as v2 (`import_notes` says what that changed).

    Age and sex are the client record's (`with_client`): a document that only holds together
    with its own `client` block (pregnancy for a client recorded as male, say) is refused too.
    """
    client.require_consent()
    problems = validate_anamnesis(doc)
    if problems:
        raise ContractInvalid(problems)
    unstorable = unstorable_text(doc)
    if unstorable:
        raise ContractInvalid(f"{path}: contains a NUL character (\\u0000)" for path in unstorable)
    taken_at = taken_at or timezone.now()
    doc = with_client(read_as_v2(doc), client, taken_at)
    problems = validate_anamnesis(doc)
    if problems:
        raise ContractInvalid(
            f"{problem} (client.age and client.sex are taken from the client record)"
            for problem in problems
        )
    values, rows = contract_fields(doc)
    anamnesis = Anamnesis.objects.create(
        client=client,
        taken_by=taken_by,
        status=Anamnesis.Status.COMPLETED,
        taken_at=taken_at,
        completed_at=completed_at or taken_at,
        **values,
    )
    replace_rows(anamnesis, rows)
    return anamnesis
