"""The practice admin's audit trail page: their practice only, filtered, paginated, and exported
as CSV (the export itself recorded)."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from clinic import audit
from clinic.models import AuditAction, AuditEvent, Membership
from clinic.views import AUDIT_EVENTS_PER_PAGE
from tests.factories import ClientFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol(practice):
    """The practice admin of alice's practice."""
    user = UserFactory(username="carol", first_name="Carol", last_name="Chef")
    MembershipFactory(user=user, practice=practice, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def carol_client(carol):
    browser = Client()  # her own, beside alice_client's
    browser.force_login(carol)
    return browser


def reads(rf, user, *records, **meta):
    request = rf.get("/", **meta)
    request.user = user
    for record in records:
        audit.read(request, record)


def rows(response):
    return [event for event, _name in response.context["rows"]]


def test_a_therapist_is_refused_the_page_and_the_export(alice_client):
    assert alice_client.get("/practice/audit/").status_code == 403
    assert alice_client.get("/practice/audit.csv").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/practice/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_admin_sees_their_practice_only(carol_client, rf, alice, mallory, client_record):
    theirs = ClientFactory(practice=mallory.membership.practice, last_name="Theirs")
    reads(rf, alice, client_record)
    reads(rf, mallory, theirs)
    response = carol_client.get("/practice/audit/")
    assert response.status_code == 200
    events = rows(response)
    usernames = {e.username for e in events}
    assert "alice" in usernames and "mallory" not in usernames
    page = response.content.decode()
    assert "Clara Client" in page and "Theirs" not in page


def test_the_page_names_who_did_what_to_whose_record_from_where(
    carol_client, rf, alice, client_record
):
    reads(rf, alice, client_record, REMOTE_ADDR="192.0.2.44")
    page = carol_client.get("/practice/audit/").content.decode()
    assert "Alice Adler" in page and "(alice)" in page
    assert "Viewed" in page and "Client" in page
    assert f'href="/clients/{client_record.pk}/">Clara Client</a>' in page
    assert "192.0.2.44" in page
    assert "<caption" in page and '<th scope="col">' in page


def test_a_deleted_client_is_named_by_id(carol_client, rf, alice, practice):
    gone = ClientFactory(practice=practice)
    reads(rf, alice, gone)
    gone_id = gone.pk
    gone.delete()
    page = carol_client.get("/practice/audit/").content.decode()
    assert f"#{gone_id} (deleted)" in page


@pytest.fixture
def mixed_trail(rf, alice, bob, client_record, practice):
    other = ClientFactory(practice=practice, first_name="Otto", last_name="Other")
    reads(rf, alice, client_record)
    reads(rf, bob, other)
    request = rf.post("/")
    request.user = bob
    audit.wrote(request, AuditAction.ARCHIVED, other)
    return other


def test_filter_by_user(carol_client, mixed_trail):
    events = rows(carol_client.get("/practice/audit/?user=bob"))
    assert {e.username for e in events} == {"bob"}
    assert len(events) == 2


def test_filter_by_action(carol_client, mixed_trail):
    events = rows(carol_client.get("/practice/audit/?action=archived"))
    assert [(e.username, e.action) for e in events] == [("bob", "archived")]


def test_filter_by_client_name_or_from_the_client_page(carol_client, mixed_trail, client_record):
    by_name = rows(carol_client.get("/practice/audit/?client=Otto"))
    assert {e.client_id for e in by_name} == {mixed_trail.pk}
    response = carol_client.get(f"/practice/audit/?client_id={client_record.pk}")
    assert {e.client_id for e in rows(response)} == {client_record.pk}
    assert "Showing the record of <strong>Clara Client</strong> only." in response.content.decode()


def test_filter_by_dates(carol_client, mixed_trail):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    todays = rows(carol_client.get(f"/practice/audit/?date_from={today}&date_to={today}"))
    assert len(todays) == AuditEvent.objects.count()  # the three above and carol's sign-in
    assert rows(carol_client.get(f"/practice/audit/?date_to={yesterday}")) == []


def test_a_backwards_date_range_is_refused_at_the_field(carol_client, mixed_trail):
    today = timezone.localdate()
    response = carol_client.get(
        f"/practice/audit/?date_from={today}&date_to={today - datetime.timedelta(days=3)}"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"] == ["The end date is before the start date."]
    assert "The end date is before the start date." in response.content.decode()


@pytest.mark.parametrize(
    "query", ["date_from=31.02.2026", "action=delete_everything", "user=mallory", "client_id=x"]
)
def test_bad_filter_values_are_refused_at_the_field_not_a_server_error(carol_client, query):
    response = carol_client.get(f"/practice/audit/?{query}")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_trail_is_paginated_and_the_filter_kept(carol_client, rf, alice, client_record):
    reads(rf, alice, *[client_record] * (AUDIT_EVENTS_PER_PAGE + 5))
    first = carol_client.get("/practice/audit/?user=alice")
    assert len(rows(first)) == AUDIT_EVENTS_PER_PAGE
    assert "?user=alice&amp;page=2" in first.content.decode()
    second = carol_client.get("/practice/audit/?user=alice&page=2")
    assert len(rows(second)) == 5


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_export_is_the_filtered_trail_as_csv(carol_client, mixed_trail, client_record):
    response = carol_client.get("/practice/audit.csv?user=alice")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    header, *lines = read_csv(response)
    assert header[:4] == ["When", "Username", "Action", "Record"]
    assert len(lines) == 1
    line = dict(zip(header, lines[0], strict=True))
    assert line["Username"] == "alice"
    assert (line["Action"], line["Record"]) == ("Viewed", "Client")
    assert (line["Client id"], line["Client"]) == (str(client_record.pk), "Clara Client")


def test_the_export_is_recorded_with_its_filter(carol_client, carol, mixed_trail, practice):
    read_csv(carol_client.get("/practice/audit.csv?action=archived&client=Otto"))
    event = AuditEvent.objects.filter(action="exported", subject="audit_log").get()
    assert (event.user, event.practice) == (carol, practice)
    assert event.summary == "action=archived, client=…"  # no name kept


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(carol_client, rf, alice, client_record):
    reads(rf, alice, client_record, HTTP_USER_AGENT='=HYPERLINK("http://evil.example")')
    header, *lines = read_csv(carol_client.get("/practice/audit.csv?user=alice"))
    browser = lines[0][header.index("Browser")]
    assert browser == '\'=HYPERLINK("http://evil.example")'


def test_an_export_with_a_bad_filter_goes_back_to_the_page(carol_client):
    response = carol_client.get("/practice/audit.csv?date_from=yesterday")
    assert response.status_code == 302
    assert response["Location"] == "/practice/audit/?date_from=yesterday"
    assert not AuditEvent.objects.filter(subject="audit_log").exists()


def test_the_admin_finds_the_trail_in_the_menu_and_on_the_client_page(
    carol_client, alice_client, client_record
):
    page = carol_client.get(f"/clients/{client_record.pk}/").content.decode()
    assert 'href="/practice/audit/"' in page
    assert f'href="/practice/audit/?client_id={client_record.pk}"' in page
    therapist_page = alice_client.get(f"/clients/{client_record.pk}/").content.decode()
    assert "/practice/audit/" not in therapist_page
