"""The dashboard: today's and recent clients, plans awaiting finalization, reassessments due."""

import datetime

import pytest
from django.utils import timezone

from plans import services
from tests.factories import ClientFactory
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.plan_fixtures import plan_from

pytestmark = pytest.mark.django_db


def test_todays_sessions_list_their_clients(alice_client, final_plan_record, alice):
    record(final_plan_record, alice, date=timezone.localdate())
    page = alice_client.get("/").content.decode()
    today = page.split('id="today"')[1].split("</section>")[0]
    assert "Client</strong>, Clara" in today
    assert "session 1 of 4" in today


def test_a_client_seen_several_times_today_is_listed_once(alice_client, final_plan_record, alice):
    record(final_plan_record, alice, date=timezone.localdate())
    record(final_plan_record, alice, date=timezone.localdate(), reassessment={"pain_now": 3})
    page = alice_client.get("/").content.decode()
    today = page.split('id="today"')[1].split("</section>")[0]
    assert today.count("today-row") == 1
    assert "session 2 of 4" in today and "2 sessions today" in today


def test_yesterdays_session_is_not_today_but_the_client_is_recent(
    alice_client, final_plan_record, alice
):
    record(final_plan_record, alice, date=timezone.localdate() - datetime.timedelta(days=1))
    page = alice_client.get("/").content.decode()
    assert "No session recorded today yet." in page
    recent = page.split('id="recent"')[1]
    assert "Client</strong>, Clara" in recent and "last visit" in recent


def test_drafts_await_finalization(alice_client, draft_plan_record):
    page = alice_client.get("/").content.decode()
    drafts = page.split('id="drafts"')[1].split("</section>")[0]
    assert draft_plan_record.get_absolute_url() in drafts


def test_reassessments_due_at_the_next_session(alice_client, back_plan, alice, practice):
    bulk_sessions(back_plan, alice, 3)  # next is session 4, the plan's reassessment
    other = ClientFactory(practice=practice, consent_date="2026-01-01", consent_recorded_by=alice)
    not_due = services.plan_finalize(plan=plan_from(other, alice), by=alice)  # next: 1 of 4
    page = alice_client.get("/").content.decode()
    due = page.split('id="reassessments-due"')[1].split("</section>")[0]
    assert back_plan.anamnesis.client.get_absolute_url() in due
    assert "at session 4" in due
    assert not_due.anamnesis.client.get_absolute_url() not in due


def test_the_dashboard_shows_only_the_own_practice(mallory_client, back_plan, alice):
    bulk_sessions(back_plan, alice, 3, start=timezone.localdate())
    page = mallory_client.get("/").content.decode()
    assert "Clara" not in page
    assert "No session recorded today yet." in page and "No reassessment due." in page
