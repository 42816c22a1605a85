"""Once a plan is finalized from it, an anamnesis is amended in a new version, never edited."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from anamnesis import services
from anamnesis.models import Anamnesis
from anamnesis.services import (
    AnamnesisAlreadyAmended,
    AnamnesisIncomplete,
    AnamnesisLocked,
    anamnesis_amend,
    anamnesis_complete,
    anamnesis_lock,
    anamnesis_save,
)
from tests.anamnesis.helpers import intake_data
from tests.concurrency import at_once, postgresql_only
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


def _locked_amendment(locked, by):
    amendment = anamnesis_amend(anamnesis=locked, by=by)
    anamnesis_complete(anamnesis=amendment)
    return anamnesis_lock(anamnesis=amendment)


def test_amending_a_version_whose_amendment_is_locked_is_refused(locked, alice, bob):
    second = _locked_amendment(locked, alice)
    with pytest.raises(AnamnesisAlreadyAmended) as refused:
        anamnesis_amend(anamnesis=locked, by=bob)
    assert refused.value.newest == second
    assert "version 2 is the newest" in str(refused.value)
    assert Anamnesis.objects.filter(previous=locked).get() == second
    assert locked.amended_by == second


def test_an_old_version_points_to_the_newest_of_the_chain(locked, alice):
    second = _locked_amendment(locked, alice)
    third = anamnesis_amend(anamnesis=second, by=alice)
    with pytest.raises(AnamnesisAlreadyAmended) as refused:
        anamnesis_amend(anamnesis=locked, by=alice)
    assert refused.value.newest == third


def test_an_amendment_stored_meanwhile_is_reused_not_a_second_one(locked, alice, monkeypatch):
    # Another request amended this version between our check and our insert (no row locks on
    # SQLite): the database's one-amendment-per-version holds and we continue that draft.
    theirs = anamnesis_amend(anamnesis=locked, by=alice)
    real = services._existing_amendment
    calls = []

    def missed_once(anamnesis):
        calls.append(anamnesis)
        return None if len(calls) == 1 else real(anamnesis)

    monkeypatch.setattr(services, "_existing_amendment", missed_once)
    assert anamnesis_amend(anamnesis=locked, by=alice) == theirs
    assert Anamnesis.objects.filter(previous=locked).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_amendments_at_once_give_one_version_two(locked, alice, bob):
    outcomes = at_once(
        lambda: anamnesis_amend(anamnesis=locked, by=alice),
        lambda: anamnesis_amend(anamnesis=locked, by=bob),
    )
    assert all(isinstance(outcome, Anamnesis) for outcome in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    amendment = Anamnesis.objects.get(previous=locked)
    assert amendment.trigger_points.count() == 1  # copied once, not twice


def test_amend_button_on_an_amended_version_says_which_version_to_amend(
    locked, alice, alice_client
):
    second = _locked_amendment(locked, alice)
    response = alice_client.post(reverse("anamnesis:amend", args=[locked.pk]))
    assert response.status_code == 302
    assert response["Location"] == second.get_absolute_url()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Amend that one instead." in m for m in messages)
    assert Anamnesis.objects.count() == 2


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
    # Amended once: the locked version now leads to the newer one instead of offering again.
    page = alice_client.get(locked.get_absolute_url()).content.decode()
    assert "Open version 2" in page and amendment.get_absolute_url() in page
    assert reverse("anamnesis:amend", args=[locked.pk]) not in page


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
