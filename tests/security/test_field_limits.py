"""Every free text has a limit (plans/engine/limits.py): the form refuses more at the field, an
import names the path and exits 2, and the intake form and the contract's schema agree."""

import json

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from anamnesis.forms import AnamnesisForm, PriorInjuryForm, SideComparisonForm, TriggerPointForm
from anamnesis.models import Anamnesis
from plans import services
from plans.engine import ANAMNESIS_SCHEMA, limits
from plans.models import TreatmentSession
from tests.anamnesis.helpers import intake_data
from tests.plans.plan_fixtures import EXAMPLES, plan_from

pytestmark = pytest.mark.django_db


def too_long(limit):
    return "x" * (limit + 1)


def schema_max(*path):
    node = ANAMNESIS_SCHEMA
    for key in path:
        node = node["items"] if key == "[]" else node["properties"][key]
    return node["maxLength"]


@pytest.mark.parametrize(
    ("field", "schema_path"),
    [
        (AnamnesisForm.base_fields["aggravating"], ("complaint", "aggravating")),
        (AnamnesisForm.base_fields["easing"], ("complaint", "easing")),
        (AnamnesisForm.base_fields["occupation"], ("lifestyle", "occupation")),
        (AnamnesisForm.base_fields["visual"], ("findings", "visual")),
        (PriorInjuryForm.base_fields["note"], ("history", "prior_injuries", "[]", "note")),
        (SideComparisonForm.base_fields["test"], ("findings", "side_comparison", "[]", "test")),
        (TriggerPointForm.base_fields["muscle"], ("findings", "trigger_points", "[]", "muscle")),
    ],
)
def test_the_intake_form_and_the_schema_allow_the_same_length(field, schema_path):
    assert field.max_length == schema_max(*schema_path)


def test_every_text_field_of_the_models_has_a_limit():
    from django.apps import apps

    unlimited = [
        f"{model.__name__}.{field.name}"
        for app in ("clinic", "anamnesis", "plans")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unlimited == []


def test_a_session_note_over_the_limit_is_refused_at_the_field(alice_client, client_record, alice):
    plan = services.plan_finalize(plan=plan_from(client_record, alice), by=alice)
    response = alice_client.post(
        reverse("plans:session_new", args=[plan.pk]),
        {
            "date": "2026-01-05",
            "minutes": "30",
            "pain_before": "5",
            "subjective": too_long(limits.NOTES),
        },
    )
    assert response.status_code == 422
    assert f"at most {limits.NOTES} characters" in response.context["form"].errors["subjective"][0]
    assert not TreatmentSession.objects.exists()


def test_a_goal_over_the_limit_is_refused_at_the_field(alice_client, client_record):
    response = alice_client.post(
        reverse("anamnesis:new", args=[client_record.pk]),
        intake_data(goals="Walk the dog\n" + too_long(limits.GOAL)),
    )
    assert response.status_code == 400
    assert "Each goal may have at most 300 characters" in response.content.decode()


def test_more_goals_than_the_limit_are_refused_at_the_field(alice_client, client_record):
    goals = "\n".join(f"Goal {n}" for n in range(limits.GOALS + 1))
    response = alice_client.post(
        reverse("anamnesis:new", args=[client_record.pk]), intake_data(goals=goals)
    )
    assert response.status_code == 400
    assert "Keep to 10 goals" in response.content.decode()


def test_client_notes_over_the_limit_are_refused_at_the_field(alice_client):
    response = alice_client.post(
        reverse("clinic:client_create"),
        {
            "first_name": "Ida",
            "last_name": "Engel",
            "date_of_birth": "1983-05-17",
            "sex": "female",
            "notes": too_long(limits.NOTES),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["notes"]


def test_an_import_over_a_limit_exits_2_naming_the_path(client_record, tmp_path, capsys):
    doc = json.loads((EXAMPLES / "chronic-lower-back-inactive.json").read_text())
    doc["complaint"]["aggravating"] = too_long(limits.ANSWER)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SystemExit) as exited:
        call_command("anamnesis", "import", str(path), "--client", str(client_record.pk))
    assert exited.value.code == 2
    assert "complaint.aggravating: " in capsys.readouterr().err
    assert not Anamnesis.objects.exists()
