"""The client's copy of their record (GDPR art. 15, issue 13): one zip with a readable summary,
every intake and plan as contract JSON, every archived PDF byte for byte, the sessions and
referrals, and a manifest of SHA-256 fingerprints. For a practice admin or a therapist who
treated the client; recorded in the audit trail."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from clinic.models import AuditEvent, Membership
from plans.engine import validate_anamnesis, validate_plan
from plans.models import PlanDocument, TreatmentPlan
from tests.pdf import pdf_text
from tests.plans.records.fixtures import full_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def treated(client_record, alice):
    full_record(client_record, alice)
    return client_record


def download(http, client):
    response = http.get(reverse("plans:client_copy", args=[client.pk]))
    return response


def unzip(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_copy_holds_every_record_with_a_manifest_of_fingerprints(alice_client, treated):
    response = download(alice_client, treated)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="record-client-')
    assert "no-store" in response["Cache-Control"]
    files = unzip(response)

    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["schema"] == "client-copy/v1"
    assert manifest["client_id"] == treated.pk
    assert {entry["path"] for entry in manifest["files"]} == set(files)
    for entry in manifest["files"]:
        data = files[entry["path"]]
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())

    # Every archived PDF exactly as signed (a referral's holds the letter).
    plans = TreatmentPlan.objects.for_client(treated)
    documents = PlanDocument.objects.filter(plan__in=plans)
    assert documents.count() == 4
    for document in documents:
        plan = document.plan
        assert files[f"plans/plan-{plan.pk}-v{plan.version}.pdf"] == bytes(document.pdf)

    # Every plan as plan/v2 and every completed anamnesis as anamnesis/v2, valid by the contract.
    for plan in plans:
        doc = json.loads(files[f"plans/plan-{plan.pk}-v{plan.version}.json"])
        assert doc == plan.plan
        assert validate_plan(doc) == []
    for anamnesis in treated.anamneses.all():
        doc = json.loads(files[f"anamnesis/anamnesis-{anamnesis.pk}-v{anamnesis.version}.json"])
        assert doc["schema"] == "anamnesis/v2"
        if anamnesis.is_completed:
            assert validate_anamnesis(doc) == []

    record = json.loads(files["client.json"])
    assert (record["first_name"], record["last_name"]) == ("Clara", "Client")
    assert [c["kind"] for c in record["consent_history"]] == ["given", "given"]
    sessions = json.loads(files["sessions.json"])
    assert [s["number"] for s in sessions] == [1, 2]
    assert sessions[0]["addenda"][0]["text"] == "Pain was 6, not 5."
    assert sessions[1]["reassessment"]["pain_now"] == 2
    referrals = json.loads(files["referrals.json"])
    assert sorted(r["urgency"] for r in referrals) == ["routine", "urgent"]
    assert sorted(r["outcomes"][0]["kind"] for r in referrals) == ["cleared", "seen"]

    summary = pdf_text(files["summary.pdf"])
    for words in ("Copy of the record", "Clara Client", "Consent", "Intakes", "Sessions"):
        assert words in summary


def test_the_copy_is_recorded_in_the_audit_trail(alice_client, treated):
    download(alice_client, treated)
    event = AuditEvent.objects.get(action="exported")
    assert (event.subject, event.client_id, event.username) == ("client", treated.pk, "alice")


def test_the_client_page_offers_the_copy_to_who_treated_the_client(alice_client, treated):
    page = alice_client.get(treated.get_absolute_url()).content.decode()
    assert reverse("plans:client_copy", args=[treated.pk]) in page


def test_another_practice_gets_404(mallory_client, treated):
    assert download(mallory_client, treated).status_code == 404
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_a_therapist_who_never_treated_the_client_gets_403(client, bob, treated):
    client.force_login(bob)
    response = download(client, treated)
    assert response.status_code == 403
    assert "a therapist who treated them" in response.content.decode()
    page = client.get(treated.get_absolute_url()).content.decode()
    assert reverse("plans:client_copy", args=[treated.pk]) not in page


def test_a_practice_admin_may_make_the_copy(client, bob, treated):
    Membership.objects.filter(user=bob).update(role=Membership.Role.ADMIN)
    client.force_login(bob)
    assert download(client, treated).status_code == 200


def test_a_client_without_records_gets_a_copy_too(alice_client, client_record, alice):
    Membership.objects.filter(user=alice).update(role=Membership.Role.ADMIN)
    files = unzip(download(alice_client, client_record))
    assert set(files) == {
        "summary.pdf",
        "client.json",
        "sessions.json",
        "referrals.json",
        "manifest.json",
    }
