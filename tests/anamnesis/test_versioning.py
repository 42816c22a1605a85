"""Once a plan is finalized from it, an anamnesis is amended in a new version, never edited."""

import pytest
from django.urls import reverse

from anamnesis.models import Anamnesis
from anamnesis.services import (
    AnamnesisIncomplete,
    AnamnesisLocked,
    anamnesis_amend,
    anamnesis_complete,
    anamnesis_lock,
    anamnesis_save,
)
from tests.anamnesis.helpers import intake_data
from tests.factories import AnamnesisFactory, SideComparisonFactory, TriggerPointFactory


@pytest.fixture
def locked(client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice, complaint_notes="v1 notes")
    SideComparisonFactory(anamnesis=anamnesis)
    TriggerPointFactory(anamnesis=anamnesis)
    anamnesis_complete(anamnesis=anamnesis)
    return anamnesis_lock(anamnesis=anamnesis)


def test_only_a_completed_anamnesis_can_be_locked(client_record, alice):
    draft = AnamnesisFactory(client=client_record, taken_by=alice)
    with pytest.raises(AnamnesisIncomplete):
        anamnesis_lock(anamnesis=draft)


def test_locking_is_idempotent(locked):
    assert anamnesis_lock(anamnesis=locked).locked_at == locked.locked_at


def test_locked_anamnesis_is_never_saved_in_place(locked):
    with pytest.raises(AnamnesisLocked):
        anamnesis_save(anamnesis=locked, values={"complaint_notes": "changed"})
    locked.refresh_from_db()
    assert locked.complaint_notes == "v1 notes"


def test_amending_creates_a_linked_copy_and_both_stay_readable(locked, bob, alice_client):
    amendment = anamnesis_amend(anamnesis=locked, by=bob)
    assert amendment.pk != locked.pk
    assert amendment.previous == locked
    assert amendment.version == 2
    assert amendment.status == Anamnesis.Status.DRAFT
    assert amendment.locked_at is None
    assert amendment.taken_by == bob
    assert amendment.complaint_notes == "v1 notes"
    assert list(amendment.regions.values_list("region", "side")) == [("neck", "right")]
    assert amendment.side_comparisons.get().difference == 35
    assert amendment.trigger_points.count() == 1
    anamnesis_save(anamnesis=amendment, values={"complaint_notes": "v2 notes"}, regions=[])
    locked.refresh_from_db()
    assert locked.complaint_notes == "v1 notes"
    assert locked.regions.count() == 1
    for version in (locked, amendment):
        response = alice_client.get(version.get_absolute_url())
        assert response.status_code == 200
    assert "Versions:" in alice_client.get(locked.get_absolute_url()).content.decode()


def test_amending_twice_reuses_the_open_draft(locked, alice):
    assert anamnesis_amend(anamnesis=locked, by=alice) == anamnesis_amend(
        anamnesis=locked, by=alice
    )


def test_edit_url_of_a_locked_anamnesis_never_edits_in_place(locked, alice_client):
    edit = reverse("anamnesis:edit", args=[locked.pk])
    assert alice_client.get(edit)["Location"] == locked.get_absolute_url()
    alice_client.post(edit, intake_data(complaint_notes="overwritten"))
    locked.refresh_from_db()
    assert locked.complaint_notes == "v1 notes"


def test_amend_button_starts_version_two(locked, alice_client):
    response = alice_client.post(reverse("anamnesis:amend", args=[locked.pk]))
    amendment = Anamnesis.objects.get(previous=locked)
    assert response["Location"] == reverse("anamnesis:edit", args=[amendment.pk])
    assert "Amend" in alice_client.get(locked.get_absolute_url()).content.decode()


def test_unlocked_anamnesis_is_edited_in_place(client_record, alice, alice_client):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    response = alice_client.post(reverse("anamnesis:amend", args=[anamnesis.pk]))
    assert response["Location"] == reverse("anamnesis:edit", args=[anamnesis.pk])
    assert Anamnesis.objects.count() == 1


def test_completed_anamnesis_that_loses_a_required_answer_goes_back_to_draft(client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    anamnesis_complete(anamnesis=anamnesis)
    anamnesis = anamnesis_save(anamnesis=anamnesis, values={"pain_now": None})
    assert anamnesis.status == Anamnesis.Status.DRAFT
