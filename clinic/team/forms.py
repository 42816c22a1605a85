from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from clinic.models import Invitation, Membership


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["first_name", "last_name", "email", "role", "qualification"]
        help_texts = {
            "email": _("The invitation link goes to this address; password resets later too."),
            "qualification": Membership._meta.get_field("qualification").help_text,
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        if Invitation.objects.for_practice(self.practice).pending().filter(email__iexact=email):
            raise forms.ValidationError(
                _("This address already has an invitation waiting. Withdraw it to send a new one.")
            )
        return email


class MemberForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "qualification"]


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    qualification = forms.CharField(
        label=_("Qualification"),
        max_length=200,
        required=False,
        help_text=Membership._meta.get_field("qualification").help_text,
    )


class AcceptInvitationForm(UserCreationForm):
    """The invited person chooses a username and a password; the rest comes from the invitation."""

    class Meta(UserCreationForm.Meta):
        fields = ["username"]
        help_texts = {
            "username": _("You sign in with this. Letters, digits and @ . + - _ only."),
        }

    def __init__(self, *args, invitation, **kwargs):
        # The password checks compare with the person's name and address.
        instance = get_user_model()(
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            email=invitation.email,
        )
        super().__init__(*args, instance=instance, **kwargs)
