"""The writes of the plans app, one function per action, each in one transaction.

`plan` holds the plan document's (draft, edit, finalize, revise); `referral` the referral's
follow-up (outcomes, the next intake); `log` the treatment log's (sessions, addenda,
reassessments). Callers import them from here:
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
    plan_referral,
    plan_revise,
    plan_update,
    ruled_out_exercises,
    safety_label,
    safety_overrides,
    sheet_context,
)
from plans.services.referral import (
    ADVICE_BY_URGENCY,
    ReferralInvalid,
    clearance_summary,
    engine_input,
    open_referrals,
    outcome_problems,
    recipient_defaults,
    referral_anamnesis,
    referral_outcome_record,
)

__all__ = [
    "ADVICE_BY_URGENCY",
    "SESSION_FIELDS",
    "THERAPIST_REF",
    "DraftExists",
    "PlanInvalid",
    "ReasonRequired",
    "ReferralInvalid",
    "SessionInvalid",
    "addendum_add",
    "clearance_summary",
    "engine_input",
    "next_session_number",
    "open_referrals",
    "outcome_problems",
    "plan_context",
    "plan_draft",
    "plan_finalize",
    "plan_referral",
    "plan_revise",
    "plan_update",
    "reassessment_due_for",
    "reassessment_record",
    "recipient_defaults",
    "referral_anamnesis",
    "referral_outcome_record",
    "ruled_out_exercises",
    "safety_label",
    "safety_overrides",
    "session_record",
    "session_update",
    "sheet_context",
    "technique_problems",
]
