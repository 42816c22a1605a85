"""The intake form: one form for the anamnesis and three formsets for its lists.

The forms only validate and normalise. A draft may be incomplete; what completion needs is
checked by `services.completion_problems`. Regions are a grid of region/side checkboxes that
the body chart drives (and that work without JavaScript).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anamnesis import chart, labels
from anamnesis.models import Anamnesis
from clinic.forms import DateInput
from clinic.submit_once import submission_field
from plans.engine import limits, vocabulary

# The sides offered for each region on the body chart and in the checkbox grid.
SPINE_REGIONS = ("neck", "upper_back", "mid_back", "lower_back", "sacrum_buttock")
CHART_SIDES = ("left", "right", "central")


def region_value(region, side):
    return f"{region}:{side}"


def chart_sides(region):
    return CHART_SIDES if region in SPINE_REGIONS else ("left", "right")


# Every region with every side the contract allows: the grid shows the usual ones, and an
# unusual answer from an import ("shoulder, central", or no side) still has a box to keep it.
REGION_CHOICES = [
    (region_value(region, side), f"{labels.REGION[region]}, {labels.SIDE[side]}")
    for region in vocabulary.REGION
    for side in ("left", "right", "central")
] + [(region_value(region, ""), labels.REGION[region]) for region in vocabulary.REGION]


def regions_to_values(rows):
    """Checkbox values for region rows: "both" ticks left and right."""
    values = []
    for row in rows:
        sides = ("left", "right") if row["side"] == "both" else (row["side"],)
        values.extend(region_value(row["region"], side) for side in sides)
    return list(dict.fromkeys(values))


def values_to_regions(values):
    """Region rows from ticked boxes, in body order; left and right together become "both"."""
    ticked = set(values)
    rows = []
    for region in vocabulary.REGION:
        left = region_value(region, "left") in ticked
        right = region_value(region, "right") in ticked
        if left and right:
            rows.append({"region": region, "side": "both"})
        elif left or right:
            rows.append({"region": region, "side": "left" if left else "right"})
        if region_value(region, "central") in ticked:
            rows.append({"region": region, "side": "central"})
        if region_value(region, "") in ticked:
            rows.append({"region": region, "side": ""})
    return rows


def whole(value):
    """7.0 as 7, so a stored float reads as it was typed."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def keep_order(previous, chosen):
    """The chosen codes, in the order they were first recorded (new ones at the end)."""
    chosen = list(dict.fromkeys(chosen))
    previous = list(dict.fromkeys(previous))
    return [c for c in previous if c in chosen] + [c for c in chosen if c not in previous]


def body_chart(ticked):
    """The chart's shapes for both views, marked where `ticked` holds their region value."""
    views = {"viewbox": chart.VIEWBOX, "front_x": chart.FRONT_X, "back_x": chart.BACK_X}
    for view in ("front", "back"):
        views[view] = {
            "outline": chart.outline(view),
            "shapes": [
                {
                    "value": region_value(region, side),
                    "label": f"{labels.REGION[region]}, {labels.SIDE[side]}",
                    "path": path,
                    "checked": region_value(region, side) in ticked,
                }
                for region, side, path in chart.shapes(view)
            ],
        }
    return views


YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNKNOWN = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]
NOT_EXAMINED = _("not examined")
YES_NO_NOT_EXAMINED = [("", NOT_EXAMINED), ("yes", _("Yes")), ("no", _("No"))]
# The questionnaire scores and the regions each is meant for (shown for those complaints).
SCORE_REGIONS = {
    "ndi": ("neck",),
    "odi": vocabulary.LOW_BACK_REGIONS,
    "startback_total": vocabulary.LOW_BACK_REGIONS,
    "startback_psychosocial": vocabulary.LOW_BACK_REGIONS,
}


def red_flag_field(code):
    return f"red_flag_{code}"


PAIN = {"min": 0, "max": 10, "inputmode": "numeric", "class": "pain-input"}


def _blank(*choices):
    return [("", "—"), *choices]


def _yes_no_not_examined(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_NOT_EXAMINED,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )


def goal_lines(text):
    """The goals typed one per line, trimmed, empty lines left out."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AnamnesisForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        label=_("Where is the complaint?"),
        choices=REGION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain_character = forms.MultipleChoiceField(
        label=_("Pain character"),
        choices=labels.choices(vocabulary.CHARACTER, labels.CHARACTER),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    causes = forms.MultipleChoiceField(
        label=_("Causes"),
        choices=labels.choices(vocabulary.CAUSE, labels.CAUSE),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cautions = forms.MultipleChoiceField(
        label=_("Tick every caution that applies"),
        choices=labels.choices(vocabulary.CAUTION, labels.CAUTION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recurrent = forms.TypedChoiceField(
        label=_("Recurrent"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    occupation = forms.CharField(
        label=_("Occupation"), max_length=limits.LINE, required=False, empty_value=None
    )
    aggravating = forms.CharField(
        label=_("What makes it worse?"),
        max_length=limits.ANSWER,
        required=False,
        empty_value=None,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    easing = forms.CharField(
        label=_("What eases it?"),
        max_length=limits.ANSWER,
        required=False,
        empty_value=None,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goals = forms.CharField(
        label=_("The client's goals"),
        help_text=_("In the client's words, one goal per line."),
        # Each goal is checked in clean_goals; this bounds the whole box.
        max_length=limits.GOALS * (limits.GOAL + 2),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Bounded here, not only on the model: the two scores are one answer, so a score out of
    # range must fail before `clean()` pairs them.
    startback_total = forms.IntegerField(
        label=_("STarT Back total score (0-9)"),
        help_text=_("The nine items of the completed questionnaire, agree = 1."),
        min_value=vocabulary.START_BACK_TOTAL[0],
        max_value=vocabulary.START_BACK_TOTAL[1],
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    startback_psychosocial = forms.IntegerField(
        label=_("STarT Back psychosocial subscale, items 5-9 (0-5)"),
        min_value=vocabulary.START_BACK_PSYCHOSOCIAL[0],
        max_value=vocabulary.START_BACK_PSYCHOSOCIAL[1],
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    submission = submission_field()  # of the new intake's first save
    dermatomal_sensory_loss = _yes_no_not_examined(_("Sensory loss in a dermatome"))
    myotomal_weakness = _yes_no_not_examined(_("Weakness in a myotome"))
    visual = forms.CharField(
        label=_("Visual findings"),
        max_length=limits.FINDINGS,
        required=False,
        empty_value=None,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Anamnesis
        fields = [
            "onset_date",
            "duration_days",
            "course",
            "course_overridden",
            "radiation",
            "pain_now",
            "pain_worst",
            "suspected",
            "complaint_notes",
            "desk_hours_per_day",
            "exercise_sessions_per_week",
            "stress",
            "sleep",
            "lifestyle_notes",
            "history_notes",
            "red_flag_notes",
            "caution_notes",
            "impairment",
            "tissue",
            "tone",
            "straight_leg_raise",
            "reflexes",
            "findings_notes",
            "ndi",
            "odi",
            "startback_total",
            "startback_psychosocial",
        ]
        labels = {
            "onset_date": _("Since when (onset)"),
            "duration_days": _("or days since onset"),
            "course_overridden": _("Set the course myself"),
            "pain_now": _("Pain now (0-10)"),
            "pain_worst": _("Pain at worst (0-10)"),
            "complaint_notes": _("Notes on the complaint"),
            "desk_hours_per_day": _("Desk hours per day"),
            "exercise_sessions_per_week": _("Exercise sessions per week"),
            "stress": _("Stress (0-10)"),
            "lifestyle_notes": _("Notes on lifestyle"),
            "history_notes": _("Notes on the history"),
            "red_flag_notes": _("Notes on the screening"),
            "caution_notes": _("Notes on cautions"),
            "findings_notes": _("Notes on the examination"),
            "sleep": _("Sleep"),
            "straight_leg_raise": _("Straight leg raise"),
            "reflexes": _("Reflexes"),
            "ndi": _("Neck Disability Index (0-50)"),
            "odi": _("Oswestry Disability Index (0-100 %)"),
        }
        help_texts = {
            "ndi": _(
                "For a neck complaint: the raw score of the Neck Disability Index questionnaire, "
                "if the client filled it in."
            ),
            "odi": _(
                "For a low back complaint: the Oswestry Disability Index questionnaire, in "
                "percent, if the client filled it in."
            ),
        }
        widgets = {
            "onset_date": DateInput(),
            "duration_days": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "pain_now": forms.NumberInput(attrs=PAIN),
            "pain_worst": forms.NumberInput(attrs=PAIN),
            "desk_hours_per_day": forms.NumberInput(attrs={"min": 0, "max": 24, "step": "0.5"}),
            "exercise_sessions_per_week": forms.NumberInput(attrs={"min": 0, "max": 21}),
            "stress": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            "complaint_notes": forms.Textarea(attrs={"rows": 2}),
            "lifestyle_notes": forms.Textarea(attrs={"rows": 2}),
            "history_notes": forms.Textarea(attrs={"rows": 2}),
            "red_flag_notes": forms.Textarea(attrs={"rows": 2}),
            "caution_notes": forms.Textarea(attrs={"rows": 2}),
            "findings_notes": forms.Textarea(attrs={"rows": 2}),
            "ndi": forms.NumberInput(attrs={"min": 0, "max": 50, "inputmode": "numeric"}),
            "odi": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        for code in vocabulary.RED_FLAG:
            self.fields[red_flag_field(code)] = forms.ChoiceField(
                label=labels.RED_FLAG_QUESTION[code],
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        for name in ("radiation", "suspected", "impairment", "tissue", "tone", "course", "sleep"):
            self.fields[name].choices = _blank(*self.fields[name].choices[1:])
        for name in ("straight_leg_raise", "reflexes"):
            self.fields[name].choices = [("", NOT_EXAMINED), *self.fields[name].choices[1:]]
        if instance.pk:
            self.initial.update(self._initial_from(instance))
        self.fields["course"].widget.attrs["class"] = "form-select"
        self.fields["course_overridden"].widget.attrs["class"] = "form-check-input"
        self.fields["course"].label = _("Course")

    @staticmethod
    def _initial_from(instance):
        initial = {
            "regions": regions_to_values(instance.regions.values("region", "side")),
            "pain_character": instance.pain_character,
            "causes": instance.causes,
            "cautions": instance.cautions,
            "recurrent": {True: "yes", False: "no"}.get(instance.recurrent, ""),
            "occupation": instance.occupation,
            "visual": instance.visual,
            "aggravating": instance.aggravating,
            "easing": instance.easing,
            "goals": "\n".join(instance.goals),
            "dermatomal_sensory_loss": {True: "yes", False: "no"}.get(
                instance.dermatomal_sensory_loss, ""
            ),
            "myotomal_weakness": {True: "yes", False: "no"}.get(instance.myotomal_weakness, ""),
            "desk_hours_per_day": whole(instance.desk_hours_per_day),
        }
        for code, answer in instance.red_flag_answers.items():
            initial[red_flag_field(code)] = {True: "yes", False: "no"}.get(answer, "")
        return initial

    def clean_goals(self):
        goals = goal_lines(self.cleaned_data.get("goals"))
        if len(goals) > limits.GOALS:
            raise forms.ValidationError(
                _("Keep to %(n)d goals, one per line (there are %(count)d).")
                % {"n": limits.GOALS, "count": len(goals)}
            )
        for goal in goals:
            if len(goal) > limits.GOAL:
                raise forms.ValidationError(
                    _(
                        "Each goal may have at most %(n)d characters; "
                        "this one has %(count)d: %(goal)s"
                    )
                    % {"n": limits.GOAL, "count": len(goal), "goal": goal[:40] + "…"}
                )
        return self.cleaned_data.get("goals")

    def clean_onset_date(self):
        onset = self.cleaned_data.get("onset_date")
        if onset and onset > timezone.localdate():
            raise forms.ValidationError(_("The onset cannot be in the future."))
        return onset

    def clean(self):
        cleaned = super().clean()
        now, worst = cleaned.get("pain_now"), cleaned.get("pain_worst")
        if now is not None and worst is not None and worst < now:
            self.add_error("pain_worst", _("The pain at worst cannot be lower than the pain now."))
        if cleaned.get("course_overridden") and not cleaned.get("course"):
            self.add_error("course", _("Choose the course, or let it be derived."))
        self._clean_startback(cleaned)
        return cleaned

    def _clean_startback(self, cleaned):
        self._check_startback(cleaned)
        # The two scores are one answer: kept together or, until corrected, not at all.
        if "startback_total" not in cleaned or "startback_psychosocial" not in cleaned:
            cleaned.pop("startback_total", None)
            cleaned.pop("startback_psychosocial", None)

    def _check_startback(self, cleaned):
        total, psychosocial = cleaned.get("startback_total"), cleaned.get("startback_psychosocial")
        if total is None and psychosocial is None:
            return
        if total is None or psychosocial is None:
            if "startback_total" in cleaned and "startback_psychosocial" in cleaned:
                missing = "startback_total" if total is None else "startback_psychosocial"
                self.add_error(missing, _("Give both STarT Back scores, or neither."))
            return
        if psychosocial > total:
            self.add_error(
                "startback_psychosocial",
                _("The psychosocial subscale is part of the total, so it cannot be higher."),
            )
        regions = self.region_rows()
        low_back = {row["region"] for row in regions or ()} & set(vocabulary.LOW_BACK_REGIONS)
        if regions is not None and not low_back:
            self.add_error(
                "startback_total",
                _("STarT Back is for low back complaints: mark the low back, or clear the scores."),
            )

    def values(self):
        """Model field values from what validated (an autosave keeps even a partly valid form)."""
        data = self.cleaned_data
        values = {}
        for name in self._meta.fields:
            if name in data:
                values[name] = data[name]
        for name in (
            "recurrent",
            "occupation",
            "visual",
            "aggravating",
            "easing",
            "dermatomal_sensory_loss",
            "myotomal_weakness",
        ):
            if name in data:
                values[name] = data[name]
        if "goals" in data:
            values["goals"] = goal_lines(data["goals"])
        for name in ("pain_character", "causes", "cautions"):
            if name in data:
                values[name] = keep_order(getattr(self.instance, name), data[name])
        answers = {code: data.get(red_flag_field(code)) for code in vocabulary.RED_FLAG}
        if all(red_flag_field(code) in data for code in vocabulary.RED_FLAG):
            values["red_flags"] = keep_order(
                self.instance.red_flags, [c for c, a in answers.items() if a == "yes"]
            )
            values["red_flags_absent"] = [c for c, a in answers.items() if a == "no"]
        return values

    def _ticked_regions(self):
        return set(self["regions"].value() or [])

    def region_grid(self):
        """Rows of the region checkbox grid: a box per usual side, extra boxes for the unusual."""
        ticked = self._ticked_regions()
        rows = []
        for region in vocabulary.REGION:
            sides = chart_sides(region)
            boxes = []
            for side in CHART_SIDES:
                value = region_value(region, side)
                if side in sides or value in ticked:
                    boxes.append(self._box(region, side, value in ticked))
                else:
                    boxes.append(None)
            extra = []
            if region_value(region, "") in ticked:
                extra.append(self._box(region, "", True))
            rows.append({"label": labels.REGION[region], "boxes": boxes, "extra": extra})
        return rows

    @staticmethod
    def _box(region, side, checked):
        label = labels.REGION[region]
        if side:
            label = f"{label}, {labels.SIDE[side]}"
        else:
            label = _("%(region)s, side not stated") % {"region": label}
        return {
            "value": region_value(region, side),
            "id": f"id_regions_{region}_{side or 'any'}",
            "label": label,
            "checked": checked,
        }

    def body_chart(self):
        return body_chart(self._ticked_regions())

    def _score_shown(self, name):
        ticked = {value.partition(":")[0] for value in self._ticked_regions()}
        return bool(ticked & set(SCORE_REGIONS[name])) or self[name].value() not in (None, "")

    def show_ndi(self):
        """NDI is for a neck complaint: shown when the neck is ticked (or a score is kept)."""
        return self._score_shown("ndi")

    def show_odi(self):
        """ODI is for a low back complaint: shown when the low back is ticked (or a score is
        kept)."""
        return self._score_shown("odi")

    def show_startback(self):
        """STarT Back screens low back complaints: shown as the ODI is."""
        return self._score_shown("startback_total") or self._score_shown("startback_psychosocial")

    def red_flag_fields(self):
        return [self[red_flag_field(code)] for code in vocabulary.RED_FLAG]

    def any_red_flag_yes(self):
        return any(self[red_flag_field(code)].value() == "yes" for code in vocabulary.RED_FLAG)

    def region_rows(self):
        if "regions" not in self.cleaned_data:
            return None
        return values_to_regions(self.cleaned_data["regions"])


class ListRowForm(forms.Form):
    """A row of a list; a row left entirely empty is ignored rather than refused."""

    def row(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        if self.cleaned_data.get("DELETE") or all(v in (None, "") for v in data.values()):
            return None
        return data


class PriorInjuryForm(ListRowForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=_blank(*labels.choices(vocabulary.INJURY_KIND, labels.INJURY_KIND)),
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Body part"),
        choices=_blank(*labels.choices(vocabulary.BODY_PART, labels.BODY_PART)),
        required=False,
    )
    years_ago = forms.IntegerField(
        label=_("Years ago"),
        min_value=0,
        max_value=130,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Note"), max_length=limits.ANSWER, required=False, empty_value=None
    )

    def clean(self):
        cleaned = super().clean()
        filled = any(cleaned.get(f) not in (None, "") for f in ("region", "years_ago", "note"))
        if filled and not cleaned.get("kind") and not cleaned.get("DELETE"):
            self.add_error("kind", _("Accident, injury or surgery?"))
        return cleaned


class SideComparisonForm(ListRowForm):
    test = forms.CharField(
        label=_("Test"), max_length=limits.TERM, required=False, empty_value=None, strip=True
    )
    left = forms.FloatField(
        label=_("Left"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    right = forms.FloatField(
        label=_("Right"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=_blank(*labels.choices(vocabulary.UNIT, labels.UNIT)),
        required=False,
    )

    def difference(self):
        """Left minus right as entered, for the page without JavaScript."""
        try:
            return round(float(self["left"].value()) - float(self["right"].value()), 2)
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        measured = any(cleaned.get(f) not in (None, "") for f in ("left", "right", "unit"))
        if measured and not cleaned.get("test") and not cleaned.get("DELETE"):
            self.add_error("test", _("Name the test."))
        return cleaned


class TriggerPointForm(ListRowForm):
    muscle = forms.CharField(
        label=_("Muscle"), max_length=limits.TERM, required=False, empty_value=None
    )
    side = forms.ChoiceField(
        label=_("Side"),
        choices=_blank(*labels.choices(vocabulary.TRIGGER_POINT_SIDE, labels.TRIGGER_POINT_SIDE)),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("side") and not cleaned.get("muscle") and not cleaned.get("DELETE"):
            self.add_error("muscle", _("Name the muscle."))
        return cleaned


class PsfsActivityForm(ListRowForm):
    """One activity the client finds hard because of the problem, and how well they do it now."""

    name = forms.CharField(label=_("Activity"), max_length=limits.LINE, required=False)
    baseline = forms.IntegerField(
        label=_("Rating now (0-10)"),
        min_value=vocabulary.PSFS_SCORE[0],
        max_value=vocabulary.PSFS_SCORE[1],
        required=False,
        widget=forms.NumberInput(attrs=PAIN),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        name, rating = cleaned.get("name"), cleaned.get("baseline")
        if name and rating is None and "baseline" not in self.errors:
            self.add_error("baseline", _("Rate this activity from 0 (unable) to 10 (as before)."))
        elif rating is not None and not name:
            self.add_error("name", _("Name the activity you rated."))
        return cleaned


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _formset(form, prefix):
    formset = forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=1,
        can_delete=True,
        max_num=limits.ROWS,
        validate_max=True,
    )
    return formset, prefix


FORMSETS = {
    # keyword for anamnesis_save: (formset class, prefix, row fields)
    "prior_injuries": (
        *_formset(PriorInjuryForm, "injuries"),
        ("kind", "region", "years_ago", "note"),
    ),
    "side_comparisons": (
        *_formset(SideComparisonForm, "comparisons"),
        ("test", "left", "right", "unit"),
    ),
    "trigger_points": (*_formset(TriggerPointForm, "trigger_points"), ("muscle", "side")),
    "psfs_activities": (
        forms.formset_factory(
            PsfsActivityForm,
            formset=RowFormSet,
            extra=3,
            can_delete=True,
            max_num=vocabulary.PSFS_ACTIVITIES[1],
            validate_max=True,
        ),
        "psfs",
        ("name", "baseline"),
    ),
}


def intake_forms(anamnesis, data=None):
    """The form and its formsets for `anamnesis` (unsaved when new), bound to `data` if given."""
    form = AnamnesisForm(data, instance=anamnesis)
    formsets = {}
    for name, (formset_class, prefix, fields) in FORMSETS.items():
        initial = None
        # Bound formsets take their rows from the data alone: rows that equal an initial row
        # would otherwise count as unchanged and be dropped.
        if anamnesis.pk and data is None:
            initial = [
                {f: whole(getattr(row, f)) for f in fields}
                for row in getattr(anamnesis, name).all()
            ]
        formsets[name] = formset_class(data, prefix=prefix, initial=initial)
    return form, formsets


def formset_rows(formset):
    """The formset's rows as dicts, or None when it did not validate (rows are then kept)."""
    if not formset.is_valid():
        return None
    rows = [form.row() for form in formset.forms]
    return [row for row in rows if row is not None]
