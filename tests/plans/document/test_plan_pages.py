"""The plan pages: review with reasons and marks, editing, finalizing, the PDF, versions."""

import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from plans import services
from plans.engine.exercises import EXERCISES
from plans.models import PlanDocument, SafetyRemoval, TreatmentPlan
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import RED_FLAG, plan_from

pytestmark = pytest.mark.django_db


def form_data(plan, **changes):
    """The edit form as the browser would post it, unchanged, with `changes` on top."""
    doc = plan.plan
    data = {
        "refer": "on" if doc["decision"] == "refer" else "",
        "urgency": (doc.get("referral") or {}).get("urgency", ""),
        "sessions_count": (doc.get("sessions") or {}).get("count", ""),
        "sessions_per_week": (doc.get("sessions") or {}).get("per_week", ""),
        "sessions_minutes": (doc.get("sessions") or {}).get("minutes", ""),
        "sessions_first_minutes": (doc.get("sessions") or {}).get("first_minutes", ""),
        "reassess_after_session": doc.get("reassess_after_session") or "",
        "pressure": doc.get("pressure") or "",
        "avoid": [item["code"] for item in doc["avoid"]],
        "self_care": [item["code"] for item in doc["self_care"]],
        "positioning": [item["code"] for item in doc["positioning"]],
        "exercises": [item["code"] for item in doc["exercises"]],
        "client_instructions": plan.client_instructions,
        "therapist_notes": plan.therapist_notes,
    }
    for item in doc["techniques"]:
        data[f"technique_{item['code']}"] = item["regions"]
    for code, exercise in EXERCISES.items():  # every row of the programme shows its dose
        dose = next((i for i in doc["exercises"] if i["code"] == code), exercise.dose.as_item())
        for key in ("sets", "reps", "hold_seconds", "per_day"):
            data[f"{key}_{code}"] = dose.get(key)
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_review_page_shows_each_item_with_its_reasons(alice_client, draft_plan_record):
    response = alice_client.get(f"/plans/{draft_plan_record.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Classic massage · Neck because: Region: Neck" in page
    assert "Pressure on the spine because: Region: Neck" in page
    assert "Movement breaks because: Desk hours per day: 6" in page
    assert "Chin tuck · 2 sets of" in page or "Chin tuck" in page
    assert 'data-mark="' not in response.content.decode()  # nothing differs yet


def test_editing_marks_every_difference_from_the_engines_draft(alice_client, draft_plan_record):
    plan = draft_plan_record
    data = form_data(
        plan,
        sessions_count=6,
        pressure="moderate",
        technique_friction=["neck"],
        technique_effleurage=[],
        self_care=[*form_data(plan)["self_care"], "heat"],
    )
    response = alice_client.post(f"/plans/{plan.pk}/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.plan["sessions"]["count"] == 6
    assert plan.engine_draft["sessions"]["count"] == 4
    html = alice_client.get(f"/plans/{plan.pk}/").content.decode()
    assert re.search(r'data-code="friction" data-mark="added"', html)
    assert re.search(r'data-code="effleurage" data-mark="removed"', html)
    assert re.search(r'data-code="heat" data-mark="added"', html)
    assert re.search(r'data-field="sessions.count">6 <span class="badge mark mark-changed">', html)
    assert "engine: 4" in html
    assert "engine: Light" in html
    history = text_of(alice_client.get(f"/plans/{plan.pk}/"))
    assert "Edited · Alice Adler" in history
    assert "Sessions: 4 → 6" in history
    assert "Added technique: Friction" in history


def test_changed_regions_are_marked_changed(alice_client, client_record, alice):
    from tests.plans.plan_fixtures import ANTICOAGULATED

    plan = plan_from(client_record, alice, ANTICOAGULATED)
    response = alice_client.post(
        f"/plans/{plan.pk}/", form_data(plan, technique_classic_massage=["shoulder"])
    )
    assert response.status_code == 302
    html = alice_client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-code="classic_massage" data-mark="changed"' in html
    assert "Engine's draft: Shoulder, Upper back" in html


def test_removing_a_safety_item_asks_for_a_reason(alice_client, draft_plan_record):
    plan = draft_plan_record
    data = form_data(plan, avoid=["pressure_on_bones_and_joints"])
    response = alice_client.post(f"/plans/{plan.pk}/", data)
    assert response.status_code == 422
    assert "Say why you remove this safety item." in response.content.decode()
    plan.refresh_from_db()
    assert plan.plan == plan.engine_draft

    data["reason_pressure_on_spine"] = "Work is on the shoulder blade only."
    assert alice_client.post(f"/plans/{plan.pk}/", data).status_code == 302
    removal = SafetyRemoval.objects.get(plan=plan)
    assert removal.reason == "Work is on the shoulder blade only."
    page = text_of(alice_client.get(f"/plans/{plan.pk}/"))
    assert "Safety items removed · for the therapist only No pressure on the spine" in page
    assert "Removed because: Work is on the shoulder blade only." in page


def test_removal_reason_is_on_the_therapists_copy_only(alice_client, draft_plan_record):
    plan = draft_plan_record
    data = form_data(
        plan, avoid=["pressure_on_bones_and_joints"], reason_pressure_on_spine="Secret reason"
    )
    assert alice_client.post(f"/plans/{plan.pk}/", data).status_code == 302
    client_copy = pdf_text(alice_client.get(f"/plans/{plan.pk}/pdf/").content)
    therapist_copy = pdf_text(alice_client.get(f"/plans/{plan.pk}/pdf/?copy=therapist").content)
    assert "Secret reason" not in client_copy
    assert "Secret reason" in therapist_copy
    assert "For the practice's file" in therapist_copy


def test_a_referral_refuses_treatment_changes_instead_of_dropping_them(
    alice_client, client_record, alice
):
    plan = plan_from(client_record, alice, RED_FLAG)
    before = plan.plan
    data = form_data(plan, sessions_count=9, technique_classic_massage=["mid_back"])
    response = alice_client.post(f"/plans/{plan.pk}/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "A plan that refers has no treatment, so these changes cannot be kept" in page
    assert "Sessions" in page and "Classic massage" in page
    assert "Your changes to the plan were saved." not in page
    plan.refresh_from_db()
    assert plan.plan == before
    # Unchanged treatment fields with Refer ticked save as before.
    assert alice_client.post(f"/plans/{plan.pk}/", form_data(plan)).status_code == 302


def test_removing_the_referral_needs_a_reason_and_a_course(alice_client, client_record, alice):
    plan = plan_from(client_record, alice, RED_FLAG)
    data = form_data(plan)
    del data["refer"]
    response = alice_client.post(f"/plans/{plan.pk}/", data)
    assert response.status_code == 422
    assert "Needed for a plan that treats." in response.content.decode()
    data.update(
        sessions_count=3,
        sessions_per_week=1,
        sessions_minutes=30,
        reassess_after_session=2,
        pressure="light",
        technique_classic_massage=["mid_back"],
        self_care=["movement_breaks"],
        exercises=["walking"],
    )
    response = alice_client.post(f"/plans/{plan.pk}/", data)
    assert response.status_code == 422
    assert "Say why you remove this safety item." in response.content.decode()
    data["referral_reason"] = "The GP examined the client today and cleared treatment."
    assert alice_client.post(f"/plans/{plan.pk}/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.plan["decision"] == "treat"
    assert plan.safety_removals.get().kind == "referral"
    assert 'id="referral-removed"' in alice_client.get(f"/plans/{plan.pk}/").content.decode()


def test_a_technique_the_avoid_list_forbids_is_refused(alice_client, client_record, alice):
    from tests.plans.plan_fixtures import ANTICOAGULATED

    plan = plan_from(client_record, alice, ANTICOAGULATED)
    response = alice_client.post(
        f"/plans/{plan.pk}/", form_data(plan, technique_tapotement=["shoulder"])
    )
    assert response.status_code == 422
    assert "conflicts with an item to avoid" in response.content.decode()


def test_every_plan_keeps_active_self_care(alice_client, draft_plan_record):
    response = alice_client.post(
        f"/plans/{draft_plan_record.pk}/", form_data(draft_plan_record, self_care=["heat"])
    )
    assert response.status_code == 422
    assert "choose at least one active item" in response.content.decode()


def test_create_plan_from_the_draft_preview(alice_client, anamnesis_record):
    preview = alice_client.get(f"/anamnesis/{anamnesis_record.pk}/draft-plan/")
    assert preview.status_code == 200
    assert f'action="/anamnesis/{anamnesis_record.pk}/plans/new/"' in preview.content.decode()
    response = alice_client.post(f"/anamnesis/{anamnesis_record.pk}/plans/new/")
    plan = TreatmentPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert plan.created_by.username == "alice"
    assert alice_client.get(f"/anamnesis/{anamnesis_record.pk}/plans/new/").status_code == 405


def test_finalize_asks_first_and_shows_what_will_be_signed(alice_client, draft_plan_record):
    page = alice_client.get(f"/plans/{draft_plan_record.pk}/finalize/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="finalize-summary"' in html and "Signing cannot be undone" in html
    assert 'name="confirmed" value="1"' in html
    # Posting without the confirmation signs nothing either: it shows the same page.
    assert alice_client.post(f"/plans/{draft_plan_record.pk}/finalize/").status_code == 200
    draft_plan_record.refresh_from_db()
    assert draft_plan_record.is_draft
    assert not PlanDocument.objects.filter(plan=draft_plan_record).exists()


def test_finalize_signs_the_plan_and_archives_it(alice_client, draft_plan_record):
    response = alice_client.post(f"/plans/{draft_plan_record.pk}/finalize/", {"confirmed": "1"})
    assert response.status_code == 302
    draft_plan_record.refresh_from_db()
    assert draft_plan_record.is_final
    page = text_of(alice_client.get(f"/plans/{draft_plan_record.pk}/"))
    assert "Finalized and signed by Alice Adler" in page
    assert PlanDocument.objects.get(plan=draft_plan_record).sha256 in page
    assert "Finalized · Alice Adler" in page


def test_finalized_plan_cannot_change_through_the_views(alice_client, final_plan_record):
    plan = final_plan_record
    before = plan.plan
    response = alice_client.post(f"/plans/{plan.pk}/", form_data(plan, sessions_count=9))
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()
    assert alice_client.post(f"/plans/{plan.pk}/finalize/").status_code == 409
    plan.refresh_from_db()
    assert plan.plan == before
    assert b'id="edit"' not in alice_client.get(f"/plans/{plan.pk}/").content


def test_archived_pdf_is_returned_byte_for_byte_every_time(alice_client, final_plan_record):
    archived = PlanDocument.objects.get(plan=final_plan_record)
    first = alice_client.get(f"/plans/{final_plan_record.pk}/pdf/")
    second = alice_client.get(f"/plans/{final_plan_record.pk}/pdf/")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert "private" in first["Cache-Control"]
    disposition = first["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert re.search(r'filename="plan-client-\d{4}-\d\d-\d\d-v1\.pdf"', disposition)
    assert first.content == second.content == bytes(archived.pdf)
    assert hashlib.sha256(first.content).hexdigest() == archived.sha256
    assert first["ETag"] == f'"{archived.sha256}"'


def test_archived_pdf_does_not_change_when_the_practice_does(
    alice_client, final_plan_record, practice
):
    before = alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content
    practice.name = "Renamed Practice"
    practice.save()
    after = alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content
    assert before == after
    assert "Alice's Practice" in pdf_text(
        alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content
    )


def test_draft_pdf_is_rendered_on_the_fly_and_marked_draft(alice_client, draft_plan_record):
    response = alice_client.get(f"/plans/{draft_plan_record.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "-draft.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "DRAFT" in page.extract_text()
    assert not PlanDocument.objects.exists()


def test_pdf_contains_the_sessions_and_techniques(alice_client, final_plan_record):
    text = pdf_text(alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content)
    assert "We plan 4 sessions of 30 minutes each, 2 times a week." in text
    assert "After session 2 at the latest" in text
    for technique in ("Classic massage", "Effleurage (gliding strokes)", "Petrissage (kneading)"):
        assert technique in text
    assert "No pressure on the spine" in text
    assert "Clara Client" in text
    assert "Signed by Alice Adler" in text
    assert "DRAFT" not in text
    pages = len(
        PdfReader(io.BytesIO(alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content)).pages
    )
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_revise_view_starts_a_new_version(alice_client, final_plan_record):
    response = alice_client.post(f"/plans/{final_plan_record.pk}/revise/")
    new = TreatmentPlan.objects.get(supersedes=final_plan_record)
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{new.pk}/"
    old_page = alice_client.get(f"/plans/{final_plan_record.pk}/").content.decode()
    assert 'id="superseded"' in old_page
    assert f'href="/plans/{new.pk}/"' in old_page
    # the superseded version's archived PDF stays exactly as signed
    archived = bytes(PlanDocument.objects.get(plan=final_plan_record).pdf)
    assert alice_client.get(f"/plans/{final_plan_record.pk}/pdf/").content == archived
    assert "Version 2" in text_of(alice_client.get(f"/plans/{new.pk}/"))


def test_revise_of_a_draft_just_opens_it(alice_client, draft_plan_record):
    response = alice_client.post(f"/plans/{draft_plan_record.pk}/revise/")
    assert response["Location"] == f"/plans/{draft_plan_record.pk}/"
    assert TreatmentPlan.objects.count() == 1


def test_referral_plan_page_and_letter(alice_client, referral_plan_record):
    page = text_of(alice_client.get(f"/plans/{referral_plan_record.pk}/"))
    assert "Refer, do not treat: Same day: a physician today" in page
    text = pdf_text(alice_client.get(f"/plans/{referral_plan_record.pk}/pdf/").content)
    assert "Referral for medical assessment: Clara Client" in text
    assert "Same day: a physician today" in text
    assert "Please see the client today." in text
    assert "Fever or a current infection" in text
    assert "Night pain that changing position does not ease" in text
    assert "Mid back (central)" in text


def plan_urls(plan):
    return [
        ("get", f"/plans/{plan.pk}/"),
        ("post", f"/plans/{plan.pk}/"),
        ("post", f"/plans/{plan.pk}/finalize/"),
        ("get", f"/plans/{plan.pk}/pdf/"),
        ("get", f"/plans/{plan.pk}/pdf/?copy=therapist"),
        ("post", f"/plans/{plan.pk}/revise/"),
        ("get", f"/anamnesis/{plan.anamnesis.pk}/draft-plan/"),
        ("post", f"/anamnesis/{plan.anamnesis.pk}/plans/new/"),
    ]


def test_mallory_gets_404_on_every_plan_url(mallory_client, draft_plan_record, alice):
    final = services.plan_finalize(
        plan=plan_from(draft_plan_record.anamnesis.client, alice), by=alice
    )
    for plan in (draft_plan_record, final):
        for method, url in plan_urls(plan):
            response = getattr(mallory_client, method)(url)
            assert response.status_code == 404, (method, url)
    assert TreatmentPlan.objects.count() == 2
    draft_plan_record.refresh_from_db()
    assert draft_plan_record.is_draft


def test_signed_out_users_are_sent_to_sign_in(client, draft_plan_record):
    for method, url in plan_urls(draft_plan_record):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_bob_of_the_same_practice_can_work_on_alices_plan(client, bob, draft_plan_record):
    client.force_login(bob)
    assert client.get(f"/plans/{draft_plan_record.pk}/").status_code == 200
    response = client.post(f"/plans/{draft_plan_record.pk}/finalize/", {"confirmed": "1"})
    assert response.status_code == 302
    draft_plan_record.refresh_from_db()
    assert draft_plan_record.finalized_by == bob


def test_reassessment_falls_within_the_course(alice_client, draft_plan_record):
    data = form_data(draft_plan_record, sessions_count=4, reassess_after_session=6)
    response = alice_client.post(f"/plans/{draft_plan_record.pk}/", data)
    assert response.status_code == 422
    assert "Reassess within the course of sessions." in response.content.decode()


def test_pdf_is_read_only(alice_client, final_plan_record):
    assert alice_client.post(f"/plans/{final_plan_record.pk}/pdf/").status_code == 405


def test_create_plan_twice_continues_the_open_draft(alice_client, draft_plan_record):
    url = f"/anamnesis/{draft_plan_record.anamnesis.pk}/plans/new/"
    response = alice_client.post(url)
    assert response["Location"] == f"/plans/{draft_plan_record.pk}/"
    assert TreatmentPlan.objects.count() == 1


def test_revise_while_another_draft_is_open_leads_to_that_draft(
    alice_client, final_plan_record, alice
):
    other = services.plan_draft(anamnesis=final_plan_record.anamnesis, author=alice)
    response = alice_client.post(f"/plans/{final_plan_record.pk}/revise/", follow=True)
    assert response.redirect_chain[-1][0] == f"/plans/{other.pk}/"
    assert "already has a draft plan: continue with it" in text_of(response)
    assert TreatmentPlan.objects.count() == 2
