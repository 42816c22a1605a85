import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.models import Client, Practice

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
        required=False,
        # Longer than a first and a last name together; SQLite refuses a LIKE pattern of
        # 50,000 bytes and more (a server error), and every word is one more condition.
        max_length=200,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Name or date of birth (e.g. 31.12.1980)")}
        ),
    )
    archived = forms.BooleanField(label=_("Show archived clients"), required=False)


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG"}


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
        image = getattr(logo, "image", None)  # set only for a newly uploaded file
        if image is not None:
            if image.format not in LOGO_FORMATS:
                raise forms.ValidationError(_("Upload the logo as a PNG or JPEG image."))
            if logo.size > LOGO_MAX_BYTES:
                raise forms.ValidationError(_("The logo may be at most 2 MB."))
        return logo
