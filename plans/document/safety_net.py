"""The client's sheet for a referral: what to do now and which new symptoms mean calling the
emergency number at once (safety-netting), in plain words, by tier and by red flag.

Kept as data, like the engine's rules, so the words can be read and checked in one place.
"""

from django.utils.translation import gettext_lazy as _

# What the sheet tells the client to do now, by tier (emergency, same_day, urgent).
WHAT_TO_DO = {
    "emergency": {
        "title": _("Go to an emergency department now"),
        "steps": [
            _("Go to the emergency department of a hospital now. Do not wait for an appointment."),
            _("Do not drive yourself. Ask someone to take you, or call %(number)s."),
            _("Take this sheet and the letter for the doctor with you."),
        ],
        "calm": _(
            "Some of what you told me today needs a doctor's examination straight away. Only a "
            "doctor can find out what causes it, and quickly is best."
        ),
    },
    "same_day": {
        "title": _("See a doctor today"),
        "steps": [
            _(
                "Call your doctor's practice now and say that you need to be seen today. "
                "If they cannot see you today, go to the out-of-hours service or an emergency "
                "department."
            ),
            _("Take the letter for the doctor with you."),
            _("No massage or exercises until a doctor has seen you."),
        ],
        "calm": _(
            "Some of what you told me today should be checked by a doctor today, before any "
            "massage or exercise. Only a doctor can find out what causes it."
        ),
    },
    "urgent": {
        "title": _("See a doctor within a week"),
        "steps": [
            _("Make an appointment with your doctor for the next few days, within a week."),
            _("Take the letter for the doctor with you."),
            _("We will start treatment once your doctor has seen you."),
        ],
        "calm": _(
            "Some of what you told me today should be checked by a doctor before any treatment. "
            "This is a precaution, not a diagnosis. You may go about your day as usual."
        ),
    },
}

CAUDA_EQUINA = (
    _("new numbness or tingling between your legs, around your bottom or genitals"),
    _("you cannot pass urine, or you lose control of your bladder or bowels"),
    _("new weakness in both legs, or weakness that gets worse"),
)
CERVICAL_ARTERY = (
    _("slurred speech, or trouble finding words or swallowing"),
    _("double vision, or loss of sight"),
    _("dizziness with falling, or you suddenly fall without warning"),
    _("numbness or weakness of the face, an arm or a leg"),
    _("a sudden, very severe headache unlike any before"),
)
HEART_LUNGS = (
    _("chest pain, pressure or tightness"),
    _("you are short of breath at rest, or cough up blood"),
    _("you faint or feel you are about to faint"),
)
SPINE = (
    _("new numbness or weakness in your arms or legs"),
    _("numbness around your bottom or genitals, or problems controlling your bladder or bowels"),
)

# Which new symptoms mean "call the emergency number at once", by red flag.
CALL_AT_ONCE = {
    "saddle_anaesthesia": CAUDA_EQUINA,
    "bladder_bowel_dysfunction": CAUDA_EQUINA,
    "bilateral_or_progressive_weakness": CAUDA_EQUINA,
    "cervical_arterial_signs": CERVICAL_ARTERY,
    "sudden_severe_headache_or_neck_pain": CERVICAL_ARTERY,
    "chest_pain_or_breathlessness": HEART_LUNGS,
    "suspected_thrombosis": (
        _("sudden shortness of breath or chest pain"),
        _("you cough up blood"),
        _("the swollen leg or arm becomes much more painful, red or swollen"),
    ),
    "significant_trauma": (
        *SPINE,
        _("the pain suddenly becomes much worse"),
    ),
    "fever_or_infection": (
        _("a stiff neck with fever, or a rash that does not fade when you press a glass on it"),
        _("you become confused or very drowsy"),
        *SPINE,
    ),
    "myelopathy_signs": (
        _("your hands or legs become clumsier or weaker"),
        _("you become unsteady and fall"),
        _("problems controlling your bladder or bowels"),
    ),
    "hypertensive_crisis": (
        _("a severe headache, or changes in your sight"),
        _("chest pain or shortness of breath"),
        _("weakness or numbness on one side of your body, or confusion"),
    ),
}
# For every sheet, whatever the flags: the signs of the most serious causes of back and neck pain
# (the saddle and bladder line only where the cauda equina lines do not say it already).
ALWAYS = (SPINE[0], _("a high fever and you feel very unwell"))
CAUDA_EQUINA_FLAGS = {
    "saddle_anaesthesia",
    "bladder_bowel_dysfunction",
    "bilateral_or_progressive_weakness",
}

CONTACT = _(
    "Questions, or not sure what to do? Call us. If you cannot reach us and you are worried, "
    "call your doctor or the out-of-hours service."
)


def call_at_once(red_flags):
    """The symptoms that mean calling the emergency number at once, without repeats."""
    found = []
    for code in red_flags:
        found.extend(CALL_AT_ONCE.get(code, ()))
    found.extend(ALWAYS)
    if not CAUDA_EQUINA_FLAGS & set(red_flags):
        found.append(SPINE[1])
    return list(dict.fromkeys(str(words) for words in found))


def sheet_context(*, urgency, red_flags, emergency_number):
    """What the client's sheet says for a referral of `urgency` (not for routine ones)."""
    words = WHAT_TO_DO[urgency]
    return {
        "urgency": urgency,
        "title": words["title"],
        "steps": [str(step) % {"number": emergency_number} for step in words["steps"]],
        "calm": words["calm"],
        "call_at_once": call_at_once(red_flags),
        "waiting": urgency == "urgent",
        "emergency_number": emergency_number,
        "contact": CONTACT,
    }
