"""seed_demo gives finalized plans, a superseded version, drafts, plans that treat with cautions
or a routine referral, and referrals at every tier, all drafted by the v2 engine, once."""

import pytest
from django.utils import timezone

from anamnesis.demo import seed_anamneses
from clinic.demo import DEMO_PASSWORD, seed_clinic
from plans.demo.plans import SEEN_AFTER_DAYS, seed_plans
from plans.engine import validate_plan, vocabulary
from plans.models import PlanDocument, Referral, TreatmentPlan

pytestmark = pytest.mark.django_db


def test_seed_plans_covers_every_kind_of_plan_and_is_idempotent():
    seed_clinic(DEMO_PASSWORD)
    seed_anamneses()
    assert seed_plans() > 0
    plans = TreatmentPlan.objects.all()
    assert plans.filter(status="final").exists()
    assert plans.filter(status="superseded", superseded_by__isnull=False).exists()
    assert plans.filter(status="draft").exists()
    assert plans.filter(plan__decision="refer", status="final").exists()
    assert PlanDocument.objects.count() == plans.exclude(status="draft").count()
    for plan in plans:
        assert plan.plan["schema"] == vocabulary.PLAN_V2
        assert validate_plan(plan.plan) == [], plan
    current = [plan.plan for plan in plans.exclude(status="superseded")]
    # Every tier of referral: emergency, same day, urgent, and a routine one that treats.
    referred = {p["referral"]["urgency"] for p in current if p["decision"] == "refer"}
    assert referred == {"emergency", "same_day", "urgent"}
    assert any(p["decision"] == "treat" and p["referral"] for p in current)
    # Plans that treat: with and without cautions, at every pressure.
    treated = plans.exclude(status="superseded").filter(plan__decision="treat")
    assert treated.exclude(anamnesis__cautions=[]).exists()
    assert treated.filter(anamnesis__cautions=[]).exists()
    assert {p["pressure"] for p in current if p["decision"] == "treat"} == set(vocabulary.PRESSURE)
    assert not plans.filter(plan__decision="screen").exists()
    # The dashboard's open referrals are recent ones; older referrals have their answer.
    today = timezone.localdate()
    for referral in Referral.objects.all():
        recent = (today - timezone.localdate(referral.created_at)).days <= SEEN_AFTER_DAYS
        answered = referral.outcomes.exists()
        assert answered or recent, referral
    assert Referral.objects.open().exists()
    before = plans.count()
    assert seed_plans() == 0
    assert TreatmentPlan.objects.count() == before
