"""A client with one of every record the app keeps, for the client's copy and the erasure:
intakes (one locked and amended after a clearance), plans (superseded and final, with archived
PDFs), sessions with an addendum and a reassessment, referrals with outcomes, consent records
and a restriction request."""

import datetime

from django.utils import timezone

from anamnesis.models import Anamnesis
from clinic import services as clinic_services
from plans import services
from tests.plans.history_fixtures import record
from tests.plans.plan_fixtures import ACUTE_NECK, NECK_NERVE_ROOT, plan_from
from tests.plans.test_referrals import URGENT


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def full_record(client, by, *, day=None):
    """Every kind of record for `client`, the intakes and plans dated `day` (today by default)
    and the sessions the days after."""
    day = day or timezone.localdate()
    at = moment(day)
    plan = services.plan_finalize(plan=plan_from(client, by, ACUTE_NECK, taken_at=at), by=by, at=at)
    first = record(plan, by, date=day + datetime.timedelta(days=1))
    services.addendum_add(session=first, author=by, text="Pain was 6, not 5.")
    record(plan, by, date=day + datetime.timedelta(days=8), reassessment={"pain_now": 2})
    revision = services.plan_revise(plan=plan, by=by)
    services.plan_finalize(plan=revision, by=by, at=at)
    routine = services.plan_finalize(
        plan=plan_from(client, by, NECK_NERVE_ROOT, taken_at=at), by=by, at=at
    )
    services.referral_outcome_record(
        referral=routine.referral_record, kind="seen", on=day, by=by, at=at
    )
    urgent = services.plan_finalize(plan=plan_from(client, by, URGENT, taken_at=at), by=by, at=at)
    cleared = services.referral_outcome_record(
        referral=urgent.referral_record, kind="cleared", on=day, by=by, at=at
    )
    amendment = services.referral_anamnesis(outcome=cleared, by=by)
    Anamnesis.objects.filter(pk=amendment.pk).update(taken_at=at)  # a draft: not protected
    clinic_services.consent_record(client=client, kind="given", on=day, by=by, covers=["physician"])
    return plan
