"""The "Draft plan" step of a completed anamnesis: the engine's result with its reasons."""

import json
from pathlib import Path

from django.urls import reverse

from anamnesis.contract import anamnesis_from_contract
from tests.factories import AnamnesisFactory

EXAMPLES = Path(__file__).resolve().parents[1] / "plans" / "examples"


def imported(name, client, by):
    doc = json.loads((EXAMPLES / name).read_text())
    return anamnesis_from_contract(client=client, taken_by=by, doc=doc)


def test_draft_plan_shows_techniques_with_their_reasons(alice_client, client_record, alice):
    anamnesis = imported("chronic-lower-back-inactive.json", client_record, alice)
    read = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    url = reverse("plans:draft_preview", args=[anamnesis.pk])
    assert url in read
    response = alice_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan-techniques"' in html
    assert "because" in html
    assert "Course: chronic" in html
    assert "Refer, do not treat" not in html


def test_red_flag_offers_a_referral_instead_of_treatment(alice_client, client_record, alice):
    anamnesis = imported("red-flag-night-pain-fever.json", client_record, alice)
    read = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    assert 'id="referral-banner"' in read
    html = alice_client.get(reverse("plans:draft_preview", args=[anamnesis.pk])).content.decode()
    assert "Referral instead of treatment" in html
    assert "Red flag: Fever or a current infection" in html
    assert 'id="plan-techniques"' not in html


def test_a_draft_anamnesis_is_completed_first(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    response = alice_client.get(reverse("plans:draft_preview", args=[anamnesis.pk]))
    assert response["Location"] == anamnesis.get_absolute_url()


def test_export_json_is_the_contract_document(alice_client, client_record, alice):
    anamnesis = imported("acute-neck-stiff.json", client_record, alice)
    response = alice_client.get(reverse("anamnesis:export", args=[anamnesis.pk]))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    doc = json.loads(response.content)
    assert doc["complaint"]["suspected"] == "stiff_neck"
    assert doc["complaint"]["course"] == "acute"


def test_an_unscreened_v1_intake_asks_the_red_flag_questions_first(
    alice_client, client_record, alice
):
    anamnesis = imported("v1-unscreened-lower-back.json", client_record, alice)
    assert not anamnesis.red_flag_screening_done
    response = alice_client.get(reverse("plans:draft_preview", args=[anamnesis.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="screening-missing"' in html
    assert 'id="plan-techniques"' not in html
    assert "Refer, do not treat" not in html


def test_an_intake_the_client_record_now_contradicts_says_so_and_drafts_nothing(
    alice_client, client_record, alice
):
    doc = json.loads((EXAMPLES / "chronic-lower-back-inactive.json").read_text())
    doc["cautions"] = [*doc.get("cautions", []), "pregnancy"]
    doc["client"] = {"age": client_record.age, "sex": "female"}
    anamnesis = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    client_record.sex = "male"  # corrected on the client record after the intake
    client_record.save()

    read = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    assert 'id="record-changed"' in read
    assert "pregnancy contradicts client.sex" in read
    url = reverse("plans:draft_preview", args=[anamnesis.pk])
    assert url not in read
    response = alice_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == anamnesis.get_absolute_url()
    assert "No plan can be drafted from this intake as it stands." in response.content.decode()
    response = alice_client.post(reverse("plans:create", args=[anamnesis.pk]), follow=True)
    assert not anamnesis.plans.exists()
    assert 'id="record-changed"' in response.content.decode()
