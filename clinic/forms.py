import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.logos import LogoRefused, logo_upload
from clinic.models import AuditAction, Client, ClientRequest, ConsentRecord, Practice
from clinic.submit_once import submission_field
from plans.engine import limits

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ClientForm(forms.ModelForm):
    """A client's details. A new client's consent may be recorded with them; after that,
    consent is given and withdrawn on the client's page (ConsentForm), never edited here."""

    consent_given = forms.BooleanField(
        label=_("The client consents to the processing of their health data"),
        required=False,
        help_text=_("Required before an anamnesis can be recorded."),
    )
    consent_date = forms.DateField(
        label=_("Consent given on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the client signed. Today when left empty."),
    )
    consent_physician = forms.BooleanField(
        label=_("…and releases the practice from confidentiality towards the referring physician"),
        required=False,
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
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.duplicates = Client.objects.none()
        self.fields["confirm_duplicate"].widget = forms.HiddenInput()
        if self.instance.pk is not None:
            for name in ("consent_given", "consent_date", "consent_physician"):
                del self.fields[name]

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
        return _not_in_the_future(self.cleaned_data.get("consent_date"))

    def clean(self):
        cleaned = super().clean()
        if "consent_given" in self.fields:
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

    def consent(self):
        """(day, scopes) of the consent to record with a new client, or None."""
        day = self.cleaned_data.get("consent_date")
        if day is None:
            return None
        physician = self.cleaned_data.get("consent_physician")
        return day, [ConsentRecord.Scope.PHYSICIAN] if physician else []

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


def _not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("Consent cannot be dated in the future."))
    return day


class ConsentForm(forms.Form):
    """Record consent given, or its withdrawal: a new record of the history each time."""

    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the client signed or declared it. Today when left empty."),
    )
    covers = forms.MultipleChoiceField(
        label=_("The consent covers"),
        choices=ConsentRecord.Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("The processing of health data is always part of it."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.LINE,
        required=False,
        help_text=_("How it was given or withdrawn, e.g. “signed form in the paper file”."),
    )
    submission = submission_field()

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == ConsentRecord.Kind.WITHDRAWN:
            del self.fields["covers"]  # a withdrawal withdraws what was given
        else:
            self.fields["covers"].initial = [ConsentRecord.Scope.HEALTH_DATA]

    def clean_on(self):
        return _not_in_the_future(self.cleaned_data.get("on")) or timezone.localdate()


class ClientRequestForm(forms.Form):
    """A restriction or erasure request, as the practice admin records it."""

    kind = forms.ChoiceField(
        label=_("The client asks for"),
        choices=ClientRequest.Kind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label=_("The request in the client's words"),
        max_length=limits.ANSWER,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    legal_reason = forms.CharField(
        label=_("Legal reason for erasure before the end of retention"),
        max_length=limits.ANSWER,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for an erasure while the retention period still runs: why the record may "
            "not be kept (e.g. the records were unlawfully processed, GDPR art. 17(1)(d)). "
            "Without it, the record stays restricted until its retention period ends and is "
            "erased then."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say what the client asked for."))
        return reason

    def clean(self):
        cleaned = super().clean()
        cleaned["legal_reason"] = (cleaned.get("legal_reason") or "").strip()
        if cleaned.get("kind") == ClientRequest.Kind.RESTRICT and cleaned["legal_reason"]:
            self.add_error("legal_reason", _("A legal reason belongs to an erasure request."))
        return cleaned


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        # Longer than a first and a last name together; SQLite refuses a LIKE pattern of
        # 50,000 bytes and more (a server error), and every word is one more condition.
        max_length=limits.SEARCH,
        required=False,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Name or date of birth (e.g. 31.12.1980)")}
        ),
    )
    archived = forms.BooleanField(label=_("Show archived clients"), required=False)
    # Practice admins only (the view ignores it for others).
    restricted = forms.BooleanField(label=_("Show restricted clients"), required=False)

    def __init__(self, *args, admin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not admin:
            del self.fields["restricted"]


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
