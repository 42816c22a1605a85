"""Demo anamneses for `manage.py seed_demo`: acute, subacute and chronic cases, red flags at
every tier (emergency, same day, urgent, and a suspected fragility fracture the engine derives),
cautions, and nerve root signs that treat with a routine referral.

Each case is an anamnesis/v2 document (the shapes of ../shared/spec/examples) with a fixed
date, so running the command again updates the same anamneses instead of adding more. Every demo
intake was screened for every red-flag question: `red_flags` lists the ones answered yes, all the
others were answered no. The `client` block comes from the client record (`with_client`). A
locked anamnesis (a plan was finalized from it) is left as it is.
"""

import datetime

from django.db import transaction

from anamnesis.contract import contract_fields, replace_rows, with_client
from anamnesis.models import Anamnesis
from clinic.models import Client
from plans.engine import validate_anamnesis, vocabulary


def _doc(
    complaint,
    lifestyle=None,
    findings=None,
    history=None,
    red_flags=(),
    cautions=(),
    start_back=None,
):
    """An anamnesis/v2 document without its `client` block (added from the client record when
    the case is stored); `red_flags` are the questions answered yes, every other one was no.
    The measures are the PSFS activities for the complaint's region and, for a low back
    complaint, a STarT Back screening (`start_back` as (total, psychosocial), medium risk unless
    given)."""
    doc = {"schema": vocabulary.ANAMNESIS_V2, "complaint": complaint}
    if lifestyle is not None:
        doc["lifestyle"] = lifestyle
    doc["history"] = {"prior_injuries": list(history or [])}
    doc["red_flags"] = list(red_flags)
    doc["cautions"] = list(cautions)
    if findings is not None:
        doc["findings"] = findings
    doc["measures"] = demo_measures(complaint, start_back)
    return doc


# What demo clients find hard, by where it hurts: (activity, rating 0-10 at intake).
PSFS_ACTIVITIES = {
    "neck": [
        ("Turning the head to reverse the car", 3),
        ("Working at the computer for an hour", 4),
        ("Sleeping through the night", 5),
    ],
    "shoulder": [
        ("Reaching up to a high shelf", 3),
        ("Putting on a jacket", 5),
        ("Sleeping on the painful side", 2),
    ],
    "back": [
        ("Sitting through a one-hour meeting", 3),
        ("Bending to tie the shoes", 4),
        ("Carrying the shopping home", 3),
    ],
}


def demo_measures(complaint, start_back=None, ratings_shift=0):
    regions = {row["region"] for row in complaint["regions"]}
    low_back = bool(regions & set(vocabulary.LOW_BACK_REGIONS))
    kind = "back" if low_back else "shoulder" if "shoulder" in regions else "neck"
    measures = {
        "psfs": [
            {"activity": name, "score": max(0, min(10, rating + ratings_shift))}
            for name, rating in PSFS_ACTIVITIES[kind]
        ]
    }
    if low_back:
        total, psychosocial = start_back or (5, 2)
        measures["start_back"] = {"total": total, "psychosocial": psychosocial}
    return measures


def _complaint(regions, days, character, now, worst, suspected, causes, radiation="none", **more):
    return {
        "regions": [{"region": r, "side": s} for r, s in regions],
        "duration_days": days,
        "pain_character": character,
        "radiation": radiation,
        "intensity": {"now": now, "worst": worst},
        "suspected": suspected,
        "causes": causes,
        **more,
    }


def _lifestyle(desk, exercise, stress, occupation):
    return {
        "desk_hours_per_day": desk,
        "exercise_sessions_per_week": exercise,
        "stress": stress,
        "occupation": occupation,
    }


def _findings(impairment, tissue, tone, visual="", tests=(), points=()):
    return {
        "impairment": impairment,
        "side_comparison": [
            {"test": t, "left": left, "right": right, "unit": unit}
            for t, left, right, unit in tests
        ],
        "visual": visual,
        "tissue": tissue,
        "tone": tone,
        "trigger_points": [{"muscle": m, "side": s} for m, s in points],
    }


def _on(month, day, hour=9):
    return datetime.datetime(2026, month, day, hour, 30, tzinfo=datetime.UTC)


# (first name, last name) -> [(taken at, notes, document)]
CASES = {
    ("Anna", "Berger"): [
        (
            _on(11, 3),
            "Woke up with it after a long release night; cannot shoulder-check when cycling.",
            _doc(
                _complaint(
                    [("neck", "right")], 2, ["stabbing", "pulling"], 6, 7, "stiff_neck", ["posture"]
                ),
                _lifestyle(9, 1, 6, "Software developer"),
                _findings(
                    "mobility",
                    "superficial",
                    "increased",
                    "head held slightly tilted to the right",
                    tests=[("cervical rotation", 75, 40, "deg")],
                    points=[("upper trapezius", "right")],
                ),
            ),
        )
    ],
    ("Markus", "Schneider"): [
        (
            _on(10, 20),
            "Lifted a pallet wrapper awkwardly on Friday. Walks slightly bent.",
            _doc(
                _complaint(
                    [("lower_back", "both")],
                    5,
                    ["stabbing", "dull"],
                    7,
                    8,
                    "lumbago",
                    ["one_sided_load", "trauma"],
                    radiation="buttock",
                ),
                _lifestyle(0, 2, 4, "Warehouse logistics"),
                _findings(
                    "both",
                    "deep",
                    "hardened",
                    "protective posture, flattened lordosis",
                    tests=[("finger-floor distance", 38, 38, "cm")],
                    points=[("quadratus lumborum", "both")],
                ),
                cautions=["severe_pain"],
            ),
        ),
        (
            _on(3, 2),
            "Earlier episode, settled after four sessions.",
            _doc(
                _complaint(
                    [("lower_back", "left")], 10, ["pulling"], 5, 6, "acute_overload", ["trauma"]
                ),
                _lifestyle(0, 2, 3, "Warehouse logistics"),
                _findings("functional", "superficial", "increased"),
            ),
        ),
    ],
    ("Elif", "Yilmaz"): [
        (
            _on(10, 28),
            "Night shifts since August; pain builds over the week.",
            _doc(
                _complaint(
                    [("mid_back", "central"), ("upper_back", "both")],
                    60,
                    ["dull", "pulling"],
                    5,
                    7,
                    "muscle_tension",
                    ["stress", "posture"],
                    recurrent=True,
                ),
                _lifestyle(2, 1, 8, "Nurse, night shifts"),
                _findings(
                    "functional",
                    "deep",
                    "increased",
                    points=[("rhomboid major", "left"), ("erector spinae", "both")],
                ),
            ),
        )
    ],
    ("Jonas", "Weber"): [
        (
            _on(11, 10),
            "Pain at the front of the shoulder after a bouldering session with many overhangs.",
            _doc(
                _complaint(
                    [("shoulder", "right")],
                    9,
                    ["punctual", "stabbing"],
                    4,
                    6,
                    "attachment_inflammation",
                    ["one_sided_load"],
                ),
                _lifestyle(5, 3, 3, "Student, climbs twice a week"),
                _findings(
                    "mobility",
                    "superficial",
                    "increased",
                    tests=[
                        ("shoulder abduction", 170, 150, "deg"),
                        ("grip strength", 48, 44, "kg"),
                    ],
                ),
                cautions=["acute_inflammation"],
            ),
        )
    ],
    ("Margarete", "Hoffmann"): [
        (
            _on(9, 15),
            "Gardening aggravates it. Takes apixaban.",
            _doc(
                _complaint(
                    [("shoulder", "left"), ("upper_back", "left")],
                    120,
                    ["pulling", "punctual"],
                    5,
                    6,
                    "muscle_tension",
                    ["one_sided_load"],
                    radiation="upper_arm",
                ),
                _lifestyle(0, 3, 2, "Retired, gardens daily"),
                _findings(
                    "mobility",
                    "superficial",
                    "increased",
                    points=[("infraspinatus", "left")],
                ),
                history=[
                    {
                        "kind": "surgery",
                        "region": "shoulder",
                        "years_ago": 8,
                        "note": "rotator cuff repair, left",
                    }
                ],
                cautions=["anticoagulants", "osteoporosis"],
            ),
        ),
        (
            _on(4, 14),
            "Slipped on the wet garden path three days ago and landed on her back. Sent to her "
            "GP the same day: with osteoporosis, a fracture has to be ruled out first.",
            _doc(
                _complaint(
                    [("mid_back", "central")], 3, ["stabbing"], 6, 8, "other", ["minor_fall"]
                ),
                _lifestyle(0, 3, 4, "Retired, gardens daily"),
                cautions=["anticoagulants", "osteoporosis"],
            ),
        ),
    ],
    ("Thomas", "Krüger"): [
        (
            _on(11, 12),
            "Pain at night for three weeks, sweats, lost 6 kg without trying. Referred to GP.",
            _doc(
                _complaint(
                    [("mid_back", "central")],
                    20,
                    ["dull"],
                    7,
                    9,
                    "other",
                    ["unknown"],
                ),
                _lifestyle(10, 0, 5, "Long-distance lorry driver"),
                red_flags=[
                    "fever_or_infection",
                    "unexplained_weight_loss",
                    "unrelenting_night_pain",
                ],
            ),
        )
    ],
    ("Sofia", "Rossi"): [
        (
            _on(10, 5),
            "Pregnant, week 24. Side-lying only.",
            _doc(
                _complaint(
                    [("lower_back", "both"), ("sacrum_buttock", "left")],
                    300,
                    ["dull", "pulling"],
                    4,
                    7,
                    "muscle_tension",
                    ["posture", "one_sided_load"],
                    radiation="buttock",
                    recurrent=True,
                ),
                _lifestyle(7, 0, 6, "Call centre agent"),
                _findings(
                    "functional",
                    "deep",
                    "hardened",
                    "flattened lumbar lordosis",
                    tests=[("finger-floor distance", 18, 18, "cm")],
                    points=[("quadratus lumborum", "left"), ("gluteus medius", "left")],
                ),
                history=[
                    {
                        "kind": "accident",
                        "region": "lower_back",
                        "years_ago": 6,
                        "note": "fall from a ladder, bruising only",
                    }
                ],
                cautions=["pregnancy"],
            ),
        )
    ],
    ("Lukas", "Fischer"): [
        (
            _on(10, 1),
            "Overhead work on a roof truss for two months.",
            _doc(
                _complaint(
                    [("upper_back", "right"), ("neck", "right")],
                    75,
                    ["pulling", "burning"],
                    5,
                    6,
                    "muscle_tension",
                    ["one_sided_load", "posture"],
                    radiation="shoulder",
                ),
                _lifestyle(0, 1, 5, "Carpenter"),
                _findings(
                    "mobility",
                    "deep",
                    "hardened",
                    tests=[("cervical rotation", 70, 55, "deg")],
                    points=[("levator scapulae", "right")],
                ),
            ),
        ),
        (
            _on(6, 15),
            "Neck pain since yesterday's overhead work; dizzy, saw double and slurred his words "
            "for a few minutes this morning. Ambulance called from the practice.",
            _doc(
                _complaint([("neck", "both")], 1, ["stabbing"], 6, 8, "other", ["posture"]),
                _lifestyle(0, 1, 5, "Carpenter"),
                red_flags=["cervical_arterial_signs"],
            ),
        ),
    ],
    ("Peter", "Schulz"): [
        (
            _on(8, 20),
            "Tension headaches at the end of the working day, worse at year-end closing.",
            _doc(
                _complaint(
                    [("neck", "both"), ("shoulder", "both")],
                    400,
                    ["pulling", "dull"],
                    4,
                    6,
                    "muscle_tension",
                    ["stress", "posture"],
                    recurrent=True,
                ),
                _lifestyle(9, 0, 7, "Accountant"),
                _findings(
                    "functional",
                    "superficial",
                    "increased",
                    "protracted shoulders",
                    points=[("upper trapezius", "both"), ("suboccipitals", "both")],
                ),
                cautions=["osteoporosis"],
            ),
        )
    ],
    ("Mia", "Becker"): [
        (
            _on(11, 18),
            "Standing all day with arms raised.",
            _doc(
                _complaint(
                    [("shoulder", "both"), ("upper_back", "central")],
                    50,
                    ["pulling"],
                    3,
                    5,
                    "muscle_tension",
                    ["posture", "one_sided_load"],
                ),
                _lifestyle(0, 2, 4, "Hairdresser"),
                _findings("none", "superficial", "increased"),
            ),
        ),
        (
            _on(6, 2),
            "A numb strip on the back of the left hand for two months, not getting worse; an "
            "ache in the left shoulder. Referral letter to her GP before any treatment.",
            _doc(
                _complaint([("shoulder", "left")], 60, ["dull"], 2, 3, "other", ["unknown"]),
                _lifestyle(0, 2, 4, "Hairdresser"),
                red_flags=["stable_neurological_deficit"],
            ),
        ),
    ],
    ("Ole", "Hansen"): [
        (
            _on(5, 6),
            "Last anamnesis before moving to Hamburg.",
            _doc(
                _complaint(
                    [("lower_back", "central")],
                    200,
                    ["dull"],
                    3,
                    5,
                    "muscle_tension",
                    ["posture"],
                ),
                _lifestyle(6, 1, 5, "Teacher"),
                _findings("functional", "deep", "increased"),
                history=[{"kind": "injury", "region": "lower_back", "years_ago": 12}],
                start_back=(7, 4),
            ),
        )
    ],
    ("Greta", "Lindqvist"): [
        (
            _on(10, 14),
            "Long hours at the drawing table before a competition deadline. Tingling into the "
            "left thumb and index finger; her GP is told (nerve root signs).",
            _doc(
                _complaint(
                    [("neck", "left"), ("shoulder", "left")],
                    100,
                    ["pulling", "radiating"],
                    5,
                    6,
                    "muscle_tension",
                    ["posture", "psychological_overload"],
                    radiation="forearm_hand",
                ),
                _lifestyle(10, 1, 8, "Architect"),
                _findings("mobility", "superficial", "increased"),
                cautions=["nerve_root_signs"],
            ),
        )
    ],
    ("Paul", "Neumann"): [
        (
            _on(11, 20),
            "Thrown off a bicycle during a patrol, hit the back on the kerb. Sent to A&E.",
            _doc(
                _complaint(
                    [("lower_back", "right"), ("mid_back", "central")],
                    1,
                    ["stabbing"],
                    8,
                    9,
                    "other",
                    ["trauma"],
                ),
                red_flags=["significant_trauma"],
                cautions=["severe_pain"],
            ),
        )
    ],
}


def seed_anamneses(practice=None):
    """Give every consenting demo client its demo anamneses; returns how many there are."""
    clients = Client.objects.filter(consent_date__isnull=False)
    if practice is not None:
        clients = clients.filter(practice=practice)
    count = 0
    for client in clients.select_related("consent_recorded_by"):
        for taken_at, notes, doc in CASES.get((client.first_name, client.last_name), []):
            seed_case(client, taken_at, notes, doc)
            count += 1
    return count


@transaction.atomic
def seed_case(client, taken_at, notes, doc):
    # Age and sex come from the client record, as when the app writes the contract.
    doc = with_client(doc, client, taken_at)
    problems = validate_anamnesis(doc)
    if problems:
        raise ValueError(f"demo anamnesis of {client} is invalid: {problems}")
    anamnesis = Anamnesis.objects.filter(client=client, taken_at=taken_at, version=1).first()
    if anamnesis is not None and anamnesis.is_locked:
        return anamnesis
    values, rows = contract_fields(doc)
    values.update(
        complaint_notes=notes,
        status=Anamnesis.Status.COMPLETED,
        completed_at=taken_at,
        taken_by=client.consent_recorded_by,
        draft_snapshot=None,
    )
    if anamnesis is None:
        anamnesis = Anamnesis.objects.create(client=client, taken_at=taken_at, **values)
    else:
        for name, value in values.items():
            setattr(anamnesis, name, value)
        anamnesis.save()
    replace_rows(anamnesis, rows)
    return anamnesis
