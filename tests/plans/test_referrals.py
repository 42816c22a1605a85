"""Referrals followed through (issue 11): the letter says what happened, the client gets a sheet
of what to do now, and an open referral stays on the dashboard until its outcome is recorded."""

import copy
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from anamnesis.models import Anamnesis
from anamnesis.services import anamnesis_amend, anamnesis_complete
from plans import services
from plans.models import PlanEvent, Referral, ReferralOutcome
from tests.pdf import pdf_text
from tests.plans.plan_fixtures import ACUTE_NECK, RED_FLAG, completed_anamnesis

pytestmark = pytest.mark.django_db

PHYSICIAN = "Dr. Petra Hausarzt"
EMERGENCY = copy.deepcopy(RED_FLAG)
EMERGENCY["complaint"]["regions"] = [{"region": "lower_back", "side": "central"}]
EMERGENCY["complaint"]["causes"] = ["minor_fall"]
EMERGENCY["red_flags"] = ["saddle_anaesthesia", "bladder_bowel_dysfunction"]
EMERGENCY["cautions"] = ["anticoagulants"]
EMERGENCY["history"] = {
    "prior_injuries": [{"kind": "surgery", "region": "lower_back", "years_ago": 4}]
}
URGENT = copy.deepcopy(ACUTE_NECK)
URGENT["red_flags"] = ["cancer_history"]


def referring_plan(client, by, doc=EMERGENCY, **notes):
    anamnesis = completed_anamnesis(client, by, doc)
    Anamnesis.objects.filter(pk=anamnesis.pk).update(**notes)
    anamnesis.refresh_from_db()
    return services.plan_draft(anamnesis=anamnesis, author=by)


@pytest.fixture
def emergency_plan(client_record, alice):
    client_record.referring_physician = PHYSICIAN
    client_record.save()
    alice.membership.qualification = "Physiotherapist, BSc"
    alice.membership.save()
    plan = referring_plan(
        client_record,
        alice,
        red_flag_notes="Numb on both inner thighs since this morning; passed no urine since.",
        complaint_notes="Slipped on the stairs two days ago, landed on the bottom.",
    )
    assert plan.plan["referral"]["urgency"] == "emergency"
    return plan


def finalize(alice_client, plan, **data):
    data.setdefault("recipient_name", PHYSICIAN)
    data.setdefault("confirmed", "1")
    return alice_client.post(f"/plans/{plan.pk}/finalize/", data)


# The letter


def test_the_confirmation_shows_the_letter_and_keeps_the_details_for_signing(
    alice_client, emergency_plan
):
    data = {"recipient_name": PHYSICIAN, "advice": ["emergency_department_now"]}
    page = alice_client.post(f"/plans/{emergency_plan.pk}/finalize/", data).content.decode()
    assert 'id="finalize-letter"' in page and PHYSICIAN in page
    assert "The letter says the client was advised: to go to an emergency department now" in page
    assert 'type="hidden" name="recipient_name" value="Dr. Petra Hausarzt"' in page
    assert 'type="hidden" name="advice" value="emergency_department_now"' in page
    emergency_plan.refresh_from_db()
    assert emergency_plan.is_draft and not Referral.objects.exists()


def test_emergency_letter_says_what_the_physician_needs(alice_client, emergency_plan):
    response = finalize(
        alice_client,
        emergency_plan,
        recipient_practice="Praxis am Markt",
        recipient_address="Marktplatz 3\n10115 Berlin",
        recipient_fax="+49 30 555 0101",
        advice=["emergency_department_now", "call_emergency_if"],
    )
    assert response.status_code == 302
    text = pdf_text(alice_client.get(f"/plans/{emergency_plan.pk}/pdf/").content)
    # Recipient, from the client's referring physician, with what the therapist added.
    assert f"{PHYSICIAN} Praxis am Markt Marktplatz 3 10115 Berlin Fax +49 30 555 0101" in text
    # The tier in plain words and what it asks.
    assert "Emergency: emergency department now" in text
    assert "need assessment in an emergency department now" in text
    # What triggered it, with the therapist's own screening notes and the mechanism.
    assert "saddle" in text.lower()
    assert "Numb on both inner thighs since this morning" in text
    assert "Mechanism and onset" in text
    assert "Slipped on the stairs two days ago" in text
    # History and medication.
    assert "Earlier injuries and operations" in text
    assert "Medication Anticoagulants" in text
    # Who writes, with qualification, the practice's contact, date and time.
    assert "Alice Adler, Physiotherapist, BSc" in text
    assert "Phone +49 30 1234567" in text
    signed = timezone.localtime(emergency_plan.referral_record.created_at)
    assert date_format(signed, "DATETIME_FORMAT") in text


def test_the_advice_statement_appears_only_for_advice_ticked_as_given(alice_client, emergency_plan):
    finalize(alice_client, emergency_plan, advice=["call_emergency_if"])
    text = pdf_text(alice_client.get(f"/plans/{emergency_plan.pk}/pdf/").content)
    assert "The client was advised:" in text
    assert "to call the emergency number at once" in text
    assert "to go to an emergency department now" not in text


def test_without_ticked_advice_the_letter_claims_none(alice_client, emergency_plan):
    finalize(alice_client, emergency_plan)
    text = pdf_text(alice_client.get(f"/plans/{emergency_plan.pk}/pdf/").content)
    assert "advised" not in text
    referral = Referral.objects.get(plan=emergency_plan)
    assert referral.advice == []
    assert referral.recipient_name == PHYSICIAN


def test_advice_of_another_tier_is_refused_and_nothing_is_finalized(
    alice_client, client_record, alice
):
    plan = referring_plan(client_record, alice, URGENT)
    response = finalize(alice_client, plan, advice=["emergency_department_now"])
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    plan.refresh_from_db()
    assert plan.is_draft and not Referral.objects.exists()
    finalize(alice_client, plan, advice=["physician_within_week"])
    assert Referral.objects.get(plan=plan).advice == ["physician_within_week"]


def test_the_recipient_is_prefilled_and_a_blank_one_is_refused_at_the_field(
    alice_client, emergency_plan
):
    page = alice_client.get(f"/plans/{emergency_plan.pk}/").content.decode()
    assert f'value="{PHYSICIAN}"' in page
    response = finalize(alice_client, emergency_plan, recipient_name="  ")
    assert response.status_code == 422
    assert "Name the physician or department" in response.content.decode()
    emergency_plan.refresh_from_db()
    assert emergency_plan.is_draft
    assert not Referral.objects.exists()


def test_emergency_without_a_physician_goes_to_the_physician_on_duty(
    alice_client, client_record, alice
):
    plan = referring_plan(client_record, alice)
    page = alice_client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'value="The physician on duty"' in page
    assert 'value="Emergency department"' in page


def test_finalizing_records_the_referral_in_the_audit_trail(alice_client, emergency_plan):
    finalize(alice_client, emergency_plan, advice=["emergency_department_now"])
    event = PlanEvent.objects.get(plan=emergency_plan, kind=PlanEvent.Kind.REFERRED)
    assert event.detail[0]["advice"] == ["emergency_department_now"]


def test_a_routine_letter_records_a_referral_too(client_record, alice):
    from tests.plans.plan_fixtures import NECK_NERVE_ROOT, plan_from

    plan = services.plan_finalize(plan=plan_from(client_record, alice, NECK_NERVE_ROOT), by=alice)
    assert plan.referral_record.urgency == "routine"
    assert not plan.referral_record.refers


# The client's sheet


def test_emergency_sheet_tells_the_client_what_to_do_and_when_to_call(alice_client, emergency_plan):
    response = alice_client.get(f"/plans/{emergency_plan.pk}/client-sheet.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Go to an emergency department now" in text
    assert "Do not drive yourself" in text
    assert "Call the emergency number at once if 112" in text
    assert "around your bottom or genitals" in text
    assert "lose control of your bladder or bowels" in text
    assert "Alice's Practice" in text and "+49 30 1234567" in text
    assert "DRAFT" not in text
    # The sheet never tells the client it is probably nothing: only a doctor can say.
    assert "nothing serious" not in text and "Only a doctor can find out" in text


def test_urgent_sheet_says_what_to_watch_for_while_waiting(alice_client, client_record, alice):
    plan = referring_plan(client_record, alice, URGENT)
    text = pdf_text(alice_client.get(f"/plans/{plan.pk}/client-sheet.pdf").content)
    assert "See a doctor within a week" in text
    assert "While you wait: call the emergency number at once if" in text


def test_a_plan_that_treats_has_no_client_sheet(alice_client, draft_plan_record):
    assert alice_client.get(f"/plans/{draft_plan_record.pk}/client-sheet.pdf").status_code == 404


# Follow-up


def test_open_referrals_are_listed_oldest_first_until_an_outcome_is_recorded(
    alice_client, client_record, alice
):
    now = timezone.now()
    older = services.plan_finalize(
        plan=referring_plan(client_record, alice, URGENT), by=alice, at=now - datetime.timedelta(9)
    )
    newer = services.plan_finalize(
        plan=referring_plan(client_record, alice), by=alice, at=now - datetime.timedelta(2)
    )
    page = alice_client.get("/").content.decode()
    assert page.index(f"/referrals/{older.referral_record.pk}/") < page.index(
        f"/referrals/{newer.referral_record.pk}/"
    )
    assert "9 days" in page and "2 days" in page
    pressing = f'referral-row referral-pressing" href="/referrals/{newer.referral_record.pk}/"'
    assert pressing in page
    services.referral_outcome_record(
        referral=older.referral_record, kind="seen", on=timezone.localdate(), by=alice
    )
    page = alice_client.get("/").content.decode()
    assert f"/referrals/{older.referral_record.pk}/" not in page
    assert f"/referrals/{newer.referral_record.pk}/" in page


def test_a_referral_without_a_reply_after_the_configured_days_asks_for_one(
    alice_client, client_record, alice, settings
):
    settings.REFERRAL_NO_REPLY_DAYS = 7
    now = timezone.now()
    services.plan_finalize(
        plan=referring_plan(client_record, alice, URGENT), by=alice, at=now - datetime.timedelta(8)
    )
    services.plan_finalize(
        plan=referring_plan(client_record, alice), by=alice, at=now - datetime.timedelta(2)
    )
    page = alice_client.get("/").content.decode()
    assert page.count("referral-no-reply") == 1
    assert "no reply yet: ask, or record “no reply”" in page


def test_the_client_page_shows_the_open_referral_at_the_top(alice_client, emergency_plan, alice):
    services.plan_finalize(plan=emergency_plan, by=alice)
    page = alice_client.get(f"/clients/{emergency_plan.anamnesis.client.pk}/").content.decode()
    assert "Open referral" in page
    assert page.index("Open referral") < page.index("Before this visit")


@pytest.fixture
def referral(emergency_plan, alice):
    return services.plan_finalize(plan=emergency_plan, by=alice).referral_record


def test_a_clearance_is_recorded_with_its_restrictions(alice_client, referral):
    today = timezone.localdate().isoformat()
    response = alice_client.post(
        f"/referrals/{referral.pk}/outcome/",
        {"kind": "cleared", "on": today, "restrictions": "No deep pressure on the lower back."},
    )
    assert response.status_code == 302
    outcome = referral.outcomes.get()
    assert outcome.restrictions == "No deep pressure on the lower back."
    assert not Referral.objects.open().exists()
    assert PlanEvent.objects.filter(plan=referral.plan, kind=PlanEvent.Kind.OUTCOME).exists()


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"kind": "no_reply"}, "“No reply” can be recorded 14 days after the referral"),
        ({"kind": "seen", "on": "2999-01-01"}, "The date cannot be in the future."),
        ({"kind": "seen", "restrictions": "none"}, "Restrictions belong to a clearance"),
        ({"kind": "seen", "on": "not a date"}, "Enter a valid date."),
        ({"kind": "maybe"}, "Select a valid choice."),
    ],
)
def test_bad_outcomes_are_refused_at_the_field_and_change_nothing(
    alice_client, referral, data, field_message
):
    data = {"on": timezone.localdate().isoformat(), **data}
    response = alice_client.post(f"/referrals/{referral.pk}/outcome/", data)
    assert response.status_code == 422
    assert field_message in response.content.decode()
    assert not ReferralOutcome.objects.exists()


def test_no_reply_can_be_recorded_after_the_configured_days(alice_client, referral, settings):
    settings.REFERRAL_NO_REPLY_DAYS = 0
    response = alice_client.post(
        f"/referrals/{referral.pk}/outcome/",
        {"kind": "no_reply", "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert referral.outcomes.get().kind == "no_reply"


def test_outcomes_and_referrals_are_never_changed_in_the_database(referral, alice):
    outcome = services.referral_outcome_record(
        referral=referral, kind="seen", on=timezone.localdate(), by=alice
    )
    for queryset, change in (
        (ReferralOutcome.objects.filter(pk=outcome.pk), {"kind": "cleared"}),
        (Referral.objects.filter(pk=referral.pk), {"recipient_name": "Someone else"}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**change)
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset._raw_delete(queryset.db)


def test_a_clearance_starts_an_amendment_with_the_restrictions_as_cautions(
    alice_client, referral, alice
):
    outcome = services.referral_outcome_record(
        referral=referral,
        kind="cleared",
        on=timezone.localdate(),
        by=alice,
        restrictions="No prone lying; light pressure only.",
        cautions=["osteoporosis"],
    )
    response = alice_client.post(f"/referrals/{referral.pk}/outcomes/{outcome.pk}/anamnesis/")
    amendment = Anamnesis.objects.get(previous=referral.plan.anamnesis)
    assert response.url == f"/anamnesis/{amendment.pk}/edit/"
    assert amendment.cautions == ["anticoagulants", "osteoporosis"]
    assert "No prone lying; light pressure only." in amendment.caution_notes
    assert PHYSICIAN in amendment.caution_notes
    # Again: the open amendment is continued, not duplicated, and the note is not repeated.
    alice_client.post(f"/referrals/{referral.pk}/outcomes/{outcome.pk}/anamnesis/")
    amendment.refresh_from_db()
    assert amendment.caution_notes.count("No prone lying") == 1


def test_a_clearance_can_start_a_new_anamnesis_instead(alice_client, referral, alice):
    outcome = services.referral_outcome_record(
        referral=referral,
        kind="cleared",
        on=timezone.localdate(),
        by=alice,
        cautions=["steroid_use"],
    )
    alice_client.post(f"/referrals/{referral.pk}/outcomes/{outcome.pk}/anamnesis/", {"new": "1"})
    newest = Anamnesis.objects.filter(client=referral.client).order_by("-pk").first()
    assert newest.previous is None and not newest.is_completed
    assert newest.cautions == ["steroid_use"]


def test_only_a_clearance_leads_to_a_new_intake(alice_client, referral, alice):
    outcome = services.referral_outcome_record(
        referral=referral, kind="not_cleared", on=timezone.localdate(), by=alice
    )
    alice_client.post(f"/referrals/{referral.pk}/outcomes/{outcome.pk}/anamnesis/")
    assert not Anamnesis.objects.filter(previous=referral.plan.anamnesis).exists()


def test_mallory_gets_404_for_every_referral_page(mallory_client, referral, alice):
    outcome = services.referral_outcome_record(
        referral=referral, kind="cleared", on=timezone.localdate(), by=alice
    )
    today = timezone.localdate().isoformat()
    for method, url, data in (
        ("get", f"/referrals/{referral.pk}/", {}),
        ("post", f"/referrals/{referral.pk}/outcome/", {"kind": "seen", "on": today}),
        ("post", f"/referrals/{referral.pk}/outcomes/{outcome.pk}/anamnesis/", {}),
        ("get", f"/plans/{referral.plan.pk}/client-sheet.pdf", {}),
    ):
        assert getattr(mallory_client, method)(url, data).status_code == 404, url
    assert referral.outcomes.count() == 1
    assert not Anamnesis.objects.filter(previous=referral.plan.anamnesis).exists()


def test_writes_are_post_only(alice_client, referral):
    assert alice_client.get(f"/referrals/{referral.pk}/outcome/").status_code == 405


# After a clearance the flags the physician assessed no longer refer; any other flag does.


@pytest.fixture
def cleared_urgent(client_record, alice):
    plan = referring_plan(client_record, alice, doc=URGENT)
    assert plan.plan["referral"]["urgency"] == "urgent"
    referral = services.plan_finalize(plan=plan, by=alice).referral_record
    outcome = services.referral_outcome_record(
        referral=referral,
        kind="cleared",
        on=timezone.localdate(),
        by=alice,
        restrictions="Light pressure only over the upper back.",
    )
    amendment = services.referral_anamnesis(outcome=outcome, by=alice)
    amendment.refresh_from_db()
    return amendment


def test_the_intake_after_a_clearance_is_treated_with_the_clearance_shown(
    alice_client, cleared_urgent, alice
):

    assert cleared_urgent.red_flags == ["cancer_history"]  # the answer is kept as recorded
    cleared_urgent = anamnesis_complete(anamnesis=cleared_urgent)
    plan = services.plan_draft(anamnesis=cleared_urgent, author=alice)
    assert plan.plan["decision"] == "treat"

    page = alice_client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="clearance"' in page
    assert "Cancer history" in page or "cancer" in page.lower()
    assert "Light pressure only over the upper back." in page
    preview = alice_client.get(f"/anamnesis/{cleared_urgent.pk}/draft-plan/").content.decode()
    assert 'id="clearance"' in preview and 'id="referral"' not in preview

    text = pdf_text(alice_client.get(f"/plans/{plan.pk}/pdf/").content)
    assert "cleared you for treatment" in text
    assert "Light pressure only over the upper back." in text


def test_a_flag_the_physician_was_not_asked_about_still_refers(cleared_urgent, alice):

    Anamnesis.objects.filter(pk=cleared_urgent.pk).update(
        red_flags=["cancer_history", "unexplained_weight_loss"],
        red_flags_absent=[
            code for code in cleared_urgent.red_flags_absent if code != "unexplained_weight_loss"
        ],
    )
    cleared_urgent.refresh_from_db()
    cleared_urgent = anamnesis_complete(anamnesis=cleared_urgent)
    plan = services.plan_draft(anamnesis=cleared_urgent, author=alice)
    assert plan.plan["decision"] == "refer"
    assert plan.plan["referral"]["because"] == ["red_flags=unexplained_weight_loss"]


def test_a_later_version_of_a_cleared_intake_stays_cleared(cleared_urgent, alice):

    cleared_urgent = anamnesis_complete(anamnesis=cleared_urgent)
    services.plan_finalize(
        plan=services.plan_draft(anamnesis=cleared_urgent, author=alice), by=alice
    )
    later = anamnesis_amend(anamnesis=cleared_urgent, by=alice)
    later = anamnesis_complete(anamnesis=later)
    assert services.plan_draft(anamnesis=later, author=alice).plan["decision"] == "treat"
    assert services.clearance_summary(later)["restrictions"].startswith("Light pressure")
