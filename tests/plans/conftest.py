# The treatment plan fixtures (anamneses from the shared examples, plans drafted from them).
from tests.plans.plan_fixtures import (  # noqa: F401
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
    referral_plan_record,
)
