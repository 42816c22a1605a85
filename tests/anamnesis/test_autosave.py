"""Autosave keeps every keystroke: valid, partly invalid, and after the session expired."""

from django.urls import reverse

from anamnesis.models import Anamnesis
from anamnesis.services import anamnesis_lock
from tests.anamnesis.helpers import intake_data
from tests.factories import AnamnesisFactory


def autosave(client, anamnesis, **fields):
    return client.post(
        reverse("anamnesis:autosave", args=[anamnesis.pk]),
        {**intake_data(**fields), "autosave": "1"},
    )


def test_autosave_stores_a_valid_form_and_says_when(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    response = autosave(alice_client, anamnesis, complaint_notes="since Monday")
    answer = response.json()
    assert response.status_code == 200
    assert answer["status"] == "saved"
    assert len(answer["saved_at"]) == 8  # HH:MM:SS
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == "since Monday"
    assert anamnesis.draft_snapshot is None


def test_autosave_of_a_partly_invalid_form_keeps_everything(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice, pain_now=5)
    response = autosave(
        alice_client,
        anamnesis,
        pain_now="12",
        stress="3",
        lifestyle_notes="cycles to work",
        **{"comparisons-0-left": "abc"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "saved_partly"
    anamnesis.refresh_from_db()
    # What parses is stored in its columns ...
    assert anamnesis.stress == 3
    assert anamnesis.lifestyle_notes == "cycles to work"
    # ... what does not keeps the last good value, and the raw entry is kept as typed.
    assert anamnesis.pain_now == 5
    assert anamnesis.draft_snapshot["pain_now"] == ["12"]
    assert anamnesis.draft_snapshot["comparisons-0-left"] == ["abc"]
    # A later valid save clears the snapshot.
    autosave(alice_client, anamnesis, pain_now="4")
    anamnesis.refresh_from_db()
    assert (anamnesis.pain_now, anamnesis.draft_snapshot) == (4, None)


def test_first_autosave_of_a_new_intake_creates_the_draft(alice_client, client_record):
    response = alice_client.post(
        reverse("anamnesis:new", args=[client_record.pk]),
        {**intake_data(complaint_notes="first words"), "autosave": "1"},
    )
    anamnesis = Anamnesis.objects.get()
    answer = response.json()
    assert answer["autosave_url"] == reverse("anamnesis:autosave", args=[anamnesis.pk])
    assert answer["edit_url"] == reverse("anamnesis:edit", args=[anamnesis.pk])
    assert anamnesis.complaint_notes == "first words"


def test_expired_session_gets_401_json_and_changes_nothing(client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice, complaint_notes="before")
    response = autosave(client, anamnesis, complaint_notes="typed after expiry")
    assert response.status_code == 401
    answer = response.json()
    assert answer["status"] == "signed_out"
    assert answer["login_url"] == reverse("account_login")
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == "before"
    # Same on a new intake that was never saved: no login page, JSON the page can act on.
    response = client.post(
        reverse("anamnesis:new", args=[client_record.pk]), {**intake_data(), "autosave": "1"}
    )
    assert response.status_code == 401
    assert Anamnesis.objects.count() == 1


def test_after_signing_in_again_the_kept_text_is_saved(client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    assert autosave(client, anamnesis, complaint_notes="kept on the device").status_code == 401
    client.force_login(alice)
    assert autosave(client, anamnesis, complaint_notes="kept on the device").status_code == 200
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == "kept on the device"


def test_autosave_never_changes_a_locked_anamnesis(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice, status="completed")
    anamnesis_lock(anamnesis=anamnesis)
    response = autosave(alice_client, anamnesis, complaint_notes="too late")
    assert response.status_code == 409
    anamnesis.refresh_from_db()
    assert anamnesis.complaint_notes == ""


def test_autosave_only_accepts_post(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    assert alice_client.get(reverse("anamnesis:autosave", args=[anamnesis.pk])).status_code == 405


def test_the_form_page_wires_up_autosave_without_inline_script(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    html = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert f'data-autosave-url="{reverse("anamnesis:autosave", args=[anamnesis.pk])}"' in html
    assert "js/anamnesis-form.js" in html
    assert "Saved at" in html


def test_repeated_autosaves_keep_the_list_rows(alice_client, client_record):
    """The page keeps posting the rows it started with; saving them again must not drop them."""
    data = {**intake_data(), "autosave": "1"}
    alice_client.post(reverse("anamnesis:new", args=[client_record.pk]), data)
    anamnesis = Anamnesis.objects.get()
    for _ in range(2):
        autosave(alice_client, anamnesis)
    assert anamnesis.side_comparisons.count() == 1
    assert anamnesis.trigger_points.count() == 1
