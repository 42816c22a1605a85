"""seed_demo gives finalized plans, a superseded version, drafts and a referral, once."""

import pytest

from anamnesis.demo import seed_anamneses
from clinic.demo import DEMO_PASSWORD, seed_clinic
from plans.demo.plans import seed_plans
from plans.models import PlanDocument, TreatmentPlan

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
    before = plans.count()
    assert seed_plans() == 0
    assert TreatmentPlan.objects.count() == before
