"""The rule table: every clinical rule of the plan engine, as data.

Each rule has an id, a group, a condition on the anamnesis (`when`, which returns the findings
that make it fire as `PATH=VALUE` references, or nothing), an effect on the plan, a
plain-language explanation and its source. Rules run group by group in `GROUPS` order and, within
a group, in table order. Safety rules may only refer, cap the pressure, add things to avoid and
warn; the other groups may only add treatment, so no later rule can undo a safety decision (see
`draft.py` for how that is enforced).

Explanations may name thresholds as `{field}` placeholders of `config.Thresholds`; the rules page
fills them in. Texts are marked with `gettext_noop` so Django's makemessages finds them; the
engine itself stays free of Django.
"""

from dataclasses import dataclass, field

from . import vocabulary as v
from .config import DEFAULT_CONFIG


def gettext_noop(text):
    """Marks a string for translation without translating it (the edge translates it)."""
    return text


GROUPS = ("safety", "techniques", "pressure", "sessions", "self_care")

# Red flag tiers (NICE NG59, KNGF low back pain 2021): suspected cauda equina is an emergency.
EMERGENCY_FLAGS = ("saddle_anaesthesia", "bladder_bowel_dysfunction")
URGENT_FLAGS = tuple(flag for flag in v.RED_FLAG if flag not in EMERGENCY_FLAGS)

# What each avoid item rules out in the rest of the plan.
AVOID_BLOCKS_TECHNIQUES = {
    "all_massage": frozenset(v.TECHNIQUE),
    "deep_pressure": frozenset(
        {"deep_tissue_massage", "fascia_therapy", "trigger_point_therapy", "friction"}
    ),
    "tapotement": frozenset({"tapotement"}),
    "friction_at_site": frozenset({"friction"}),
}
AVOID_BLOCKS_SELF_CARE = {"heat": frozenset({"heat"})}
AVOID_CAPS_PRESSURE = {"deep_pressure": "moderate", "all_massage": "light"}

# While a client waits for a medical review only gentle movement is advised; in an emergency
# nothing but getting seen today.
REFERRAL_SELF_CARE = {"emergency": frozenset(), "urgent": frozenset({"movement_breaks"})}
REFERRAL_SELF_CARE["routine"] = REFERRAL_SELF_CARE["urgent"]

SAFETY_EFFECTS = ("refer", "avoid", "pressure_at_most")
TREATMENT_EFFECTS = ("techniques", "pressure", "sessions", "self_care")


@dataclass(frozen=True)
class Effect:
    """What a rule does to the plan. Safety rules use the first three fields, others the rest;
    both may warn."""

    refer: str | None = None  # urgency of the referral
    avoid: tuple = ()
    pressure_at_most: str | None = None
    techniques: tuple = ()
    pressure: str | None = None  # the pressure this rule asks for (the lowest request wins)
    sessions: str | None = None  # name of a `Schedule` in the configuration
    self_care: tuple = ()
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
        _check_codes(self)


def _check_codes(rule):
    effect = rule.effect
    for codes, vocabulary in (
        (effect.avoid, v.AVOID),
        (effect.techniques, v.TECHNIQUE),
        (effect.self_care, v.SELF_CARE),
        ((effect.refer,) if effect.refer else (), v.URGENCY),
        ((effect.pressure,) if effect.pressure else (), v.PRESSURE),
        ((effect.pressure_at_most,) if effect.pressure_at_most else (), v.PRESSURE),
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


class Facts:
    """The findings of one valid anamnesis, read once, with missing fields as their defaults."""

    def __init__(self, anamnesis, config):
        self.config = config
        complaint = anamnesis["complaint"]
        lifestyle = anamnesis.get("lifestyle", {})
        findings = anamnesis.get("findings", {})
        self.course = complaint.get("course") or derive_course(complaint["duration_days"], config)
        self.regions = _unique(item["region"] for item in complaint["regions"])
        self.characters = frozenset(complaint["pain_character"])
        self.radiation = complaint.get("radiation")
        self.pain_now = complaint["intensity"]["now"]
        self.suspected = complaint.get("suspected")
        self.causes = frozenset(complaint.get("causes", ()))
        self.desk_hours = lifestyle.get("desk_hours_per_day")
        self.exercise_sessions = lifestyle.get("exercise_sessions_per_week")
        self.stress = lifestyle.get("stress")
        self.red_flags = _unique(anamnesis.get("red_flags", ()))
        self.cautions = frozenset(anamnesis.get("cautions", ()))
        self.tissue = findings.get("tissue")
        self.tone = findings.get("tone")
        self.trigger_point_muscles = _unique(
            ref_value(point["muscle"]) for point in findings.get("trigger_points", ())
        )

    @property
    def course_ref(self):
        return f"complaint.course={self.course}"


def derive_course(duration_days, config=DEFAULT_CONFIG):
    """acute, subacute or chronic from the days since onset (cut-offs in the configuration)."""
    if duration_days < config.acute_below_days:
        return "acute"
    if duration_days <= config.chronic_above_days:
        return "subacute"
    return "chronic"


# Conditions. Each returns the references that make the rule fire, or an empty tuple.


def _flags(tier):
    return lambda f: tuple(f"red_flags={flag}" for flag in f.red_flags if flag in tier)


def _caution(*codes):
    return lambda f: tuple(f"cautions={code}" for code in codes if code in f.cautions)


def _always(f):
    return tuple(f"complaint.regions={region}" for region in f.regions)


def _course_is(*courses):
    return lambda f: (f.course_ref,) if f.course in courses else ()


def _severe_pain(f):
    refs = _caution("severe_pain")(f)
    if f.pain_now >= f.config.severe_pain_from:
        refs += (f"complaint.intensity.now={ref_value(f.pain_now)}",)
    return refs


def _suspected(*codes):
    return lambda f: (f"complaint.suspected={f.suspected}",) if f.suspected in codes else ()


def _radiation(*places):
    return lambda f: (f"complaint.radiation={f.radiation}",) if f.radiation in places else ()


def _characters(*codes):
    return lambda f: tuple(f"complaint.pain_character={c}" for c in codes if c in f.characters)


def _causes(*codes):
    return lambda f: tuple(f"complaint.causes={c}" for c in codes if c in f.causes)


def _tone(*tones):
    return lambda f: (f"findings.tone={f.tone}",) if f.tone in tones else ()


def _tissue(*kinds):
    return lambda f: (f"findings.tissue={f.tissue}",) if f.tissue in kinds else ()


def _trigger_points(f):
    return tuple(f"findings.trigger_points={muscle}" for muscle in f.trigger_point_muscles)


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
        return _unique(refs)

    return when


def _regions(*regions):
    return lambda f: tuple(f"complaint.regions={r}" for r in f.regions if r in regions)


def _desk_work(f):
    if f.desk_hours is not None and f.desk_hours >= f.config.desk_hours_from:
        return (f"lifestyle.desk_hours_per_day={ref_value(f.desk_hours)}",)
    return ()


def _high_stress(f):
    if f.stress is not None and f.stress >= f.config.stress_from:
        return (f"lifestyle.stress={ref_value(f.stress)}",)
    return ()


def _inactive(f):
    if (
        f.exercise_sessions is not None
        and f.exercise_sessions < f.config.active_from_sessions_per_week
    ):
        return (f"lifestyle.exercise_sessions_per_week={ref_value(f.exercise_sessions)}",)
    return ()


def _unless_caution(condition, *codes):
    return lambda f: () if f.cautions & set(codes) else condition(f)


_tension = _any(
    _tone("increased", "hardened"), _characters("pulling"), _suspected("muscle_tension")
)

_ = gettext_noop

RULES = (
    # Safety: referral, cautions, what to avoid. These win over everything that follows.
    Rule(
        "S01-red-flag-emergency",
        "safety",
        _flags(EMERGENCY_FLAGS),
        Effect(refer="emergency"),
        _(
            "Saddle numbness or trouble passing or holding urine or stool can mean compression "
            "of the cauda equina. Do not treat: the client needs emergency medical assessment "
            "today."
        ),
        _("NICE NG59 1.1.1; KNGF low back pain guideline 2021; common practice"),
    ),
    Rule(
        "S02-red-flag-urgent",
        "safety",
        _flags(URGENT_FLAGS),
        Effect(refer="urgent"),
        _(
            "A history of cancer, unexplained weight loss, night pain that does not ease with a "
            "change of position, fever or infection, significant trauma or a worsening "
            "neurological deficit can point to a serious cause. Do not treat: a physician "
            "reviews the client first."
        ),
        _(
            "NICE NG59 1.1.1; NICE CKS neck pain; IFOMPT cervical framework (Rushton 2023); "
            "Canadian C-spine rule; KNGF low back pain guideline 2021"
        ),
    ),
    Rule(
        "S03-suspected-thrombosis",
        "safety",
        _caution("suspected_thrombosis"),
        Effect(
            refer="urgent",
            avoid=("all_massage",),
            warning=_(
                "Suspected thrombosis: no massage at all. Arrange a medical assessment "
                "(the same day where possible)."
            ),
        ),
        _(
            "Massage could loosen a clot. With a suspected thrombosis there is no massage at "
            "all and the client is referred for a medical assessment."
        ),
        _("Massage contraindication lists (Batavia 2004); common practice"),
    ),
    Rule(
        "S04-no-pressure-on-spine-bones-joints",
        "safety",
        _always,
        Effect(avoid=("pressure_on_spine", "pressure_on_bones_and_joints")),
        _("In every plan: no direct pressure on the spine, on bones or on joints."),
        _("Source article; common practice"),
    ),
    Rule(
        "S05-anticoagulants-light-only",
        "safety",
        _caution("anticoagulants"),
        Effect(avoid=("deep_pressure", "tapotement"), pressure_at_most="light"),
        _(
            "Blood thinners make bruising and bleeding likely: light pressure only, no deep "
            "tissue work and no tapotement."
        ),
        _("Massage contraindication lists (Batavia 2004); common practice (expert opinion)"),
    ),
    Rule(
        "S06-osteoporosis-light-only",
        "safety",
        _caution("osteoporosis"),
        Effect(avoid=("deep_pressure", "tapotement"), pressure_at_most="light"),
        _(
            "Fragile bone can break under load: light pressure only, no deep pressure over the "
            "spine or ribs and no tapotement."
        ),
        _("Massage contraindication lists (Batavia 2004); common practice (expert opinion)"),
    ),
    Rule(
        "S07-pregnancy-moderate-at-most",
        "safety",
        _caution("pregnancy"),
        Effect(
            avoid=("deep_pressure",),
            pressure_at_most="moderate",
            warning=_(
                "Pregnancy: treat side-lying and agree the treatment with the client's physician "
                "or midwife."
            ),
        ),
        _(
            "In pregnancy: light to moderate pressure, no deep tissue work, side-lying "
            "positioning, and the client's physician or midwife is consulted."
        ),
        _("Common practice (expert opinion)"),
    ),
    Rule(
        "S08-severe-pain-light-and-gentle",
        "safety",
        _severe_pain,
        Effect(
            avoid=("deep_pressure", "tapotement"),
            pressure_at_most="light",
            warning=_("Severe pain: keep the first sessions short and gentle until it settles."),
        ),
        _(
            "With severe pain (a caution, or a pain rating of {severe_pain_from} or more now): "
            "light pressure, shorter first sessions, no tapotement and no deep work until it "
            "settles."
        ),
        _("Common practice (expert opinion)"),
    ),
    Rule(
        "S09-attachment-inflammation",
        "safety",
        _suspected("attachment_inflammation"),
        Effect(avoid=("friction_at_site", "heat", "deep_pressure")),
        _(
            "An inflamed tendon or muscle attachment gets worse with friction, deep work or "
            "heat: none of these at the site."
        ),
        _("Common practice (expert opinion)"),
    ),
    Rule(
        "S10-acute-inflammation",
        "safety",
        _caution("acute_inflammation"),
        Effect(avoid=("massage_at_site", "heat")),
        _("Acute inflammation: leave the inflamed area out and apply no heat to it."),
        _("Massage contraindication lists (Batavia 2004); common practice"),
    ),
    Rule(
        "S11-skin-lesion-or-surgical-site",
        "safety",
        _caution("skin_lesion_at_site", "recent_surgery"),
        Effect(
            avoid=("massage_at_site",),
            warning=_("Work around the skin lesion or surgical site; do not massage over it."),
        ),
        _("A skin lesion, wound or recent surgical site is left out of the massage."),
        _("Massage contraindication lists (Batavia 2004); common practice"),
    ),
    Rule(
        "S12-leg-radiation-needs-assessment",
        "safety",
        _radiation("below_knee"),
        Effect(
            warning=_(
                "Pain radiates below the knee: a qualified clinician should assess possible "
                "nerve root involvement before massage (none for a radicular syndrome)."
            )
        ),
        _(
            "Pain below the knee does not prove a trapped nerve, but it calls for an assessment "
            "by a qualified clinician; massage is not given for a lumbosacral radicular "
            "syndrome."
        ),
        _("Bogduk 2009; KNGF low back pain guideline 2021"),
    ),
    Rule(
        "S13-arm-radiation-needs-assessment",
        "safety",
        _radiation("upper_arm", "forearm_hand"),
        Effect(
            warning=_(
                "Pain radiates into the arm: a qualified clinician should assess possible nerve "
                "involvement; contact the client's physician."
            )
        ),
        _(
            "Neck or shoulder pain that spreads into the arm can come from a nerve root; a "
            "qualified clinician should assess it and the client's physician is contacted."
        ),
        _("KNGF guidelines (arm symptoms with neck pain); common practice"),
    ),
    Rule(
        "S14-burning-pain-needs-assessment",
        "safety",
        _characters("burning"),
        Effect(
            warning=_(
                "Burning pain can be neuropathic: a qualified clinician should assess nerve "
                "involvement."
            )
        ),
        _("Burning or tingling pain has neuropathic features and calls for an assessment."),
        _("Bogduk 2009; common practice"),
    ),
    # Techniques: what suits the problem, unless a safety rule ruled it out.
    Rule(
        "T01-classic-massage",
        "techniques",
        _course_is(*v.COURSE),
        Effect(techniques=("classic_massage", "effleurage")),
        _("Every treatment starts from classic massage with effleurage over the painful regions."),
        _("Source article; common practice"),
    ),
    Rule(
        "T02-petrissage-for-tension",
        "techniques",
        _tension,
        Effect(techniques=("petrissage",)),
        _("Raised tone, a pulling pain or muscle tension: kneading (petrissage) loosens muscle."),
        _("Source article; KNGF low back pain guideline 2021 (massage with raised tone)"),
    ),
    Rule(
        "T03-trigger-point-therapy",
        "techniques",
        _any(_trigger_points, _characters("punctual")),
        Effect(techniques=("trigger_point_therapy",)),
        _(
            "Trigger points, or a tender spot that reproduces the familiar pain, are treated "
            "with trigger point therapy, unless a caution rules out deep pressure."
        ),
        _("Source article; common practice"),
    ),
    Rule(
        "T04-deep-tissue-for-chronic-deep-tissue",
        "techniques",
        _all(_course_is("chronic"), _tissue("deep")),
        Effect(techniques=("deep_tissue_massage",)),
        _(
            "A chronic complaint in the deep tissue calls for deep tissue massage, unless a "
            "caution rules out deep pressure."
        ),
        _("Source article; common practice"),
    ),
    Rule(
        "T05-fascia-therapy-for-chronic-hardening",
        "techniques",
        _all(_course_is("chronic"), _tone("hardened")),
        Effect(techniques=("fascia_therapy",)),
        _(
            "Hardened tissue in a chronic complaint calls for fascia therapy, unless a caution "
            "rules out deep pressure."
        ),
        _("Source article; common practice"),
    ),
    # Pressure: the lowest pressure asked for wins, and never more than safety allows.
    Rule(
        "P01-light-pressure-when-acute",
        "pressure",
        _course_is("acute"),
        Effect(pressure="light"),
        _("Acute pain (under {acute_below_days} days): light pressure. When in doubt, light."),
        _("ACP 2017 (low-quality evidence for massage in acute pain); common practice"),
    ),
    Rule(
        "P02-firm-pressure-for-chronic-deep-tissue",
        "pressure",
        _all(_course_is("chronic"), _any(_tissue("deep"), _tone("hardened"))),
        Effect(pressure="firm"),
        _(
            "Deep or hardened tissue in a chronic complaint: firm pressure, unless a caution "
            "or another rule asks for less. Otherwise the pressure is {default_pressure}."
        ),
        _("Common practice"),
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
        _("KNGF neck pain guideline (normal course within 6 weeks); common practice"),
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
        _("NICE CG88 (historic cap of 9 sessions); common practice"),
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
        _("Sherman 2014, Ann Fam Med 12:112"),
    ),
    Rule(
        "R04-chronic-low-back-weekly",
        "sessions",
        _all(_course_is("chronic"), _regions("lower_back", "sacrum_buttock")),
        Effect(sessions="chronic_low_back"),
        _(
            "Chronic low back pain: {chronic_low_back[count]} weekly sessions of "
            "{chronic_low_back[minutes]} minutes, reassessed after session "
            "{chronic_low_back[reassess_after]}."
        ),
        _("Cherkin 2011, Ann Intern Med 155:1"),
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
        _("Cherkin 2011; Sherman 2014; NICE CG88 (historic)"),
    ),
    # Self-care: massage only as part of an active package.
    Rule(
        "C01-keep-moving",
        "self_care",
        _course_is(*v.COURSE),
        Effect(self_care=("movement_breaks",)),
        _(
            "Massage only as part of an active package: every plan keeps the client moving, "
            "with movement breaks through the day. Advice never encourages rest."
        ),
        _("NICE NG59 1.2.7; KNGF low back pain guideline 2021"),
    ),
    Rule(
        "C02-stretching-for-tension",
        "self_care",
        _tension,
        Effect(self_care=("stretching",)),
        _("A pulling, tight or stiff complaint: regular stretching."),
        _("Source article; common practice"),
    ),
    Rule(
        "C03-chronic-strengthening",
        "self_care",
        _course_is("chronic"),
        Effect(self_care=("strengthening",)),
        _("Every chronic plan includes strengthening exercise."),
        _("NICE NG59 1.2.7; KNGF low back pain guideline 2021"),
    ),
    Rule(
        "C04-desk-work",
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
        _("Source article"),
    ),
    Rule(
        "C05-posture-and-one-sided-load",
        "self_care",
        _causes("posture", "one_sided_load"),
        Effect(self_care=("posture_changes", "stretching", "strengthening")),
        _("Posture or one-sided load as a cause: change posture often, stretch and strengthen."),
        _("Source article"),
    ),
    Rule(
        "C06-inactivity",
        "self_care",
        _inactive,
        Effect(self_care=("strengthening", "yoga_or_pilates")),
        _(
            "Fewer than {active_from_sessions_per_week} exercise sessions a week: strengthen the "
            "back muscles and take up a regular structured exercise such as yoga or Pilates."
        ),
        _("Source article; NICE NG59 1.2.7 (exercise in the treatment package)"),
    ),
    Rule(
        "C07-stress-management",
        "self_care",
        _any(_high_stress, _causes("stress", "psychological_overload")),
        Effect(self_care=("stress_management", "yoga_or_pilates")),
        _(
            "Stress (rated {stress_from} or more) or psychological overload as a cause: stress "
            "management and relaxation, for example through yoga."
        ),
        _("Source article"),
    ),
    Rule(
        "C08-heat-for-chronic-tension",
        "self_care",
        _unless_caution(_all(_course_is("chronic"), _tension), "acute_inflammation"),
        Effect(self_care=("heat",)),
        _(
            "Chronic tension without acute inflammation: heat at home, such as a warm bath or "
            "a hot water bottle."
        ),
        _("Source article"),
    ),
    Rule(
        "C09-heat-for-recent-low-back-pain",
        "self_care",
        _unless_caution(
            _all(_course_is("acute", "subacute"), _regions("lower_back", "sacrum_buttock")),
            "acute_inflammation",
        ),
        Effect(self_care=("heat",)),
        _("Acute or subacute low back pain: superficial heat helps (moderate evidence)."),
        _("ACP 2017"),
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
