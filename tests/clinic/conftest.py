# The audit trail is recorded by every app's views, so its tests take records from all of them:
# the treatment plan fixtures and the treatment log's finalized chronic low back plan.
from tests.plans.history_fixtures import back_plan  # noqa: F401
from tests.plans.plan_fixtures import (  # noqa: F401
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
    referral_plan_record,
)
