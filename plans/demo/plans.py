"""Demo treatment plans for `manage.py seed_demo`, drafted by the plan engine (plan/v2) from the
demo anamneses.

Idempotent: an anamnesis that already has a plan is left alone, and so is one whose red-flag
screening is not complete (the engine screens first; no plan is drafted). Among the plans:
finalized ones, a finalized plan superseded by a second version, drafts the therapist has started
to edit, plans that treat with cautions or with a routine referral, and referral letters at every
tier where the screening found red flags. A plan that is finalized is drafted, edited and signed
the morning after the intake: the services are given that moment, since a signed record is never
rewritten afterwards (the database refuses).
"""

import copy
import datetime

from django.db import transaction
from django.utils import timezone

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from plans import services
from plans.engine import draft_plan

INSTRUCTIONS = "Please wear comfortable clothes and bring this plan to every session."
# Referrals older than this (days) were answered long ago in the demo; newer ones stay open.
SEEN_AFTER_DAYS = 30


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
        if anamnesis.red_flag_screening_done and not anamnesis.plans.exists():
            seed_plan(anamnesis, kind=("revised", "final", "draft", "final")[index % 4])
            count += 1
    return count


@transaction.atomic
def seed_plan(anamnesis, *, kind):
    therapist = anamnesis.taken_by
    refer = draft_plan(anamnesis_to_contract(anamnesis))["decision"] == "refer"
    # A draft is being worked on now; every other plan was written and signed back then.
    stays_draft = kind == "draft" and not refer
    signed = None if stays_draft else _signing_time(anamnesis)
    plan = services.plan_draft(anamnesis=anamnesis, author=therapist, at=signed)
    services.plan_update(
        plan=plan,
        by=therapist,
        document=plan.plan,
        client_instructions="" if refer else INSTRUCTIONS,
        at=signed,
    )
    if stays_draft:
        return _longer_course(plan, therapist)
    urgency = (plan.plan.get("referral") or {}).get("urgency")
    plan = services.plan_finalize(
        plan=plan, by=therapist, at=signed, referral=_advice_given(urgency) if refer else None
    )
    if urgency == "urgent":
        _cleared(plan.referral_record, therapist)
    elif refer or urgency:
        _seen_if_long_ago(plan.referral_record, therapist)
    if kind == "revised" and not refer:
        revision = services.plan_revise(plan=plan, by=therapist, at=signed)
        revision = _longer_course(revision, therapist, at=signed)
        return services.plan_finalize(plan=revision, by=therapist, at=signed)
    return plan


def _advice_given(urgency):
    """What the demo therapist told a client who is referred: the tier's advice (and the sheet)."""
    advice = services.ADVICE_BY_URGENCY[urgency]
    return {"advice": [code for code in advice if code != "not_drive"]}


def _seen_if_long_ago(referral, by):
    """A referral of more than a month ago was answered long since: the physician saw the
    client. The recent ones stay open, so the dashboard shows them."""
    referred = timezone.localdate(referral.created_at)
    if (timezone.localdate() - referred).days <= SEEN_AFTER_DAYS:
        return
    on = referred + datetime.timedelta(days=2)
    services.referral_outcome_record(
        referral=referral,
        kind="seen",
        on=on,
        by=by,
        note="Letter from the physician received: examined, treated, no further action for us.",
        at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(17))),
    )


def _cleared(referral, by):
    """The physician's reply to an urgent referral, a few days later: cleared, with restrictions.
    The other referrals stay open, so the dashboard shows them (emergency and same day first)."""
    referred = timezone.localdate(referral.created_at)
    on = min(referred + datetime.timedelta(days=5), timezone.localdate())
    services.referral_outcome_record(
        referral=referral,
        kind="cleared",
        on=on,
        by=by,
        restrictions="No deep pressure over the thoracic spine; light exercise only for 6 weeks.",
        cautions=["osteoporosis"],
        at=min(
            timezone.make_aware(datetime.datetime.combine(on, datetime.time(17))), timezone.now()
        ),
    )


def _signing_time(anamnesis):
    """The morning after the intake (never in the future), so the archived PDF shows the date
    the demo course starts from."""
    day = timezone.localdate(anamnesis.taken_at) + datetime.timedelta(days=1)
    signed = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
    return min(signed, timezone.now())


def _longer_course(plan, by, at=None):
    """The therapist's typical edit: two more sessions and a note on what to watch."""
    doc = copy.deepcopy(plan.plan)
    doc["sessions"]["count"] = min(doc["sessions"]["count"] + 2, 20)
    return services.plan_update(
        plan=plan,
        by=by,
        document=doc,
        therapist_notes="Two more sessions: the client travels often and will miss some weeks.",
        at=at,
    )
