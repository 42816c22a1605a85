"""Display labels for the anamnesis/v2 codes: codes stay codes everywhere, words come from here."""

from django.utils.translation import gettext_lazy as _

from plans.engine import vocabulary

REGION = {
    "neck": _("Neck"),
    "shoulder": _("Shoulder"),
    "upper_back": _("Upper back"),
    "mid_back": _("Mid back"),
    "lower_back": _("Lower back"),
    "sacrum_buttock": _("Sacrum and buttock"),
}
SIDE = {
    "left": _("left"),
    "right": _("right"),
    "both": _("both sides"),
    "central": _("central"),
}
TRIGGER_POINT_SIDE = {code: SIDE[code] for code in vocabulary.TRIGGER_POINT_SIDE}
COURSE = {
    "acute": _("acute"),
    "subacute": _("subacute"),
    "chronic": _("chronic"),
}
CHARACTER = {
    "radiating": _("radiating"),
    "stabbing": _("stabbing"),
    "punctual": _("punctual (a tender spot)"),
    "pulling": _("pulling (tight)"),
    "burning": _("burning"),
    "dull": _("dull (deep)"),
}
RADIATION = {
    "none": _("none"),
    "buttock": _("into the buttock"),
    "thigh": _("into the thigh"),
    "below_knee": _("below the knee"),
    "shoulder": _("into the shoulder"),
    "upper_arm": _("into the upper arm"),
    "forearm_hand": _("into the forearm or hand"),
}
SUSPECTED = {
    "lumbago": _("Lumbago"),
    "stiff_neck": _("Stiff neck"),
    "acute_overload": _("Acute overload"),
    "attachment_inflammation": _("Inflammation at tendon attachments"),
    "muscle_tension": _("Muscle tension"),
    "other": _("Other"),
}
CAUSE = {
    "posture": _("Posture"),
    "one_sided_load": _("One-sided load"),
    "stress": _("Stress"),
    "psychological_overload": _("Psychological overload"),
    "trauma": _("Trauma"),
    "minor_fall": _("A minor fall"),
    "unknown": _("Unknown"),
}
INJURY_KIND = {
    "accident": _("Accident"),
    "injury": _("Injury"),
    "surgery": _("Surgery"),
}
# A red flag found, as records, letters and reasons name it.
RED_FLAG = {
    "saddle_anaesthesia": _("Numbness in the saddle area (groin, buttocks, inner thighs)"),
    "bladder_bowel_dysfunction": _("New trouble controlling or emptying bladder or bowel"),
    "bilateral_or_progressive_weakness": _(
        "Weakness in both legs, or weakness or numbness getting worse"
    ),
    "cervical_arterial_signs": _(
        "Signs of a cervical artery problem (dizziness, double vision, slurred speech, "
        "trouble swallowing, drop attacks, facial numbness)"
    ),
    "sudden_severe_headache_or_neck_pain": _(
        "Sudden, severe headache or neck pain unlike any before"
    ),
    "chest_pain_or_breathlessness": _("Chest pain or shortness of breath"),
    "suspected_thrombosis": _("Suspected thrombosis (swollen, warm, painful calf or leg)"),
    "significant_trauma": _("Significant trauma (fall, accident) or suspected fracture"),
    "fever_or_infection": _("Fever or a current infection"),
    "myelopathy_signs": _(
        "Signs of spinal cord compression (clumsy hands, unsteady gait, tingling in both arms)"
    ),
    "hypertensive_crisis": _(
        "Blood pressure 180/120 or more, or high blood pressure with "
        "headache, chest pain or visual change"
    ),
    "cancer_history": _("Cancer now or in the past"),
    "unexplained_weight_loss": _("Unexplained weight loss"),
    "unrelenting_night_pain": _("Night pain that changing position does not ease"),
    "immunosuppression_or_iv_drug_use": _("Immunosuppression or intravenous drug use"),
    "stable_neurological_deficit": _("Numbness or weakness that is not getting worse"),
}
# The red-flag screening as the intake asks it: yes/no questions in the words used with a client.
RED_FLAG_QUESTION = {
    "saddle_anaesthesia": _(
        "Numbness or tingling in the saddle area (groin, buttocks, inner thighs)?"
    ),
    "bladder_bowel_dysfunction": _("New trouble controlling or emptying the bladder or bowel?"),
    "bilateral_or_progressive_weakness": _(
        "Weakness in both legs, or weakness or numbness that is getting worse?"
    ),
    "cervical_arterial_signs": _(
        "Dizziness, double vision, slurred speech, trouble swallowing, sudden falls, "
        "or numbness in the face?"
    ),
    "sudden_severe_headache_or_neck_pain": _(
        "A sudden, severe headache or neck pain unlike any before?"
    ),
    "chest_pain_or_breathlessness": _("Chest pain or shortness of breath?"),
    "suspected_thrombosis": _("A swollen, warm, painful calf or leg (a possible blood clot)?"),
    "significant_trauma": _(
        "A significant accident or fall (for example from a height or in traffic)?"
    ),
    "fever_or_infection": _("Fever, chills or a current infection?"),
    "myelopathy_signs": _("Clumsy hands, an unsteady walk, or tingling in both arms?"),
    "hypertensive_crisis": _(
        "Blood pressure of 180/120 or more, or high blood pressure with headache, chest pain "
        "or changes in vision?"
    ),
    "cancer_history": _("Cancer now or in the past?"),
    "unexplained_weight_loss": _("Weight loss without trying?"),
    "unrelenting_night_pain": _("Pain at night that no position eases?"),
    "immunosuppression_or_iv_drug_use": _(
        "A weakened immune system (medicine or illness) or injected drug use?"
    ),
    "stable_neurological_deficit": _(
        "Numbness or weakness that is not getting worse (not from an irritated nerve root)?"
    ),
}
CAUTION = {
    "anticoagulants": _("Anticoagulants or a bleeding disorder"),
    "osteoporosis": _("Osteoporosis"),
    "steroid_use": _("Steroid (cortisone) medicine"),
    "pregnancy": _("Pregnancy"),
    "recent_surgery": _("Recent surgery"),
    "skin_lesion_at_site": _("Skin lesion or wound at the site"),
    "skin_fragility": _("Fragile skin"),
    "unexplained_bruising": _("Unexplained bruising"),
    "acute_inflammation": _("Acute inflammation"),
    "severe_pain": _("Severe pain (8 or more)"),
    "widespread_pain": _("Widespread pain (e.g. fibromyalgia)"),
    "nerve_root_signs": _("Nerve root signs"),
    "inflammatory_back_pain": _("Inflammatory back pain"),
    "uncontrolled_hypertension": _("High blood pressure, not under control"),
    "oil_or_nut_allergy": _("Allergy to oils or nuts"),
}
BODY_PART = {
    **REGION,
    "head": _("Head"),
    "chest_ribs": _("Chest and ribs"),
    "abdomen_pelvis": _("Abdomen and pelvis"),
    "hip": _("Hip"),
    "knee": _("Knee"),
    "ankle_foot": _("Ankle and foot"),
    "elbow": _("Elbow"),
    "wrist_hand": _("Wrist and hand"),
    "other": _("Other"),
}
IMPAIRMENT = {
    "none": _("none"),
    "functional": _("functional"),
    "mobility": _("mobility"),
    "both": _("functional and mobility"),
}
UNIT = {
    "deg": _("°"),
    "cm": _("cm"),
    "kg": _("kg"),
    "score": _("points"),
}
TISSUE = {
    "superficial": _("superficial"),
    "deep": _("deep"),
}
TONE = {
    "normal": _("normal"),
    "increased": _("increased"),
    "hardened": _("hardened"),
}
SLEEP = {
    "good": _("sleeps well"),
    "fair": _("sleeps fairly"),
    "poor": _("sleeps poorly"),
}
STRAIGHT_LEG_RAISE = {
    "negative": _("negative"),
    "positive_left": _("positive on the left"),
    "positive_right": _("positive on the right"),
    "positive_both": _("positive on both sides"),
}
REFLEXES = {
    "normal": _("normal"),
    "reduced": _("reduced"),
    "absent": _("absent"),
}
SEX = {
    "female": _("female"),
    "male": _("male"),
    "diverse": _("diverse"),
    "unknown": _("not stated"),
}

STARTBACK_RISK = {"low": _("low risk"), "medium": _("medium risk"), "high": _("high risk")}
STARTBACK_NOTICE = _(
    "Keele STarT Back Screening Tool © Keele University 2007. Free to use for clinical, "
    "non-commercial purposes; commercial use needs Keele University's permission."
)

# Each vocabulary with its labels, so a test can check that no code goes without words.
BY_VOCABULARY = {
    "REGION": REGION,
    "SIDE": SIDE,
    "TRIGGER_POINT_SIDE": TRIGGER_POINT_SIDE,
    "COURSE": COURSE,
    "CHARACTER": CHARACTER,
    "RADIATION": RADIATION,
    "SUSPECTED": SUSPECTED,
    "CAUSE": CAUSE,
    "INJURY_KIND": INJURY_KIND,
    "RED_FLAG": RED_FLAG,
    "CAUTION": CAUTION,
    "BODY_PART": BODY_PART,
    "IMPAIRMENT": IMPAIRMENT,
    "UNIT": UNIT,
    "TISSUE": TISSUE,
    "TONE": TONE,
    "SLEEP": SLEEP,
    "STRAIGHT_LEG_RAISE": STRAIGHT_LEG_RAISE,
    "REFLEXES": REFLEXES,
    "SEX": SEX,
}

# Where a finding lives in the contract, in words: the plan's reasons (`because`) name these paths.
FIELD = {
    "client.age": _("Age"),
    "client.sex": _("Sex"),
    "complaint.regions": _("Region"),
    "complaint.duration_days": _("Days since onset"),
    "complaint.course": _("Course"),
    "complaint.recurrent": _("Recurrent"),
    "complaint.pain_character": _("Pain character"),
    "complaint.radiation": _("Radiation"),
    "complaint.intensity.now": _("Pain now"),
    "complaint.intensity.worst": _("Pain at worst"),
    "complaint.suspected": _("Suspected condition"),
    "complaint.causes": _("Cause"),
    "complaint.aggravating": _("What makes it worse"),
    "complaint.easing": _("What eases it"),
    "goals": _("Goals"),
    "lifestyle.desk_hours_per_day": _("Desk hours per day"),
    "lifestyle.exercise_sessions_per_week": _("Exercise sessions per week"),
    "lifestyle.stress": _("Stress"),
    "lifestyle.occupation": _("Occupation"),
    "lifestyle.sleep": _("Sleep"),
    "measures.start_back": _("STarT Back"),
    "measures.start_back.total": _("STarT Back total score"),
    "measures.start_back.psychosocial": _("STarT Back psychosocial subscale"),
    "measures.psfs": _("PSFS activities"),
    "measures.ndi": _("Neck Disability Index"),
    "measures.odi": _("Oswestry Disability Index"),
    "history.prior_injuries": _("Prior injury"),
    "red_flags": _("Red flag"),
    "cautions": _("Caution"),
    "findings.impairment": _("Impairment"),
    "findings.side_comparison": _("Side comparison"),
    "findings.visual": _("Visual findings"),
    "findings.tissue": _("Tissue"),
    "findings.tone": _("Tone"),
    "findings.trigger_points": _("Trigger point"),
    "findings.neuro": _("Neurological findings"),
    "findings.neuro.straight_leg_raise": _("Straight leg raise"),
    "findings.neuro.reflexes": _("Reflexes"),
    "findings.neuro.dermatomal_sensory_loss": _("Dermatomal sensory loss"),
    "findings.neuro.myotomal_weakness": _("Myotomal weakness"),
}

# Which codes a path's values are drawn from.
FIELD_CODES = {
    "client.sex": SEX,
    "complaint.regions": REGION,
    "complaint.course": COURSE,
    "complaint.pain_character": CHARACTER,
    "complaint.radiation": RADIATION,
    "complaint.suspected": SUSPECTED,
    "complaint.causes": CAUSE,
    "history.prior_injuries": INJURY_KIND,
    "red_flags": RED_FLAG,
    "cautions": CAUTION,
    "findings.impairment": IMPAIRMENT,
    "findings.tissue": TISSUE,
    "findings.tone": TONE,
    "lifestyle.sleep": SLEEP,
    "findings.neuro.straight_leg_raise": STRAIGHT_LEG_RAISE,
    "findings.neuro.reflexes": REFLEXES,
}


def choices(vocabulary_codes, labels):
    return [(code, labels[code]) for code in vocabulary_codes]


def label(labels, code):
    """The words for `code`, or the code itself when it has none (never hides a value)."""
    return labels.get(code, code) if code is not None else ""


def region_words(region, side=None):
    """A body region in words, with its side when known: "Shoulder (left)"."""
    words = str(label(REGION, region))
    return f"{words} ({label(SIDE, side)})" if side else words


def describe_ref(ref):
    """A plan reason `PATH=VALUE` in the therapist's words, e.g. "Course: acute"."""
    path, _sep, value = ref.partition("=")
    field = FIELD.get(path)
    if field is None:
        # A deeper path (complaint.regions.0.region): name its closest known parent.
        parts = path.split(".")
        while parts and ".".join(parts) not in FIELD:
            parts.pop()
        path = ".".join(parts)
        field = FIELD.get(path, path or ref)
    codes = FIELD_CODES.get(path)
    if codes is not None and value in codes:
        value = codes[value]
    elif value in ("true", "false"):
        value = _("yes") if value == "true" else _("no")
    return f"{field}: {value}" if value != "" else str(field)
