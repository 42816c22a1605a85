# The treatment plan fixtures (anamneses from the shared examples, plans drafted from them).
# The treatment log fixtures (issue 6).
from tests.plans.history_fixtures import back_plan  # noqa: F401
from tests.plans.plan_fixtures import (  # noqa: F401
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
    referral_plan_record,
)
