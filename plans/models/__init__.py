"""The plans app's records: the plan document (`plan`) and the treatment log (`log`)."""

from plans.models.log import (
    Adherence,
    PlanNotFinal,
    Reassessment,
    ReassessmentSideComparison,
    SessionAddendum,
    SessionLocked,
    TreatmentSession,
)
from plans.models.plan import (
    SUPERSEDE_FIELDS,
    PlanDocument,
    PlanEvent,
    PlanIsFinal,
    SafetyRemoval,
    TreatmentPlan,
)
from plans.models.referral import Clearance, Referral, ReferralOutcome
from plans.models.tally import PracticeOutcomeTally

__all__ = [
    "SUPERSEDE_FIELDS",
    "Adherence",
    "Clearance",
    "PlanDocument",
    "PlanEvent",
    "PlanIsFinal",
    "PlanNotFinal",
    "PracticeOutcomeTally",
    "Reassessment",
    "ReassessmentSideComparison",
    "Referral",
    "ReferralOutcome",
    "SafetyRemoval",
    "SessionAddendum",
    "SessionLocked",
    "TreatmentPlan",
    "TreatmentSession",
]
