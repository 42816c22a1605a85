# The treatment plan fixtures (anamneses from the shared examples, plans drafted from them) and
# the treatment log's (a finalized chronic low back plan).
from tests.plans.history_fixtures import back_plan  # noqa: F401
from tests.plans.plan_fixtures import (  # noqa: F401
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
    referral_plan_record,
)
