"""Writes on referrals: recorded when a referring plan is finalized, then followed up.

`referral_record` runs inside `plan_finalize` (the letter is rendered from what it records);
`referral_outcome_record` appends what came of it; `referral_anamnesis` starts the next intake
with the physician's restrictions as cautions.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anamnesis import labels as anamnesis_labels
from anamnesis import services as anamnesis_services
from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from plans.models import Clearance, PlanEvent, Referral, ReferralOutcome

# Advice the therapist can tick, by tier: what fits that tier's ask.
ADVICE_BY_URGENCY = {
    "emergency": (
        Referral.Advice.EMERGENCY_DEPARTMENT_NOW,
        Referral.Advice.NOT_DRIVE,
        Referral.Advice.CALL_EMERGENCY_IF,
        Referral.Advice.SHEET_GIVEN,
    ),
    "same_day": (
        Referral.Advice.PHYSICIAN_TODAY,
        Referral.Advice.CALL_EMERGENCY_IF,
        Referral.Advice.SHEET_GIVEN,
    ),
    "urgent": (
        Referral.Advice.PHYSICIAN_WITHIN_WEEK,
        Referral.Advice.CALL_EMERGENCY_IF,
        Referral.Advice.SHEET_GIVEN,
    ),
    "routine": (Referral.Advice.TELL_PHYSICIAN,),
}
# Whom an emergency letter goes to when the client has no physician on record.
EMERGENCY_RECIPIENT = gettext_lazy("The physician on duty")
EMERGENCY_DEPARTMENT = gettext_lazy("Emergency department")
RECIPIENT_FIELDS = ("recipient_name", "recipient_practice", "recipient_address", "recipient_fax")


class ReferralInvalid(ValueError):
    """The outcome cannot be recorded; `problems` maps form field names to messages."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def referral_of(plan):
    """The plan's referral as the plan/v2 document has it ({urgency, because}), or None."""
    return plan.plan.get("referral") or None


def recipient_defaults(plan):
    """The recipient prefilled for a plan's letter: the client's referring physician, or, for an
    emergency, the physician on duty in the emergency department."""
    referral = referral_of(plan)
    physician = plan.anamnesis.client.referring_physician.strip()
    if physician:
        return {"recipient_name": physician, "recipient_practice": ""}
    if referral and referral["urgency"] == "emergency":
        return {
            "recipient_name": str(EMERGENCY_RECIPIENT),
            "recipient_practice": str(EMERGENCY_DEPARTMENT),
        }
    return {"recipient_name": "", "recipient_practice": ""}


def unsaved_referral(plan, *, details=None, by=None, at=None):
    """The Referral the plan would record (for its letter), not saved: `details` has the
    recipient fields and `advice`; missing ones take the defaults."""
    referral = referral_of(plan)
    if referral is None:
        return None
    details = {**recipient_defaults(plan), **(details or {})}
    allowed = ADVICE_BY_URGENCY[referral["urgency"]]
    # By id: an unsaved referral must not be cached on the plan as if it were recorded.
    return Referral(
        plan_id=plan.pk,
        urgency=referral["urgency"],
        advice=[code for code in allowed if code in (details.get("advice") or ())],
        created_by=by or plan.created_by,
        created_at=at or timezone.now(),
        **{field: (details.get(field) or "").strip() for field in RECIPIENT_FIELDS},
    )


def referral_record(*, plan, by, at, details=None):
    """Record the referral of a plan being finalized (called by plan_finalize, in its
    transaction). Without a recipient name the letter is addressed to “the treating physician”."""
    referral = unsaved_referral(plan, details=details, by=by, at=at)
    if referral is None:
        return None
    if not referral.recipient_name:
        referral.recipient_name = str(_("The treating physician"))
    referral.save()
    PlanEvent.objects.create(
        plan=plan,
        kind=PlanEvent.Kind.REFERRED,
        by=by,
        at=at,
        detail=[
            {
                "change": "referred",
                "urgency": referral.urgency,
                "recipient": referral.recipient_name,
                "advice": referral.advice,
            }
        ],
    )
    return referral


def outcome_problems(*, referral, kind, on, restrictions="", cautions=(), today=None):
    """Why this outcome cannot be recorded, by form field; empty when it can."""
    today = today or timezone.localdate()
    problems = {}
    referred_on = timezone.localdate(referral.created_at)
    if on > today:
        problems["on"] = _("The date cannot be in the future.")
    elif on < referred_on:
        problems["on"] = _("The date cannot be before the referral (%(day)s).") % {
            "day": referred_on.strftime("%Y-%m-%d")
        }
    if kind == ReferralOutcome.Kind.NO_REPLY and not referral.no_reply_due(today):
        due = referred_on + datetime.timedelta(days=settings.REFERRAL_NO_REPLY_DAYS)
        problems["kind"] = _(
            "“No reply” can be recorded %(n)s days after the referral, from %(day)s."
        ) % {"n": settings.REFERRAL_NO_REPLY_DAYS, "day": due.strftime("%Y-%m-%d")}
    if kind != ReferralOutcome.Kind.CLEARED:
        if restrictions.strip():
            problems["restrictions"] = _("Restrictions belong to a clearance for treatment.")
        if cautions:
            problems["cautions"] = _("Cautions belong to a clearance for treatment.")
    return problems


@transaction.atomic
def referral_outcome_record(
    *, referral, kind, on, by, restrictions="", cautions=(), note="", at=None, submission=None
):
    """Append what came of a referral (seen, cleared with any restrictions, not cleared, no
    reply); the referral is closed from then on. Raises ReferralInvalid."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    problems = outcome_problems(
        referral=referral, kind=kind, on=on, restrictions=restrictions, cautions=cautions
    )
    if problems:
        raise ReferralInvalid(problems)
    at = at or timezone.now()
    outcome = ReferralOutcome.objects.create(
        referral=referral,
        kind=kind,
        on=on,
        restrictions=restrictions.strip(),
        cautions=list(cautions),
        note=note.strip(),
        recorded_by=by,
        recorded_at=at,
        submission=submission,
    )
    PlanEvent.objects.create(
        plan=referral.plan,
        kind=PlanEvent.Kind.OUTCOME,
        by=by,
        at=at,
        detail=[{"change": "outcome", "outcome": kind, "on": on.isoformat()}],
    )
    return outcome


def restriction_note(outcome):
    """The caution note an amendment gets from a clearance: who cleared, when, with what."""
    referral = outcome.referral
    note = _("Cleared for treatment by %(who)s on %(day)s (referral of %(referred)s).") % {
        "who": referral.recipient_name,
        "day": outcome.on.strftime("%Y-%m-%d"),
        "referred": timezone.localdate(referral.created_at).strftime("%Y-%m-%d"),
    }
    if outcome.restrictions:
        note += " " + _("Restrictions: %(text)s") % {"text": outcome.restrictions}
    return note


@transaction.atomic
def referral_anamnesis(*, outcome, by, new=False):
    """The next intake after a clearance, with the physician's restrictions as cautions.

    By default an amendment of the newest version of the referred intake (an open one is
    continued); with `new`, a new anamnesis of the client. Returns the draft to edit.
    """
    if not outcome.is_clearance:
        raise ReferralInvalid({"kind": _("Only a clearance leads to a new intake.")})
    referral = outcome.referral
    if new:
        anamnesis = anamnesis_services.anamnesis_start(client=referral.client, taken_by=by)
    else:
        newest = anamnesis_services.newest_version(referral.plan.anamnesis)
        anamnesis = anamnesis_services.anamnesis_amend(anamnesis=newest, by=by)
    anamnesis = anamnesis_services.anamnesis_add_cautions(
        anamnesis=anamnesis, codes=outcome.cautions, note=restriction_note(outcome)
    )
    Clearance.objects.update_or_create(
        anamnesis=anamnesis,
        defaults={"outcome": outcome, "red_flags": list(referral.plan.anamnesis.red_flags)},
    )
    return anamnesis


def clearance_of(anamnesis):
    """The physician's clearance that covers `anamnesis`: recorded on it or on an earlier
    version of it (an amendment stays cleared), else None."""
    versions, previous = [anamnesis.pk], anamnesis.previous_id
    while previous is not None:
        versions.append(previous)
        previous = Anamnesis.objects.filter(pk=previous).values_list("previous_id", flat=True)[0]
    return (
        Clearance.objects.filter(anamnesis__in=versions)
        .select_related("outcome__referral")
        .order_by("-anamnesis__version")
        .first()
    )


def engine_input(anamnesis):
    """The anamnesis/v2 document the engine drafts from, and the clearance that shaped it.

    It is the intake as recorded, except that the red flags a physician assessed and cleared
    no longer refer: the referral was made and answered. Any other flag still refers.
    """
    doc = anamnesis_to_contract(anamnesis)
    clearance = clearance_of(anamnesis)
    if clearance is not None and "red_flags" in doc:
        doc["red_flags"] = [code for code in doc["red_flags"] if code not in clearance.red_flags]
    return doc, clearance


def clearance_summary(anamnesis, clearance=None):
    """What the plan says about a clearance that covers `anamnesis`: the flags it answers yes
    that the physician assessed, who cleared the client, when, with what restrictions; None
    when no flag of this intake was cleared."""
    clearance = clearance or clearance_of(anamnesis)
    if clearance is None:
        return None
    flags = [code for code in anamnesis.red_flags if code in clearance.red_flags]
    if not flags:
        return None
    outcome = clearance.outcome
    return {
        "flags": [anamnesis_labels.RED_FLAG.get(code, code) for code in flags],
        "by": outcome.referral.recipient_name,
        "on": outcome.on,
        "restrictions": outcome.restrictions,
        "referral": outcome.referral,
    }


def open_referrals(practice):
    """The practice's open referrals, oldest first, with what the lists show (a queryset, so a
    page counts them and loads only the rows it shows)."""
    return (
        Referral.objects.for_practice(practice)
        .open()
        .filter(
            plan__anamnesis__client__archived_at__isnull=True,
            plan__anamnesis__client__restricted_at__isnull=True,
        )
        .select_related("plan__anamnesis__client")
        .oldest_first()
    )
