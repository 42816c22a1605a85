"""Every code of the anamnesis/v1 and plan/v1 contract, defined once.

The JSON Schemas, the engine, the forms and the templates all take their codes from here.
Plain Python: display labels live on the Django side (translated at the edge).
"""

SEX = ("female", "male", "diverse", "unknown")
REGION = ("neck", "shoulder", "upper_back", "mid_back", "lower_back", "sacrum_buttock")
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
CAUSE = ("posture", "one_sided_load", "stress", "psychological_overload", "trauma", "unknown")
INJURY_KIND = ("accident", "injury", "surgery")
RED_FLAG = (
    "saddle_anaesthesia",
    "bladder_bowel_dysfunction",
    "progressive_neurological_deficit",
    "fever_or_infection",
    "unexplained_weight_loss",
    "cancer_history",
    "significant_trauma",
    "unrelenting_night_pain",
)
CAUTION = (
    "anticoagulants",
    "osteoporosis",
    "pregnancy",
    "recent_surgery",
    "skin_lesion_at_site",
    "acute_inflammation",
    "suspected_thrombosis",
    "severe_pain",
)
IMPAIRMENT = ("none", "functional", "mobility", "both")
UNIT = ("deg", "cm", "kg", "score")
TISSUE = ("superficial", "deep")
TONE = ("normal", "increased", "hardened")

DECISION = ("treat", "refer")
URGENCY = ("emergency", "urgent", "routine")
PRESSURE = ("light", "moderate", "firm")
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
)
# Self-care that keeps the client moving: every plan carries at least one.
ACTIVE_SELF_CARE = (
    "strengthening",
    "stretching",
    "yoga_or_pilates",
    "movement_breaks",
    "neck_shoulder_circles",
    "hourly_walk",
)
