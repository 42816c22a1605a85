"""What each plan code means, in words a client understands.

The printed plan goes home with the client, so every technique, every avoid-item and every
self-care item is explained here, keyed by its contract code (the codes stay codes everywhere
else). `name` is what the client reads as the heading; `what` says what it is, `why` what it
is for; `how` (self-care) says what to do at home. A test checks that no code goes without words.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

TECHNIQUE = {
    "classic_massage": {
        "name": _("Classic massage"),
        "what": _(
            "The familiar hands-on massage of the muscles with oil: a combination of "
            "gliding, kneading and gentle rhythmic movements."
        ),
        "why": _("It eases tension in the muscles and helps you relax, which can ease pain."),
    },
    "effleurage": {
        "name": _("Effleurage (gliding strokes)"),
        "what": _(
            "Long, slow, even strokes with the flat of the hand along the muscles. Every "
            "session starts and ends with them."
        ),
        "why": _(
            "They warm the tissue, calm the nervous system and let us feel where the muscles "
            "are tight."
        ),
    },
    "petrissage": {
        "name": _("Petrissage (kneading)"),
        "what": _("The muscle is gently lifted, squeezed and rolled, much like kneading dough."),
        "why": _("Kneading helps tight muscles let go, so moving feels easier."),
    },
    "friction": {
        "name": _("Friction"),
        "what": _(
            "Small, firm circular or cross movements with the fingertips on one spot, "
            "for example where a tendon attaches."
        ),
        "why": _("It works on one small, stiff spot so that it moves more freely."),
    },
    "tapotement": {
        "name": _("Tapotement (tapping)"),
        "what": _("Light, quick, rhythmic tapping or patting with the hands."),
        "why": _("It wakes up tired muscles and feels refreshing."),
    },
    "vibration": {
        "name": _("Vibration"),
        "what": _("A fine, fast shaking of the hand resting on the muscle."),
        "why": _("It relaxes the muscle without pressing hard."),
    },
    "trigger_point_therapy": {
        "name": _("Trigger point therapy"),
        "what": _(
            "Trigger points are small, hard knots in a muscle that hurt when pressed and "
            "can send pain to other places. The therapist presses on the knot steadily for "
            "a short while until it softens. It may feel uncomfortable for a moment, never "
            "more than you can bear: tell us at once."
        ),
        "why": _("When a knot softens, the pain it causes, there and elsewhere, often eases."),
    },
    "fascia_therapy": {
        "name": _("Fascia therapy"),
        "what": _(
            "Fascia is the thin, tough layer that wraps every muscle. Slow, stretching "
            "strokes move it against the muscle underneath."
        ),
        "why": _("When this layer glides freely, moving often feels less stiff."),
    },
    "deep_tissue_massage": {
        "name": _("Deep tissue massage"),
        "what": _(
            "Slow, firm pressure that works on the deeper layers of muscle rather than the surface."
        ),
        "why": _("It reaches long-standing tension deep in the muscle."),
    },
}

AVOID = {
    "pressure_on_spine": {
        "name": _("No pressure on the spine"),
        "why": _("The bones of the spine are never pressed; we work on the muscles beside it."),
    },
    "pressure_on_bones_and_joints": {
        "name": _("No pressure on bones and joints"),
        "why": _("Pressing on bone or a joint hurts and does not help; only muscle is worked."),
    },
    "deep_pressure": {
        "name": _("No deep pressure"),
        "why": _("Gentle pressure suits you best at the moment, so we keep the touch light."),
    },
    "heat": {
        "name": _("No heat"),
        "why": _("An inflamed area settles better when it is kept cool, so no heat packs there."),
    },
    "friction_at_site": {
        "name": _("No friction at the painful spot"),
        "why": _("An irritated spot settles better when it is not rubbed."),
    },
    "tapotement": {
        "name": _("No tapping (tapotement)"),
        "why": _("Calm, smooth strokes suit you better than tapping."),
    },
    "massage_at_site": {
        "name": _("No massage at the affected spot"),
        "why": _("The area itself is left alone until it has healed; we work around it."),
    },
    "prone_position": {
        "name": _("No lying on your front"),
        "why": _("You lie on your side, supported by cushions, which is comfortable and safe."),
    },
    "nut_oils": {
        "name": _("No nut oils"),
        "why": _("We use an oil or lotion without nuts, because of your allergy."),
    },
    "all_massage": {
        "name": _("No massage for now"),
        "why": _("A physician looks at your findings first; then we plan together."),
    },
}

SELF_CARE = {
    "strengthening": {
        "name": _("Strengthening exercises"),
        "how": _(
            "Do the exercises on your programme three times a week; stronger muscles "
            "support your %(body)s."
        ),
    },
    "stretching": {
        "name": _("Stretching"),
        "how": _(
            "Stretch the tight muscles gently every day, holding each stretch for about "
            "30 seconds without bouncing."
        ),
    },
    "yoga_or_pilates": {
        "name": _("Yoga or Pilates"),
        "how": _("Join a yoga or Pilates class once or twice a week, or follow one at home."),
    },
    "movement_breaks": {
        "name": _("Movement breaks"),
        "how": _(
            "Get up and move for two or three minutes several times a day, for example "
            "every time you finish a task."
        ),
    },
    "neck_shoulder_circles": {
        "name": _("Neck and shoulder circles"),
        "how": _(
            "Several times a day, roll your shoulders slowly backwards ten times and turn "
            "your head gently from side to side."
        ),
    },
    "posture_changes": {
        "name": _("Change your position often"),
        "how": _(
            "Change position often: switch between sitting and standing, and find a "
            "comfortable way to sit with both feet on the floor. No one position is right "
            "all day; moving between them is what helps."
        ),
    },
    "hourly_walk": {
        "name": _("A short walk every hour"),
        "how": _("Walk for about five minutes every hour, for example to fetch a glass of water."),
    },
    "heat": {
        "name": _("Warmth"),
        "how": _(
            "A hot water bottle, a warm bath or a heat pad for 15 to 20 minutes relaxes tense "
            "muscles."
        ),
    },
    "stress_management": {
        "name": _("Managing stress"),
        "how": _(
            "Plan short pauses to relax each day: calm breathing, a walk outdoors or a "
            "relaxation exercise."
        ),
    },
    "education_reassurance": {
        "name": _("Understanding your pain"),
        "how": _(
            "%(Body)s pain is common and usually settles. Pain does not mean damage: "
            "gentle movement is safe and helps. We will talk through what you can do."
        ),
    },
    "stay_active": {
        "name": _("Keep doing your daily activities"),
        "how": _(
            "Carry on with your usual day as far as you can, at a pace that feels "
            "manageable. Moving gently helps you recover sooner than resting in bed."
        ),
    },
}

POSITION = {
    "prone": {
        "name": _("Lying on your front"),
        "how": _("You lie on your front with a cushion under your belly or ankles if it helps."),
    },
    "side_lying": {
        "name": _("Lying on your side"),
        "how": _("You lie on your side, with cushions between your knees and under your head."),
    },
    "supine": {
        "name": _("Lying on your back"),
        "how": _("You lie on your back with a roll under your knees."),
    },
    "seated": {
        "name": _("Sitting"),
        "how": _("You sit on a chair or the massage chair, leaning forward onto a support."),
    },
}


def dose_words(item):
    """An exercise's dose in words: "2 sets of 10, twice a day", "hold for 30 seconds, 3 times,
    once a day", "10 minutes, once a day"."""
    sets, per_day = item["sets"], item["per_day"]
    reps, hold = item.get("reps"), item.get("hold_seconds")
    if reps:
        what = ngettext("%(sets)d set of %(reps)d", "%(sets)d sets of %(reps)d", sets) % {
            "sets": sets,
            "reps": reps,
        }
        if hold:
            what += _(", holding each for %(s)d seconds") % {"s": hold}
    else:
        if hold >= 60 and hold % 60 == 0:
            what = ngettext("%(n)d minute", "%(n)d minutes", hold // 60) % {"n": hold // 60}
        else:
            what = _("hold for %(s)d seconds") % {"s": hold}
        if sets > 1:
            what += _(", %(n)d times") % {"n": sets}
    return f"{what}, {_per_day(per_day)}"


def _per_day(times):
    if times == 2:
        return _("twice a day")
    return ngettext("once a day", "%(n)d times a day", times) % {"n": times}


PRESSURE = {
    "light": _("light"),
    "moderate": _("moderate"),
    "firm": _("firm"),
}

PRESSURE_WHY = {
    "light": _("Gentle pressure only: your body needs care right now."),
    "moderate": _("Moderate pressure: firm enough to work, never painful."),
    "firm": _("Firm pressure to reach deep tension; tell us at any time if it is too much."),
}

URGENCY = {
    "emergency": {
        "name": _("Emergency: emergency department now"),
        "ask": _("The findings below need assessment in an emergency department now."),
    },
    "same_day": {
        "name": _("Same day: a physician today"),
        "ask": _("Please see the client today. We will not treat until you have assessed them."),
    },
    "urgent": {
        "name": _("Urgent: a physician within a week"),
        "ask": _(
            "Please see the client within a week. We will not treat until you have assessed "
            "the findings below."
        ),
    },
    "routine": {
        "name": _("Routine: treatment continues, for your information"),
        "ask": _(
            "We are treating the client and inform you of the findings below. Please let us "
            "know if you see a reason to change the treatment."
        ),
    },
}

# Findings named by a plan item's `because`, in words for the client. Keys are "PATH=VALUE" or,
# for any value, "PATH"; anything missing falls back to the therapist's wording.
CLIENT_REASON = {
    "complaint.course=acute": _("your pain started recently"),
    "complaint.course=subacute": _("your pain has lasted for some weeks"),
    "complaint.course=chronic": _("your pain has lasted for more than three months"),
    "complaint.regions": _("this is where your pain is"),
    "complaint.pain_character=pulling": _("the pain feels pulling and tight"),
    "complaint.pain_character=punctual": _("the pain sits in a tender spot"),
    "complaint.pain_character=dull": _("the pain feels dull and deep"),
    "complaint.pain_character=radiating": _("the pain spreads to other places"),
    "complaint.pain_character=burning": _("the pain feels burning"),
    "complaint.pain_character=stabbing": _("the pain is stabbing"),
    "complaint.intensity.now": _("how strong your pain is"),
    "complaint.suspected=muscle_tension": _("your muscles are tense"),
    "complaint.suspected=stiff_neck": _("you have a stiff neck"),
    "complaint.suspected=lumbago": _("you have lumbago"),
    "complaint.suspected=acute_overload": _("the muscles were overloaded"),
    "complaint.suspected=attachment_inflammation": _("a tendon attachment is inflamed"),
    "complaint.causes=posture": _("your posture plays a part"),
    "complaint.causes=one_sided_load": _("one side is loaded more than the other"),
    "complaint.causes=stress": _("stress plays a part"),
    "complaint.causes=psychological_overload": _("you are under a lot of strain"),
    "complaint.causes=trauma": _("an injury plays a part"),
    "lifestyle.desk_hours_per_day": _("you sit at a desk for many hours"),
    "lifestyle.exercise_sessions_per_week": _("you move less than is good for your back"),
    "lifestyle.stress": _("you feel stressed"),
    "findings.tone=increased": _("your muscles are tense"),
    "findings.tone=hardened": _("your muscles have hardened"),
    "findings.tissue=deep": _("the tension sits deep in the muscle"),
    "findings.trigger_points": _("we found trigger points"),
    "findings.impairment": _("your movement is restricted"),
    "cautions=anticoagulants": _("you take blood thinners"),
    "cautions=osteoporosis": _("you have osteoporosis"),
    "cautions=steroid_use": _("you take cortisone (steroid) medicine"),
    "cautions=skin_fragility": _("your skin is delicate"),
    "cautions=unexplained_bruising": _("you have bruises we cannot explain"),
    "cautions=widespread_pain": _("you have pain in many places"),
    "cautions=nerve_root_signs": _("a nerve is irritated"),
    "cautions=inflammatory_back_pain": _("your back pain may have an inflammatory cause"),
    "cautions=uncontrolled_hypertension": _("your blood pressure is high"),
    "cautions=oil_or_nut_allergy": _("you have an allergy to oils or nuts"),
    "findings.neuro": _("a nerve is irritated"),
    "client.age": _("your age"),
    "complaint.recurrent": _("the pain has come back"),
    "complaint.radiation": _("the pain spreads"),
    "complaint.causes=minor_fall": _("you had a fall"),
    "lifestyle.sleep": _("how you sleep"),
    "measures.start_back": _("your answers to the back questionnaire"),
    "measures.psfs": _("the activities you want to get back to"),
    "measures.ndi": _("your answers to the neck questionnaire"),
    "measures.odi": _("your answers to the back questionnaire"),
    "goals": _("your goals"),
    "cautions=pregnancy": _("you are pregnant"),
    "cautions=recent_surgery": _("you had surgery recently"),
    "cautions=skin_lesion_at_site": _("the skin there is injured"),
    "cautions=acute_inflammation": _("there is an acute inflammation"),
    "cautions=suspected_thrombosis": _("a physician should check a possible blood clot"),
    "cautions=severe_pain": _("your pain is severe"),
    "red_flags": _("a physician should look at this first"),
    "history.prior_injuries": _("your earlier injuries"),
}


# The part of the body a client's complaint is in, for the self-care texts ("your back").
NECK_REGIONS = ("neck", "shoulder")


def body_words(regions):
    """ "back", "neck" or "back and neck" for the complaint's REGION codes."""
    neck = any(code in NECK_REGIONS for code in regions)
    back = any(code not in NECK_REGIONS for code in regions) or not regions
    if neck and back:
        return str(_("back and neck"))
    return str(_("neck")) if neck else str(_("back"))


def client_reason(ref):
    """A `because` reference (`PATH=VALUE`) in the client's words, or None when there are none."""
    path = ref.partition("=")[0]
    words = CLIENT_REASON.get(ref) or CLIENT_REASON.get(path)
    if words is None and "." in path:
        words = CLIENT_REASON.get(path.rsplit(".", 1)[0])
    return words


# Where it hurts, said for the item it explains (the client reads it under that item).
REGION_REASON = {
    "avoid": _("we work on your %(regions)s, where your pain is"),
    "exercise": _("it works on your %(regions)s, where your pain is"),
}


def client_reasons(refs, *, kind=None, regions=""):
    """Distinct client phrases for `refs`, in order, skipping refs without client words.

    With `kind` ("avoid", "exercise") and `regions` (the complaint's regions in words), the
    region finding is said for that kind of item instead of "this is where your pain is".
    """
    phrases = []
    for ref in refs:
        words = client_reason(ref)
        if ref.partition("=")[0] == "complaint.regions" and kind in REGION_REASON and regions:
            words = REGION_REASON[kind] % {"regions": regions}
        if words is not None and str(words) not in (str(p) for p in phrases):
            phrases.append(words)
    return phrases


def dose_parts(item):
    """The dose at a glance, as (figure, unit) boxes: "2 sets", "10 times", "2x a day"."""
    sets, per_day = item["sets"], item["per_day"]
    reps, hold = item.get("reps"), item.get("hold_seconds")
    parts = [(str(sets), ngettext("set", "sets", sets))] if sets > 1 else []
    if reps:
        parts.append((str(reps), ngettext("time", "times", reps)))
    if hold:
        if hold >= 60 and hold % 60 == 0:
            parts.append((str(hold // 60), ngettext("minute", "minutes", hold // 60)))
        else:
            parts.append((f"{hold} s", _("hold") if not reps else _("hold each")))
    parts.append((f"{per_day}\u00d7", _("a day")))  # the multiplication sign: "2x a day"
    return [{"figure": figure, "unit": unit} for figure, unit in parts]
