"""Forms of a referral: its recipient and the advice given (filled in when the plan is
finalized), and an outcome of the follow-up. They validate and normalise; the services save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anamnesis import labels as anamnesis_labels
from clinic.submit_once import submission_field
from plans.engine import limits, vocabulary
from plans.models import Referral, ReferralOutcome
from plans.services.referral import ADVICE_BY_URGENCY, outcome_problems, recipient_defaults


class ReferralDetailsForm(forms.Form):
    """To whom the letter goes and which advice the therapist gave; recorded with the letter."""

    recipient_name = forms.CharField(
        label=_("Recipient"),
        max_length=limits.LINE,
        help_text=_("The physician's name, e.g. “Dr. Petra Hausarzt”."),
        error_messages={"required": _("Name the physician or department the letter is for.")},
    )
    recipient_practice = forms.CharField(
        label=_("Practice or department"), max_length=limits.LINE, required=False
    )
    recipient_address = forms.CharField(
        label=_("Address"),
        max_length=limits.ADDRESS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recipient_fax = forms.CharField(label=_("Fax"), max_length=50, required=False)
    advice = forms.MultipleChoiceField(
        label=_("Advice you gave the client"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what you told the client: the letter says exactly this."),
    )

    def __init__(self, *args, plan, **kwargs):
        kwargs.setdefault("initial", recipient_defaults(plan))
        super().__init__(*args, **kwargs)
        urgency = plan.plan["referral"]["urgency"]
        self.fields["advice"].choices = [
            (code.value, code.label) for code in ADVICE_BY_URGENCY[urgency]
        ]

    def details(self):
        return {
            key: value.strip() if isinstance(value, str) else value
            for key, value in self.cleaned_data.items()
        }


class ReferralOutcomeForm(forms.Form):
    """What came of a referral."""

    submission = submission_field()

    kind = forms.ChoiceField(
        label=_("Outcome"), choices=ReferralOutcome.Kind.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the client was seen, or the reply came."),
    )
    restrictions = forms.CharField(
        label=_("Physician's restrictions"),
        max_length=limits.INSTRUCTIONS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("With a clearance: what the physician asks you to avoid or limit."),
    )
    cautions = forms.MultipleChoiceField(
        label=_("Restrictions as cautions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, anamnesis_labels.CAUTION[code]) for code in vocabulary.CAUTION],
        help_text=_("They are added to the next anamnesis when you start it from here."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.INSTRUCTIONS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and cleaned.get("on"):
            problems = outcome_problems(
                referral=self.referral,
                kind=cleaned["kind"],
                on=cleaned["on"],
                restrictions=cleaned.get("restrictions", ""),
                cautions=cleaned.get("cautions", []),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned
