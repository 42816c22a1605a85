"""The rule table: every clinical decision of the plan engine, as data.

Each rule has an id, a group, a condition on the anamnesis (`when`, which returns the findings
that make it fire as `PATH=VALUE` references, or nothing), an effect on the plan, a
plain-language explanation and its source. Rules run group by group in `GROUPS` order and, within
a group, in table order. Safety rules may only refer, restrict (cap the pressure, add things to
avoid, rule out techniques, positions, self-care or exercises, cap the sessions) and warn; the
other groups may only add treatment, so no later rule can undo a safety decision (see `draft.py`
for how that is enforced).

Sources are the ones ../shared/spec/clinical-rules.md gives for each point; a rule that rests on
expert opinion says so ("common practice") instead of borrowing a guideline that does not make
the point.

Explanations may name thresholds as `{field}` placeholders of `config.Thresholds`; the rules page
fills them in. Texts are marked with `gettext_noop` so Django's makemessages finds them; the
engine itself stays free of Django.
"""

from dataclasses import dataclass, field, fields
from functools import cached_property

from . import vocabulary as v
from .config import DEFAULT_CONFIG
from .exercises import EXERCISES, LOWER, UPPER, ruled_out


def gettext_noop(text):
    """Marks a string for translation without translating it (the edge translates it)."""
    return text


GROUPS = ("safety", "techniques", "pressure", "positioning", "sessions", "self_care", "exercises")

# Kept for readers of the v1 names: the flags of each tier.
EMERGENCY_FLAGS = v.EMERGENCY_FLAGS
SAME_DAY_FLAGS = v.SAME_DAY_FLAGS
URGENT_FLAGS = v.URGENT_FLAGS

# Deep work: what `deep_pressure` rules out where it applies.
DEEP_WORK = frozenset(
    {"deep_tissue_massage", "fascia_therapy", "trigger_point_therapy", "friction"}
)

# What each avoid item rules out in the rest of the plan.
AVOID_BLOCKS_TECHNIQUES = {
    "all_massage": frozenset(v.TECHNIQUE),
    "deep_pressure": DEEP_WORK,
    "tapotement": frozenset({"tapotement"}),
    "friction_at_site": frozenset({"friction"}),
}
AVOID_BLOCKS_SELF_CARE = {"heat": frozenset({"heat"})}
AVOID_BLOCKS_POSITIONS = {"prone_position": frozenset({"prone"})}
AVOID_CAPS_PRESSURE = {"deep_pressure": "moderate", "all_massage": "light"}

# While a client waits for an urgent medical review, at most reassurance and what to watch for;
# with an emergency or same-day referral, nothing but getting seen.
REFERRAL_SELF_CARE = {
    "emergency": frozenset(),
    "same_day": frozenset(),
    "urgent": frozenset({"education_reassurance"}),
}

SAFETY_EFFECTS = (
    "refer",
    "avoid",
    "avoid_in",
    "pressure_at_most",
    "rule_out_techniques",
    "rule_out_positions",
    "rule_out_self_care",
    "rule_out_exercises",
    "positions_only",
    "sessions_at_most",
    "minutes_at_most",
    "first_minutes_at_most",
)
TREATMENT_EFFECTS = (
    "techniques",
    "pressure",
    "positioning",
    "sessions",
    "self_care",
    "exercises",
)
# Where a region-limited avoid item applies (see `Facts.avoid_regions`).
AVOID_IN = ("nerve_root",)


@dataclass(frozen=True)
class Effect:
    """What a rule does to the plan. Safety rules use the restricting fields, the others the
    treatment fields; both may warn. `*_at_most` on sessions name a `Thresholds` field."""

    refer: str | None = None  # a referral tier
    avoid: tuple = ()
    avoid_in: str | None = None  # None: everywhere; else a name in AVOID_IN
    pressure_at_most: str | None = None
    rule_out_techniques: tuple = ()
    rule_out_positions: tuple = ()
    rule_out_self_care: tuple = ()
    rule_out_exercises: tuple = ()
    positions_only: tuple = ()  # positioning must be one of these
    sessions_at_most: str | None = None
    minutes_at_most: str | None = None
    first_minutes_at_most: str | None = None
    techniques: tuple = ()
    pressure: str | None = None  # the pressure this rule asks for (the lowest request wins)
    positioning: tuple = ()
    sessions: str | None = None  # name of a `Schedule` in the configuration
    self_care: tuple = ()
    exercises: tuple = ()
    warning: str | None = None

    def uses(self, name):
        return bool(getattr(self, name))


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    when: object = field(repr=False, compare=False)  # Facts -> tuple of PATH=VALUE refs
    effect: Effect
    explanation: str
    source: str

    def __post_init__(self):
        if self.group not in GROUPS:
            raise ValueError(f"{self.id}: unknown group {self.group!r}")
        allowed = SAFETY_EFFECTS if self.group == "safety" else TREATMENT_EFFECTS
        forbidden = [
            name
            for name in (*SAFETY_EFFECTS, *TREATMENT_EFFECTS)
            if name not in allowed and self.effect.uses(name)
        ]
        if forbidden:
            raise ValueError(f"{self.id}: a {self.group} rule cannot set {', '.join(forbidden)}")
        if not self.source.strip() or not self.explanation.strip():
            raise ValueError(f"{self.id}: every rule has an explanation and a source")
        _check_codes(self)


def _check_codes(rule):
    effect = rule.effect
    config_fields = {f.name for f in fields(DEFAULT_CONFIG)}
    one = lambda value: (value,) if value else ()  # noqa: E731
    for codes, vocabulary in (
        (effect.avoid, v.AVOID),
        (effect.rule_out_techniques + effect.techniques, v.TECHNIQUE),
        (effect.rule_out_self_care + effect.self_care, v.SELF_CARE),
        (effect.rule_out_positions + effect.positions_only + effect.positioning, v.POSITION),
        (effect.rule_out_exercises + effect.exercises, v.EXERCISE),
        (one(effect.refer), v.TIER),
        (one(effect.pressure) + one(effect.pressure_at_most), v.PRESSURE),
        (one(effect.avoid_in), AVOID_IN),
        (
            one(effect.sessions)
            + one(effect.sessions_at_most)
            + one(effect.minutes_at_most)
            + one(effect.first_minutes_at_most),
            config_fields,
        ),
    ):
        unknown = set(codes) - set(vocabulary)
        if unknown:
            raise ValueError(f"{rule.id}: unknown codes {sorted(unknown)}")


def ref_value(value):
    """The VALUE part of a `PATH=VALUE` reference."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _unique(items):
    return tuple(dict.fromkeys(items))


def derive_course(duration_days, config=DEFAULT_CONFIG):
    """acute, subacute or chronic from the days since onset (cut-offs in the configuration)."""
    if duration_days < config.acute_below_days:
        return "acute"
    if duration_days <= config.chronic_above_days:
        return "subacute"
    return "chronic"


def start_back_risk(total, psychosocial, config=DEFAULT_CONFIG):
    """low, medium or high (Keele STarT Back: subscale 4+ high; else total 3 or less low)."""
    if psychosocial >= config.start_back_high_psychosocial_from:
        return "high"
    if total <= config.start_back_low_up_to:
        return "low"
    return "medium"


def is_flare(recurrent, given_course, duration_days, config=DEFAULT_CONFIG):
    """True for a flare of a recurrent complaint: the given course is shorter than the days
    since onset imply."""
    if not recurrent or not given_course:
        return False
    derived = derive_course(duration_days, config)
    return v.COURSE.index(given_course) < v.COURSE.index(derived)


class Facts:
    """The findings of one valid anamnesis (v1 or v2), read once, with missing fields as their
    defaults, and the derived cautions with the references they came from."""

    def __init__(self, anamnesis, config):
        self.config = config
        self.shared = {}  # condition -> its references, for conditions several rules ask
        self.version = anamnesis["schema"]
        complaint = anamnesis["complaint"]
        lifestyle = anamnesis.get("lifestyle", {})
        findings = anamnesis.get("findings", {})
        measures = anamnesis.get("measures", {})
        self.age = anamnesis["client"]["age"]
        self.sex = anamnesis["client"].get("sex")
        self.duration_days = complaint["duration_days"]
        self.given_course = complaint.get("course")
        self.course = self.given_course or derive_course(self.duration_days, config)
        self.course_ref = f"complaint.course={self.course}"
        self.recurrent = complaint.get("recurrent", False)
        self.flare = is_flare(self.recurrent, self.given_course, self.duration_days, config)
        self.regions = _unique([item["region"] for item in complaint["regions"]])
        self.all_region_refs = tuple([f"complaint.regions={r}" for r in self.regions])
        self.characters = frozenset(complaint["pain_character"])
        self.radiation = complaint.get("radiation")
        self.pain_now = complaint["intensity"]["now"]
        self.suspected = complaint.get("suspected")
        self.causes = frozenset(complaint.get("causes", ()))
        self.desk_hours = lifestyle.get("desk_hours_per_day")
        self.exercise_sessions = lifestyle.get("exercise_sessions_per_week")
        self.stress = lifestyle.get("stress")
        self.tissue = findings.get("tissue")
        self.tone = findings.get("tone")
        self.impairment = findings.get("impairment")
        self.trigger_point_muscles = _unique(
            ref_value(point["muscle"]) for point in findings.get("trigger_points", ())
        )
        # Red flags: code -> the reference it came from (v1 codes read as the contract says).
        self.flags = {}
        for code in anamnesis.get("red_flags", ()):
            self.flags.setdefault(v.V1_RED_FLAG_RENAMED.get(code, code), f"red_flags={code}")
        self.cautions = {}
        for code in anamnesis.get("cautions", ()):
            if code == v.V1_CAUTION_SUSPECTED_THROMBOSIS:
                self.flags.setdefault("suspected_thrombosis", f"cautions={code}")
            else:
                self.cautions.setdefault(code, (f"cautions={code}",))
        self.unanswered = _unique(anamnesis.get("red_flags_unanswered", ()))
        self.screened = "red_flags" in anamnesis and not self.unanswered
        # Derived cautions: nerve root signs from the neurological findings, severe pain.
        neuro = findings.get("neuro", {})
        signs = []
        if neuro.get("straight_leg_raise", "negative") != "negative":
            signs.append(f"findings.neuro.straight_leg_raise={neuro['straight_leg_raise']}")
        if neuro.get("reflexes") in ("reduced", "absent"):
            signs.append(f"findings.neuro.reflexes={neuro['reflexes']}")
        for key in ("dermatomal_sensory_loss", "myotomal_weakness"):
            if neuro.get(key):
                signs.append(f"findings.neuro.{key}=true")
        if signs:
            self.cautions["nerve_root_signs"] = _unique(
                (*self.cautions.get("nerve_root_signs", ()), *signs)
            )
        if self.pain_now >= config.severe_pain_from:
            self.cautions["severe_pain"] = _unique(
                (*self.cautions.get("severe_pain", ()), f"complaint.intensity.now={self.pain_now}")
            )
        start_back = measures.get("start_back")
        self.start_back_risk = None
        self.start_back_refs = ()
        if start_back:
            total, psychosocial = start_back["total"], start_back["psychosocial"]
            self.start_back_risk = start_back_risk(total, psychosocial, config)
            self.start_back_refs = (
                (f"measures.start_back.psychosocial={psychosocial}",)
                if self.start_back_risk == "high"
                else (f"measures.start_back.total={total}",)
            )

    def region_refs(self, regions=None):
        if regions is None:
            return self.all_region_refs
        return tuple([f"complaint.regions={r}" for r in self.regions if r in regions])

    @property
    def affected_by_nerve_root(self):
        """The regions nerve root signs concern: the neck for arm signs, the low back and
        buttock for leg signs."""
        if "nerve_root_signs" not in self.cautions:
            return ()
        return tuple(r for r in self.regions if r in ("neck", "lower_back", "sacrum_buttock"))

    def avoid_regions(self, name):
        return {"nerve_root": self.affected_by_nerve_root}[name]

    @cached_property
    def firm_allowed(self):
        """Firm pressure needs a reason (deep or hardened tissue), an adult under the older
        age, and no caution at all but a nut or oil allergy."""
        config = self.config
        return (
            (self.tissue == "deep" or self.tone == "hardened")
            and config.minor_below_age <= self.age < config.older_from_age
            and not set(self.cautions) - {"oil_or_nut_allergy"}
        )


# Conditions. Each returns the references that make the rule fire, or an empty tuple.


def _flags(*codes):
    def when(f):
        flags = f.flags
        return tuple([flags[c] for c in codes if c in flags]) if flags else ()

    return when


_urgent_flags = _flags(*v.URGENT_FLAGS)


def _urgent_flags_together(f):
    refs = _urgent_flags(f)
    return refs if len(refs) >= 2 else ()


def _caution(*codes):
    if len(codes) == 1:
        (code,) = codes
        return lambda f: f.cautions.get(code, ())

    def when(f):
        refs = ()
        for code in codes:
            refs += f.cautions.get(code, ())
        return refs

    return when


def _not_caution(condition, *codes):
    codes = frozenset(codes)
    return lambda f: condition(f) if codes.isdisjoint(f.cautions) else ()


def _always(f):
    return f.all_region_refs


def _course_is(*courses):
    return lambda f: (f.course_ref,) if f.course in courses else ()


def _suspected(*codes):
    return lambda f: (f"complaint.suspected={f.suspected}",) if f.suspected in codes else ()


def _radiation(*places):
    return lambda f: (f"complaint.radiation={f.radiation}",) if f.radiation in places else ()


def _characters(*codes):
    refs = {c: f"complaint.pain_character={c}" for c in codes}
    return lambda f: tuple([refs[c] for c in codes if c in f.characters])


def _causes(*codes):
    refs = {c: f"complaint.causes={c}" for c in codes}
    return lambda f: tuple([refs[c] for c in codes if c in f.causes]) if f.causes else ()


def _tone(*tones):
    return lambda f: (f"findings.tone={f.tone}",) if f.tone in tones else ()


def _tissue(*kinds):
    return lambda f: (f"findings.tissue={f.tissue}",) if f.tissue in kinds else ()


def _impairment(*kinds):
    return lambda f: (f"findings.impairment={f.impairment}",) if f.impairment in kinds else ()


def _trigger_points(f):
    return tuple([f"findings.trigger_points={muscle}" for muscle in f.trigger_point_muscles])


def _recurrent(f):
    return ("complaint.recurrent=true",) if f.recurrent else ()


def _flare(f):
    return (f.course_ref, "complaint.recurrent=true") if f.flare else ()


def _any(*conditions):
    def when(f):
        refs = ()
        for condition in conditions:
            refs += condition(f)
        return _unique(refs) if len(refs) > 1 else refs

    return when


def _all(*conditions):
    def when(f):
        refs = ()
        for condition in conditions:
            part = condition(f)
            if not part:
                return ()
            refs += part
        return _unique(refs) if len(refs) > 1 else refs

    return when


def _regions(*regions):
    wanted = frozenset(regions)
    return lambda f: () if wanted.isdisjoint(f.regions) else f.region_refs(wanted)


def _minor(f):
    return (f"client.age={f.age}",) if f.age < f.config.minor_below_age else ()


def _older(f):
    return (f"client.age={f.age}",) if f.age >= f.config.older_from_age else ()


def _adult(f):
    return (f"client.age={f.age}",) if f.age >= f.config.minor_below_age else ()


_fragile_bone = _caution("osteoporosis", "steroid_use")
_fall = _causes("trauma", "minor_fall")


def _fragility_fracture(f):
    bone = _fragile_bone(f)
    fall = _fall(f)
    refs = bone + fall if bone and fall else ()
    if f.age >= f.config.older_from_age and "minor_fall" in f.causes:
        refs += (f"client.age={f.age}", "complaint.causes=minor_fall")
    return _unique(refs)


_bruising_on_anticoagulants = _all(_caution("unexplained_bruising"), _caution("anticoagulants"))
_bruising_without_anticoagulants = _not_caution(_caution("unexplained_bruising"), "anticoagulants")
_nerve_root_in_neck = _all(_caution("nerve_root_signs"), _regions("neck"))
_nerve_root_in_low_back = _all(
    _caution("nerve_root_signs"), _regions("lower_back", "sacrum_buttock")
)


def _start_back(*risks):
    return lambda f: f.start_back_refs if f.start_back_risk in risks else ()


_psychosocial_risk = _start_back("medium", "high")


def _v1_intake(f):
    return ("schema=anamnesis/v1",) if f.version == v.ANAMNESIS_V1 else ()


_deep_tissue = _tissue("deep")
_hardened = _tone("hardened")


def _firm_allowed(f):
    if not f.firm_allowed:
        return ()
    return _unique((f"client.age={f.age}", *_deep_tissue(f), *_hardened(f)))


def _desk_work(f):
    if f.desk_hours is not None and f.desk_hours >= f.config.desk_hours_from:
        return (f"lifestyle.desk_hours_per_day={ref_value(f.desk_hours)}",)
    return ()


def _high_stress(f):
    if f.stress is not None and f.stress >= f.config.stress_from:
        return (f"lifestyle.stress={f.stress}",)
    return ()


def _inactive(f):
    if (
        f.exercise_sessions is not None
        and f.exercise_sessions < f.config.active_from_sessions_per_week
    ):
        return (f"lifestyle.exercise_sessions_per_week={f.exercise_sessions}",)
    return ()


def _shared(condition):
    """`condition`, worked out once per anamnesis and kept in `Facts.shared`: for a condition
    that several rules ask (conditions are pure, so the answer cannot change)."""

    def when(f):
        refs = f.shared.get(when)
        if refs is None:
            refs = f.shared[when] = condition(f)
        return refs

    return when


_tension = _shared(
    _any(_tone("increased", "hardened"), _characters("pulling"), _suspected("muscle_tension"))
)
_upper = _shared(_regions(*UPPER))
_lower = _shared(_regions(*LOWER))

_ = gettext_noop

# Sources, named once so that each rule cites the one that makes its point.
FINUCANE = "Finucane 2020, international framework for red flags for serious spinal pathology"
IFOMPT = "IFOMPT cervical framework (Rushton 2023)"
GIRFT = "UK cauda equina pathway (GIRFT 2023)"
NG158 = "NICE NG158 (venous thromboembolism)"
CKS_NECK = "NICE CKS neck pain"
CKS = "NICE CKS neck pain and low back pain"
KNGF_LBP = "KNGF low back pain guideline 2021"
KNGF_NECK = "KNGF neck pain guideline 2016"
NG59_PACKAGE = "NICE NG59 1.2.7 (manual therapy only within a package that includes exercise)"
NG59_EXERCISE = "NICE NG59 1.2.1-1.2.3 (exercise, any type, in a group or alone)"
NG59_START_BACK = "NICE NG59 1.1.2, 1.2; Hill 2011, Lancet 378:1560 (STarT Back)"
EULAR = "EULAR 2017 fibromyalgia recommendations (Macfarlane, Ann Rheum Dis 76:318)"
HAYDEN = "Hayden 2021 Cochrane review (exercise for chronic low back pain)"
CHERKIN = "Cherkin 2011, Ann Intern Med 155:1"
SHERMAN = "Sherman 2014, Ann Fam Med 12:112"
PRACTICE = "Common practice (expert opinion; contraindication lists differ, Batavia 2004)"
EXPERT = "Common practice (expert opinion)"
ARTICLE = "Source article (lifestyle advice); common practice"

RULES = (
    # Safety 1: red flags and their tier. Refer, do not treat.
    Rule(
        "S01-cauda-equina-emergency",
        "safety",
        _flags(
            "saddle_anaesthesia", "bladder_bowel_dysfunction", "bilateral_or_progressive_weakness"
        ),
        Effect(
            refer="emergency",
            warning=_(
                "Emergency: possible pressure on the nerves of the lower spine. The client goes "
                "to an emergency department now and does not wait for an appointment."
            ),
        ),
        _(
            "Numbness in the saddle area, trouble passing or holding urine or stool, or weakness "
            "in both legs or weakness that is getting worse can mean compression of the cauda "
            "equina or a progressing nerve compression: emergency assessment now."
        ),
        f"{GIRFT}; {FINUCANE}",
    ),
    Rule(
        "S02-cervical-artery-emergency",
        "safety",
        _flags("cervical_arterial_signs", "sudden_severe_headache_or_neck_pain"),
        Effect(
            refer="emergency",
            warning=_(
                "Emergency: the signs can come from a neck artery or a bleed. The client goes "
                "to an emergency department now (call an ambulance if they cannot get there "
                "safely) and does not wait for an appointment."
            ),
        ),
        _(
            "Dizziness, double vision, slurred speech, trouble swallowing, drop attacks, "
            "nystagmus, facial numbness, or a sudden severe headache or neck pain unlike any "
            "before can mean a cervical artery dissection or a bleed: emergency assessment now."
        ),
        IFOMPT,
    ),
    Rule(
        "S03-chest-pain-emergency",
        "safety",
        _flags("chest_pain_or_breathlessness"),
        Effect(
            refer="emergency",
            warning=_(
                "Emergency: chest pain or breathlessness. The client goes to an emergency "
                "department now; call an ambulance."
            ),
        ),
        _(
            "Chest pain or breathlessness can come from the heart, a pulmonary embolism or the "
            "aorta: emergency assessment now."
        ),
        f"{NG158} (pulmonary embolism); common practice",
    ),
    Rule(
        "S04-suspected-thrombosis-same-day",
        "safety",
        _flags("suspected_thrombosis"),
        Effect(
            refer="same_day",
            warning=_(
                "Same day: a suspected thrombosis. A physician assesses the client today, within "
                "hours."
            ),
        ),
        _(
            "A suspected deep vein thrombosis is assessed within hours, and there is no massage "
            "at all: massage could loosen a clot."
        ),
        NG158,
    ),
    Rule(
        "S05-significant-trauma-same-day",
        "safety",
        _flags("significant_trauma"),
        Effect(
            refer="same_day",
            warning=_(
                "Same day: possible fracture after an injury. A physician sees the client today."
            ),
        ),
        _(
            "Significant trauma (a fall from a height, a road accident) can cause a fracture: a "
            "physician sees the client the same day."
        ),
        FINUCANE,
    ),
    Rule(
        "S06-fragility-fracture-same-day",
        "safety",
        _fragility_fracture,
        Effect(
            refer="same_day",
            warning=_(
                "Same day: a fall or injury with fragile bones can cause a fracture. A physician "
                "sees the client today."
            ),
        ),
        _(
            "Osteoporosis or steroid use together with a fall or injury, or a minor fall at age "
            "{older_from_age} or more, counts as a suspected fragility fracture: same day, as "
            "significant trauma."
        ),
        FINUCANE,
    ),
    Rule(
        "S07-infection-same-day",
        "safety",
        _flags("fever_or_infection"),
        Effect(
            refer="same_day",
            warning=_(
                "Same day: fever or infection with back or neck pain. A physician sees the client "
                "today."
            ),
        ),
        _(
            "Fever or an infection together with back or neck pain can mean a spinal infection: "
            "a physician sees the client the same day."
        ),
        FINUCANE,
    ),
    Rule(
        "S08-myelopathy-same-day",
        "safety",
        _flags("myelopathy_signs"),
        Effect(
            refer="same_day",
            warning=_(
                "Same day: signs that the spinal cord in the neck may be pressed. A physician "
                "sees the client today."
            ),
        ),
        _(
            "Clumsy hands, an unsteady gait or tingling in both arms can mean cervical "
            "myelopathy: a physician sees the client the same day."
        ),
        CKS_NECK,
    ),
    Rule(
        "S09-hypertensive-crisis-same-day",
        "safety",
        _flags("hypertensive_crisis"),
        Effect(
            refer="same_day",
            warning=_("Same day: very high blood pressure. A physician sees the client today."),
        ),
        _(
            "Blood pressure of 180/120 or more, or high blood pressure with headache, chest pain "
            "or a change in vision: a physician sees the client the same day."
        ),
        EXPERT,
    ),
    Rule(
        "S10-bruising-on-anticoagulants-same-day",
        "safety",
        _bruising_on_anticoagulants,
        Effect(
            refer="same_day",
            warning=_(
                "Same day: unexplained bruising while taking blood thinners. A physician sees "
                "the client today."
            ),
        ),
        _(
            "Unexplained bruising in a client on blood thinners can mean the dose is too high "
            "or a bleeding problem: a physician sees the client the same day."
        ),
        EXPERT,
    ),
    Rule(
        "S11-two-urgent-flags-same-day",
        "safety",
        _urgent_flags_together,
        Effect(
            refer="same_day",
            warning=_(
                "Same day: more than one warning sign together. A physician sees the client today."
            ),
        ),
        _(
            "Two or more urgent-tier red flags together raise the suspicion of a serious cause "
            "much more than one alone: a physician sees the client the same day."
        ),
        FINUCANE,
    ),
    Rule(
        "S12-serious-pathology-urgent",
        "safety",
        _flags(
            "cancer_history",
            "unexplained_weight_loss",
            "unrelenting_night_pain",
            "immunosuppression_or_iv_drug_use",
        ),
        Effect(
            refer="urgent",
            warning=_(
                "Urgent: a physician sees the client within a week, before any massage. Tell the "
                "client to go to an emergency department at once if new symptoms appear: "
                "numbness around the buttocks or genitals, trouble passing or holding urine, "
                "weakness in the legs, or fever."
            ),
        ),
        _(
            "A history of cancer, unexplained weight loss, night pain that does not ease with a "
            "change of position, or a weakened immune system or intravenous drug use can point "
            "to a tumour or an infection: a physician sees the client within a week."
        ),
        FINUCANE,
    ),
    Rule(
        "S13-stable-neurological-deficit-urgent",
        "safety",
        _flags("stable_neurological_deficit"),
        Effect(
            refer="urgent",
            warning=_(
                "Urgent: numbness or weakness that needs a medical examination within a week, "
                "before any massage. Tell the client to go to an emergency department at once if "
                "it gets worse or spreads."
            ),
        ),
        _(
            "Numbness or weakness that is not getting worse is examined by a physician within a "
            "week; if it gets worse it becomes an emergency."
        ),
        CKS,
    ),
    # Safety 2: routine referrals. Treat within restrictions, and inform the physician.
    Rule(
        "S14-neck-nerve-root-inform-physician",
        "safety",
        _nerve_root_in_neck,
        Effect(
            refer="routine",
            warning=_(
                "Neck pain with nerve root signs in the arm: inform the client's physician with "
                "a short letter."
            ),
        ),
        _(
            "Neck pain with nerve root signs in the arm: treatment can go ahead within the "
            "restrictions, and the client's physician is contacted."
        ),
        KNGF_NECK,
    ),
    Rule(
        "S15-inflammatory-back-pain-rheumatology",
        "safety",
        _caution("inflammatory_back_pain"),
        Effect(
            refer="routine",
            warning=_(
                "Signs of inflammatory back pain: a letter to the physician suggesting a "
                "rheumatology assessment."
            ),
        ),
        _(
            "Inflammatory back pain (morning stiffness over 30 minutes, better with exercise, "
            "onset before 45) belongs with a rheumatologist: treat, and inform the physician."
        ),
        EXPERT,
    ),
    Rule(
        "S16-uncontrolled-blood-pressure",
        "safety",
        _caution("uncontrolled_hypertension"),
        Effect(
            refer="routine",
            avoid=("deep_pressure", "tapotement"),
            pressure_at_most="moderate",
            positions_only=("seated", "side_lying"),
            warning=_(
                "Blood pressure not under control: inform the client's physician; no vigorous or "
                "deep work; seated or side-lying if lying flat makes the client dizzy."
            ),
        ),
        _(
            "Blood pressure that is not under control (below crisis levels): no vigorous or deep "
            "work, seated or side-lying positioning, and the physician is informed."
        ),
        PRACTICE,
    ),
    Rule(
        "S17-unexplained-bruising-inform-physician",
        "safety",
        _bruising_without_anticoagulants,
        Effect(
            refer="routine",
            avoid=("deep_pressure",),
            warning=_(
                "Unexplained bruising: inform the client's physician; work gently and leave the "
                "bruises out."
            ),
        ),
        _(
            "Unexplained bruising without blood thinners: treat gently around it and inform the "
            "physician."
        ),
        PRACTICE,
    ),
    # Safety 3: cautions. What to avoid, caps, what is ruled out.
    Rule(
        "S20-no-pressure-on-spine-bones-joints",
        "safety",
        _always,
        Effect(avoid=("pressure_on_spine", "pressure_on_bones_and_joints")),
        _("In every plan: no direct pressure on the spine, on bones or on joints."),
        "Source article; common practice",
    ),
    Rule(
        "S21-anticoagulants-light-only",
        "safety",
        _caution("anticoagulants"),
        Effect(avoid=("deep_pressure", "tapotement"), pressure_at_most="light"),
        _(
            "Blood thinners make bruising and bleeding likely: light pressure only, no deep "
            "tissue work and no tapotement."
        ),
        PRACTICE,
    ),
    Rule(
        "S22-fragile-bone-light-only",
        "safety",
        _caution("osteoporosis", "steroid_use"),
        Effect(
            avoid=("deep_pressure", "tapotement"),
            pressure_at_most="light",
            rule_out_exercises=tuple(sorted(ruled_out({"osteoporosis"}), key=v.EXERCISE.index)),
        ),
        _(
            "Osteoporosis or long steroid use make bone fragile: light pressure only, no deep "
            "pressure over the spine or ribs, no tapotement, and no loaded bending exercises "
            "(knee to chest, child's pose, knee rolls)."
        ),
        PRACTICE,
    ),
    Rule(
        "S23-fragile-skin-light-no-friction",
        "safety",
        _caution("skin_fragility"),
        Effect(pressure_at_most="light", rule_out_techniques=("friction",)),
        _("Fragile skin tears easily: light pressure and no friction."),
        PRACTICE,
    ),
    Rule(
        "S24-pregnancy-side-lying-moderate",
        "safety",
        _caution("pregnancy"),
        Effect(
            avoid=("prone_position",),
            pressure_at_most="moderate",
            rule_out_techniques=("deep_tissue_massage",),
            rule_out_positions=("prone", "supine"),
            positions_only=("side_lying",),
            rule_out_exercises=tuple(sorted(ruled_out({"pregnancy"}), key=v.EXERCISE.index)),
            warning=_(
                "Pregnancy: treat side-lying, not prone; light to moderate pressure; agree the "
                "treatment with the client's physician or midwife."
            ),
        ),
        _(
            "Pregnancy, treated as possibly past mid-pregnancy: side-lying, not prone, light to "
            "moderate pressure, no deep tissue work, no exercises lying on the back, and the "
            "physician or midwife is consulted."
        ),
        PRACTICE,
    ),
    Rule(
        "S25-severe-pain-light-and-short",
        "safety",
        _caution("severe_pain"),
        Effect(
            avoid=("deep_pressure", "tapotement"),
            pressure_at_most="light",
            first_minutes_at_most="short_first_minutes",
            rule_out_exercises=tuple(sorted(ruled_out({"severe_pain"}), key=v.EXERCISE.index)),
            warning=_(
                "Severe pain: light pressure and short first sessions; no tapotement or deep "
                "work, and only gentle movement exercises until it settles."
            ),
        ),
        _(
            "Severe pain (a caution, or a rating of {severe_pain_from} or more now): light "
            "pressure, first sessions of at most {short_first_minutes} minutes, no tapotement or "
            "deep work and only gentle range-of-motion exercises until it settles."
        ),
        EXPERT,
    ),
    Rule(
        "S26-minor-guardian-moderate",
        "safety",
        _minor,
        Effect(
            pressure_at_most="moderate",
            rule_out_techniques=("deep_tissue_massage",),
            warning=_(
                "The client is a minor: a parent or guardian consents to the treatment and is "
                "named on the plan. Structural findings (such as a curved spine) go to an "
                "orthopaedic or paediatric colleague."
            ),
        ),
        _(
            "Under {minor_below_age}: a parent or guardian consents and is named on the plan; "
            "pressure at most moderate and no deep tissue work. The adult low back guideline "
            "(NICE NG59, 16 and over) does not set the dose."
        ),
        EXPERT,
    ),
    Rule(
        "S27-older-client-gentler",
        "safety",
        _older,
        Effect(
            avoid=("tapotement",),
            pressure_at_most="moderate",
            first_minutes_at_most="short_first_minutes",
            warning=_("Older client: ask about falls and blood pressure before the first session."),
        ),
        _(
            "At {older_from_age} or more, thinner skin and lower bone density are likely: "
            "pressure at most moderate, no tapotement, shorter first sessions; ask about falls "
            "and blood pressure."
        ),
        EXPERT,
    ),
    Rule(
        "S28-nerve-root-signs-no-deep-work",
        "safety",
        _caution("nerve_root_signs"),
        Effect(
            avoid=("deep_pressure",),
            avoid_in="nerve_root",
            pressure_at_most="moderate",
            rule_out_exercises=tuple(sorted(ruled_out({"nerve_root_signs"}), key=v.EXERCISE.index)),
            warning=_(
                "Nerve root signs: a qualified clinician should examine the client. No deep "
                "work, friction or trigger point work where the nerve root is concerned."
            ),
        ),
        _(
            "Nerve root signs (a positive straight leg raise, weaker reflexes, a band of numbness "
            "or a weak muscle): pressure at most moderate, no deep work, friction or trigger "
            "point work in the affected region (the neck for arm signs, the low back and "
            "buttock for leg signs), no end-range neck stretches, and a qualified clinician "
            "examines."
        ),
        f"{KNGF_LBP}; {KNGF_NECK}",
    ),
    Rule(
        "S29-lumbar-nerve-root-exercise-leads",
        "safety",
        _nerve_root_in_low_back,
        Effect(
            warning=_(
                "Nerve root signs in the leg: massage is not the treatment of a lumbosacral "
                "radicular syndrome; exercise leads and the massage only supports it."
            )
        ),
        _(
            "Massage is never the treatment of a lumbosacral radicular syndrome on its own: "
            "exercise leads, and a qualified clinician examines."
        ),
        KNGF_LBP,
    ),
    Rule(
        "S30-nerve-root-neck-no-neck-circles",
        "safety",
        _nerve_root_in_neck,
        Effect(rule_out_self_care=("neck_shoulder_circles",)),
        _(
            "Nerve root signs in the arm: no neck circles or stretches to the end of the range "
            "(shoulder rolls and gentle neck exercises are fine)."
        ),
        KNGF_NECK,
    ),
    Rule(
        "S31-widespread-pain-exercise-leads",
        "safety",
        _caution("widespread_pain"),
        Effect(
            pressure_at_most="moderate",
            rule_out_techniques=("deep_tissue_massage",),
            minutes_at_most="widespread_pain_minutes",
            warning=_(
                "Widespread pain: exercise leads; massage light to moderate and short; explain "
                "how pain works."
            ),
        ),
        _(
            "Widespread pain (fibromyalgia, central sensitisation): exercise leads, massage at "
            "most light to moderate in short sessions ({widespread_pain_minutes} minutes), "
            "never deep tissue, and education about pain."
        ),
        EULAR,
    ),
    Rule(
        "S32-skin-lesion-or-surgical-site",
        "safety",
        _caution("skin_lesion_at_site", "recent_surgery"),
        Effect(
            avoid=("massage_at_site",),
            warning=_(
                "Leave the skin lesion, wound or recent surgical site out: work around it, not "
                "over it."
            ),
        ),
        _("A skin lesion, wound or recent surgical site is left out of the massage."),
        PRACTICE,
    ),
    Rule(
        "S33-acute-inflammation-site",
        "safety",
        _caution("acute_inflammation"),
        Effect(
            avoid=("massage_at_site", "heat"),
            warning=_("Leave the inflamed area out of the massage and put no heat on it."),
        ),
        _("Acute inflammation: leave the inflamed area out and apply no heat."),
        PRACTICE,
    ),
    Rule(
        "S34-attachment-inflammation-site",
        "safety",
        _suspected("attachment_inflammation"),
        Effect(
            avoid=("friction_at_site", "heat"),
            warning=_(
                "Suspected inflammation at a tendon or muscle attachment: no friction, deep work "
                "or heat at that spot."
            ),
        ),
        _(
            "An inflamed tendon or muscle attachment gets worse with friction, deep work or "
            "heat: none of these at the site."
        ),
        PRACTICE,
    ),
    Rule(
        "S35-nut-allergy-neutral-oil",
        "safety",
        _caution("oil_or_nut_allergy"),
        Effect(
            avoid=("nut_oils",),
            warning=_("Nut or oil allergy: use a neutral, nut-free oil or lotion."),
        ),
        _("A nut or oil allergy: no nut oils such as almond oil; offer a neutral alternative."),
        EXPERT,
    ),
    Rule(
        "S36-start-back-high-risk",
        "safety",
        _start_back("high"),
        Effect(
            sessions_at_most="start_back_high_sessions",
            warning=_(
                "High risk on STarT Back: exercise with a psychologically informed approach, "
                "education first; consider a psychologically informed physiotherapist."
            ),
        ),
        _(
            "High risk on the STarT Back tool (psychosocial subscale "
            "{start_back_high_psychosocial_from} or more): exercise with a psychologically "
            "informed approach, at most {start_back_high_sessions} sessions, education first."
        ),
        NG59_START_BACK,
    ),
    Rule(
        "S37-start-back-medium-risk",
        "safety",
        _start_back("medium"),
        Effect(sessions_at_most="start_back_medium_sessions"),
        _(
            "Medium risk on the STarT Back tool: an exercise programme with manual therapy only "
            "inside it, at most {start_back_medium_sessions} sessions."
        ),
        NG59_START_BACK,
    ),
    Rule(
        "S38-start-back-low-risk",
        "safety",
        _start_back("low"),
        Effect(sessions_at_most="start_back_low_sessions"),
        _(
            "Low risk on the STarT Back tool (total {start_back_low_up_to} or less): advice, "
            "reassurance and self-management, at most {start_back_low_sessions} sessions."
        ),
        NG59_START_BACK,
    ),
    Rule(
        "S39-leg-radiation-needs-assessment",
        "safety",
        _not_caution(_radiation("below_knee"), "nerve_root_signs"),
        Effect(
            warning=_(
                "Pain reaches below the knee: a qualified clinician should check for nerve root "
                "involvement."
            )
        ),
        _(
            "Pain below the knee does not prove a trapped nerve, but it calls for an assessment "
            "by a qualified clinician."
        ),
        "Bogduk 2009",
    ),
    Rule(
        "S40-arm-radiation-needs-assessment",
        "safety",
        _not_caution(_radiation("upper_arm", "forearm_hand"), "nerve_root_signs"),
        Effect(
            warning=_(
                "Pain reaches into the arm: a qualified clinician should check for nerve root "
                "involvement."
            )
        ),
        _(
            "Neck or shoulder pain that spreads into the arm can come from a nerve root; a "
            "qualified clinician should assess it."
        ),
        KNGF_NECK,
    ),
    Rule(
        "S41-burning-pain-needs-assessment",
        "safety",
        _characters("burning"),
        Effect(
            warning=_("Burning pain can come from a nerve: a qualified clinician should assess it.")
        ),
        _("Burning or tingling pain has neuropathic features and calls for an assessment."),
        "Bogduk 2009; common practice",
    ),
    Rule(
        "S42-v1-intake-ask-newer-questions",
        "safety",
        _v1_intake,
        Effect(
            warning=_(
                "This intake was recorded on the earlier form, which did not ask about dizziness "
                "or double vision, a sudden severe headache, chest pain, clumsy hands or an "
                "unsteady gait, very high blood pressure, or a weakened immune system: ask "
                "about them before the first session."
            )
        ),
        _(
            "Red flags are asked explicitly, every one, at every intake; an intake from the "
            "earlier form did not ask the newer questions."
        ),
        CKS,
    ),
    Rule(
        "S43-acute-pain-gentle-exercises",
        "safety",
        _course_is("acute"),
        Effect(rule_out_exercises=tuple(sorted(ruled_out({"severe_pain"}), key=v.EXERCISE.index))),
        _(
            "Acute pain: only gentle range-of-motion exercises to begin with; strengthening "
            "and stretching come when it settles."
        ),
        EXPERT,
    ),
    # Techniques: what suits the problem, unless a safety rule ruled it out.
    Rule(
        "T01-classic-massage",
        "techniques",
        _always,
        Effect(techniques=("classic_massage", "effleurage")),
        _("Every treatment starts from classic massage with effleurage over the painful regions."),
        EXPERT,
    ),
    Rule(
        "T02-petrissage-for-raised-tone",
        "techniques",
        _tension,
        Effect(techniques=("petrissage",)),
        _("Raised tone, a pulling pain or muscle tension: kneading (petrissage) loosens muscle."),
        f"{KNGF_LBP} (massage only with raised muscle tone linked to the complaint)",
    ),
    Rule(
        "T03-trigger-point-therapy",
        "techniques",
        _any(_trigger_points, _characters("punctual")),
        Effect(techniques=("trigger_point_therapy",)),
        _(
            "Trigger points, or a tender spot that reproduces the familiar pain (local "
            "myofascial pain): trigger point therapy, unless a caution rules out deep work."
        ),
        EXPERT,
    ),
    Rule(
        "T04-deep-tissue-only-with-a-reason",
        "techniques",
        _all(_course_is("chronic"), _tissue("deep"), _firm_allowed),
        Effect(techniques=("deep_tissue_massage",)),
        _(
            "Deep tissue massage only for a chronic complaint in the deep tissue of an adult "
            "under {older_from_age} with no caution: structural massage did no better than "
            "relaxation massage, so it needs a reason."
        ),
        f"{CHERKIN}; common practice",
    ),
    Rule(
        "T05-fascia-therapy-for-chronic-hardening",
        "techniques",
        _all(_course_is("chronic"), _tone("hardened"), _firm_allowed),
        Effect(techniques=("fascia_therapy",)),
        _(
            "Hardened tissue in a chronic complaint: fascia therapy, as deep work only for an "
            "adult under {older_from_age} with no caution."
        ),
        EXPERT,
    ),
    # Pressure: the lowest pressure asked for wins, and never more than safety allows.
    Rule(
        "P01-light-pressure-when-acute",
        "pressure",
        _course_is("acute"),
        Effect(pressure="light"),
        _("Acute pain (under {acute_below_days} days): light pressure."),
        EXPERT,
    ),
    Rule(
        "P02-firm-only-with-a-reason",
        "pressure",
        _all(_course_is("chronic"), _firm_allowed),
        Effect(pressure="firm"),
        _(
            "Firm pressure is allowed, not required, for a chronic complaint with deep or "
            "hardened tissue in a client aged {minor_below_age} to {older_from_age} minus one "
            "with no caution. Otherwise the pressure is {default_pressure}."
        ),
        f"{CHERKIN}; common practice",
    ),
    # Positioning.
    Rule(
        "O01-prone-for-the-back",
        "positioning",
        _regions("upper_back", "mid_back", "lower_back", "sacrum_buttock"),
        Effect(positioning=("prone",)),
        _("Back complaints are treated lying face down (prone), well supported."),
        EXPERT,
    ),
    Rule(
        "O02-seated-or-side-lying-for-neck-and-shoulder",
        "positioning",
        _regions("neck", "shoulder"),
        Effect(positioning=("seated", "side_lying")),
        _("Neck and shoulder complaints are treated seated or side-lying."),
        EXPERT,
    ),
    # Sessions: the first matching rule sets count, rhythm and length.
    Rule(
        "R01-acute-short-course",
        "sessions",
        _course_is("acute"),
        Effect(sessions="acute"),
        _(
            "Acute complaint: a short course of {acute[count]} sessions of {acute[minutes]} "
            "minutes, {acute[per_week]} a week, reassessed early (after session "
            "{acute[reassess_after]})."
        ),
        f"{KNGF_NECK} (normal course within 6 weeks); common practice",
    ),
    Rule(
        "R02-subacute-course",
        "sessions",
        _course_is("subacute"),
        Effect(sessions="subacute"),
        _(
            "Subacute complaint: {subacute[count]} sessions of {subacute[minutes]} minutes, "
            "{subacute[per_week]} a week, reassessed after session {subacute[reassess_after]}."
        ),
        "NICE CG88 (historic cap of 9 sessions); common practice",
    ),
    Rule(
        "R03-chronic-neck-hour-sessions",
        "sessions",
        _all(_course_is("chronic"), _regions("neck")),
        Effect(sessions="chronic_neck"),
        _(
            "Chronic neck pain: sessions of about an hour ({chronic_neck[minutes]} minutes), "
            "{chronic_neck[per_week]} a week for {chronic_neck[count]} sessions; 30-minute "
            "sessions did not help. Reassessed after session {chronic_neck[reassess_after]}."
        ),
        SHERMAN,
    ),
    Rule(
        "R04-chronic-low-back-weekly",
        "sessions",
        _all(_course_is("chronic"), _regions("lower_back", "sacrum_buttock"), _adult),
        Effect(sessions="chronic_low_back"),
        _(
            "Chronic low back pain in an adult: {chronic_low_back[count]} weekly sessions of "
            "{chronic_low_back[minutes]} minutes, reassessed after session "
            "{chronic_low_back[reassess_after]}."
        ),
        CHERKIN,
    ),
    Rule(
        "R05-chronic-course",
        "sessions",
        _course_is("chronic"),
        Effect(sessions="chronic"),
        _(
            "Other chronic complaints: {chronic[count]} sessions of {chronic[minutes]} minutes, "
            "{chronic[per_week]} a week, reassessed after session {chronic[reassess_after]}."
        ),
        "NICE CG88 (historic cap of 9 sessions); common practice",
    ),
    Rule(
        "R06-flare-of-a-recurrent-complaint",
        "sessions",
        _flare,
        Effect(
            warning=_(
                "A flare of a recurrent complaint: planned as the given course, not by the days "
                "since it first began."
            )
        ),
        _(
            "A recurrent complaint whose stated course is shorter than its duration is a flare: "
            "the stated course sets the plan, and the plan says it is a flare."
        ),
        EXPERT,
    ),
    # Self-care: massage only as part of an active package.
    Rule(
        "C01-stay-active",
        "self_care",
        _always,
        Effect(self_care=("stay_active",)),
        _(
            "Massage only as part of an active package: every plan asks the client to stay "
            "active and keep up daily activities. Advice never encourages rest."
        ),
        f"{NG59_PACKAGE}; {KNGF_LBP}",
    ),
    Rule(
        "C02-reassurance-for-acute-neck-pain",
        "self_care",
        _all(_course_is("acute"), _regions("neck")),
        Effect(self_care=("education_reassurance",)),
        _(
            "Neck pain that improves within 6 weeks is a normal course: reassurance and staying "
            "active."
        ),
        f"{KNGF_NECK} (profile A)",
    ),
    Rule(
        "C03-stretching-for-tension",
        "self_care",
        _tension,
        Effect(self_care=("stretching",)),
        _("A pulling, tight or stiff complaint: regular stretching."),
        EXPERT,
    ),
    Rule(
        "C04-chronic-strengthening",
        "self_care",
        _course_is("chronic"),
        Effect(self_care=("strengthening",)),
        _("Every chronic plan includes strengthening exercise."),
        f"{NG59_PACKAGE}; {KNGF_LBP}; {HAYDEN}",
    ),
    Rule(
        "C05-desk-work",
        "self_care",
        _desk_work,
        Effect(
            self_care=("movement_breaks", "neck_shoulder_circles", "posture_changes", "hourly_walk")
        ),
        _(
            "Desk work ({desk_hours_from} hours a day or more): movement breaks several times a "
            "day, neck and shoulder circles, frequent changes of position and a 5-minute walk "
            "every hour."
        ),
        ARTICLE,
    ),
    Rule(
        "C06-posture-and-one-sided-load",
        "self_care",
        _causes("posture", "one_sided_load"),
        Effect(self_care=("posture_changes", "stretching", "strengthening")),
        _("Posture or one-sided load as a cause: change posture often, stretch and strengthen."),
        ARTICLE,
    ),
    Rule(
        "C07-inactivity",
        "self_care",
        _inactive,
        Effect(self_care=("strengthening", "yoga_or_pilates")),
        _(
            "Fewer than {active_from_sessions_per_week} exercise sessions a week: strengthen the "
            "back muscles and take up a regular structured exercise such as yoga or Pilates."
        ),
        ARTICLE,
    ),
    Rule(
        "C08-stress-management",
        "self_care",
        _any(_high_stress, _causes("stress", "psychological_overload")),
        Effect(self_care=("stress_management", "yoga_or_pilates")),
        _(
            "Stress (rated {stress_from} or more) or psychological overload as a cause: stress "
            "management and relaxation, for example through yoga."
        ),
        ARTICLE,
    ),
    Rule(
        "C09-heat-for-chronic-tension",
        "self_care",
        _all(_course_is("chronic"), _tension),
        Effect(self_care=("heat",)),
        _(
            "Chronic tension without acute inflammation: heat at home, such as a warm bath or "
            "a hot water bottle."
        ),
        ARTICLE,
    ),
    Rule(
        "C10-heat-for-recent-low-back-pain",
        "self_care",
        _all(_course_is("acute", "subacute"), _regions("lower_back", "sacrum_buttock")),
        Effect(self_care=("heat",)),
        _("Acute or subacute low back pain: superficial heat helps (moderate evidence)."),
        "ACP 2017 (superficial heat for acute and subacute low back pain)",
    ),
    Rule(
        "C11-start-back-education",
        "self_care",
        _start_back("low", "high"),
        Effect(self_care=("education_reassurance",)),
        _(
            "STarT Back low risk: advice and reassurance for self-management; high risk: "
            "education first, within a psychologically informed approach."
        ),
        NG59_START_BACK,
    ),
    Rule(
        "C12-widespread-pain-education",
        "self_care",
        _caution("widespread_pain"),
        Effect(self_care=("education_reassurance", "strengthening")),
        _("Widespread pain: education about pain, and exercise leads."),
        EULAR,
    ),
    # The home exercise programme: named, dosed exercises chosen from the findings.
    Rule(
        "E01-low-back-motor-control",
        "exercises",
        _all(
            _lower,
            _any(_course_is("chronic"), _recurrent, _impairment("functional", "both")),
        ),
        Effect(exercises=("bird_dog", "glute_bridge", "dead_bug", "side_plank_knees")),
        _(
            "Chronic, recurrent or weak low back: motor control and strengthening (bird dog, "
            "bridge, dead bug, side plank)."
        ),
        f"{HAYDEN}; {KNGF_LBP}",
    ),
    Rule(
        "E02-neck-desk-work",
        "exercises",
        _all(_upper, _desk_work),
        Effect(
            exercises=(
                "chin_tuck",
                "scapular_retraction",
                "doorway_pec_stretch",
                "thoracic_extension_chair",
            )
        ),
        _(
            "Desk-related neck and shoulder pain: chin tucks and shoulder blade work, with "
            "stretches for a forward posture."
        ),
        f"{NG59_EXERCISE}; common practice",
    ),
    Rule(
        "E03-neck-strengthening",
        "exercises",
        _all(_upper, _any(_course_is("chronic"), _impairment("functional", "both"))),
        Effect(exercises=("isometric_neck", "scapular_retraction", "wall_angels")),
        _("Chronic or weak neck and shoulder: strengthening of the neck and shoulder blades."),
        f"{NG59_EXERCISE}; common practice",
    ),
    Rule(
        "E04-low-back-stretches-for-tension",
        "exercises",
        _all(_lower, _any(_tension, _impairment("mobility", "both"))),
        Effect(
            exercises=(
                "hip_flexor_stretch",
                "hamstring_stretch",
                "piriformis_stretch",
                "lumbar_rotation_stretch",
                "child_pose",
            )
        ),
        _("Tense or stiff low back and hips: stretches for shortened or tense muscles."),
        EXPERT,
    ),
    Rule(
        "E05-neck-stretches-for-tension",
        "exercises",
        _all(_upper, _any(_tension, _impairment("mobility", "both"))),
        Effect(exercises=("levator_scapulae_stretch", "neck_side_bend_stretch")),
        _("Tense or stiff neck and shoulders: gentle stretches for the neck muscles."),
        EXPERT,
    ),
    Rule(
        "E06-low-back-gentle-movement",
        "exercises",
        _lower,
        Effect(exercises=("pelvic_tilt", "cat_cow", "knee_to_chest")),
        _("Back pain: gentle range-of-motion exercises that anyone can start with."),
        f"{NG59_EXERCISE}; {KNGF_LBP}",
    ),
    Rule(
        "E07-neck-gentle-movement",
        "exercises",
        _upper,
        Effect(exercises=("chin_tuck", "shoulder_rolls", "isometric_neck")),
        _("Neck and shoulder pain: gentle movement and posture exercises to start with."),
        f"{NG59_EXERCISE}; common practice",
    ),
    Rule(
        "E08-upper-back-mobility",
        "exercises",
        _regions("upper_back", "mid_back"),
        Effect(exercises=("thoracic_extension_chair", "cat_cow")),
        _("Stiff upper or mid back: mobility exercises for the upper back."),
        EXPERT,
    ),
    Rule(
        "E09-walking-graded-activity",
        "exercises",
        _any(_psychosocial_risk, _inactive, _high_stress),
        Effect(exercises=("walking",)),
        _(
            "Psychosocial risk, inactivity or stress: regular walking, built up step by step "
            "(graded activity)."
        ),
        f"{NG59_START_BACK}; {KNGF_LBP}",
    ),
    Rule(
        "E10-walking-for-everyone",
        "exercises",
        _always,
        Effect(exercises=("walking",)),
        _("Walking suits almost everyone with back or neck pain."),
        NG59_EXERCISE,
    ),
)

del _


def rules_in_order(rules=RULES):
    """The rules in the order they run: group by group, table order within a group."""
    return tuple(sorted(rules, key=lambda rule: GROUPS.index(rule.group)))


def _check_table(rules):
    ids = [rule.id for rule in rules]
    duplicates = {rule_id for rule_id in ids if ids.count(rule_id) > 1}
    if duplicates:
        raise ValueError(f"duplicate rule ids: {sorted(duplicates)}")


_check_table(RULES)


def exercise_cautions(anamnesis, config=DEFAULT_CONFIG):
    """{exercise code: the client's cautions (given or derived) that rule it out} for a valid
    anamnesis dict; an exercise missing from it is safe for this client."""
    cautions = Facts(anamnesis, config).cautions
    return {
        code: tuple(c for c in exercise.ruled_out_by if c in cautions)
        for code, exercise in EXERCISES.items()
        if cautions.keys() & set(exercise.ruled_out_by)
    }
