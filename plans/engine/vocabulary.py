"""Every code of the anamnesis/v2 and plan/v2 contract, defined once.

The JSON Schemas, the engine, the forms and the templates all take their codes from here.
Plain Python: display labels live on the Django side (translated at the edge).

Codes that only exist in version 1 documents are kept under `V1_` names, so that stored v1
anamneses and finalized v1 plans can still be read; the engine never writes them.
"""

ANAMNESIS_V1 = "anamnesis/v1"
ANAMNESIS_V2 = "anamnesis/v2"
PLAN_V1 = "plan/v1"
PLAN_V2 = "plan/v2"

SEX = ("female", "male", "diverse", "unknown")
REGION = ("neck", "shoulder", "upper_back", "mid_back", "lower_back", "sacrum_buttock")
# A low back complaint: the regions STarT Back (and the ODI) are meant for.
LOW_BACK_REGIONS = ("lower_back", "sacrum_buttock")
# Where a prior injury was: every region of a complaint and the rest of the body.
BODY_PART = (
    *REGION,
    "head",
    "chest_ribs",
    "abdomen_pelvis",
    "hip",
    "knee",
    "ankle_foot",
    "elbow",
    "wrist_hand",
    "other",
)
SIDE = ("left", "right", "both", "central")
TRIGGER_POINT_SIDE = ("left", "right", "both")
COURSE = ("acute", "subacute", "chronic")
CHARACTER = ("radiating", "stabbing", "punctual", "pulling", "burning", "dull")
RADIATION = ("none", "buttock", "thigh", "below_knee", "shoulder", "upper_arm", "forearm_hand")
SUSPECTED = (
    "lumbago",
    "stiff_neck",
    "acute_overload",
    "attachment_inflammation",
    "muscle_tension",
    "other",
)
CAUSE = (
    "posture",
    "one_sided_load",
    "stress",
    "psychological_overload",
    "trauma",
    "minor_fall",
    "unknown",
)
INJURY_KIND = ("accident", "injury", "surgery")
SLEEP = ("good", "fair", "poor")

# Referral tiers, most urgent first. `routine` means: treat, and inform the physician.
TIER = ("emergency", "same_day", "urgent", "routine")
URGENCY = TIER

# Each red flag and the tier it sets (../shared/spec/clinical-rules.md, "Red flags").
RED_FLAG_TIER = {
    "saddle_anaesthesia": "emergency",
    "bladder_bowel_dysfunction": "emergency",
    "bilateral_or_progressive_weakness": "emergency",
    "cervical_arterial_signs": "emergency",
    "sudden_severe_headache_or_neck_pain": "emergency",
    "chest_pain_or_breathlessness": "emergency",
    "suspected_thrombosis": "same_day",
    "significant_trauma": "same_day",
    "fever_or_infection": "same_day",
    "myelopathy_signs": "same_day",
    "hypertensive_crisis": "same_day",
    "cancer_history": "urgent",
    "unexplained_weight_loss": "urgent",
    "unrelenting_night_pain": "urgent",
    "immunosuppression_or_iv_drug_use": "urgent",
    "stable_neurological_deficit": "urgent",
}
RED_FLAG = tuple(RED_FLAG_TIER)
EMERGENCY_FLAGS = tuple(f for f, tier in RED_FLAG_TIER.items() if tier == "emergency")
SAME_DAY_FLAGS = tuple(f for f, tier in RED_FLAG_TIER.items() if tier == "same_day")
URGENT_FLAGS = tuple(f for f, tier in RED_FLAG_TIER.items() if tier == "urgent")

CAUTION = (
    "anticoagulants",
    "osteoporosis",
    "steroid_use",
    "pregnancy",
    "recent_surgery",
    "skin_lesion_at_site",
    "skin_fragility",
    "unexplained_bruising",
    "acute_inflammation",
    "severe_pain",
    "widespread_pain",
    "nerve_root_signs",
    "inflammatory_back_pain",
    "uncontrolled_hypertension",
    "oil_or_nut_allergy",
)
# Cautions that concern one site (a wound, a scar, an inflamed spot), not a whole region.
SITE_CAUTIONS = ("skin_lesion_at_site", "recent_surgery", "acute_inflammation")

# v1 codes, read from v1 files only: the caution became a red flag, the red flag was renamed.
V1_CAUTION_SUSPECTED_THROMBOSIS = "suspected_thrombosis"
V1_RED_FLAG_PROGRESSIVE_DEFICIT = "progressive_neurological_deficit"
V1_RED_FLAG_RENAMED = {V1_RED_FLAG_PROGRESSIVE_DEFICIT: "bilateral_or_progressive_weakness"}
V1_RED_FLAG = (*RED_FLAG, V1_RED_FLAG_PROGRESSIVE_DEFICIT)
V1_CAUTION = (*CAUTION, V1_CAUTION_SUSPECTED_THROMBOSIS)
# The red flags the v1 intake form asked about (a v1 file that lists them was screened for these).
V1_FORM_RED_FLAGS = (
    "saddle_anaesthesia",
    "bladder_bowel_dysfunction",
    "bilateral_or_progressive_weakness",
    "fever_or_infection",
    "unexplained_weight_loss",
    "cancer_history",
    "significant_trauma",
    "unrelenting_night_pain",
    "suspected_thrombosis",
)

# Findings.
IMPAIRMENT = ("none", "functional", "mobility", "both")
UNIT = ("deg", "cm", "kg", "score")
TISSUE = ("superficial", "deep")
TONE = ("normal", "increased", "hardened")
STRAIGHT_LEG_RAISE = ("negative", "positive_left", "positive_right", "positive_both")
REFLEXES = ("normal", "reduced", "absent")

# Measures and their ranges (inclusive).
START_BACK_TOTAL = (0, 9)
START_BACK_PSYCHOSOCIAL = (0, 5)
START_BACK_RISK = ("low", "medium", "high")
PSFS_ACTIVITIES = (3, 5)
PSFS_SCORE = (0, 10)
NDI = (0, 50)
ODI = (0, 100)

# The plan.
DECISION = ("treat", "refer", "screen")
PRESSURE = ("light", "moderate", "firm")
POSITION = ("prone", "side_lying", "supine", "seated")
TECHNIQUE = (
    "classic_massage",
    "effleurage",
    "petrissage",
    "friction",
    "tapotement",
    "vibration",
    "trigger_point_therapy",
    "fascia_therapy",
    "deep_tissue_massage",
)
AVOID = (
    "pressure_on_spine",
    "pressure_on_bones_and_joints",
    "deep_pressure",
    "heat",
    "friction_at_site",
    "tapotement",
    "massage_at_site",
    "all_massage",
    "prone_position",
    "nut_oils",
)
SELF_CARE = (
    "strengthening",
    "stretching",
    "yoga_or_pilates",
    "movement_breaks",
    "neck_shoulder_circles",
    "posture_changes",
    "hourly_walk",
    "heat",
    "stress_management",
    "education_reassurance",
    "stay_active",
)
# Self-care that keeps the client moving: every plan that treats carries at least one.
ACTIVE_SELF_CARE = (
    "strengthening",
    "stretching",
    "yoga_or_pilates",
    "movement_breaks",
    "neck_shoulder_circles",
    "hourly_walk",
    "stay_active",
)
# The home exercise programme (each one is described in exercises.py).
EXERCISE = (
    "pelvic_tilt",
    "knee_to_chest",
    "cat_cow",
    "child_pose",
    "bird_dog",
    "glute_bridge",
    "dead_bug",
    "side_plank_knees",
    "hip_flexor_stretch",
    "hamstring_stretch",
    "piriformis_stretch",
    "lumbar_rotation_stretch",
    "walking",
    "chin_tuck",
    "neck_side_bend_stretch",
    "levator_scapulae_stretch",
    "shoulder_rolls",
    "scapular_retraction",
    "doorway_pec_stretch",
    "thoracic_extension_chair",
    "wall_angels",
    "isometric_neck",
)
# Gentle range-of-motion exercises: the only ones a client in severe pain is given.
GENTLE_EXERCISE = (
    "pelvic_tilt",
    "cat_cow",
    "knee_to_chest",
    "child_pose",
    "walking",
    "chin_tuck",
    "shoulder_rolls",
    "isometric_neck",
    "scapular_retraction",
)

# plan/v1 codes: finalized v1 plans are kept as they were signed and must still validate.
V1_DECISION = ("treat", "refer")
V1_URGENCY = ("emergency", "urgent", "routine")
V1_AVOID = AVOID[:8]
V1_SELF_CARE = SELF_CARE[:9]
