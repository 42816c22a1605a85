"""The rules page's content, read from the engine's rule table and configuration (no copy)."""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import labels
from plans.engine import DEFAULT_CONFIG, GROUPS, RULES
from plans.engine.config import Schedule


def _names(codes, words):
    return ", ".join(str(words[code]) for code in codes)


def describe_effect(effect, config=DEFAULT_CONFIG):
    """The effect of a rule on the plan, as short translated lines."""
    lines = []
    if effect.refer:
        lines.append(_("Refer instead of treating: %s") % labels.URGENCY[effect.refer])
    if effect.avoid:
        lines.append(_("Avoid: %s") % _names(effect.avoid, labels.AVOID))
    if effect.pressure_at_most:
        lines.append(_("Pressure at most: %s") % labels.PRESSURE[effect.pressure_at_most])
    if effect.techniques:
        lines.append(_("Techniques: %s") % _names(effect.techniques, labels.TECHNIQUE))
    if effect.pressure:
        lines.append(_("Pressure: %s") % labels.PRESSURE[effect.pressure])
    if effect.sessions:
        lines.append(describe_schedule(config.schedule(effect.sessions)))
    if effect.self_care:
        lines.append(_("Self-care: %s") % _names(effect.self_care, labels.SELF_CARE))
    if effect.warning:
        lines.append(_("Warning: %s") % _(effect.warning))
    return lines


def describe_schedule(schedule):
    return _(
        "%(count)s sessions of %(minutes)s minutes, %(per_week)s a week; "
        "reassess after session %(reassess)s"
    ) % {
        "count": schedule.count,
        "minutes": schedule.minutes,
        "per_week": schedule.per_week,
        "reassess": min(schedule.reassess_after, schedule.count),
    }


def _config_values(config):
    return dataclasses.asdict(config)


def rule_groups(config=DEFAULT_CONFIG):
    """[(group label, [rule rows])] in the order the rules run."""
    values = _config_values(config)
    groups = []
    for group in GROUPS:
        rows = [
            {
                "id": rule.id,
                "explanation": _(rule.explanation).format(**values),
                "effects": describe_effect(rule.effect, config),
                "source": _(rule.source),
            }
            for rule in RULES
            if rule.group == group
        ]
        groups.append({"id": group, "label": labels.RULE_GROUP[group], "rules": rows})
    return groups


THRESHOLD_LABELS = {
    "acute_below_days": gettext_lazy("Acute: fewer days since onset than"),
    "chronic_above_days": gettext_lazy("Chronic: more days since onset than"),
    "severe_pain_from": gettext_lazy("Severe pain: pain rating (0-10) from"),
    "desk_hours_from": gettext_lazy("Desk work: hours a day from"),
    "stress_from": gettext_lazy("Stress management: stress rating (0-10) from"),
    "active_from_sessions_per_week": gettext_lazy("Active: exercise sessions a week from"),
    "default_pressure": gettext_lazy("Pressure when no rule asks for another"),
    "acute": gettext_lazy("Course for an acute complaint"),
    "subacute": gettext_lazy("Course for a subacute complaint"),
    "chronic_neck": gettext_lazy("Course for chronic neck pain"),
    "chronic_low_back": gettext_lazy("Course for chronic low back pain"),
    "chronic": gettext_lazy("Course for other chronic complaints"),
}


def thresholds(config=DEFAULT_CONFIG):
    """[(label, value)] for every field of the configuration."""
    rows = []
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if isinstance(value, Schedule):
            shown = describe_schedule(value)
        elif field.name == "default_pressure":
            shown = labels.PRESSURE[value]
        else:
            shown = value
        rows.append({"name": field.name, "label": THRESHOLD_LABELS[field.name], "value": shown})
    return rows
