"""The rules page's content, read from the engine's rule table and configuration (no copy).

Every rule is shown in running order with its explanation (its thresholds filled in from the
configuration), its effect in the therapist's words, and its source; then what the safety
decisions carry through the rest of the plan, and every threshold of the configuration. The
numbers, codes and texts all come from the engine; only the words around them live here.
"""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plans import labels
from plans.document import explanations
from plans.engine import DEFAULT_CONFIG, EXERCISES, GROUPS, RULES, Effect, vocabulary
from plans.engine import config as engine_config
from plans.engine.config import Schedule
from plans.engine.rules import (
    AVOID_BLOCKS_POSITIONS,
    AVOID_BLOCKS_SELF_CARE,
    AVOID_BLOCKS_TECHNIQUES,
    AVOID_CAPS_PRESSURE,
    REFERRAL_SELF_CARE,
    rules_in_order,
)


def _names(codes, words):
    return ", ".join(str(words.get(code, code)) for code in codes)


def _number(value):
    """4.0 -> 4 (a configured float that is a whole number reads as one)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _times(n, per):
    """ "once a week", "twice a day", "3 times a week"."""
    if per == "week":
        words = {1: _("once a week"), 2: _("twice a week")}
        return words.get(n) or _("%(n)d times a week") % {"n": n}
    words = {1: _("once a day"), 2: _("twice a day")}
    return words.get(n) or _("%(n)d times a day") % {"n": n}


def _minutes(n):
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def dose_words(dose):
    """An engine `Dose` in the words the client's plan uses for it."""
    return explanations.dose_words(dose.as_item())


def exercise_words(code):
    """An exercise by name with its dose, and the gentler start for a gentle exercise (an acute
    complaint or severe pain start there)."""
    exercise = EXERCISES[code]
    text = _("%(name)s: %(dose)s") % {
        "name": labels.EXERCISE[code],
        "dose": dose_words(exercise.dose),
    }
    if exercise.gentle:
        text = _("%(text)s (gentle start: %(gentle)s)") % {
            "text": text,
            "gentle": dose_words(exercise.dose.gentle()),
        }
    return text


def describe_schedule(schedule):
    """A course of sessions: count, length, rhythm, first sessions if shorter, reassessment."""
    text = _("%(count)s sessions of %(minutes)s, %(often)s") % {
        "count": schedule.count,
        "minutes": _minutes(schedule.minutes),
        "often": _times(schedule.per_week, "week"),
    }
    if schedule.first_minutes != schedule.minutes:
        text = _("%(text)s; the first sessions %(first)s") % {
            "text": text,
            "first": _minutes(schedule.first_minutes),
        }
    return _("%(text)s; reassess after session %(reassess)s") % {
        "text": text,
        "reassess": min(schedule.reassess_after, schedule.count),
    }


def _avoid(effect, config):
    return _names(effect.avoid, labels.AVOID)


def _avoid_in(effect, config):
    return _("%(items)s, %(where)s") % {
        "items": _names(effect.avoid, labels.AVOID),
        "where": labels.AVOID_IN[effect.avoid_in],
    }


# Each kind of effect (a field of `Effect`) -> its value in words. `avoid_in` qualifies `avoid`.
_WORDS = {
    "refer": lambda e, c: str(labels.URGENCY[e.refer]),
    "avoid": _avoid,
    "avoid_in": _avoid_in,
    "pressure_at_most": lambda e, c: str(labels.PRESSURE[e.pressure_at_most]),
    "rule_out_techniques": lambda e, c: _names(e.rule_out_techniques, labels.TECHNIQUE),
    "rule_out_positions": lambda e, c: _names(e.rule_out_positions, labels.POSITION),
    "rule_out_self_care": lambda e, c: _names(e.rule_out_self_care, labels.SELF_CARE),
    "rule_out_exercises": lambda e, c: _names(e.rule_out_exercises, labels.EXERCISE),
    "positions_only": lambda e, c: _names(e.positions_only, labels.POSITION),
    "sessions_at_most": lambda e, c: (
        ngettext("%(n)d session", "%(n)d sessions", getattr(c, e.sessions_at_most))
        % {"n": getattr(c, e.sessions_at_most)}
    ),
    "minutes_at_most": lambda e, c: _minutes(getattr(c, e.minutes_at_most)),
    "first_minutes_at_most": lambda e, c: _minutes(getattr(c, e.first_minutes_at_most)),
    "techniques": lambda e, c: _names(e.techniques, labels.TECHNIQUE),
    "pressure": lambda e, c: str(labels.PRESSURE[e.pressure]),
    "positioning": lambda e, c: _names(e.positioning, labels.POSITION),
    "sessions": lambda e, c: describe_schedule(c.schedule(e.sessions)),
    "self_care": lambda e, c: _names(e.self_care, labels.SELF_CARE),
    "exercises": None,  # a list, one exercise a line
    "warning": lambda e, c: _(e.warning),
}
EFFECT_KINDS = tuple(field.name for field in dataclasses.fields(Effect))


def describe_effect(effect, config=DEFAULT_CONFIG):
    """What a rule does to the plan: [{kind, label, text, items}], one entry for each kind of
    effect the rule has, in the order of `Effect`'s fields. `items` (exercises) is a list."""
    lines = []
    for kind in EFFECT_KINDS:
        if kind == "avoid_in" or not effect.uses(kind):
            continue
        if kind == "avoid" and effect.avoid_in:
            kind = "avoid_in"
        line = {"kind": kind, "label": labels.EFFECT[kind], "text": "", "items": []}
        if kind == "exercises":
            line["items"] = [exercise_words(code) for code in effect.exercises]
        else:
            line["text"] = _WORDS[kind](effect, config)
        lines.append(line)
    return lines


def _placeholder_values(config):
    """The configuration as `{field}` placeholders of the explanations: numbers as numbers,
    schedules as dicts (`{acute[count]}`), the default pressure in words."""
    values = {}
    for field in dataclasses.fields(config):
        value = getattr(config, field.name)
        if isinstance(value, Schedule):
            values[field.name] = dataclasses.asdict(value)
        else:
            values[field.name] = _number(value)
    values["default_pressure"] = explanations.PRESSURE[config.default_pressure]
    return values


GROUP_INTRO = {
    "safety": gettext_lazy(
        "They run first and may only refer, restrict and warn: avoid items, pressure caps, "
        "techniques, positions, self-care or exercises ruled out, fewer or shorter sessions. "
        "The most urgent referral found wins. With an emergency, same-day or urgent referral the "
        "plan holds no treatment. Without a complete red-flag screening no plan is drafted until "
        "every question is answered. Nothing after these rules can add back what they ruled out."
    ),
    "techniques": gettext_lazy(
        "Techniques that suit the findings, unless a safety rule ruled them out everywhere or in "
        "the region it concerns."
    ),
    "pressure": gettext_lazy(
        "The lightest pressure asked for wins, and never more than the safety cap. With no "
        "request the pressure is %(default_pressure)s; firm pressure needs a reason."
    ),
    "positioning": gettext_lazy(
        "Positions that suit the regions. A safety rule may rule positions out, or allow only "
        "some, which are then the ones used; side-lying when none is left."
    ),
    "sessions": gettext_lazy(
        "The first rule that matches sets the course; a complaint no rule matches gets the "
        "course for its stage. Safety caps on sessions and minutes apply after it, and "
        "reassessment is never after the last session."
    ),
    "self_care": gettext_lazy(
        "Advice for home, unless a safety rule ruled it out. Every plan that treats asks the "
        "client to stay active."
    ),
    "exercises": gettext_lazy(
        "Named, dosed exercises for home, taken in turn from every rule that matches so that each "
        "finding is served: at most %(max_exercises)s, and at least %(chronic_min_exercises)s for "
        "a chronic complaint. An acute complaint or severe pain gets at most "
        "%(chronic_min_exercises)s, at the gentle start dose."
    ),
}


def rule_groups(config=DEFAULT_CONFIG, rules=RULES):
    """[{id, label, intro, rules: [{id, explanation, effects, source}], carry_through}] in
    running order."""
    values = _placeholder_values(config)
    by_group = {group: [] for group in GROUPS}
    for rule in rules_in_order(rules):
        by_group.setdefault(rule.group, []).append(
            {
                "id": rule.id,
                "explanation": _(rule.explanation).format(**values),
                "effects": describe_effect(rule.effect, config),
                "source": rule.source,
            }
        )
    return [
        {
            "id": group,
            "label": labels.RULE_GROUP.get(group, group),
            "intro": str(GROUP_INTRO.get(group, "")) % values,
            "rules": rows,
            # What safety decides, carried through the rest of the plan (shown under safety).
            "carry_through": safety_carry_through() if group == "safety" else None,
        }
        for group, rows in by_group.items()
    ]


def safety_carry_through():
    """What the safety decisions rule out in the rest of the plan, read from the engine:
    {"avoid": [{code, label, rules_out: [text]}], "referral": [{tier, label, self_care}]}."""
    avoid = []
    for code in vocabulary.AVOID:
        rules_out = []
        if code in AVOID_BLOCKS_TECHNIQUES:
            codes = sorted(AVOID_BLOCKS_TECHNIQUES[code], key=vocabulary.TECHNIQUE.index)
            rules_out.append(
                _("Techniques: %(names)s") % {"names": _names(codes, labels.TECHNIQUE)}
            )
        if code in AVOID_CAPS_PRESSURE:
            rules_out.append(
                _("Pressure at most %(pressure)s (when avoided everywhere)")
                % {"pressure": explanations.PRESSURE[AVOID_CAPS_PRESSURE[code]]}
            )
        if code in AVOID_BLOCKS_POSITIONS:
            codes = sorted(AVOID_BLOCKS_POSITIONS[code], key=vocabulary.POSITION.index)
            rules_out.append(_("Positions: %(names)s") % {"names": _names(codes, labels.POSITION)})
        if code in AVOID_BLOCKS_SELF_CARE:
            codes = sorted(AVOID_BLOCKS_SELF_CARE[code], key=vocabulary.SELF_CARE.index)
            rules_out.append(_("Self-care: %(names)s") % {"names": _names(codes, labels.SELF_CARE)})
        if rules_out:
            avoid.append({"code": code, "label": labels.AVOID[code], "rules_out": rules_out})
    referral = []
    for tier in vocabulary.TIER:
        if tier in REFERRAL_SELF_CARE:
            kept = sorted(REFERRAL_SELF_CARE[tier], key=vocabulary.SELF_CARE.index)
            plan = (
                _("No treatment; self-care only: %(names)s")
                % {"names": _names(kept, labels.SELF_CARE)}
                if kept
                else _("No treatment and no self-care: only the referral")
            )
        else:
            plan = _("Treatment within the restrictions; the physician is informed")
        referral.append({"tier": tier, "label": labels.URGENCY[tier], "plan": plan})
    return {"avoid": avoid, "referral": referral}


def _days(n):
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _years(n):
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def _sessions(n):
    return ngettext("%(n)d session", "%(n)d sessions", n) % {"n": n}


def _exercises(n):
    return ngettext("%(n)d exercise", "%(n)d exercises", n) % {"n": n}


def _hours(n):
    whole = n if isinstance(n, int) else 2  # 4.5 hours: plural
    return ngettext("%(n)s hour", "%(n)s hours", whole) % {"n": n}


def _scale(low_high):
    low, high = low_high
    return {"low": low, "high": high}


# The configuration, section by section: (field, label, how its value reads).
THRESHOLD_SECTIONS = (
    (
        gettext_lazy("Course of the complaint"),
        (
            ("acute_below_days", gettext_lazy("Acute: fewer days since onset than"), _days),
            ("chronic_above_days", gettext_lazy("Chronic: more days since onset than"), _days),
        ),
    ),
    (
        gettext_lazy("Age"),
        (
            ("minor_below_age", gettext_lazy("A minor: younger than"), _years),
            ("older_from_age", gettext_lazy("An older client: from"), _years),
        ),
    ),
    (
        gettext_lazy("Pain"),
        (("severe_pain_from", gettext_lazy("Severe pain: pain now rated (0-10) from"), None),),
    ),
    (
        gettext_lazy("STarT Back"),
        (
            (
                "start_back_high_psychosocial_from",
                gettext_lazy("High risk: psychosocial subscale (%(low)s-%(high)s) from"),
                None,
            ),
            (
                "start_back_low_up_to",
                gettext_lazy("Low risk: total score (%(low)s-%(high)s) up to; medium above"),
                None,
            ),
            ("start_back_low_sessions", gettext_lazy("Sessions at most, low risk"), _sessions),
            (
                "start_back_medium_sessions",
                gettext_lazy("Sessions at most, medium risk"),
                _sessions,
            ),
            ("start_back_high_sessions", gettext_lazy("Sessions at most, high risk"), _sessions),
        ),
    ),
    (
        gettext_lazy("Session length"),
        (
            (
                "short_first_minutes",
                gettext_lazy("First sessions at most, with severe pain or an older client"),
                _minutes,
            ),
            (
                "widespread_pain_minutes",
                gettext_lazy("Every session at most, with widespread pain"),
                _minutes,
            ),
        ),
    ),
    (
        gettext_lazy("Lifestyle"),
        (
            ("desk_hours_from", gettext_lazy("Desk work: hours a day from"), _hours),
            ("stress_from", gettext_lazy("Stress management: stress rated (0-10) from"), None),
            (
                "active_from_sessions_per_week",
                gettext_lazy("Inactive: fewer exercise sessions a week than"),
                None,
            ),
        ),
    ),
    (
        gettext_lazy("Pressure"),
        (
            (
                "default_pressure",
                gettext_lazy("Pressure when no rule asks for another"),
                lambda code: labels.PRESSURE[code],
            ),
        ),
    ),
    (
        gettext_lazy("Home exercises"),
        (
            ("max_exercises", gettext_lazy("At most"), _exercises),
            (
                "chronic_min_exercises",
                gettext_lazy("At least, for a chronic complaint"),
                _exercises,
            ),
        ),
    ),
    (
        gettext_lazy("Courses of treatment"),
        (
            ("acute", gettext_lazy("Acute complaint"), describe_schedule),
            ("subacute", gettext_lazy("Subacute complaint"), describe_schedule),
            ("chronic_neck", gettext_lazy("Chronic neck pain"), describe_schedule),
            (
                "chronic_low_back",
                gettext_lazy("Chronic low back pain in an adult"),
                describe_schedule,
            ),
            ("chronic", gettext_lazy("Other chronic complaints"), describe_schedule),
        ),
    ),
)

# The scales some labels name, from the contract's vocabulary.
_LABEL_SCALES = {
    "start_back_high_psychosocial_from": vocabulary.START_BACK_PSYCHOSOCIAL,
    "start_back_low_up_to": vocabulary.START_BACK_TOTAL,
}


def _range(low_high, unit):
    low, high = low_high
    return _("%(low)s to %(high)s") % {"low": low, "high": unit(high) if unit else high}


def thresholds(config=DEFAULT_CONFIG):
    """[{label, rows: [{name, label, value}]}]: every field of the configuration once, then
    what any plan may hold. A field without a section is still shown, under its own name."""
    sections = []
    shown = set()
    for title, rows in THRESHOLD_SECTIONS:
        section = {"label": title, "rows": []}
        for name, label, unit in rows:
            if not hasattr(config, name):
                continue
            value = _number(getattr(config, name))
            if name in _LABEL_SCALES:
                label = label % _scale(_LABEL_SCALES[name])
            section["rows"].append(
                {"name": name, "label": label, "value": unit(value) if unit else value}
            )
            shown.add(name)
        sections.append(section)
    rest = [field.name for field in dataclasses.fields(config) if field.name not in shown]
    if rest:
        sections.append(
            {
                "label": _("Other settings"),
                "rows": [
                    {"name": name, "label": name, "value": _number(getattr(config, name))}
                    for name in rest
                ],
            }
        )
    sections.append(
        {
            "label": _("What any plan may hold"),
            "rows": [
                {
                    "name": "SESSION_COUNT_RANGE",
                    "label": _("Sessions in a course"),
                    "value": _range(engine_config.SESSION_COUNT_RANGE, _sessions),
                },
                {
                    "name": "SESSIONS_PER_WEEK_RANGE",
                    "label": _("Sessions a week"),
                    "value": _range(engine_config.SESSIONS_PER_WEEK_RANGE, None),
                },
                {
                    "name": "SESSION_MINUTES_RANGE",
                    "label": _("Length of a session"),
                    "value": _range(engine_config.SESSION_MINUTES_RANGE, _minutes),
                },
            ],
        }
    )
    return sections
