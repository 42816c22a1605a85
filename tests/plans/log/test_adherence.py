"""Adherence to the home exercises at each session, and what it suggests at a reassessment."""

from types import SimpleNamespace

import pytest
from django.db import IntegrityError
from django.urls import reverse

from plans.engine.exercises import EXERCISES
from plans.history.adherence import (
    KEEP,
    PROGRESS,
    REGRESS,
    adherence_summary,
    exercise_suggestions,
)
from plans.history.client_history import ClientHistory
from plans.models import TreatmentSession
from plans.services.log import SessionInvalid
from tests.pdf import pdf_text
from tests.plans.history_fixtures import record
from tests.plans.log.test_sessions import post_data

pytestmark = pytest.mark.django_db


def visit(done, hurt=()):
    return SimpleNamespace(exercises_done=done, exercises_hurt=list(hurt))


PROGRAMME = [{"code": "glute_bridge"}, {"code": "bird_dog"}, {"code": "walking"}]


def test_exercises_done_without_a_flare_progress_and_those_that_hurt_regress():
    suggestions = exercise_suggestions(PROGRAMME, [visit("yes"), visit("partly", ["bird_dog"])])
    by_code = {s.code: s for s in suggestions}
    assert by_code["glute_bridge"].action == PROGRESS
    assert by_code["glute_bridge"].variant == EXERCISES["glute_bridge"].progression
    assert by_code["bird_dog"].action == REGRESS
    assert by_code["bird_dog"].variant == EXERCISES["bird_dog"].regression


def test_nothing_is_progressed_when_the_client_did_not_do_the_exercises():
    suggestions = exercise_suggestions(PROGRAMME, [visit("no"), visit("")])
    assert {s.action for s in suggestions} == {KEEP}
    assert all(s.variant == "" for s in suggestions)


def test_the_summary_counts_the_answers_and_names_what_hurt():
    visits = [visit("yes"), visit("no"), visit(""), visit("partly", ["walking"])]
    summary = adherence_summary(visits)
    assert (summary["yes"], summary["partly"], summary["no"], summary["recorded"]) == (1, 1, 1, 3)
    assert summary["hurt"] == ["Walking"]


def test_the_session_form_records_adherence(alice_client, back_plan):
    code = back_plan.plan["exercises"][0]["code"]
    url = reverse("plans:session_new", args=[back_plan.pk])
    assert "Did the client do the home exercises?" in alice_client.get(url).content.decode()
    response = alice_client.post(url, post_data(exercises_done="partly", exercises_hurt=[code]))
    assert response.status_code == 302
    session = back_plan.sessions.get()
    assert (session.exercises_done, session.exercises_hurt) == ("partly", [code])


def test_an_exercise_cannot_hurt_when_none_were_done(alice_client, back_plan):
    code = back_plan.plan["exercises"][0]["code"]
    url = reverse("plans:session_new", args=[back_plan.pk])
    response = alice_client.post(url, post_data(exercises_done="no", exercises_hurt=[code]))
    assert response.status_code == 422
    assert "none of them can have hurt" in str(response.context["form"].errors["exercises_hurt"])


def test_the_service_refuses_unknown_answers_and_exercises(back_plan, alice):
    with pytest.raises(SessionInvalid):
        record(back_plan, alice, exercises_done="maybe")
    with pytest.raises(SessionInvalid):
        record(back_plan, alice, exercises_done="yes", exercises_hurt=["handstand"])


def test_the_database_refuses_an_unknown_answer(back_plan, alice):
    session = record(back_plan, alice, exercises_done="yes")
    with pytest.raises(IntegrityError):
        TreatmentSession.objects.filter(pk=session.pk).update(exercises_done="maybe")


def test_a_reassessment_suggests_progressing_and_regressing(alice_client, back_plan, alice):
    codes = [item["code"] for item in back_plan.plan["exercises"]]
    hurt = codes[0]
    record(back_plan, alice, exercises_done="yes")
    record(back_plan, alice, exercises_done="partly", exercises_hurt=[hurt])
    record(back_plan, alice, exercises_done="yes")
    page = alice_client.get(reverse("plans:session_new", args=[back_plan.pk])).content.decode()
    assert "This is a reassessment session" in page
    assert f'data-exercise="{hurt}" data-suggestion="regress"' in page
    assert EXERCISES[hurt].regression in page.replace("&#x27;", "'")
    for code in codes[1:]:
        assert f'data-exercise="{code}" data-suggestion="progress"' in page


def test_the_history_shows_adherence_in_the_timeline_and_a_summary(alice_client, back_plan, alice):
    hurt = back_plan.plan["exercises"][0]["code"]
    record(back_plan, alice, exercises_done="yes")
    record(back_plan, alice, exercises_done="partly", exercises_hurt=[hurt])
    history = ClientHistory(back_plan.anamnesis.client)
    assert history.adherence["recorded"] == 2
    details = [e.detail for e in history.timeline if e.kind == "session"]
    assert f"exercises: partly; hurt: {EXERCISES[hurt].name}" in details[0]
    assert "exercises: yes" in details[1]
    page = alice_client.get(reverse("plans:client_detail", args=[back_plan.anamnesis.client.pk]))
    html = page.content.decode()
    assert 'id="adherence-summary"' in html
    assert "Asked at 2 sessions: done 1, partly 1, not done 0." in html


def test_the_progress_report_shows_adherence_per_session_and_in_all(alice_client, back_plan, alice):

    hurt = back_plan.plan["exercises"][0]["code"]
    record(back_plan, alice, exercises_done="yes")
    record(back_plan, alice, exercises_done="partly", exercises_hurt=[hurt])
    client = back_plan.anamnesis.client
    text = pdf_text(
        alice_client.get(reverse("plans:client_progress_pdf", args=[client.pk])).content
    )
    assert "Home exercises" in text
    assert "asked at 2 sessions: done 1, partly 1, not done 0." in text
    assert f"Hurt: {EXERCISES[hurt].name}." in text
