"""Treatment sessions: numbering per plan, copy-forward, the same-day rule and addenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import PlanNotFinal, SessionAddendum, SessionLocked, TreatmentSession
from plans.services.log import SessionInvalid
from tests.plans.history_fixtures import record

pytestmark = pytest.mark.django_db


def post_data(**extra):
    data = {
        "date": timezone.localdate().isoformat(),
        "minutes": "30",
        "pressure": "light",
        "pain_before": "5",
        "pain_after": "3",
        "technique_classic_massage": "on",
        "regions_classic_massage": ["neck"],
        "subjective": "Neck stiff after a long day at the desk.",
        "objective": "Raised tone right upper trapezius.",
        "assessment": "Responding to soft tissue work.",
        "next_steps": "Continue; add stretching.",
    }
    data.update(extra)
    return data


def test_sessions_are_numbered_one_to_n_within_the_plan(final_plan_record, alice):
    first = record(final_plan_record, alice)
    second = record(final_plan_record, alice, reassessment={"pain_now": 3})
    assert (first.number, second.number) == (1, 2)
    assert first.plan.planned_sessions == 4


def test_numbering_starts_again_for_another_plan(final_plan_record, back_plan, alice):
    record(final_plan_record, alice)
    assert record(back_plan, alice).number == 1


def test_a_draft_plan_takes_no_sessions(draft_plan_record, alice):
    with pytest.raises(PlanNotFinal):
        record(draft_plan_record, alice)
    with pytest.raises(PlanNotFinal):  # the model refuses too
        TreatmentSession.objects.create(
            plan=draft_plan_record,
            number=1,
            date=timezone.localdate(),
            minutes=30,
            pain_before=4,
            author=alice,
        )


def test_a_superseded_plan_takes_no_new_sessions(final_plan_record, alice):
    from plans import services

    services.plan_revise(plan=final_plan_record, by=alice)
    final_plan_record.refresh_from_db()
    with pytest.raises(PlanNotFinal):
        record(final_plan_record, alice)


def test_techniques_must_come_from_the_vocabulary(final_plan_record, alice):
    with pytest.raises(SessionInvalid):
        record(final_plan_record, alice, techniques=[{"code": "reiki", "regions": []}])
    with pytest.raises(SessionInvalid):
        record(final_plan_record, alice, techniques=[{"code": "effleurage", "regions": ["knee"]}])
    assert not TreatmentSession.objects.exists()


def test_the_form_records_a_session_and_shows_session_n_of_m(alice_client, final_plan_record):
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    page = alice_client.get(url).content.decode()
    assert "Session 1 of 4" in page
    response = alice_client.post(url, post_data())
    assert response.status_code == 302
    session = TreatmentSession.objects.get()
    assert session.number == 1
    assert session.techniques == [{"code": "classic_massage", "regions": ["neck"]}]
    assert (session.pain_before, session.pain_after, session.pressure) == (5, 3, "light")
    assert session.subjective.startswith("Neck stiff")
    assert session.author.username == "alice"


def test_copy_from_plan_fills_techniques_regions_pressure_and_minutes(
    alice_client, final_plan_record
):
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    form = alice_client.get(url + "?copy=plan").context["form"]
    initial = form.initial
    assert initial["pressure"] == "light"
    assert initial["minutes"] == 30
    for item in final_plan_record.plan["techniques"]:
        assert initial[f"technique_{item['code']}"] is True
        assert initial[f"regions_{item['code']}"] == item["regions"]
    assert "technique_deep_tissue_massage" not in initial


def test_copy_previous_session_fills_what_was_done_last_time(
    alice_client, final_plan_record, alice
):
    record(
        final_plan_record,
        alice,
        minutes=40,
        pressure="moderate",
        techniques=[{"code": "vibration", "regions": ["neck", "shoulder"]}],
    )
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    page = alice_client.get(url)
    assert "Copy previous session (1)" in page.content.decode()
    initial = alice_client.get(url + "?copy=previous").context["form"].initial
    assert initial["minutes"] == 40
    assert initial["pressure"] == "moderate"
    assert initial["technique_vibration"] is True
    assert initial["regions_vibration"] == ["neck", "shoulder"]
    assert "technique_classic_massage" not in initial


def test_the_author_may_change_a_session_on_the_same_day(alice_client, final_plan_record, alice):
    session = record(final_plan_record, alice)
    url = reverse("plans:session_edit", args=[session.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(url, post_data(pain_before="7", assessment="Corrected."))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.pain_before, session.assessment) == (7, "Corrected.")


def test_another_therapist_cannot_change_it_even_the_same_day(
    client, final_plan_record, alice, bob
):
    session = record(final_plan_record, alice)
    with pytest.raises(SessionLocked):
        services.session_update(session=session, by=bob, pain_before=1)
    client.force_login(bob)
    response = client.post(reverse("plans:session_edit", args=[session.pk]), post_data())
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.pain_before == 5


def yesterday(session):
    TreatmentSession.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    session.refresh_from_db()
    return session


def test_the_next_day_the_session_is_kept_and_corrections_are_addenda(
    alice_client, final_plan_record, alice
):
    session = yesterday(record(final_plan_record, alice, subjective="As written."))
    with pytest.raises(SessionLocked):
        services.session_update(session=session, by=alice, subjective="Rewritten")
    session.subjective = "Rewritten behind the service's back"
    with pytest.raises(SessionLocked):  # the model refuses in-place edits too
        session.save()

    detail = alice_client.get(session.get_absolute_url()).content.decode()
    assert "Change (today only)" not in detail
    assert "Add addendum" in detail
    response = alice_client.post(
        reverse("plans:session_edit", args=[session.pk]), post_data(subjective="Rewritten")
    )
    assert response.status_code == 302
    alice_client.post(
        reverse("plans:session_addendum", args=[session.pk]),
        {"text": "Pain after was 4, not 3."},
    )
    session.refresh_from_db()
    assert session.subjective == "As written."
    addendum = SessionAddendum.objects.get(session=session)
    assert addendum.text == "Pain after was 4, not 3."
    assert addendum.author == alice
    page = alice_client.get(session.get_absolute_url()).content.decode()
    assert "As written." in page and "Pain after was 4, not 3." in page


def test_an_addendum_is_never_changed_and_needs_text(final_plan_record, alice):
    session = record(final_plan_record, alice)
    addendum = services.addendum_add(session=session, author=alice, text=" note ")
    assert addendum.text == "note"
    addendum.text = "changed"
    with pytest.raises(SessionLocked):
        addendum.save()
    with pytest.raises(SessionInvalid):
        services.addendum_add(session=session, author=alice, text="   ")


def test_a_session_is_never_deleted(final_plan_record, alice):
    session = record(final_plan_record, alice)
    with pytest.raises(SessionLocked):
        session.delete()


def test_bad_ratings_redisplay_the_form_with_what_was_typed(alice_client, final_plan_record):
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    response = alice_client.post(url, post_data(pain_before="11"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Neck stiff after a long day at the desk." in page
    assert not TreatmentSession.objects.exists()


def test_an_archived_client_gets_no_new_session(alice_client, final_plan_record):
    from clinic import services as clinic_services

    clinic_services.client_archive(client=final_plan_record.anamnesis.client)
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    assert alice_client.post(url, post_data()).status_code == 302
    assert not TreatmentSession.objects.exists()


def test_a_session_cannot_be_dated_in_the_future(alice_client, final_plan_record):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("plans:session_new", args=[final_plan_record.pk])
    response = alice_client.post(url, post_data(date=tomorrow.isoformat()))
    assert response.status_code == 422
    assert "recorded after it took place" in response.content.decode()
