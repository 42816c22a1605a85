"""Display labels for the plan codes, keyed by the contract's vocabulary codes.

The codes stay codes everywhere else (database, JSON, templates); they are translated only here,
at the edge. A test checks that every code of the vocabulary has a label.
"""

from django.utils.translation import gettext_lazy as _

from anamnesis.labels import STARTBACK_NOTICE, STARTBACK_RISK
from plans import outcomes
from plans.engine.exercises import EXERCISES

DECISION = {
    "treat": _("Treat"),
    "refer": _("Refer"),
    "screen": _("Screen first"),
}

URGENCY = {
    "emergency": _("Emergency: emergency department now"),
    "same_day": _("Same day: a physician today"),
    "urgent": _("Urgent: a physician within a week, no treatment before"),
    "routine": _("Routine: treat and inform the physician"),
}

PRESSURE = {
    "light": _("Light"),
    "moderate": _("Moderate"),
    "firm": _("Firm"),
}

TECHNIQUE = {
    "classic_massage": _("Classic massage"),
    "effleurage": _("Effleurage"),
    "petrissage": _("Petrissage"),
    "friction": _("Friction"),
    "tapotement": _("Tapotement"),
    "vibration": _("Vibration"),
    "trigger_point_therapy": _("Trigger point therapy"),
    "fascia_therapy": _("Fascia therapy"),
    "deep_tissue_massage": _("Deep tissue massage"),
}

AVOID = {
    "pressure_on_spine": _("Pressure on the spine"),
    "pressure_on_bones_and_joints": _("Pressure on bones and joints"),
    "deep_pressure": _("Deep pressure"),
    "heat": _("Heat"),
    "friction_at_site": _("Friction at the site"),
    "tapotement": _("Tapotement"),
    "massage_at_site": _("Massage at the site"),
    "all_massage": _("Any massage"),
    "prone_position": _("Lying prone"),
    "nut_oils": _("Nut oils"),
}

# The exercises' names are the engine's own plain words (it keeps their steps and doses too).
EXERCISE = {code: exercise.name for code, exercise in EXERCISES.items()}

POSITION = {
    "prone": _("Prone"),
    "side_lying": _("Side-lying"),
    "supine": _("Supine"),
    "seated": _("Seated"),
}

SELF_CARE = {
    "strengthening": _("Strengthening exercise"),
    "stretching": _("Stretching"),
    "yoga_or_pilates": _("Yoga or Pilates"),
    "movement_breaks": _("Movement breaks"),
    "neck_shoulder_circles": _("Neck and shoulder circles"),
    "posture_changes": _("Changes of posture"),
    "hourly_walk": _("A short walk every hour"),
    "heat": _("Heat at home"),
    "stress_management": _("Stress management"),
    "education_reassurance": _("Education and reassurance"),
    "stay_active": _("Staying active"),
}

# The groups of the rule table, in the order the rules run.
RULE_GROUP = {
    "safety": _("Safety"),
    "techniques": _("Techniques"),
    "pressure": _("Pressure"),
    "positioning": _("Positioning"),
    "sessions": _("Sessions"),
    "self_care": _("Self-care"),
    "exercises": _("Home exercises"),
}

# What each kind of rule effect (a field of the engine's `Effect`) does, as the rules page
# names it.
EFFECT = {
    "refer": _("Referral"),
    "avoid": _("Avoid"),
    "avoid_in": _("Avoid in the affected region"),
    "pressure_at_most": _("Pressure at most"),
    "rule_out_techniques": _("Techniques ruled out"),
    "rule_out_positions": _("Positions ruled out"),
    "rule_out_self_care": _("Self-care ruled out"),
    "rule_out_exercises": _("Exercises ruled out"),
    "positions_only": _("Positioning only"),
    "sessions_at_most": _("Sessions at most"),
    "minutes_at_most": _("Every session at most"),
    "first_minutes_at_most": _("First sessions at most"),
    "techniques": _("Techniques"),
    "pressure": _("Pressure asked for"),
    "positioning": _("Positioning"),
    "sessions": _("Course of sessions"),
    "self_care": _("Self-care"),
    "exercises": _("Home exercises"),
    "warning": _("Warning on the plan"),
}

# Where a region-limited avoid item applies (the engine's `rules.AVOID_IN`).
AVOID_IN = {
    "nerve_root": _(
        "where the nerve root signs are: the neck for arm signs, the low back and buttock for "
        "leg signs"
    ),
}

VERDICT = {
    outcomes.IMPROVED: _("improved"),
    outcomes.UNCHANGED: _("not improved"),
    outcomes.WORSE: _("worse"),
}

# NICE NG59 on the STarT Back risk bands (paraphrased).
STARTBACK_ADVICE = {
    "low": _("Advice and self-management: reassurance, staying active."),
    "medium": _("An exercise programme, with manual therapy only inside it."),
    "high": _("Exercise with a psychologically informed approach."),
}


def startback_words(startback):
    """What a page shows of a STarT Back screening (an `outcomes.StartBackResult` or None): the
    result, its risk band in words, NICE NG59's advice for the band and Keele's notice."""
    return {
        "startback": startback,
        "startback_risk": STARTBACK_RISK[startback.risk] if startback else "",
        "startback_advice": STARTBACK_ADVICE[startback.risk] if startback else "",
        "startback_notice": STARTBACK_NOTICE,
    }
