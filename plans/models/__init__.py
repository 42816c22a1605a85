"""The plans app's records: the plan document (`plan`) and the treatment log (`log`)."""

from plans.models.log import (
    OutcomeBaseline,
    PlanNotFinal,
    PsfsActivity,
    Reassessment,
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

__all__ = [
    "SUPERSEDE_FIELDS",
    "OutcomeBaseline",
    "PlanDocument",
    "PlanEvent",
    "PlanIsFinal",
    "PlanNotFinal",
    "PsfsActivity",
    "Reassessment",
    "SafetyRemoval",
    "SessionAddendum",
    "SessionLocked",
    "TreatmentPlan",
    "TreatmentSession",
]
