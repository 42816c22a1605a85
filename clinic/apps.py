from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Practice and clients")

    def ready(self):
        from django.contrib.auth import signals

        from clinic import audit

        signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid="audit_signed_in")
        signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid="audit_signed_out")
        signals.user_login_failed.connect(
            audit.on_sign_in_failed, dispatch_uid="audit_sign_in_failed"
        )
