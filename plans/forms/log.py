"""Forms of the treatment log: a session (with its reassessment when due) and an addendum. They
validate and normalise; the services in `plans.services` save."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from anamnesis import labels as anamnesis_labels
from clinic.submit_once import submission_field
from plans import labels, outcomes
from plans.engine import limits, vocabulary
from plans.models import Adherence

SIDES = ("left", "right")
RATING = {"min": 0, "max": 10, "class": "rating-input", "inputmode": "numeric"}


def _rating_field(label, required=True):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=required,
        widget=forms.NumberInput(attrs=RATING),
    )


class SessionForm(forms.Form):
    """One visit. Techniques are a checkbox per technique with the regions it was applied to
    (`technique_<code>`, `regions_<code>`); the plan's own techniques come first."""

    submission = submission_field()  # of a new session
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=240)
    pressure = forms.ChoiceField(
        label=_("Pressure"),
        required=False,
        choices=[("", "—"), *((code, labels.PRESSURE[code]) for code in vocabulary.PRESSURE)],
    )
    pain_before = _rating_field(_("Pain before (0-10)"))
    pain_after = _rating_field(_("Pain after (0-10)"), required=False)
    response = forms.CharField(
        label=_("Client's response"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    subjective = forms.CharField(
        label=_("S · Subjective"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the client reports."),
    )
    objective = forms.CharField(
        label=_("O · Objective"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you found: tone, tender points, movement."),
    )
    assessment = forms.CharField(
        label=_("A · Assessment"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_steps = forms.CharField(
        label=_("P · Plan"),
        max_length=limits.NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What comes next time; home exercises given."),
    )

    def __init__(self, *args, plan, activities=(), side_tests=(), reassessment=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        planned = [item["code"] for item in plan.plan.get("techniques", [])]
        self.technique_codes = planned + [c for c in vocabulary.TECHNIQUE if c not in planned]
        self.planned_codes = planned
        region_choices = [(code, anamnesis_labels.REGION[code]) for code in vocabulary.REGION]
        for code in self.technique_codes:
            self.fields[f"technique_{code}"] = forms.BooleanField(
                label=labels.TECHNIQUE[code],
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"regions_{code}"] = forms.MultipleChoiceField(
                label=_("Regions for %(technique)s") % {"technique": labels.TECHNIQUE[code]},
                choices=region_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.exercise_codes = [item["code"] for item in plan.plan.get("exercises") or []]
        if self.exercise_codes:
            self.fields["exercises_done"] = forms.ChoiceField(
                label=_("Did the client do the home exercises?"),
                choices=Adherence.choices,
                required=False,  # not asked at the first visit, before any were given
                help_text=_("Since the last visit."),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields["exercises_hurt"] = forms.MultipleChoiceField(
                label=_("Exercises that hurt"),
                choices=[(code, labels.EXERCISE[code]) for code in self.exercise_codes],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                help_text=_("At a reassessment the app suggests making these easier."),
            )
        self.activities = list(activities)
        self.side_tests = list(side_tests)
        # Due at the plan's reassessment sessions; at any other the therapist may reassess.
        self.reassessment_required = reassessment
        self.fields["reassess_pain"] = _rating_field(
            _("Pain now (reassessment, 0-10)"), required=False
        )
        for activity in self.activities:
            label = format_html(
                '{} <span class="text-body-secondary small">({})</span>',
                activity.name,
                _("baseline %(b)s") % {"b": activity.baseline},
            )
            self.fields[f"psfs_{activity.pk}"] = _rating_field(label, required=False)
        for test in self.side_tests:
            low, high = outcomes.SIDE_COMPARISON_RANGE[test.unit or ""]
            for side, side_label in (("left", _("left")), ("right", _("right"))):
                self.fields[f"side_{test.pk}_{side}"] = forms.FloatField(
                    label=f"{test.test}, {side_label}",
                    required=False,
                    min_value=low,
                    max_value=high,
                    widget=forms.NumberInput(
                        attrs={"step": "any", "inputmode": "decimal", "class": "side-input"}
                    ),
                )

    def technique_rows(self):
        """(checkbox, regions, planned?) per technique, for the template."""
        return [
            {
                "code": code,
                "applied": self[f"technique_{code}"],
                "regions": self[f"regions_{code}"],
                "planned": code in self.planned_codes,
            }
            for code in self.technique_codes
        ]

    def other_techniques_used(self):
        """Whether a technique outside the plan is ticked (the form then shows them open)."""
        others = [c for c in self.technique_codes if c not in self.planned_codes]
        if self.is_bound:
            return any(
                self.data.get(f"technique_{c}") or self.data.get(f"regions_{c}") for c in others
            )
        return any(self.initial.get(f"technique_{c}") for c in others)

    def clean_exercises_hurt(self):
        hurt = self.cleaned_data.get("exercises_hurt") or []
        if hurt and self.cleaned_data.get("exercises_done") == Adherence.NO:
            raise forms.ValidationError(
                _("The client did not do the exercises: none of them can have hurt.")
            )
        return hurt

    def psfs_fields(self):
        return [self[f"psfs_{a.pk}"] for a in self.activities]

    def side_rows(self):
        """(intake test, [left field, right field]) per side-comparison test."""
        return [
            (test, [self[f"side_{test.pk}_{side}"] for side in SIDES]) for test in self.side_tests
        ]

    def _reassessment_names(self):
        names = ["reassess_pain", *(f"psfs_{a.pk}" for a in self.activities)]
        return names + [f"side_{t.pk}_{side}" for t in self.side_tests for side in SIDES]

    @property
    def reassessing(self):
        """Due, or reassessed by choice: any reassessment value filled in means reassessing."""
        if self.reassessment_required:
            return True
        if self.is_bound:
            return any(self.data.get(name) not in (None, "") for name in self._reassessment_names())
        return self.initial.get("reassess_pain") is not None

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A session is recorded after it took place, not before."))
        return day

    def clean(self):
        data = super().clean()
        for code in self.technique_codes:
            if data.get(f"regions_{code}") and not data.get(f"technique_{code}"):
                data[f"technique_{code}"] = True  # picking a region means it was applied
        if self.reassessing:
            self._clean_reassessment(data)
        return data

    def _clean_reassessment(self, data):
        if data.get("reassess_pain") is None and "reassess_pain" not in self.errors:
            self.add_error("reassess_pain", _("Rate the pain now to reassess."))
        for activity in self.activities:
            name = f"psfs_{activity.pk}"
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Rate this activity, 0 to 10."))
        for test in self.side_tests:
            left, right = (f"side_{test.pk}_{side}" for side in SIDES)
            if left in self.errors or right in self.errors:
                continue
            if data.get(left) is None and data.get(right) is not None:
                self.add_error(left, _("Measure the left side too, or leave both empty."))
            elif data.get(right) is None and data.get(left) is not None:
                self.add_error(right, _("Measure the right side too, or leave both empty."))

    def values(self):
        """The session's fields for `session_record` / `session_update`."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "minutes": data["minutes"],
            "pressure": data["pressure"],
            "pain_before": data["pain_before"],
            "pain_after": data["pain_after"],
            "response": data["response"],
            "subjective": data["subjective"],
            "objective": data["objective"],
            "assessment": data["assessment"],
            "next_steps": data["next_steps"],
            "exercises_done": data.get("exercises_done", ""),
            "exercises_hurt": list(data.get("exercises_hurt") or []),
            "techniques": [
                {"code": code, "regions": list(data.get(f"regions_{code}") or [])}
                for code in self.technique_codes
                if data.get(f"technique_{code}")
            ],
        }

    def reassessment_values(self):
        """The reassessment for the services, or None when the session does not reassess."""
        if not self.reassessing:
            return None
        data = self.cleaned_data
        return {
            "pain_now": data["reassess_pain"],
            "ratings": {a.pk: data[f"psfs_{a.pk}"] for a in self.activities},
            "side_comparisons": {
                t.pk: (data[f"side_{t.pk}_left"], data[f"side_{t.pk}_right"])
                for t in self.side_tests
                if data[f"side_{t.pk}_left"] is not None
            },
        }


def session_initial(*, plan, source=None, previous=None):
    """Initial form data: today and the plan's minutes; `source` "plan" copies the plan's
    techniques, regions and pressure, "previous" copies them from `previous` (a session)."""
    initial = {
        "date": timezone.localdate(),
        "minutes": plan.schedule.get("minutes"),
    }
    if source == "plan":
        techniques = plan.plan.get("techniques", [])
        initial["pressure"] = plan.plan.get("pressure") or ""
    elif source == "previous" and previous is not None:
        techniques = previous.techniques
        initial["pressure"] = previous.pressure
        initial["minutes"] = previous.minutes
    else:
        return initial
    for item in techniques:
        initial[f"technique_{item['code']}"] = True
        initial[f"regions_{item['code']}"] = list(item.get("regions", []))
    return initial


def copy_sources(*, plan, previous=None):
    """What "Copy from plan" and "Copy previous session" put into the form, by source, for the
    page's script to fill in place (the typed pain and notes stay): minutes, pressure and the
    regions of each technique."""
    sources = {}
    for source in ("plan", "previous"):
        if source == "previous" and previous is None:
            continue
        initial = session_initial(plan=plan, source=source, previous=previous)
        sources[source] = {
            "minutes": initial.get("minutes"),
            "pressure": initial.get("pressure") or "",
            "techniques": {
                key.removeprefix("regions_"): regions
                for key, regions in initial.items()
                if key.startswith("regions_")
            },
        }
    return sources


def session_instance_initial(session):
    initial = {field: getattr(session, field) for field in SessionForm.base_fields}
    initial["exercises_done"] = session.exercises_done
    initial["exercises_hurt"] = list(session.exercises_hurt)
    for item in session.techniques:
        initial[f"technique_{item['code']}"] = True
        initial[f"regions_{item['code']}"] = list(item.get("regions", []))
    return initial


def reassessment_initial(reassessment, side_tests):
    """The edit form's reassessment fields from a recorded reassessment."""
    initial = {"reassess_pain": reassessment.pain_now}
    for row in reassessment.ratings:
        initial[f"psfs_{row['activity']}"] = row["rating"]
    measured = {(row.test, row.unit): row for row in reassessment.side_comparisons.all()}
    for test in side_tests:
        row = measured.get((test.test, test.unit))
        if row is not None:
            initial[f"side_{test.pk}_left"] = row.left
            initial[f"side_{test.pk}_right"] = row.right
    return initial


class AddendumForm(forms.Form):
    submission = submission_field()
    text = forms.CharField(
        label=_("Addendum"),
        max_length=limits.NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The session stays as it was written; this note is added below it."),
    )
