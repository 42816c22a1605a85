"""The writes of the plans app, one function per action, each in one transaction.

`plan` holds the plan document's (draft, edit, finalize, revise); `log` the treatment log's
(sessions, addenda, reassessments). Callers import them from here:
`from plans import services; services.plan_draft(...)`.
"""

from plans.services.log import (
    SESSION_FIELDS,
    SessionInvalid,
    addendum_add,
    next_session_number,
    reassessment_due_for,
    reassessment_record,
    session_record,
    session_update,
    technique_problems,
)
from plans.services.plan import (
    THERAPIST_REF,
    DraftExists,
    PlanInvalid,
    ReasonRequired,
    plan_context,
    plan_draft,
    plan_finalize,
    plan_revise,
    plan_update,
    ruled_out_exercises,
    safety_label,
    safety_overrides,
)

__all__ = [
    "SESSION_FIELDS",
    "THERAPIST_REF",
    "DraftExists",
    "PlanInvalid",
    "ReasonRequired",
    "SessionInvalid",
    "addendum_add",
    "next_session_number",
    "plan_context",
    "plan_draft",
    "plan_finalize",
    "plan_revise",
    "plan_update",
    "reassessment_due_for",
    "reassessment_record",
    "ruled_out_exercises",
    "safety_label",
    "safety_overrides",
    "session_record",
    "session_update",
    "technique_problems",
]
