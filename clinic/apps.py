from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Practice and clients")

    def ready(self):
        from django.conf import settings
        from django.contrib.auth import signals
        from django.db.backends.signals import connection_created

        from clinic import audit, private_files

        # Health data at rest is for the app's account only (clinic/private_files.py).
        private_files.tighten(settings.VAR_DIR)
        private_files.tighten(settings.MEDIA_ROOT)
        connection_created.connect(
            private_files.protect_sqlite_files, dispatch_uid="private_sqlite_files"
        )

        signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid="audit_signed_in")
        signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid="audit_signed_out")
        signals.user_login_failed.connect(
            audit.on_sign_in_failed, dispatch_uid="audit_sign_in_failed"
        )
        from allauth.mfa import signals as mfa_signals

        from clinic.signals import sign_in_locked_out

        sign_in_locked_out.connect(audit.on_locked_out, dispatch_uid="audit_locked_out")
        for signal, receiver in (
            (mfa_signals.authenticator_added, audit.on_factor_added),
            (mfa_signals.authenticator_removed, audit.on_factor_removed),
            (mfa_signals.authenticator_reset, audit.on_factor_reset),
        ):
            signal.connect(receiver, dispatch_uid=f"audit_{receiver.__name__}")
