"""Treatment plan records: the engine's draft kept as made, finalized plans immutable, versions."""

import copy
import hashlib

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from anamnesis.contract import anamnesis_to_contract
from anamnesis.services import AnamnesisLocked, anamnesis_save
from plans import services
from plans.admin import PlanDocumentAdmin, TreatmentPlanAdmin
from plans.engine import draft_plan, validate_plan
from plans.models import PlanDocument, PlanEvent, PlanIsFinal, SafetyRemoval, TreatmentPlan
from plans.services import plan as plan_services
from tests.concurrency import at_once, postgresql_only
from tests.plans.plan_fixtures import RED_FLAG, plan_from

pytestmark = pytest.mark.django_db


def edited(plan, **changes):
    doc = copy.deepcopy(plan.plan)
    doc.update(changes)
    return doc


def test_draft_keeps_the_engines_plan_exactly_and_a_copy_to_edit(draft_plan_record):
    plan = draft_plan_record
    assert plan.engine_draft == draft_plan(anamnesis_to_contract(plan.anamnesis))
    assert plan.plan == plan.engine_draft
    assert plan.plan is not plan.engine_draft
    assert plan.status == TreatmentPlan.Status.DRAFT
    assert [e.kind for e in plan.events.all()] == ["drafted"]


def test_draft_needs_a_completed_anamnesis(anamnesis_record, alice):
    anamnesis_record.status = anamnesis_record.Status.DRAFT
    anamnesis_record.save()
    with pytest.raises(services.PlanInvalid):
        services.plan_draft(anamnesis=anamnesis_record, author=alice)


def test_update_saves_the_therapists_version_and_records_each_change(draft_plan_record, bob):
    plan = draft_plan_record
    doc = edited(plan, pressure="moderate")
    doc["sessions"] = {**doc["sessions"], "count": 6}
    doc["self_care"] = [*doc["self_care"], {"code": "heat", "because": [services.THERAPIST_REF]}]
    services.plan_update(plan=plan, by=bob, document=doc, client_instructions="Drink water.")
    plan.refresh_from_db()
    assert plan.plan["sessions"]["count"] == 6
    assert plan.engine_draft["sessions"]["count"] == 4
    event = plan.events.get(kind=PlanEvent.Kind.EDITED)
    assert event.by == bob
    assert {"change": "changed", "field": "sessions.count", "from": 4, "to": 6} in event.detail
    assert {"change": "changed", "field": "pressure", "from": "light", "to": "moderate"} in (
        event.detail
    )
    assert {"change": "added", "list": "self_care", "code": "heat"} in event.detail
    assert {"change": "text", "field": "client_instructions"} in event.detail


def test_update_refuses_a_document_that_breaks_the_contract(draft_plan_record, alice):
    doc = edited(draft_plan_record, pressure="crushing")
    with pytest.raises(services.PlanInvalid) as error:
        services.plan_update(plan=draft_plan_record, by=alice, document=doc)
    assert any(line.startswith("pressure:") for line in error.value.problems)


def test_removing_an_avoid_item_requires_a_reason(draft_plan_record, alice):
    doc = edited(draft_plan_record)
    doc["avoid"] = [a for a in doc["avoid"] if a["code"] != "pressure_on_spine"]
    with pytest.raises(services.ReasonRequired) as error:
        services.plan_update(plan=draft_plan_record, by=alice, document=doc)
    assert error.value.missing == [("avoid", "pressure_on_spine")]
    services.plan_update(
        plan=draft_plan_record,
        by=alice,
        document=doc,
        reasons={("avoid", "pressure_on_spine"): "Only the shoulder girdle is worked."},
    )
    removal = SafetyRemoval.objects.get(plan=draft_plan_record)
    assert (removal.kind, removal.code, removal.by) == ("avoid", "pressure_on_spine", alice)
    assert removal.reason == "Only the shoulder girdle is worked."


def test_putting_a_safety_item_back_drops_its_removal_reason(draft_plan_record, alice):
    doc = edited(draft_plan_record)
    doc["avoid"] = [a for a in doc["avoid"] if a["code"] != "pressure_on_spine"]
    services.plan_update(
        plan=draft_plan_record,
        by=alice,
        document=doc,
        reasons={("avoid", "pressure_on_spine"): "x"},
    )
    services.plan_update(plan=draft_plan_record, by=alice, document=draft_plan_record.engine_draft)
    assert not SafetyRemoval.objects.filter(plan=draft_plan_record).exists()


def test_removing_a_referral_requires_a_reason(client_record, alice):
    plan = plan_from(client_record, alice, RED_FLAG)
    doc = edited(
        plan,
        decision="treat",
        referral=None,
        sessions={"count": 4, "per_week": 1, "minutes": 30, "first_minutes": 30},
        pressure="light",
        reassess_after_session=2,
        techniques=[{"code": "classic_massage", "regions": ["mid_back"], "because": ["x=y"]}],
        exercises=[
            {
                "code": "walking",
                "sets": 1,
                "reps": None,
                "hold_seconds": 600,
                "per_day": 1,
                "because": ["x=y"],
            }
        ],
    )
    assert validate_plan(doc) == []
    with pytest.raises(services.ReasonRequired) as error:
        services.plan_update(plan=plan, by=alice, document=doc)
    assert error.value.missing == [("referral", "same_day")]
    services.plan_update(
        plan=plan,
        by=alice,
        document=doc,
        reasons={("referral", "same_day"): "Physician saw the client yesterday; fever is gone."},
    )
    assert plan.safety_removals.get().kind == "referral"


def test_finalize_archives_the_pdf_with_its_hash_and_locks_the_anamnesis(draft_plan_record, bob):
    plan = services.plan_finalize(plan=draft_plan_record, by=bob)
    assert plan.status == TreatmentPlan.Status.FINAL
    assert (plan.finalized_by, plan.finalized_at is not None) == (bob, True)
    document = PlanDocument.objects.get(plan=plan)
    pdf = bytes(document.pdf)
    assert pdf.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.size == len(pdf)
    plan.anamnesis.refresh_from_db()
    assert plan.anamnesis.is_locked
    with pytest.raises(AnamnesisLocked):
        anamnesis_save(anamnesis=plan.anamnesis, values={"pain_now": 2})
    event = plan.events.get(kind=PlanEvent.Kind.FINALIZED)
    assert event.by == bob
    assert event.detail == [{"change": "archived", "sha256": document.sha256}]


def test_finalize_refuses_a_plan_that_breaks_the_contract(draft_plan_record, alice):
    TreatmentPlan.objects.filter(pk=draft_plan_record.pk).update(
        plan={**draft_plan_record.plan, "pressure": "crushing"}
    )
    with pytest.raises(services.PlanInvalid):
        services.plan_finalize(plan=draft_plan_record, by=alice)
    draft_plan_record.refresh_from_db()
    assert draft_plan_record.is_draft
    assert not PlanDocument.objects.exists()


def test_finalized_plan_cannot_change_through_the_model(final_plan_record):
    plan = TreatmentPlan.objects.get(pk=final_plan_record.pk)
    plan.plan = {**plan.plan, "pressure": "firm"}
    with pytest.raises(PlanIsFinal):
        plan.save()
    plan = TreatmentPlan.objects.get(pk=final_plan_record.pk)
    plan.client_instructions = "changed afterwards"
    with pytest.raises(PlanIsFinal):
        plan.save()
    plan = TreatmentPlan.objects.get(pk=final_plan_record.pk)
    plan.status = TreatmentPlan.Status.DRAFT
    with pytest.raises(PlanIsFinal):
        plan.save()
    with pytest.raises(PlanIsFinal):
        plan.delete()


def test_finalized_plan_cannot_change_through_the_services(final_plan_record, alice):
    with pytest.raises(PlanIsFinal):
        services.plan_update(plan=final_plan_record, by=alice, document=final_plan_record.plan)
    with pytest.raises(PlanIsFinal):
        services.plan_finalize(plan=final_plan_record, by=alice)


def test_engine_draft_never_changes_even_on_a_draft(draft_plan_record):
    plan = TreatmentPlan.objects.get(pk=draft_plan_record.pk)
    plan.engine_draft = {**plan.engine_draft, "pressure": "firm"}
    with pytest.raises(PlanIsFinal):
        plan.save()


def test_archived_document_is_never_replaced_or_deleted(final_plan_record):
    document = PlanDocument.objects.get(plan=final_plan_record)
    document.pdf = b"%PDF-forged"
    with pytest.raises(PlanIsFinal):
        document.save()
    with pytest.raises(PlanIsFinal):
        PlanDocument.of(final_plan_record, b"%PDF-second").save()
    with pytest.raises(PlanIsFinal):
        document.delete()
    assert PlanDocument.objects.get(plan=final_plan_record).is_intact


def test_revise_makes_a_new_version_and_supersedes_the_old(final_plan_record, bob):
    old = final_plan_record
    new = services.plan_revise(plan=old, by=bob)
    old.refresh_from_db()
    assert (new.version, new.supersedes, new.status) == (2, old, TreatmentPlan.Status.DRAFT)
    assert new.plan == old.plan and new.engine_draft == old.engine_draft
    assert old.status == TreatmentPlan.Status.SUPERSEDED and old.superseded_at is not None
    assert old.superseded_by == new
    assert bytes(old.document.pdf).startswith(b"%PDF-")  # still readable, unchanged
    assert [e.kind for e in old.events.all()] == ["drafted", "finalized", "superseded"]
    assert [e.kind for e in new.events.all()] == ["drafted"]


def test_revising_a_superseded_plan_returns_its_newer_version(final_plan_record, alice):
    new = services.plan_revise(plan=final_plan_record, by=alice)
    assert services.plan_revise(plan=final_plan_record, by=alice) == new
    assert TreatmentPlan.objects.count() == 2


def test_revision_keeps_the_safety_removal_reasons(draft_plan_record, alice):
    doc = edited(draft_plan_record)
    doc["avoid"] = [a for a in doc["avoid"] if a["code"] != "pressure_on_spine"]
    services.plan_update(
        plan=draft_plan_record,
        by=alice,
        document=doc,
        reasons={("avoid", "pressure_on_spine"): "x"},
    )
    final = services.plan_finalize(plan=draft_plan_record, by=alice)
    new = services.plan_revise(plan=final, by=alice)
    assert [(r.code, r.reason) for r in new.safety_removals.all()] == [("pressure_on_spine", "x")]


def test_a_superseded_plan_cannot_change_either(final_plan_record, alice):
    services.plan_revise(plan=final_plan_record, by=alice)
    plan = TreatmentPlan.objects.get(pk=final_plan_record.pk)
    plan.status = TreatmentPlan.Status.FINAL
    with pytest.raises(PlanIsFinal):
        plan.save()


def test_creating_a_plan_again_continues_the_open_draft(draft_plan_record, alice):
    with pytest.raises(services.DraftExists) as exists:
        services.plan_draft(anamnesis=draft_plan_record.anamnesis, author=alice)
    assert exists.value.plan == draft_plan_record
    assert TreatmentPlan.objects.count() == 1


def test_a_draft_stored_meanwhile_gives_draft_exists_not_an_error(
    draft_plan_record, alice, monkeypatch
):
    # Another request drafted a plan between our check and our insert: the database keeps one
    # draft per anamnesis, and the service names the draft to continue.
    monkeypatch.setattr(plan_services, "_refuse_second_draft", lambda anamnesis: None)
    with pytest.raises(services.DraftExists) as exists:
        services.plan_draft(anamnesis=draft_plan_record.anamnesis, author=alice)
    assert exists.value.plan == draft_plan_record
    assert TreatmentPlan.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_create_plan_requests_at_once_give_one_draft(anamnesis_record, alice, bob):
    outcomes = at_once(
        lambda: services.plan_draft(anamnesis=anamnesis_record, author=alice),
        lambda: services.plan_draft(anamnesis=anamnesis_record, author=bob),
    )
    plan = TreatmentPlan.objects.get()
    for outcome in outcomes:
        assert outcome == plan or (
            isinstance(outcome, services.DraftExists) and outcome.plan == plan
        ), outcome


def test_the_database_keeps_one_draft_per_anamnesis(draft_plan_record, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentPlan.objects.create(
            anamnesis=draft_plan_record.anamnesis,
            engine_draft=draft_plan_record.engine_draft,
            plan=draft_plan_record.plan,
            created_by=alice,
        )


def test_revising_while_another_draft_is_open_names_that_draft(final_plan_record, alice):
    other = services.plan_draft(anamnesis=final_plan_record.anamnesis, author=alice)
    with pytest.raises(services.DraftExists) as exists:
        services.plan_revise(plan=final_plan_record, by=alice)
    assert exists.value.plan == other
    final_plan_record.refresh_from_db()
    assert final_plan_record.status == TreatmentPlan.Status.FINAL


def test_second_version_of_another_anamnesis_plan_is_separate(client_record, alice):
    first = plan_from(client_record, alice)
    second = plan_from(client_record, alice)
    assert first.anamnesis != second.anamnesis
    assert (first.version, second.version) == (1, 1)


def _admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_admin_shows_plans_read_only(final_plan_record, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    admin = TreatmentPlanAdmin(TreatmentPlan, site)
    request = _admin_request(root)
    assert not admin.has_change_permission(request, final_plan_record)
    assert not admin.has_delete_permission(request, final_plan_record)
    assert set(admin.get_readonly_fields(request, final_plan_record)) >= {"plan", "status"}
    assert not admin.has_add_permission(request)
    document_admin = PlanDocumentAdmin(PlanDocument, site)
    assert not document_admin.has_change_permission(request, final_plan_record.document)
    assert not document_admin.has_delete_permission(request, final_plan_record.document)


def test_admin_change_page_refuses_to_save_a_finalized_plan(
    final_plan_record, client, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    url = f"/admin/plans/treatmentplan/{final_plan_record.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="client_instructions"' not in page.content  # shown, not editable
    response = client.post(url, {"client_instructions": "forged", "status": "draft"})
    assert response.status_code == 403
    final_plan_record.refresh_from_db()
    assert final_plan_record.client_instructions == ""
    assert final_plan_record.is_final


def test_finalizing_at_a_given_moment_dates_the_record_and_the_archived_pdf(
    draft_plan_record, alice
):
    import datetime

    from django.utils import timezone

    from tests.pdf import pdf_text

    signed = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
    plan = services.plan_finalize(plan=draft_plan_record, by=alice, at=signed)
    assert plan.finalized_at == signed
    assert plan.events.get(kind=PlanEvent.Kind.FINALIZED).at == signed
    assert "2 Mar 2026" in pdf_text(plan.document.pdf)
