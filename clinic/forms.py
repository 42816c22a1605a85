import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.logos import LogoRefused, logo_upload
from clinic.models import AuditAction, Client, Practice
from clinic.submit_once import submission_field
from plans.engine import limits

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ClientForm(forms.ModelForm):
    consent_given = forms.BooleanField(
        label=_("The client consents to the processing of their health data"),
        required=False,
        help_text=_("Required before an anamnesis can be recorded."),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("This is a different person with the same name and date of birth"),
        required=False,
    )
    submission = submission_field()

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "occupation",
            "address",
            "referring_physician",
            "notes",
            "consent_date",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "consent_date": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "consent_date": _("The day the client signed. Today when left empty."),
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.duplicates = Client.objects.none()
        self.fields["consent_given"].initial = self.instance.has_consent
        self.fields["confirm_duplicate"].widget = forms.HiddenInput()

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born < EARLIEST_BIRTH_DATE:
            raise forms.ValidationError(_("Please check the year: this is before 1900."))
        return born

    def clean_consent_date(self):
        given = self.cleaned_data.get("consent_date")
        if given and given > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot be dated in the future."))
        return given

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given"):
            cleaned["consent_date"] = cleaned.get("consent_date") or timezone.localdate()
        else:
            if cleaned.get("consent_date"):
                self.add_error(
                    "consent_given",
                    _("Tick this box to record the consent dated above, or clear the date."),
                )
            cleaned["consent_date"] = None
        self._check_duplicates(cleaned)
        return cleaned

    def _check_duplicates(self, cleaned):
        if self.instance.pk or not all(
            cleaned.get(f) for f in ("first_name", "last_name", "date_of_birth")
        ):
            return
        self.duplicates = Client.objects.for_practice(self.practice).same_person(
            first_name=cleaned["first_name"],
            last_name=cleaned["last_name"],
            date_of_birth=cleaned["date_of_birth"],
        )
        if self.duplicates.exists():
            self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            if not cleaned.get("confirm_duplicate"):
                raise forms.ValidationError(
                    _("A client with this name and date of birth already exists."),
                    code="duplicate",
                )


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=limits.SEARCH,
        required=False,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Name or date of birth (e.g. 31.12.1980)")}
        ),
    )
    archived = forms.BooleanField(label=_("Show archived clients"), required=False)


class PracticeSettingsForm(forms.ModelForm):
    class Meta:
        model = Practice
        fields = ["name", "address", "phone", "email", "logo"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if getattr(logo, "image", None) is None:  # set only for a newly uploaded file
            return logo
        try:
            return logo_upload(logo)
        except LogoRefused as exc:
            raise forms.ValidationError(str(exc)) from None


class AuditFilterForm(forms.Form):
    """Which events of the practice's audit trail to list or export."""

    user = forms.ChoiceField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    client = forms.CharField(
        label=_("Client"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name or date of birth")}),
    )
    client_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        # By username, as the trail names people, so that an account's events match even when
        # they were recorded before a rename of its person's name.
        usernames = (
            get_user_model()
            .objects.filter(membership__practice=practice)
            .order_by("username")
            .values_list("username", flat=True)
        )
        self.fields["user"].choices = [("", _("Anyone")), *((u, u) for u in usernames)]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, events):
        """`events` narrowed by every field that validated."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("user"):
            events = events.filter(username=data["user"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("client"):
            clients = Client.objects.for_practice(self.practice).search(data["client"])
            events = events.filter(client_id__in=clients.values("pk"))
        if data.get("client_id"):
            events = events.filter(client_id=data["client_id"])
        return events.between(data.get("date_from"), data.get("date_to"))

    def summary(self):
        """The filter, for the audit event of an export; a client searched for by name is
        only said to be (the trail keeps no names)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return ", ".join(
            f"{name}=…" if name == "client" else f"{name}={data[name]}"
            for name in ("user", "action", "client", "client_id", "date_from", "date_to")
            if data.get(name)
        )
