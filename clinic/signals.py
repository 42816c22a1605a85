"""Signals the project sends, for the audit trail to record.

The rest come from the libraries: Django's `user_logged_in`, `user_logged_out` and
`user_login_failed`; django-allauth's `allauth.account.signals.password_changed`,
`password_reset` and `allauth.mfa.signals.authenticator_added`, `authenticator_removed`,
`authenticator_reset`, `authenticator_used` and `authentication_failed`.
"""

from django.dispatch import Signal

# Sign-in was refused because of too many failures for a username or from one address.
# Arguments: request, username.
sign_in_locked_out = Signal()
