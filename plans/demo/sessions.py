"""Demo treatment logs for `manage.py seed_demo`: sessions against the demo plans.

Idempotent: a plan that already has sessions is left alone, and the long-history client is
created once. Every current, finalized demo plan gets a few sessions with SOAP notes (its
measures were taken with the intake); most courses improve, every third does not (so the
reassessment asks to review the plan or refer). One client, Lena Langzeit, has a hundred
sessions over two years: two intakes, six plan versions, reassessments every four sessions.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from anamnesis.contract import anamnesis_from_contract, with_client
from anamnesis.demo import demo_measures
from anamnesis.models import Anamnesis
from clinic.models import Client, ConsentRecord, Membership, Practice
from plans import services
from plans.models import TreatmentPlan

DEMO_PRACTICE = "Demo Practice"
LONG_HISTORY = {"first_name": "Lena", "last_name": "Langzeit", "date_of_birth": "1968-09-14"}

NOTES = [
    (
        "Feels looser after the last session; stiff again by the evening.",
        "Tone raised, less than last time; two tender points.",
        "Responding to soft tissue work.",
        "Same techniques; check the home exercises next time.",
    ),
    (
        "Did the stretches most days; a bad day after gardening.",
        "Range of movement better; tender point still reproduces the pain.",
        "Slow progress; load-related flare.",
        "Add trigger point work; review pacing of garden work.",
    ),
    (
        "Slept better this week.",
        "Tone near normal; moves freely.",
        "Improving as planned.",
        "Keep the programme; spread sessions out if this holds.",
    ),
]

# A course that is not working reads differently.
NOTES_STUCK = [
    (
        "No real change; the pain is back the morning after each session.",
        "Tone unchanged; same tender points as at intake.",
        "Not responding as expected.",
        "Check the home programme; consider a referral if the reassessment shows no change.",
    ),
    (
        "Managed the exercises twice this week; work is very busy.",
        "Slightly looser at the end of the session only.",
        "Short-lived effect.",
        "Discuss workload and pacing; same techniques once more.",
    ),
]


def seed_sessions(practice=None):
    """Sessions for the current demo plans and the long-history client; returns how many
    sessions were added."""
    added = 0
    if practice is None or practice.name == DEMO_PRACTICE:
        demo = practice or Practice.objects.filter(name=DEMO_PRACTICE).first()
        if demo is not None:
            added += seed_long_history(demo)
    plans = (
        TreatmentPlan.objects.final()
        .exclude(plan__decision="refer")
        .filter(sessions__isnull=True, anamnesis__client__archived_at__isnull=True)
        .select_related("anamnesis__client", "finalized_by")
        .order_by("anamnesis__client__last_name", "pk")
    )
    if practice is not None:
        plans = plans.for_practice(practice)
    for index, plan in enumerate(plans):
        added += seed_course(plan, improving=index % 3 != 2, today_visit=index == 0)
    return added


def _session(plan, by, day, *, pain, improving_share, note, notes=NOTES):
    """One session through the service (with a reassessment when due), dated `day`."""
    number = services.next_session_number(plan)
    reassessment = None
    if services.reassessment_due_for(plan, number):
        activities = plan.anamnesis.psfs_activities.all()
        gain = round(4 * improving_share)
        reassessment = {
            "pain_now": pain,
            "ratings": {a.pk: min(10, a.baseline + gain) for a in activities},
            "side_comparisons": _side_measures(plan.anamnesis, improving_share),
        }
    subjective, objective, assessment, next_steps = notes[note % len(notes)]
    recorded = _at(day, 17, 30) if day != timezone.localdate() else None
    return services.session_record(
        plan=plan,
        author=by,
        at=recorded,
        date=day,
        minutes=plan.schedule.get("minutes") or 45,
        techniques=[
            {"code": item["code"], "regions": list(item.get("regions", []))}
            for item in plan.plan.get("techniques", [])
        ],
        pressure=plan.plan.get("pressure") or "",
        pain_before=pain,
        pain_after=max(0, pain - 1),
        subjective=subjective,
        objective=objective,
        assessment=assessment,
        next_steps=next_steps,
        response="Relaxed; no adverse reaction.",
        reassessment=reassessment,
    )


def _side_measures(anamnesis, improving_share):
    """The intake's side-comparison tests measured again: the weaker side closes part of the
    gap as the client improves."""
    measures = {}
    for test in services.remeasurable_side_comparisons(anamnesis):
        if test.left is None or test.right is None:
            continue
        closed = round(abs(test.left - test.right) * improving_share / 2)
        if test.left < test.right:
            measures[test.pk] = (test.left + closed, test.right)
        else:
            measures[test.pk] = (test.left, test.right + closed)
    return measures


@transaction.atomic
def seed_course(plan, *, improving, today_visit=False):
    """A few sessions since the intake: pain falls when `improving`, otherwise it stays."""
    anamnesis = plan.anamnesis
    therapist = plan.finalized_by
    today = timezone.localdate()
    sessions = plan.schedule
    planned = sessions.get("count") or 4
    spacing = max(2, 7 // (sessions.get("per_week") or 1))
    start = timezone.localdate(anamnesis.taken_at) + datetime.timedelta(days=2)
    count = max(1, min(planned - 1, 6, (today - start).days // spacing + 1))
    days = [start + datetime.timedelta(days=spacing * i) for i in range(count)]
    if today_visit and days[-1] < today:
        days[-1] = today
    # The demo plans were signed the morning after the intake (plans.demo); the course follows.
    pain_at_intake = anamnesis.pain_now if anamnesis.pain_now is not None else 5
    for i, day in enumerate(days):
        share = (i + 1) / count if improving else 0
        # A course that does not improve still wobbles from visit to visit.
        drop = round(share * max(2, pain_at_intake // 2)) if improving else -(i % 3 == 1)
        _session(
            plan,
            therapist,
            day,
            pain=min(10, max(0, pain_at_intake - drop)),
            improving_share=share,
            note=i,
            notes=NOTES if improving else NOTES_STUCK,
        )
    return len(days)


# The long-history client: two years, two intakes, a hundred sessions. Her intakes are
# anamnesis/v2, screened for every red-flag question (all answered no); the `client` block is
# replaced by the client record's when they are stored.

CHRONIC_BACK = {
    "schema": "anamnesis/v2",
    "client": {"age": 56, "sex": "female"},
    "complaint": {
        "regions": [{"region": "lower_back", "side": "both"}],
        "duration_days": 400,
        "recurrent": True,
        "pain_character": ["dull", "pulling"],
        "radiation": "buttock",
        "intensity": {"now": 7, "worst": 9},
        "suspected": "muscle_tension",
        "causes": ["posture", "one_sided_load"],
    },
    "lifestyle": {
        "desk_hours_per_day": 7,
        "exercise_sessions_per_week": 0,
        "stress": 6,
        "occupation": "tax advisor",
    },
    "history": {"prior_injuries": []},
    "red_flags": [],
    "cautions": [],
    "findings": {
        "impairment": "both",
        "side_comparison": [],
        "tissue": "deep",
        "tone": "hardened",
        "trigger_points": [{"muscle": "quadratus lumborum", "side": "right"}],
    },
}
CHRONIC_BACK["measures"] = demo_measures(CHRONIC_BACK["complaint"])


def _flare():
    doc = {**CHRONIC_BACK, "complaint": dict(CHRONIC_BACK["complaint"])}
    doc["complaint"]["duration_days"] = 120
    doc["complaint"]["intensity"] = {"now": 6, "worst": 8}
    doc["complaint"]["regions"] = [
        {"region": "lower_back", "side": "both"},
        {"region": "sacrum_buttock", "side": "right"},
    ]
    doc["lifestyle"] = {**CHRONIC_BACK["lifestyle"], "exercise_sessions_per_week": 2}
    doc["measures"] = demo_measures(doc["complaint"], ratings_shift=1)
    return doc


def _at(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _next_version(plan, by, count, *, at):
    """The therapist revises a finished course into a longer maintenance course."""
    revision = services.plan_revise(plan=plan, by=by, at=at)
    doc = dict(revision.plan)
    doc["sessions"] = {**doc["sessions"], "count": count, "per_week": 1}
    services.plan_update(
        plan=revision,
        by=by,
        document=doc,
        therapist_notes="Maintenance course: weekly sessions while the exercise habit builds up.",
        at=at,
    )
    return services.plan_finalize(plan=revision, by=by, at=at)


@transaction.atomic
def seed_long_history(practice):
    membership = Membership.objects.filter(practice=practice).select_related("user").first()
    if membership is None:
        return 0
    therapist = membership.user
    born = datetime.date.fromisoformat(LONG_HISTORY["date_of_birth"])
    client, _created = Client.objects.get_or_create(
        practice=practice,
        first_name=LONG_HISTORY["first_name"],
        last_name=LONG_HISTORY["last_name"],
        date_of_birth=born,
        defaults={
            "sex": Client.Sex.FEMALE,
            "occupation": "Tax advisor",
            "phone": "+49 30 5550 1968",
            "referring_physician": "Dr. med. Aydin, orthopaedics",
            "consent_date": datetime.date(2024, 11, 26),
            "consent_recorded_by": therapist,
            "notes": "Long-standing low back pain; comes weekly. Prefers Monday mornings.",
        },
    )
    if not client.consents.exists():
        ConsentRecord.objects.create(
            client=client,
            kind=ConsentRecord.Kind.GIVEN,
            on=client.consent_date,
            covers=[ConsentRecord.Scope.HEALTH_DATA, ConsentRecord.Scope.PHYSICIAN],
            note="Signed form in the paper file",
            recorded_by=therapist,
        )
    if Anamnesis.objects.filter(client=client).exists():
        return 0
    added = 0
    episodes = [
        (datetime.date(2024, 11, 26), CHRONIC_BACK, [10, 20, 20], 7, 3),
        (datetime.date(2025, 11, 17), _flare(), [20, 20, 10], 6, 2),
    ]
    for intake, doc, counts, pain_start, pain_end in episodes:
        anamnesis = anamnesis_from_contract(
            client=client,
            taken_by=therapist,
            doc=with_client(doc, client, intake),
            taken_at=_at(intake),
            completed_at=_at(intake, 10),
        )
        total = sum(counts)
        day = intake + datetime.timedelta(days=6)
        plan = None
        i = 0
        for count in counts:
            signed = _at(day - datetime.timedelta(days=1), 8)
            if plan is None:
                draft = services.plan_draft(anamnesis=anamnesis, author=therapist, at=signed)
                plan = services.plan_finalize(plan=draft, by=therapist, at=signed)
            else:
                plan = _next_version(plan, therapist, count, at=signed)
            for _n in range(count):
                share = min(1, i / (total - 1) * 1.6)
                # Improves over the first months, then plateaus with the odd bad week.
                pain = round(pain_start - (pain_start - pain_end) * share)
                if i % 9 == 5:
                    pain = min(10, pain + 2)
                _session(plan, therapist, day, pain=pain, improving_share=share, note=i)
                day += datetime.timedelta(days=7)
                i += 1
                added += 1
    return added
