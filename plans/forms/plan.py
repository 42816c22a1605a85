import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from anamnesis import labels as anamnesis_labels
from plans import labels
from plans.engine import limits, vocabulary
from plans.engine.config import (
    SESSION_COUNT_RANGE,
    SESSION_MINUTES_RANGE,
    SESSIONS_PER_WEEK_RANGE,
)
from plans.engine.exercises import EXERCISES
from plans.engine.rules import AVOID_BLOCKS_SELF_CARE, AVOID_BLOCKS_TECHNIQUES, AVOID_CAPS_PRESSURE
from plans.models import SafetyRemoval
from plans.services.plan import THERAPIST_REF, ruled_out_exercises, safety_overrides

# Bounds of a dose the therapist sets (plan/v2 asks at least 1 of each).
DOSE_BOUNDS = {"sets": (1, 10), "reps": (1, 100), "hold_seconds": (1, 3600), "per_day": (1, 10)}
DOSE_LABELS = {
    "sets": _("Sets"),
    "reps": _("Repetitions"),
    "hold_seconds": _("Hold (seconds)"),
    "per_day": _("Times a day"),
}
# What a phone shows above each dose box, where the full headings do not fit.
DOSE_SHORT_LABELS = {
    "sets": _("Sets"),
    "reps": _("Reps"),
    "hold_seconds": _("Hold (s)"),
    "per_day": _("Per day"),
}


def _choices(codes, words):
    return [(code, words[code]) for code in codes]


def _checkboxes(label, codes, words, **kwargs):
    """A list of plan codes to tick, in the vocabulary's order."""
    return forms.MultipleChoiceField(
        label=label,
        choices=_choices(codes, words),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        **kwargs,
    )


def _kept(name, code, *plans):
    for plan in plans:
        for item in plan.get(name) or []:
            if item["code"] == code:
                return item
    return None


def exercise_item(code, *, kept, because, dose=None):
    """An exercise of the edited plan: its reasons kept, at `dose` (a dict of DOSE_BOUNDS keys),
    else at the dose it had, else at its usual dose."""
    item = copy.deepcopy(kept) if kept is not None else {"code": code, **_usual_dose(code)}
    item.setdefault("because", because("exercises", code))
    if dose is not None:
        item.update(dose)
    return item


def _usual_dose(code):
    return EXERCISES[code].dose.as_item()


class PlanEditForm(forms.Form):
    """The therapist's changes to a draft plan; `document()` gives the edited plan/v2 dict.

    One checkbox group per technique (its regions), one for the avoid-items and one for the
    self-care programme. Removing a safety item of the engine's draft needs a reason.

    The home exercise programme is a row per exercise of the library: ticked or not, its dose
    (`sets_<code>`, `reps_<code>`, `hold_seconds_<code>`, `per_day_<code>`) and, for an exercise
    the client's cautions rule out, the reason for adding it anyway (`exercise_reason_<code>`).
    """

    refer = forms.BooleanField(
        label=_("Refer to a physician instead of treating"),
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=[("", "—"), *_choices(vocabulary.URGENCY, labels.URGENCY)],
        required=False,
        help_text=_(
            "Emergency, same day and urgent refer instead of treating; routine treats and "
            "informs the physician."
        ),
    )
    referral_reason = forms.CharField(
        label=_("Reason for not referring"),
        max_length=limits.ANSWER,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you remove the engine's referral."),
    )
    sessions_count = forms.IntegerField(
        label=_("Sessions"),
        required=False,
        min_value=SESSION_COUNT_RANGE[0],
        max_value=SESSION_COUNT_RANGE[1],
    )
    sessions_per_week = forms.IntegerField(
        label=_("Per week"),
        required=False,
        min_value=SESSIONS_PER_WEEK_RANGE[0],
        max_value=SESSIONS_PER_WEEK_RANGE[1],
    )
    sessions_minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=SESSION_MINUTES_RANGE[0],
        max_value=SESSION_MINUTES_RANGE[1],
        step_size=5,
    )
    sessions_first_minutes = forms.IntegerField(
        label=_("First session"),
        required=False,
        min_value=SESSION_MINUTES_RANGE[0],
        max_value=SESSION_MINUTES_RANGE[1],
        step_size=5,
        help_text=_("Minutes; at most as long as the others."),
    )
    reassess_after_session = forms.IntegerField(
        label=_("Reassess after session"),
        required=False,
        min_value=1,
        max_value=SESSION_COUNT_RANGE[1],
    )
    pressure = forms.ChoiceField(
        label=_("Pressure"),
        choices=[("", "—"), *_choices(vocabulary.PRESSURE, labels.PRESSURE)],
        required=False,
    )
    avoid = _checkboxes(_("Avoid"), vocabulary.AVOID, labels.AVOID)
    self_care = _checkboxes(_("Self-care programme"), vocabulary.SELF_CARE, labels.SELF_CARE)
    positioning = _checkboxes(_("Positioning"), vocabulary.POSITION, labels.POSITION)
    exercises = _checkboxes(
        _("Home exercise programme"),
        vocabulary.EXERCISE,
        labels.EXERCISE,
        help_text=_("A new exercise starts at its usual dose."),
    )
    client_instructions = forms.CharField(
        label=_("Instructions for the client"),
        max_length=limits.INSTRUCTIONS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the client's copy."),
    )
    therapist_notes = forms.CharField(
        label=_("Notes for the therapist"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not printed on the client's copy."),
    )

    def __init__(self, *args, plan, regions=(), ruled_out=None, **kwargs):
        self.plan = plan
        current = plan.plan
        engine = plan.engine_draft
        # {exercise code: caution codes}: what the client's cautions rule out.
        self.ruled_out = ruled_out_exercises(plan.anamnesis) if ruled_out is None else ruled_out
        self.region_codes = self._regions(regions, current, engine)
        initial = {
            "refer": current.get("decision") == "refer",
            "urgency": (current.get("referral") or engine.get("referral") or {}).get("urgency"),
            "sessions_count": (current.get("sessions") or {}).get("count"),
            "sessions_per_week": (current.get("sessions") or {}).get("per_week"),
            "sessions_minutes": (current.get("sessions") or {}).get("minutes"),
            "sessions_first_minutes": (current.get("sessions") or {}).get("first_minutes"),
            "reassess_after_session": current.get("reassess_after_session"),
            "pressure": current.get("pressure") or "",
            "avoid": [item["code"] for item in current.get("avoid") or []],
            "self_care": [item["code"] for item in current.get("self_care") or []],
            "positioning": [item["code"] for item in current.get("positioning") or []],
            "exercises": [item["code"] for item in current.get("exercises") or []],
            "client_instructions": plan.client_instructions,
            "therapist_notes": plan.therapist_notes,
        }
        techniques = {item["code"]: item for item in current.get("techniques") or []}
        for code in vocabulary.TECHNIQUE:
            initial[f"technique_{code}"] = techniques.get(code, {}).get("regions", [])
        recorded = {(r.kind, r.code): r.reason for r in plan.safety_removals.all()}
        for item in engine.get("avoid") or []:
            initial[f"reason_{item['code']}"] = recorded.get(
                (SafetyRemoval.Kind.AVOID, item["code"]), ""
            )
        if engine.get("referral"):
            initial["referral_reason"] = recorded.get(
                (SafetyRemoval.Kind.REFERRAL, engine["referral"]["urgency"]), ""
            )
        for code in vocabulary.EXERCISE:
            dose = _kept("exercises", code, current, engine) or _usual_dose(code)
            for key in DOSE_BOUNDS:
                initial[f"{key}_{code}"] = dose.get(key)
            if code in self.ruled_out:
                initial[f"exercise_reason_{code}"] = recorded.get(
                    (SafetyRemoval.Kind.EXERCISE, code), ""
                )
        super().__init__(*args, initial=initial, **kwargs)

        region_choices = [(code, anamnesis_labels.REGION[code]) for code in self.region_codes]
        for code in vocabulary.TECHNIQUE:
            self.fields[f"technique_{code}"] = forms.MultipleChoiceField(
                label=labels.TECHNIQUE[code],
                choices=region_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
        for item in engine.get("avoid") or []:
            self.fields[f"reason_{item['code']}"] = forms.CharField(
                label=_("Reason for removing “%(item)s”") % {"item": labels.AVOID[item["code"]]},
                required=False,
                max_length=limits.ANSWER,
            )
        for code in vocabulary.EXERCISE:
            for key, (low, high) in DOSE_BOUNDS.items():
                self.fields[f"{key}_{code}"] = forms.IntegerField(
                    label=_("%(what)s, %(exercise)s")
                    % {"what": DOSE_LABELS[key], "exercise": labels.EXERCISE[code]},
                    required=False,
                    min_value=low,
                    max_value=high,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                )
            if code in self.ruled_out:
                self.fields[f"exercise_reason_{code}"] = forms.CharField(
                    label=_("Reason for adding “%(exercise)s”")
                    % {"exercise": labels.EXERCISE[code]},
                    required=False,
                    max_length=limits.ANSWER,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                )

    @staticmethod
    def _regions(regions, *plans):
        found = list(regions)
        for plan in plans:
            for item in plan.get("techniques") or []:
                found.extend(item.get("regions") or [])
        return [code for code in vocabulary.REGION if code in found] or list(vocabulary.REGION)

    # Field groups for the template.
    def technique_fields(self):
        return [self[f"technique_{code}"] for code in vocabulary.TECHNIQUE]

    def dose_headings(self):
        return list(DOSE_LABELS.values())

    def exercise_rows(self):
        """A row per exercise of the library: its checkbox, dose fields and reason field."""
        boxes = {box.data["value"]: box for box in self["exercises"]}
        engine = {item["code"] for item in self.plan.engine_draft.get("exercises") or []}
        return [
            {
                "code": code,
                "box": boxes[code],
                "dose": [(DOSE_SHORT_LABELS[key], self[f"{key}_{code}"]) for key in DOSE_BOUNDS],
                "in_engine_draft": code in engine,
                "cautions": [
                    anamnesis_labels.label(anamnesis_labels.CAUTION, c)
                    for c in self.ruled_out.get(code, ())
                ],
                "reason": self[f"exercise_reason_{code}"] if code in self.ruled_out else None,
            }
            for code in vocabulary.EXERCISE
        ]

    def reason_fields(self):
        engine_avoid = self.plan.engine_draft.get("avoid") or []
        return [self[f"reason_{item['code']}"] for item in engine_avoid]

    # What a referral drops from the plan: the treatment (and, for emergency and same day, the
    # self-care programme too). Changing any of them with "Refer" ticked is refused, not lost.
    TREATMENT_FIELDS = (
        "sessions_count",
        "sessions_per_week",
        "sessions_minutes",
        "sessions_first_minutes",
        "pressure",
        "reassess_after_session",
        "positioning",
        "exercises",
    )
    TREATMENT_PREFIXES = ("technique_", *(f"{key}_" for key in DOSE_BOUNDS))

    def _treatment_changes(self, urgency):
        dropped = []
        for name in self.changed_data:
            if (
                name in self.TREATMENT_FIELDS
                or name.startswith(self.TREATMENT_PREFIXES)
                or (name == "self_care" and urgency in ("emergency", "same_day"))
            ):
                label = str(self.fields[name].label)
                if label not in dropped:
                    dropped.append(label)
        return dropped

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        urgency = cleaned.get("urgency")
        if cleaned.get("refer"):
            dropped = self._treatment_changes(urgency)
            if dropped:
                self.add_error(
                    None,
                    _(
                        "A plan that refers has no treatment, so these changes cannot be kept: "
                        "%(fields)s. Untick “Refer” to plan the treatment, or undo them."
                    )
                    % {"fields": ", ".join(dropped)},
                )
            if not urgency or urgency == "routine":
                self.add_error(
                    "urgency",
                    _(
                        "Choose how urgently the client should be seen: emergency, same day or "
                        "urgent."
                    ),
                )
        else:
            # A plan that treats can only inform the physician: a referral tier left in the
            # urgency field after unticking "Refer" is dropped with the referral.
            if urgency != "routine":
                cleaned["urgency"] = ""
            needed = ("sessions_count", "sessions_per_week", "sessions_minutes", "pressure")
            for name in (*needed, "reassess_after_session"):
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, _("Needed for a plan that treats."))
            minutes, first = cleaned.get("sessions_minutes"), cleaned.get("sessions_first_minutes")
            if minutes and first and first > minutes:
                self.add_error(
                    "sessions_first_minutes",
                    _("The first session is at most as long as the others."),
                )
            if not cleaned.get("exercises"):
                self.add_error("exercises", _("A plan that treats has at least one exercise."))
            self._check_doses(cleaned)
            count, reassess = cleaned.get("sessions_count"), cleaned.get("reassess_after_session")
            if count and reassess and reassess > count:
                self.add_error(
                    "reassess_after_session", _("Reassess within the course of sessions.")
                )
            self._check_conflicts(cleaned)
        if not self.errors:
            self._check_reasons()
        return cleaned

    def _check_doses(self, cleaned):
        for code in cleaned.get("exercises") or []:
            for key in ("sets", "per_day"):
                if cleaned.get(f"{key}_{code}") is None:
                    self.add_error(f"{key}_{code}", _("Needed for an exercise in the programme."))
            if cleaned.get(f"reps_{code}") is None and cleaned.get(f"hold_seconds_{code}") is None:
                self.add_error(
                    f"reps_{code}", _("Give the repetitions, the hold time in seconds, or both.")
                )

    def _check_conflicts(self, cleaned):
        avoid = set(cleaned.get("avoid") or [])
        for code in vocabulary.TECHNIQUE:
            where = set(cleaned.get(f"technique_{code}") or [])
            if where and any(
                code in AVOID_BLOCKS_TECHNIQUES.get(a, ()) and self._avoided_on(a, where)
                for a in avoid
            ):
                self.add_error(
                    f"technique_{code}",
                    _("“%(technique)s” conflicts with an item to avoid; remove one of them.")
                    % {"technique": labels.TECHNIQUE[code]},
                )
        for code in cleaned.get("self_care") or []:
            if any(code in AVOID_BLOCKS_SELF_CARE.get(a, ()) for a in avoid):
                self.add_error(
                    "self_care",
                    _("“%(item)s” conflicts with an item to avoid; remove one of them.")
                    % {"item": labels.SELF_CARE[code]},
                )
        pressure = cleaned.get("pressure")
        for code in avoid:
            # An avoid item for some regions only limits the work there, not the plan's pressure.
            cap = AVOID_CAPS_PRESSURE.get(code) if self._avoided_on(code, set()) else None
            if (
                pressure
                and cap
                and vocabulary.PRESSURE.index(pressure) > vocabulary.PRESSURE.index(cap)
            ):
                self.add_error(
                    "pressure",
                    _("“%(item)s” allows at most %(cap)s pressure.")
                    % {"item": labels.AVOID[code], "cap": labels.PRESSURE[cap].lower()},
                )
        if "prone_position" in avoid and "prone" in (cleaned.get("positioning") or []):
            self.add_error(
                "positioning", _("Lying prone is also in the list to avoid; remove one of them.")
            )
        if not set(cleaned.get("self_care") or []) & set(vocabulary.ACTIVE_SELF_CARE):
            self.add_error(
                "self_care",
                _("Every plan keeps the client moving: choose at least one active item."),
            )

    def _avoided_on(self, code, regions):
        """Whether the avoid item `code` applies on any of `regions` (without its own: anywhere)."""
        item = _kept("avoid", code, self.plan.plan, self.plan.engine_draft) or {}
        return not item.get("regions") or bool(set(item["regions"]) & regions)

    def _check_reasons(self):
        reasons = self.reasons()
        overrides = safety_overrides(
            self.plan.engine_draft, self.document(), ruled_out=self.ruled_out
        )
        for kind, code in overrides:
            if reasons.get((kind, code)):
                continue
            if kind == SafetyRemoval.Kind.EXERCISE:
                self.add_error(
                    f"exercise_reason_{code}",
                    _("The client's cautions rule this exercise out: say why you add it."),
                )
            elif kind == SafetyRemoval.Kind.REFERRAL:
                self.add_error("referral_reason", _("Say why you remove this safety item."))
            else:
                self.add_error(f"reason_{code}", _("Say why you remove this safety item."))

    def reasons(self):
        data = self.cleaned_data
        engine = self.plan.engine_draft
        reasons = {
            (SafetyRemoval.Kind.AVOID, item["code"]): data.get(f"reason_{item['code']}", "")
            for item in engine.get("avoid") or []
        }
        if engine.get("referral"):
            key = (SafetyRemoval.Kind.REFERRAL, engine["referral"]["urgency"])
            reasons[key] = data.get("referral_reason", "")
        for code in self.ruled_out:
            reasons[(SafetyRemoval.Kind.EXERCISE, code)] = data.get(f"exercise_reason_{code}", "")
        return {key: (text or "").strip() for key, text in reasons.items()}

    def document(self):
        """The edited plan/v2 dict: kept items keep their reasons, new ones are the therapist's."""
        data = self.cleaned_data
        current = self.plan.plan
        engine = self.plan.engine_draft
        doc = copy.deepcopy(current)

        def because(name, code):
            kept = _kept(name, code, current, engine)
            return list(kept["because"]) if kept else [THERAPIST_REF]

        # A kept avoid item keeps where it applies (its regions) and why.
        doc["avoid"] = [
            copy.deepcopy(_kept("avoid", code, current, engine))
            or {"code": code, "because": [THERAPIST_REF]}
            for code in vocabulary.AVOID
            if code in (data.get("avoid") or [])
        ]
        doc["self_care"] = [
            {"code": code, "because": because("self_care", code)}
            for code in vocabulary.SELF_CARE
            if code in (data.get("self_care") or [])
        ]
        # A draft made before plan/v2 is saved as v2 (a finalized v1 plan is never edited).
        doc["schema"] = vocabulary.PLAN_V2
        doc["missing"] = []
        doc.setdefault("flare", False)
        if data.get("refer"):
            source = current.get("referral") or engine.get("referral") or {}
            doc["decision"] = "refer"
            doc["referral"] = {
                "urgency": data["urgency"],
                "because": list(source.get("because") or [THERAPIST_REF]),
            }
            doc["sessions"] = None
            doc["pressure"] = None
            doc["techniques"] = []
            doc["positioning"] = []
            doc["exercises"] = []
            doc["reassess_after_session"] = None
            if data["urgency"] in ("emergency", "same_day"):
                doc["self_care"] = []
            return doc
        doc["decision"] = "treat"
        doc["referral"] = None
        if data.get("urgency") == "routine":
            source = current.get("referral") or engine.get("referral") or {}
            doc["referral"] = {
                "urgency": "routine",
                "because": list(source.get("because") or [THERAPIST_REF]),
            }
        minutes = data["sessions_minutes"]
        doc["sessions"] = {
            "count": data["sessions_count"],
            "per_week": data["sessions_per_week"],
            "minutes": minutes,
            "first_minutes": min(data.get("sessions_first_minutes") or minutes, minutes),
        }
        doc["positioning"] = [
            {"code": code, "because": because("positioning", code)}
            for code in vocabulary.POSITION
            if code in (data.get("positioning") or [])
        ]
        doc["exercises"] = [
            exercise_item(
                code,
                kept=_kept("exercises", code, current, engine),
                because=because,
                dose={key: data.get(f"{key}_{code}") for key in DOSE_BOUNDS},
            )
            for code in vocabulary.EXERCISE
            if code in (data.get("exercises") or [])
        ]
        doc["pressure"] = data["pressure"]
        doc["reassess_after_session"] = data.get("reassess_after_session")
        doc["techniques"] = [
            {
                "code": code,
                "regions": [r for r in self.region_codes if r in data[f"technique_{code}"]],
                "because": because("techniques", code),
            }
            for code in vocabulary.TECHNIQUE
            if data.get(f"technique_{code}")
        ]
        return doc
