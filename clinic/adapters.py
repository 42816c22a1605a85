"""How django-allauth fits the practice: no public sign-up, a lockout that says so, and a second
factor that cannot be switched off where it is required."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clinic.signals import sign_in_locked_out


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Signing in is locked for a while; try again "
            "later, or ask your practice admin."
        ),
    }

    def is_open_for_signup(self, request):
        # Accounts come from a practice admin's invitation.
        return False

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            sign_in_locked_out.send(
                sender=type(self), request=request, username=credentials.get("username", "")
            )
            raise

    def is_reauthentication_required(self, *, app, **kwargs):
        # Signing in counts as re-authenticating for a few minutes (a sudo mode that starts at
        # sign-in), so a new member enrols their first second factor without typing the
        # password twice. After that, changing a factor asks for the password again.
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        records = get_authentication_records(request, user) if user else []
        return not any(
            time.time() - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
            for record in records
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Every account needs a second factor here. Add another one (an authenticator app "
            "or a security key) before you remove this one."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        if not settings.CLINIC_REQUIRE_MFA:
            return True
        others = (
            Authenticator.objects.filter(user_id=authenticator.user_id)
            .exclude(pk=authenticator.pk)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
        )
        return others.exists()
