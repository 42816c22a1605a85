"""Demo treatment plans for `manage.py seed_demo`, drafted from the demo anamneses.

Idempotent: an anamnesis that already has a plan is left alone. Among the plans: finalized ones,
a finalized plan superseded by a second version, drafts the therapist has started to edit, and
referral letters where the screening found red flags.
"""

import copy
import datetime

from django.db import transaction
from django.utils import timezone

from anamnesis.models import Anamnesis
from plans import services

INSTRUCTIONS = "Please wear comfortable clothes and bring this plan to every session."


def seed_plans(practice=None):
    """Plans for the completed demo anamneses; returns how many anamneses got a plan now."""
    anamneses = (
        Anamnesis.objects.completed()
        .filter(previous__isnull=True)
        .select_related("client", "taken_by")
        .order_by("client__last_name", "client__first_name", "taken_at")
    )
    if practice is not None:
        anamneses = anamneses.for_practice(practice)
    count = 0
    for index, anamnesis in enumerate(anamneses):
        if not anamnesis.plans.exists():
            seed_plan(anamnesis, kind=("revised", "final", "draft", "final")[index % 4])
            count += 1
    return count


@transaction.atomic
def seed_plan(anamnesis, *, kind):
    therapist = anamnesis.taken_by
    plan = services.plan_draft(anamnesis=anamnesis, author=therapist)
    refer = plan.plan["decision"] == "refer"
    services.plan_update(
        plan=plan,
        by=therapist,
        document=plan.plan,
        client_instructions="" if refer else INSTRUCTIONS,
    )
    if kind == "draft" and not refer:
        return _longer_course(plan, therapist)
    signed = _signing_time(anamnesis)
    plan = services.plan_finalize(plan=plan, by=therapist, at=signed)
    if kind == "revised" and not refer:
        revision = _longer_course(services.plan_revise(plan=plan, by=therapist), therapist)
        return services.plan_finalize(plan=revision, by=therapist, at=signed)
    return plan


def _signing_time(anamnesis):
    """The morning after the intake (never in the future), so the archived PDF shows the date
    the demo course starts from."""
    day = timezone.localdate(anamnesis.taken_at) + datetime.timedelta(days=1)
    signed = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
    return min(signed, timezone.now())


def _longer_course(plan, by):
    """The therapist's typical edit: two more sessions and a note on what to watch."""
    doc = copy.deepcopy(plan.plan)
    doc["sessions"]["count"] = min(doc["sessions"]["count"] + 2, 20)
    return services.plan_update(
        plan=plan,
        by=by,
        document=doc,
        therapist_notes="Two more sessions: the client travels often and will miss some weeks.",
    )
