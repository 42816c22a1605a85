from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnamnesisConfig(AppConfig):
    name = "anamnesis"
    verbose_name = _("Anamnesis")
