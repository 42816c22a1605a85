"""What "a refused request changes nothing" is checked against."""

from django.apps import apps
from django.contrib.auth import get_user_model

APPS = ("clinic", "anamnesis", "plans")


def database_state():
    """Every row of the app's models (and of the users), to compare before and after."""
    models = [get_user_model()]
    for label in APPS:
        models += apps.get_app_config(label).get_models()
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in models
    }


def changes(before, after):
    """The models whose rows differ, for an assertion message."""
    return sorted(label for label in before if before[label] != after[label])
