"""Drafting a plan: run the rule table over one valid anamnesis (v1 or v2); always plan/v2.

The decision comes first (plan contract, "The decision"): `refer` when any red flag is known
(given, moved from a v1 caution, or derived), else `screen` when the red-flag screening is not
complete, else `treat`.

The safety guarantee is structural. Safety rules run first and their result is sealed into an
immutable `SafetyVerdict`. The other rules only reach the plan through a `_TreatmentBuilder`,
which has no way to refer, to drop an avoid item or to raise a cap, and which refuses any
technique, position, self-care or exercise the verdict rules out. A treatment rule cannot even
be declared with a safety effect (`rules.Rule` checks that), so nothing later can add back what
safety removed.
"""

import copy
from typing import NamedTuple

from . import vocabulary as v
from .config import DEFAULT_CONFIG
from .exercises import EXERCISES, LOWER, UPPER
from .rules import (
    AVOID_BLOCKS_POSITIONS,
    AVOID_BLOCKS_SELF_CARE,
    AVOID_BLOCKS_TECHNIQUES,
    AVOID_CAPS_PRESSURE,
    REFERRAL_SELF_CARE,
    RULES,
    Facts,
    derive_course,
    rules_in_order,
)

PLAN_SCHEMA_ID = v.PLAN_V2


def _split(rules):
    """(safety rules, the other rules), each in running order, as (when, effect, id) triples."""
    ordered = rules_in_order(rules)
    return (
        tuple((rule.when, rule.effect, rule.id) for rule in ordered if rule.group == "safety"),
        tuple((rule.when, rule.effect, rule.id) for rule in ordered if rule.group != "safety"),
    )


_SPLIT = _split(RULES)  # once, at import: the rule table does not change
_NOTHING = frozenset()
_REFER_TIERS = ("emergency", "same_day", "urgent")
# Each vocabulary's codes by their position, to sort codes in vocabulary order.
_RANK = {
    vocabulary: {code: index for index, code in enumerate(vocabulary)}
    for vocabulary in (v.AVOID, v.EXERCISE, v.POSITION, v.SELF_CARE, v.TECHNIQUE)
}


def _lower(a, b):
    """The lower of two pressures (None means no limit)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if v.PRESSURE.index(a) <= v.PRESSURE.index(b) else b


def _merge(items, key, refs):
    """Adds `refs` to the item `key`, keeping the order in which references arrived."""
    merged = items.setdefault(key, {})
    for ref in refs:
        merged[ref] = None


def _ordered(items, vocabulary):
    codes = sorted(items, key=_RANK[vocabulary].__getitem__)
    return [(code, list(items[code])) for code in codes]


class SafetyVerdict(NamedTuple):
    """What the safety rules decided, sealed: immutable (a NamedTuple, which is quicker to build
    than a frozen dataclass)."""

    urgency: str | None  # the highest tier found, routine included
    referral_because: tuple
    tier_warnings: tuple  # the warnings of the rules that set `urgency`
    avoid: tuple  # ((code, regions, (refs, ...)), ...) in vocabulary order
    pressure_at_most: str | None
    blocked_techniques: frozenset  # everywhere
    blocked_techniques_in: tuple  # ((regions, techniques), ...)
    blocked_positions: frozenset
    positions_only: frozenset | None
    positions_because: tuple
    blocked_self_care: frozenset
    blocked_exercises: frozenset
    sessions_at_most: int | None
    minutes_at_most: int | None
    first_minutes_at_most: int | None
    warnings: tuple

    @property
    def refers(self):
        return self.urgency in _REFER_TIERS


def _min(a, b):
    return b if a is None else (a if b is None else min(a, b))


class _SafetyCollector:
    def __init__(self, facts):
        self.facts = facts
        self.tiers = {}  # tier -> {ref: None}
        self.tier_warnings = {}
        self.avoid = {}  # (code, regions) -> {ref: None}
        self.pressure_at_most = None
        self.rule_out = {"techniques": set(), "positions": set(), "self_care": set()}
        self.exercises = set()
        self.positions_only = None
        self.positions_refs = {}
        self.sessions_at_most = self.minutes_at_most = self.first_minutes_at_most = None
        self.warnings = []

    def apply(self, effect, refs):
        config = self.facts.config
        if effect.refer:
            _merge(self.tiers, effect.refer, refs)
            if effect.warning:
                self.tier_warnings.setdefault(effect.refer, []).append(effect.warning)
        regions = self.facts.avoid_regions(effect.avoid_in) if effect.avoid_in else ()
        if not effect.avoid_in or regions:
            for code in effect.avoid:
                _merge(self.avoid, (code, regions), refs)
                if not regions:
                    self.pressure_at_most = _lower(
                        self.pressure_at_most, AVOID_CAPS_PRESSURE.get(code)
                    )
        if effect.pressure_at_most:
            self.pressure_at_most = _lower(self.pressure_at_most, effect.pressure_at_most)
        if effect.rule_out_techniques:
            self.rule_out["techniques"].update(effect.rule_out_techniques)
        if effect.rule_out_positions:
            self.rule_out["positions"].update(effect.rule_out_positions)
        if effect.rule_out_self_care:
            self.rule_out["self_care"].update(effect.rule_out_self_care)
        if effect.rule_out_exercises:
            self.exercises.update(effect.rule_out_exercises)
        if effect.positions_only:
            _merge(self.positions_refs, "refs", refs)
            only = set(effect.positions_only)
            self.positions_only = (
                only if self.positions_only is None else self.positions_only & only
            )
        if effect.sessions_at_most:
            limit = getattr(config, effect.sessions_at_most)
            self.sessions_at_most = _min(self.sessions_at_most, limit)
        if effect.minutes_at_most:
            limit = getattr(config, effect.minutes_at_most)
            self.minutes_at_most = _min(self.minutes_at_most, limit)
        if effect.first_minutes_at_most:
            limit = getattr(config, effect.first_minutes_at_most)
            self.first_minutes_at_most = _min(self.first_minutes_at_most, limit)
        if effect.warning and not effect.refer and effect.warning not in self.warnings:
            self.warnings.append(effect.warning)

    def seal(self):
        urgency = None
        if self.tiers:
            urgency = next(tier for tier in v.TIER if tier in self.tiers)
        techniques = set(self.rule_out["techniques"])
        techniques_in = []
        self_care = set(self.rule_out["self_care"])
        positions = set(self.rule_out["positions"])
        avoid = {}
        everywhere = {code for code, regions in self.avoid if not regions}
        for (code, regions), refs in self.avoid.items():
            blocked = AVOID_BLOCKS_TECHNIQUES.get(code, _NOTHING)
            if regions:
                techniques_in.append((frozenset(regions), blocked))
                if code in everywhere:  # the everywhere item says it all; keep its reasons
                    _merge(avoid, (code, ()), refs)
                    continue
            else:
                techniques |= blocked
                self_care |= AVOID_BLOCKS_SELF_CARE.get(code, _NOTHING)
                positions |= AVOID_BLOCKS_POSITIONS.get(code, _NOTHING)
            _merge(avoid, (code, regions), refs)
        rank = _RANK[v.AVOID]
        ordered = sorted(avoid.items(), key=lambda item: (rank[item[0][0]], item[0][1]))
        routine_or_lower = urgency not in _REFER_TIERS
        warnings = list(self.tier_warnings.get(urgency, ()))
        if routine_or_lower:
            warnings += self.warnings
        return SafetyVerdict(
            urgency=urgency,
            referral_because=tuple(self.tiers.get(urgency, ())),
            tier_warnings=tuple(dict.fromkeys(warnings)),
            avoid=tuple([(code, regions, tuple(refs)) for (code, regions), refs in ordered]),
            pressure_at_most=self.pressure_at_most,
            blocked_techniques=frozenset(techniques),
            blocked_techniques_in=tuple(techniques_in),
            blocked_positions=frozenset(positions),
            positions_only=None if self.positions_only is None else frozenset(self.positions_only),
            positions_because=tuple(self.positions_refs.get("refs", ())),
            blocked_self_care=frozenset(self_care),
            blocked_exercises=frozenset(self.exercises),
            sessions_at_most=self.sessions_at_most,
            minutes_at_most=self.minutes_at_most,
            first_minutes_at_most=self.first_minutes_at_most,
            warnings=tuple(self.warnings),
        )


class _TreatmentBuilder:
    """What the non-safety rules may do: add treatment within the sealed verdict."""

    def __init__(self, verdict, config):
        self._verdict = verdict
        self._config = config
        self.techniques = {}
        self.positioning = {}
        self.self_care = {}
        self.exercise_rules = []  # [(codes, refs)] in rule order
        self.pressure_requested = None
        self.schedule = None
        self.warnings = []

    def apply(self, effect, refs):
        """Applies what the verdict allows of `effect`; True when anything was added."""
        verdict = self._verdict
        changed = False
        for code in effect.techniques:
            if code not in verdict.blocked_techniques:
                _merge(self.techniques, code, refs)
                changed = True
        for code in effect.positioning:
            if code not in verdict.blocked_positions:
                _merge(self.positioning, code, refs)
                changed = True
        for code in effect.self_care:
            if code not in verdict.blocked_self_care:
                _merge(self.self_care, code, refs)
                changed = True
        if effect.exercises:
            blocked = verdict.blocked_exercises
            allowed = tuple([c for c in effect.exercises if c not in blocked])
            if allowed:
                self.exercise_rules.append((allowed, refs))
                changed = True
        if effect.pressure:
            self.pressure_requested = _lower(self.pressure_requested, effect.pressure)
            changed = True
        if effect.sessions and self.schedule is None:
            self.schedule = self._config.schedule(effect.sessions)
            changed = True
        if effect.warning and effect.warning not in self.warnings:
            self.warnings.append(effect.warning)
            changed = True
        return changed


def draft_plan(anamnesis, config=DEFAULT_CONFIG, rules=RULES):
    """A plan/v2 dict drafted from a VALID anamnesis/v1 or anamnesis/v2 dict (see
    `validate_anamnesis`).

    The input is not changed. A trained therapist reviews every draft before it is final.
    """
    facts = Facts(anamnesis, config)
    safety_rules, treatment_rules = _SPLIT if rules is RULES else _split(rules)
    applied = []

    safety = _SafetyCollector(facts)
    for when, effect, rule_id in safety_rules:
        if refs := when(facts):
            safety.apply(effect, refs)
            applied.append(rule_id)
    verdict = safety.seal()
    if verdict.refers:
        return _refer(facts, verdict, applied)
    if not facts.screened:
        return _screen(facts, anamnesis)

    builder = _TreatmentBuilder(verdict, config)
    for when, effect, rule_id in treatment_rules:
        if (refs := when(facts)) and builder.apply(effect, refs):
            applied.append(rule_id)
    return _treat(facts, verdict, builder, applied)


def _empty_plan(facts, decision):
    return {
        "schema": PLAN_SCHEMA_ID,
        "decision": decision,
        "missing": [],
        "referral": None,
        "course": facts.course,
        "flare": facts.flare,
        "sessions": None,
        "pressure": None,
        "positioning": [],
        "techniques": [],
        "avoid": [],
        "self_care": [],
        "exercises": [],
        "reassess_after_session": None,
        "warnings": [],
        "rules_applied": [],
    }


def _refer(facts, verdict, applied):
    plan = _empty_plan(facts, "refer")
    plan["referral"] = {"urgency": verdict.urgency, "because": list(verdict.referral_because)}
    plan["self_care"] = [
        {"code": code, "because": list(verdict.referral_because)}
        for code in v.SELF_CARE
        if code in REFERRAL_SELF_CARE[verdict.urgency]
    ]
    plan["warnings"] = list(verdict.tier_warnings)
    plan["rules_applied"] = applied
    return plan


def _screen(facts, anamnesis):
    plan = _empty_plan(facts, "screen")
    plan["missing"] = ["red_flags"]
    if facts.unanswered:
        plan["warnings"] = [
            "Not every red-flag question was answered ("
            + ", ".join(facts.unanswered)
            + "): ask each one before a plan is drafted."
        ]
    else:
        plan["warnings"] = [
            "The red-flag questions were not asked: ask every one before a plan is drafted."
        ]
    return plan


def _technique_regions(facts, verdict, code):
    regions = facts.regions
    for blocked_regions, blocked in verdict.blocked_techniques_in:
        if code in blocked:
            regions = tuple(r for r in regions if r not in blocked_regions)
    return list(regions)


def _choose_exercises(facts, verdict, builder):
    """Round robin over the exercise rules that fired, so that each finding is served, up to
    the configured number; then dosed (gently for acute or severe pain)."""
    config = facts.config
    gentle = facts.course == "acute" or "severe_pain" in facts.cautions
    limit = config.chronic_min_exercises if gentle else config.max_exercises
    if facts.course == "chronic":
        limit = max(limit, config.chronic_min_exercises)
    chosen = {}
    queues = [list(codes) for codes, _ in builder.exercise_rules]
    while len(chosen) < limit and any(queues):
        for queue in queues:
            while queue and queue[0] in chosen:
                queue.pop(0)
            if queue and len(chosen) < limit:
                chosen[queue.pop(0)] = {}
    for codes, refs in builder.exercise_rules:
        for code in codes:
            if code in chosen:
                _merge(chosen, code, refs)
    if len(chosen) < (config.chronic_min_exercises if facts.course == "chronic" else 1):
        # Safety net: the rules always offer walking and gentle exercises for each region.
        fallback = ("walking", "pelvic_tilt", "cat_cow", "chin_tuck", "shoulder_rolls")
        wanted = LOWER if set(facts.regions) & set(LOWER) else UPPER
        for code in fallback:
            if (
                code not in chosen
                and code not in verdict.blocked_exercises
                and set(EXERCISES[code].regions) & set(wanted)
            ):
                _merge(chosen, code, (facts.course_ref, *facts.region_refs()))
            if len(chosen) >= config.chronic_min_exercises:
                break
    doses = _GENTLE_DOSES if gentle else _DOSES
    return [
        {"code": code, **doses[code], "because": refs}
        for code, refs in _ordered(chosen, v.EXERCISE)
    ]


# Each exercise's dose as plan fields (sets, reps, hold_seconds, per_day), worked out once;
# copied into every plan, never shared.
_DOSES = {code: exercise.dose.as_item() for code, exercise in EXERCISES.items()}
_GENTLE_DOSES = {code: exercise.dose.gentle().as_item() for code, exercise in EXERCISES.items()}


def _positioning(facts, verdict, builder):
    wanted = dict(builder.positioning)
    if verdict.positions_only is not None:
        wanted = {
            code: dict.fromkeys(verdict.positions_because)
            for code in verdict.positions_only
            if code not in verdict.blocked_positions
        }
    wanted = {code: refs for code, refs in wanted.items() if code not in verdict.blocked_positions}
    if not wanted:
        wanted = {"side_lying": dict.fromkeys(facts.region_refs())}
    return [{"code": code, "because": refs} for code, refs in _ordered(wanted, v.POSITION)]


def _treat(facts, verdict, builder, applied):
    config = facts.config
    plan = _empty_plan(facts, "treat")
    if verdict.urgency == "routine":
        plan["referral"] = {"urgency": "routine", "because": list(verdict.referral_because)}
    plan["avoid"] = [
        {"code": code, **({"regions": list(regions)} if regions else {}), "because": list(refs)}
        for code, regions, refs in verdict.avoid
    ]
    techniques = []
    for code, refs in _ordered(builder.techniques, v.TECHNIQUE):
        if code in verdict.blocked_techniques:
            continue  # belt and braces: the builder never admits one
        regions = _technique_regions(facts, verdict, code)
        if regions:
            techniques.append({"code": code, "regions": regions, "because": refs})
    plan["techniques"] = techniques
    wanted = builder.pressure_requested or config.default_pressure
    if wanted == "firm" and not facts.firm_allowed:
        wanted = config.default_pressure
    plan["pressure"] = _lower(wanted, verdict.pressure_at_most)
    plan["positioning"] = _positioning(facts, verdict, builder)
    schedule = builder.schedule or config.schedule(facts.course)
    count = _min(schedule.count, verdict.sessions_at_most)
    minutes = _min(schedule.minutes, verdict.minutes_at_most)
    first = min(_min(schedule.first_minutes, verdict.first_minutes_at_most), minutes)
    plan["sessions"] = {
        "count": count,
        "per_week": schedule.per_week,
        "minutes": minutes,
        "first_minutes": first,
    }
    plan["reassess_after_session"] = min(schedule.reassess_after, count)
    plan["self_care"] = [
        {"code": code, "because": refs}
        for code, refs in _ordered(builder.self_care, v.SELF_CARE)
        if code not in verdict.blocked_self_care
    ]
    plan["exercises"] = _choose_exercises(facts, verdict, builder)
    plan["warnings"] = [*verdict.tier_warnings, *builder.warnings]
    plan["rules_applied"] = applied
    return plan


def normalise_anamnesis(doc, config=DEFAULT_CONFIG):
    """A copy of a valid anamnesis with every default filled in (empty lists, derived course),
    so that two documents meaning the same thing compare equal after an export and import.

    The version stays as it was; `red_flags` is never filled in (its absence in a v1 file means
    the screening was not done)."""
    doc = copy.deepcopy(doc)
    complaint = doc["complaint"]
    complaint.setdefault("course", derive_course(complaint["duration_days"], config))
    complaint.setdefault("recurrent", False)
    complaint.setdefault("causes", [])
    doc.setdefault("goals", [])
    doc.setdefault("history", {}).setdefault("prior_injuries", [])
    doc.setdefault("cautions", [])
    findings = doc.setdefault("findings", {})
    findings.setdefault("side_comparison", [])
    findings.setdefault("trigger_points", [])
    return doc
