"""Restriction and erasure requests (GDPR art. 17/18, issue 13). A restricted record is
read-only (with a banner) and in no list; a practice admin records requests, lifts them and
erases a record, before the end of its retention period only with a recorded legal reason."""

import pytest
from django.urls import reverse

from clinic import services as clinic_services
from clinic.models import AuditEvent, Client, Membership
from plans.models import TreatmentPlan, TreatmentSession
from tests.plans.log.test_sessions import post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, alice):
    Membership.objects.filter(user=alice).update(role=Membership.Role.ADMIN)
    client.force_login(alice)
    return client


def restrict(client, by, kind="restrict", legal_reason=""):
    return clinic_services.client_request_record(
        client=client,
        kind=kind,
        reason="The client disputes the notes.",
        by=by,
        legal_reason=legal_reason,
    )


def test_recording_a_request_restricts_the_record(admin_client, client_record):
    url = reverse("plans:client_requests", args=[client_record.pk])
    response = admin_client.post(url, {"kind": "restrict", "reason": "Disputes the notes."})
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.is_restricted
    event = AuditEvent.objects.get(action="restricted")
    assert (event.client_id, event.summary) == (client_record.pk, "restrict request")


def test_a_restricted_client_is_in_no_list(alice_client, client_record, final_plan_record, alice):
    from tests.plans.history_fixtures import record

    record(final_plan_record, alice)  # on today's page
    restrict(client_record, alice)
    listed = alice_client.get(reverse("clinic:client_list"))
    assert client_record not in listed.context["page"].object_list
    searched = alice_client.get(reverse("clinic:client_list"), {"q": "Clara"})
    assert not searched.context["page"].object_list
    archived = alice_client.get(reverse("clinic:client_list"), {"archived": "on"})
    assert client_record not in archived.context["page"].object_list
    dashboard = alice_client.get(reverse("plans:dashboard")).content.decode()
    assert "Clara" not in dashboard


def test_admins_find_restricted_clients_on_request(admin_client, client_record, alice):
    restrict(client_record, alice)
    response = admin_client.get(reverse("clinic:client_list"), {"restricted": "on"})
    assert list(response.context["page"].object_list) == [client_record]


def test_a_restricted_record_is_read_with_a_banner_and_never_written(
    alice_client, client_record, final_plan_record, alice
):
    restrict(client_record, alice)
    page = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert 'id="restricted-banner"' in page
    assert alice_client.get(reverse("plans:detail", args=[final_plan_record.pk])).status_code == 200
    writes = [
        reverse("clinic:client_edit", args=[client_record.pk]),
        reverse("clinic:client_archive", args=[client_record.pk]),
        reverse("clinic:consent_withdrawn", args=[client_record.pk]),
        reverse("anamnesis:new", args=[client_record.pk]),
        reverse("plans:session_new", args=[final_plan_record.pk]),
        reverse("plans:revise", args=[final_plan_record.pk]),
    ]
    for url in writes:
        response = alice_client.post(url, post_data(first_name="Mallory", on="2026-02-01"))
        assert response.status_code == 403, url
        assert "restricted" in response.content.decode()
    client_record.refresh_from_db()
    assert (client_record.first_name, client_record.is_archived) == ("Clara", False)
    assert client_record.has_consent
    assert not TreatmentSession.objects.exists()
    assert TreatmentPlan.objects.count() == 1


def test_lifting_the_restriction_makes_the_record_writable_and_listed(
    admin_client, client_record, alice
):
    restrict(client_record, alice)
    admin_client.post(reverse("plans:client_restriction_lift", args=[client_record.pk]))
    client_record.refresh_from_db()
    assert not client_record.is_restricted
    assert client_record.requests.get().lifted_by == alice  # the request stays on record
    listed = admin_client.get(reverse("clinic:client_list"))
    assert client_record in listed.context["page"].object_list


def test_only_a_practice_admin_records_requests_or_erases(client, bob, client_record, alice):
    client.force_login(bob)
    for name in ("client_requests", "client_restriction_lift", "client_erase"):
        url = reverse(f"plans:{name}", args=[client_record.pk])
        assert (
            client.post(url, {"kind": "erase", "reason": "x", "confirm": "erase"}).status_code
            == 403
        )
    assert Client.objects.filter(pk=client_record.pk, restricted_at__isnull=True).exists()


def test_another_practice_gets_404(mallory_client, client_record, mallory):
    Membership.objects.filter(user=mallory).update(role=Membership.Role.ADMIN)
    for name in ("client_requests", "client_restriction_lift", "client_erase"):
        url = reverse(f"plans:{name}", args=[client_record.pk])
        assert mallory_client.get(url).status_code in (404, 405)
        assert mallory_client.post(url, {"confirm": "erase"}).status_code == 404
    assert Client.objects.filter(pk=client_record.pk).exists()


def test_early_erasure_needs_a_legal_reason(admin_client, client_record, final_plan_record, alice):
    restrict(client_record, alice, kind="erase")
    url = reverse("plans:client_erase", args=[client_record.pk])
    response = admin_client.post(url, {"confirm": "erase"}, follow=True)
    assert "cannot be erased yet" in response.content.decode()
    assert Client.objects.filter(pk=client_record.pk).exists()


def test_a_legal_reason_and_a_confirmation_erase_the_record(
    admin_client, client_record, final_plan_record, alice
):
    requests = reverse("plans:client_requests", args=[client_record.pk])
    response = admin_client.post(
        requests,
        {"kind": "erase", "reason": "Erase everything.", "legal_reason": "Art. 17(1)(d): unlawful"},
    )
    erase = reverse("plans:client_erase", args=[client_record.pk])
    assert response["Location"] == erase
    page = admin_client.get(erase).content.decode()
    assert "Art. 17(1)(d): unlawful" in page

    admin_client.post(erase, {})  # not confirmed: nothing happens
    assert Client.objects.filter(pk=client_record.pk).exists()

    response = admin_client.post(erase, {"confirm": "erase"})
    assert response["Location"] == reverse("clinic:client_list")
    assert not Client.objects.filter(pk=client_record.pk).exists()
    assert not TreatmentPlan.objects.exists()
    event = AuditEvent.objects.get(action="deleted")
    assert (event.client_id, event.username, event.source) == (client_record.pk, "alice", "web")
    assert event.summary.startswith("legal reason: client=1 consent=1 request=1 anamnesis=1")


def test_a_restriction_request_is_no_ground_for_erasure(admin_client, client_record, alice):
    restrict(client_record, alice, kind="restrict")
    response = admin_client.post(
        reverse("plans:client_requests", args=[client_record.pk]),
        {"kind": "restrict", "reason": "Again.", "legal_reason": "Because."},
    )
    assert "A legal reason belongs to an erasure request." in response.content.decode()
