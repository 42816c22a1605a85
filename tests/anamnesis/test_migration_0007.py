"""Migration 0007 moves the measures into the intake: STarT Back from the outcome baseline onto
its anamnesis, the PSFS table into the anamnesis app, locked anamneses included.

Runs the real migrations: back to before the move, data written with the models of then,
forward again.
"""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from tests.factories import ClientFactory, UserFactory

BEFORE = [("anamnesis", "0006_intake_v2_fields"), ("plans", "0004_protect_signed_records")]


def migrate(targets=None):
    """To `targets`, or forward to the newest migrations (as the rest of the suite expects)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def newest_schema_after():
    """Whatever happens in the test, the database ends at the newest migrations."""
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("newest_schema_after")
def test_the_measures_move_onto_the_intake_they_were_taken_with():
    therapist = UserFactory()
    client = ClientFactory()
    old = migrate(BEFORE)
    OldAnamnesis = old.get_model("anamnesis", "Anamnesis")
    OutcomeBaseline = old.get_model("plans", "OutcomeBaseline")
    OldPsfs = old.get_model("plans", "PsfsActivity")
    now = timezone.now()
    first = OldAnamnesis.objects.create(
        client_id=client.pk, taken_by_id=therapist.pk, locked_at=now, status="completed"
    )
    OutcomeBaseline.objects.create(
        anamnesis=first, startback_total=6, startback_psychosocial=4, recorded_by_id=therapist.pk
    )
    for position, (name, rating) in enumerate([("Sitting", 3), ("Driving", 4), ("Lifting", 2)]):
        OldPsfs.objects.create(anamnesis=first, name=name, baseline=rating, position=position)
    # An amendment made before the move: it had no activities of its own, and the baseline
    # page compared its reassessments with the first version's.
    second = OldAnamnesis.objects.create(
        client_id=client.pk, taken_by_id=therapist.pk, previous=first, version=2
    )

    migrate()

    first = Anamnesis.objects.get(pk=first.pk)
    second = Anamnesis.objects.get(pk=second.pk)
    assert (first.startback_total, first.startback_psychosocial) == (6, 4)
    assert first.start_back_risk == "high"
    assert [(a.name, a.baseline) for a in first.psfs_activities.all()] == [
        ("Sitting", 3),
        ("Driving", 4),
        ("Lifting", 2),
    ]
    assert [(a.name, a.baseline) for a in second.psfs_activities.all()] == [
        ("Sitting", 3),
        ("Driving", 4),
        ("Lifting", 2),
    ]
    assert second.startback_total is None
    # The locked version is protected again once the migration is done.
    with pytest.raises(IntegrityError, match="Protected record"):
        Anamnesis.objects.filter(pk=first.pk).update(pain_now=3)
    assert anamnesis_to_contract(second)["measures"]["psfs"][0] == {
        "activity": "Sitting",
        "score": 3,
    }
