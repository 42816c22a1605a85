"""Drafting a plan: run the rule table over one valid anamnesis.

The safety guarantee is structural. Safety rules run first and their result is sealed into a
frozen `SafetyVerdict`. The other rules only reach the plan through a `_TreatmentBuilder`, which
has no way to refer, to drop an avoid item or to raise the pressure cap, and which refuses any
technique or self-care the verdict blocks. A treatment rule cannot even be declared with a safety
effect (`rules.Rule` checks that), so nothing later can add back what safety removed.
"""

import copy
from dataclasses import dataclass

from . import vocabulary as v
from .config import DEFAULT_CONFIG
from .rules import (
    AVOID_BLOCKS_SELF_CARE,
    AVOID_BLOCKS_TECHNIQUES,
    AVOID_CAPS_PRESSURE,
    REFERRAL_SELF_CARE,
    RULES,
    Facts,
    derive_course,
    rules_in_order,
)

PLAN_SCHEMA_ID = "plan/v1"
_RULES_IN_ORDER = rules_in_order(RULES)


def _lower(a, b):
    """The lower of two pressures (None means no limit)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if v.PRESSURE.index(a) <= v.PRESSURE.index(b) else b


def _merge(items, code, refs):
    """Adds `refs` to the item `code`, keeping the order in which references arrived."""
    merged = items.setdefault(code, {})
    for ref in refs:
        merged[ref] = None


def _ordered(items, vocabulary):
    codes = sorted(items, key=vocabulary.index)
    return [(code, list(items[code])) for code in codes]


@dataclass(frozen=True)
class SafetyVerdict:
    urgency: str | None
    referral_because: tuple
    avoid: tuple  # ((code, (refs, ...)), ...) in vocabulary order
    pressure_at_most: str | None
    blocked_techniques: frozenset
    blocked_self_care: frozenset
    warnings: tuple

    @property
    def refers(self):
        return self.urgency is not None


class _SafetyCollector:
    def __init__(self):
        self.urgency = None
        self.referral_because = {}
        self.avoid = {}
        self.pressure_at_most = None
        self.warnings = []

    def apply(self, effect, refs):
        if effect.refer:
            if self.urgency is None or v.URGENCY.index(effect.refer) < v.URGENCY.index(
                self.urgency
            ):
                self.urgency = effect.refer
            self.referral_because.update(dict.fromkeys(refs))
        for code in effect.avoid:
            _merge(self.avoid, code, refs)
            self.pressure_at_most = _lower(self.pressure_at_most, AVOID_CAPS_PRESSURE.get(code))
        self.pressure_at_most = _lower(self.pressure_at_most, effect.pressure_at_most)
        if effect.warning and effect.warning not in self.warnings:
            self.warnings.append(effect.warning)

    def seal(self):
        blocked_techniques = set()
        blocked_self_care = set()
        for code in self.avoid:
            blocked_techniques |= AVOID_BLOCKS_TECHNIQUES.get(code, frozenset())
            blocked_self_care |= AVOID_BLOCKS_SELF_CARE.get(code, frozenset())
        if self.urgency is not None:
            blocked_techniques |= set(v.TECHNIQUE)
            blocked_self_care |= set(v.SELF_CARE) - REFERRAL_SELF_CARE[self.urgency]
        return SafetyVerdict(
            urgency=self.urgency,
            referral_because=tuple(self.referral_because),
            avoid=tuple((code, tuple(refs)) for code, refs in _ordered(self.avoid, v.AVOID)),
            pressure_at_most=self.pressure_at_most,
            blocked_techniques=frozenset(blocked_techniques),
            blocked_self_care=frozenset(blocked_self_care),
            warnings=tuple(self.warnings),
        )


class _TreatmentBuilder:
    """What the non-safety rules may do: add treatment within the sealed verdict."""

    def __init__(self, verdict, config):
        self._verdict = verdict
        self._config = config
        self.techniques = {}
        self.self_care = {}
        self.pressure_requested = None
        self.schedule = None
        self.warnings = []

    def apply(self, effect, refs):
        """Applies what the verdict allows of `effect`; True when anything was added."""
        changed = False
        for code in effect.techniques:
            if code not in self._verdict.blocked_techniques:
                _merge(self.techniques, code, refs)
                changed = True
        for code in effect.self_care:
            if code not in self._verdict.blocked_self_care:
                _merge(self.self_care, code, refs)
                changed = True
        if effect.pressure and not self._verdict.refers:
            self.pressure_requested = _lower(self.pressure_requested, effect.pressure)
            changed = True
        if effect.sessions and self.schedule is None and not self._verdict.refers:
            self.schedule = self._config.schedule(effect.sessions)
            changed = True
        if effect.warning and effect.warning not in self.warnings:
            self.warnings.append(effect.warning)
            changed = True
        return changed


def draft_plan(anamnesis, config=DEFAULT_CONFIG, rules=RULES):
    """A plan/v1 dict drafted from a VALID anamnesis/v1 dict (see `validate_anamnesis`).

    The input is not changed. A trained therapist reviews every draft before it is final.
    """
    facts = Facts(anamnesis, config)
    ordered = _RULES_IN_ORDER if rules is RULES else rules_in_order(rules)
    applied = []

    safety = _SafetyCollector()
    for rule in ordered:
        if rule.group == "safety" and (refs := rule.when(facts)):
            safety.apply(rule.effect, refs)
            applied.append(rule.id)
    verdict = safety.seal()

    builder = _TreatmentBuilder(verdict, config)
    for rule in ordered:
        refs = rule.when(facts) if rule.group != "safety" else ()
        if refs and builder.apply(rule.effect, refs):
            applied.append(rule.id)

    return _assemble(facts, verdict, builder, applied)


def _assemble(facts, verdict, builder, applied):
    plan = {
        "schema": PLAN_SCHEMA_ID,
        "decision": "refer" if verdict.refers else "treat",
        "referral": None,
        "course": facts.course,
        "sessions": None,
        "pressure": None,
        "techniques": [],
        "avoid": [{"code": code, "because": list(refs)} for code, refs in verdict.avoid],
        "self_care": [
            {"code": code, "because": refs}
            for code, refs in _ordered(builder.self_care, v.SELF_CARE)
        ],
        "reassess_after_session": None,
        "warnings": [*verdict.warnings, *builder.warnings],
        "rules_applied": applied,
    }
    if verdict.refers:
        plan["referral"] = {"urgency": verdict.urgency, "because": list(verdict.referral_because)}
        return plan
    # Belt and braces: the builder never admits a blocked technique, and assembly filters again.
    plan["techniques"] = [
        {"code": code, "regions": list(facts.regions), "because": refs}
        for code, refs in _ordered(builder.techniques, v.TECHNIQUE)
        if code not in verdict.blocked_techniques
    ]
    wanted = builder.pressure_requested or facts.config.default_pressure
    plan["pressure"] = _lower(wanted, verdict.pressure_at_most)
    schedule = builder.schedule or facts.config.schedule(facts.course)
    plan["sessions"] = {
        "count": schedule.count,
        "per_week": schedule.per_week,
        "minutes": schedule.minutes,
    }
    plan["reassess_after_session"] = min(schedule.reassess_after, schedule.count)
    return plan


def normalise_anamnesis(doc, config=DEFAULT_CONFIG):
    """A copy of a valid anamnesis with every default filled in (empty lists, derived course),
    so that two documents meaning the same thing compare equal after an export and import."""
    doc = copy.deepcopy(doc)
    complaint = doc["complaint"]
    complaint.setdefault("course", derive_course(complaint["duration_days"], config))
    complaint.setdefault("causes", [])
    doc.setdefault("history", {}).setdefault("prior_injuries", [])
    doc.setdefault("red_flags", [])
    doc.setdefault("cautions", [])
    findings = doc.setdefault("findings", {})
    findings.setdefault("side_comparison", [])
    findings.setdefault("trigger_points", [])
    return doc
