"""The treatment log on other apps' pages: one tag, so their templates need one line."""

from django import template

from plans import labels, outcomes
from plans.models import TreatmentPlan

register = template.Library()


@register.inclusion_tag("plans/includes/_plan_outcomes.html")
def plan_outcomes(plan):
    """Sessions done against the plan, and the measures taken with its anamnesis (STarT Back
    with its risk band and notice, the PSFS activities), with a link to record a session."""
    anamnesis = plan.anamnesis
    activities = list(anamnesis.psfs_activities.all())
    startback = outcomes.startback_of(anamnesis)
    planned = plan.planned_sessions
    done = plan.sessions.count()
    return {
        "plan": plan,
        "anamnesis": anamnesis,
        "can_record": plan.status == TreatmentPlan.Status.FINAL and not plan.is_referral,
        "done": done,
        "planned": planned,
        "next_number": done + 1,
        "activities": activities,
        "psfs_mean": outcomes.psfs_mean(a.baseline for a in activities)
        if len(activities) >= outcomes.PSFS_MIN_ACTIVITIES
        else None,
        **labels.startback_words(startback),
    }
