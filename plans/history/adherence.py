"""Adherence to the home exercise programme and what it suggests at a reassessment.

Each session records whether the client did the exercises (yes / partly / no) and which hurt.
At a reassessment the app suggests, per exercise of the plan: regress one that hurt (its easier
variant), progress one done without a flare (its harder variant), keep the others as they are.
The therapist decides; nothing here changes a plan.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plans.engine.exercises import EXERCISES
from plans.models import Adherence

PROGRESS, REGRESS, KEEP = "progress", "regress", "keep"
SUGGESTION_WORDS = {
    PROGRESS: _("Progress: done without a flare"),
    REGRESS: _("Make it easier: it hurt"),
    KEEP: _("Keep as it is: not done yet"),
}


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    action: str  # PROGRESS | REGRESS | KEEP
    words: str
    variant: str  # the harder or easier variant's text; "" to keep


def exercise_suggestions(plan_exercises, sessions):
    """Per exercise of the plan (its items), a Suggestion from the sessions recorded so far.

    An exercise that hurt at any of `sessions` is regressed; one the client did (fully or partly)
    at some session without it hurting is progressed; otherwise it is kept.
    """
    hurt = {code for s in sessions for code in s.exercises_hurt or []}
    done = any(s.exercises_done in (Adherence.YES, Adherence.PARTLY) for s in sessions)
    suggestions = []
    for item in plan_exercises:
        exercise = EXERCISES[item["code"]]
        if item["code"] in hurt:
            action, variant = REGRESS, exercise.regression
        elif done:
            action, variant = PROGRESS, exercise.progression
        else:
            action, variant = KEEP, ""
        suggestions.append(
            Suggestion(item["code"], exercise.name, action, str(SUGGESTION_WORDS[action]), variant)
        )
    return suggestions


def adherence_words(session):
    """ "Exercises: partly; hurt: Bridge" for a timeline entry; "" when not recorded."""
    if not session.exercises_done:
        return ""
    words = _("exercises: %(done)s") % {
        "done": str(Adherence(session.exercises_done).label).lower()
    }
    if session.exercises_hurt:
        names = ", ".join(EXERCISES[code].name for code in session.exercises_hurt)
        words = _("%(words)s; hurt: %(names)s") % {"words": words, "names": names}
    return str(words)


def adherence_summary(sessions):
    """How often the client did the exercises: {"yes", "partly", "no", "recorded", "hurt"}."""
    recorded = [s for s in sessions if s.exercises_done]
    summary = dict.fromkeys(Adherence.values, 0)
    for s in recorded:
        summary[s.exercises_done] += 1
    summary["recorded"] = len(recorded)
    summary["hurt"] = sorted(
        {EXERCISES[code].name for s in recorded for code in s.exercises_hurt or []}
    )
    return summary
