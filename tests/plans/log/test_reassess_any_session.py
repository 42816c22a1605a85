"""Reassessing when the client's state calls for it, not only at the plan's session, and the
intake's side-comparison tests (range of motion, strength) measured again at a reassessment."""

import copy
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans import services
from plans.models import Reassessment, ReassessmentSideComparison, TreatmentSession
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.log.test_sessions import post_data
from tests.plans.plan_fixtures import CHRONIC_BACK, plan_from, with_measures

pytestmark = pytest.mark.django_db

ACTIVITIES = [("Sitting an hour", 3), ("Lifting shopping", 4), ("Putting on socks", 5)]
TESTS = [
    # test, left, right, unit: the right hip is stiff at intake
    ("Hip flexion", 110.0, 90.0, "deg"),
    ("Finger-floor distance", 20.0, 20.0, "cm"),
]


def with_side_tests(doc, tests=TESTS):
    doc = copy.deepcopy(doc)
    doc.setdefault("findings", {})["side_comparison"] = [
        {"test": t, "left": left, "right": right, "unit": unit} for t, left, right, unit in tests
    ]
    return doc


@pytest.fixture
def hip_plan(client_record, alice):
    """Chronic low back, reassessed after session 4; the intake took two side comparisons."""
    doc = with_side_tests(with_measures(CHRONIC_BACK, ACTIVITIES))
    return services.plan_finalize(plan=plan_from(client_record, alice, doc), by=alice)


def intake_tests(plan):
    return {t.test: t for t in services.remeasurable_side_comparisons(plan.anamnesis)}


def reassessment_fields(plan, pain="3", ratings=("5", "5", "6"), sides=None):
    """Form fields of a reassessment; `sides` maps an intake test's name to (left, right)."""
    activities = list(plan.anamnesis.psfs_activities.all())
    data = {"reassess_pain": pain}
    data.update({f"psfs_{a.pk}": r for a, r in zip(activities, ratings, strict=True)})
    tests = intake_tests(plan)
    for name, (left, right) in (sides or {}).items():
        pk = tests[name].pk
        data[f"side_{pk}_left"], data[f"side_{pk}_right"] = left, right
    return data


def new_session_url(plan):
    return reverse("plans:session_new", args=[plan.pk])


def test_an_unplanned_session_offers_to_reassess_and_names_the_planned_one(alice_client, hip_plan):
    page = alice_client.get(new_session_url(hip_plan)).content.decode()
    assert "Reassess at this session" in page
    assert "the plan reassesses at session 4" in page
    assert "This is a reassessment session" not in page
    assert "Hip flexion" in page and "Putting on socks" in page


def test_a_session_without_reassessment_values_is_recorded_without_one(alice_client, hip_plan):
    response = alice_client.post(new_session_url(hip_plan), post_data())
    assert response.status_code == 302
    session = TreatmentSession.objects.get()
    assert session.number == 1
    assert not Reassessment.objects.exists()


def test_the_therapist_reassesses_at_an_unplanned_session_through_the_form(alice_client, hip_plan):
    data = post_data(**reassessment_fields(hip_plan, sides={"Hip flexion": ("112", "104.5")}))
    response = alice_client.post(new_session_url(hip_plan), data, follow=True)
    assert response.status_code == 200
    session = TreatmentSession.objects.get()
    assert session.number == 1  # the plan reassesses at session 4
    reassessment = session.reassessment
    assert reassessment.pain_now == 3 and reassessment.pain_baseline is not None
    assert [r["rating"] for r in reassessment.ratings] == [5, 5, 6]
    (hip,) = reassessment.side_comparisons.all()
    assert (hip.test, hip.unit) == ("Hip flexion", "deg")
    assert (hip.baseline_left, hip.baseline_right) == (110, 90)
    assert (hip.left, hip.right, hip.difference) == (112, 104.5, 7.5)


def test_a_partly_filled_unplanned_reassessment_is_refused_at_the_fields(alice_client, hip_plan):
    data = post_data(reassess_pain="4")  # the PSFS activities left empty
    response = alice_client.post(new_session_url(hip_plan), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {f"psfs_{a.pk}" for a in hip_plan.anamnesis.psfs_activities.all()}
    assert "Rate this activity, 0 to 10." in response.content.decode()
    assert not TreatmentSession.objects.exists()


def test_side_values_alone_ask_for_the_pain_now(alice_client, hip_plan):
    fields = reassessment_fields(
        hip_plan, pain="", ratings=("", "", ""), sides={"Hip flexion": ("100", "95")}
    )
    response = alice_client.post(new_session_url(hip_plan), post_data(**fields))
    assert response.status_code == 422
    assert "Rate the pain now to reassess." in response.content.decode()
    assert not TreatmentSession.objects.exists()


@pytest.mark.parametrize(
    ("left", "right", "bad_side", "message"),
    [
        ("100", "", "right", "Measure the right side too, or leave both empty."),
        ("", "95", "left", "Measure the left side too, or leave both empty."),
        ("950", "95", "left", "Ensure this value is less than or equal to 360."),
        ("100", "-200", "right", "Ensure this value is greater than or equal to -180."),
        ("a lot", "95", "left", "Enter a number."),
        ("nan", "95", "left", "Enter a number."),
    ],
)
def test_a_bad_side_measure_is_refused_at_its_field_and_changes_nothing(
    alice_client, hip_plan, left, right, bad_side, message
):
    fields = reassessment_fields(hip_plan, sides={"Hip flexion": (left, right)})
    response = alice_client.post(new_session_url(hip_plan), post_data(**fields))
    assert response.status_code == 422
    pk = intake_tests(hip_plan)["Hip flexion"].pk
    assert response.context["form"].errors[f"side_{pk}_{bad_side}"] == [message]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not TreatmentSession.objects.exists()
    assert not ReassessmentSideComparison.objects.exists()


def test_the_planned_reassessment_stays_required_and_also_takes_side_measures(
    alice_client, hip_plan, alice
):
    bulk_sessions(hip_plan, alice, 3)
    page = alice_client.get(new_session_url(hip_plan)).content.decode()
    assert "This is a reassessment session" in page and "Reassess at this session" not in page
    assert alice_client.post(new_session_url(hip_plan), post_data()).status_code == 422
    fields = reassessment_fields(hip_plan, sides={"Finger-floor distance": ("12", "14")})
    assert alice_client.post(new_session_url(hip_plan), post_data(**fields)).status_code == 302
    (measure,) = ReassessmentSideComparison.objects.all()
    assert (measure.test, measure.left, measure.right) == ("Finger-floor distance", 12, 14)


def test_the_service_reassesses_at_any_session_and_checks_the_side_measures(hip_plan, alice):
    tests = intake_tests(hip_plan)
    ratings = {a.pk: 6 for a in hip_plan.anamnesis.psfs_activities.all()}
    hip = tests["Hip flexion"].pk
    with pytest.raises(services.SessionInvalid, match="measure both sides"):
        record(
            hip_plan,
            alice,
            reassessment={"pain_now": 2, "ratings": ratings, "side_comparisons": {hip: (1, None)}},
        )
    with pytest.raises(services.SessionInvalid, match="each side is -180 to 360"):
        record(
            hip_plan,
            alice,
            reassessment={"pain_now": 2, "ratings": ratings, "side_comparisons": {hip: (1, 999)}},
        )
    with pytest.raises(services.SessionInvalid, match="intake's side-comparison tests"):
        record(
            hip_plan,
            alice,
            reassessment={"pain_now": 2, "ratings": ratings, "side_comparisons": {0: (1, 1)}},
        )
    assert not TreatmentSession.objects.exists()  # each refusal rolled the session back
    session = record(
        hip_plan,
        alice,
        reassessment={
            "pain_now": 2,
            "ratings": ratings,
            "side_comparisons": {hip: (115, 108), tests["Finger-floor distance"].pk: (None, None)},
        },
    )
    assert session.number == 1
    assert [m.test for m in session.reassessment.side_comparisons.all()] == ["Hip flexion"]


def test_the_database_refuses_a_side_measure_out_of_range_or_unnamed(hip_plan, alice):
    ratings = {a.pk: 6 for a in hip_plan.anamnesis.psfs_activities.all()}
    session = record(hip_plan, alice, reassessment={"pain_now": 2, "ratings": ratings})
    for bad in (
        {"test": "Hip flexion", "unit": "deg", "left": 400, "right": 90},
        {"test": "Grip", "unit": "kg", "left": -1, "right": 30},
        {"test": "", "unit": "deg", "left": 90, "right": 90},
        {"test": "Grip", "unit": "stone", "left": 9, "right": 9},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReassessmentSideComparison.objects.create(reassessment=session.reassessment, **bad)


def test_the_session_page_shows_the_side_measures_against_the_intake(alice_client, hip_plan):
    fields = reassessment_fields(hip_plan, sides={"Hip flexion": ("112", "104.5")})
    alice_client.post(new_session_url(hip_plan), post_data(**fields))
    session = TreatmentSession.objects.get()
    page = alice_client.get(session.get_absolute_url()).content.decode()
    section = page.split('id="session-side-comparisons"')[1].split("</table>")[0]
    assert "Hip flexion" in section
    assert "110" in section and "90" in section  # at intake
    assert "112 <span" in section and "(+2)" in section  # left, since intake
    assert "104.5" in section and "(+14.5)" in section  # right
    assert (
        "7.5" in section and "(\N{MINUS SIGN}12.5)" in section
    )  # the sides' difference, 20 at intake


def test_changing_the_session_today_keeps_and_changes_the_side_measures(alice_client, hip_plan):
    fields = reassessment_fields(hip_plan, sides={"Hip flexion": ("112", "104.5")})
    alice_client.post(new_session_url(hip_plan), post_data(**fields))
    session = TreatmentSession.objects.get()
    edit = reverse("plans:session_edit", args=[session.pk])
    form = alice_client.get(edit).context["form"]
    pk = intake_tests(hip_plan)["Hip flexion"].pk
    assert (form[f"side_{pk}_left"].value(), form[f"side_{pk}_right"].value()) == (112, 104.5)
    changed = reassessment_fields(hip_plan, sides={"Hip flexion": ("113", "106")})
    assert alice_client.post(edit, post_data(**changed)).status_code == 302
    (hip,) = ReassessmentSideComparison.objects.all()
    assert (hip.left, hip.right) == (113, 106)


def test_the_client_page_shows_each_test_over_time(alice_client, hip_plan, alice):
    ratings = {a.pk: 6 for a in hip_plan.anamnesis.psfs_activities.all()}
    hip = intake_tests(hip_plan)["Hip flexion"].pk
    for day, (left, right) in ((datetime.date(2026, 3, 2), (110, 96)), (None, (111, 104))):
        values = {"date": day} if day else {}
        record(
            hip_plan,
            alice,
            **values,
            reassessment={
                "pain_now": 3,
                "ratings": ratings,
                "side_comparisons": {hip: (left, right)},
            },
        )
    client = hip_plan.anamnesis.client
    response = alice_client.get(client.get_absolute_url())
    (course,) = response.context["history"].side_courses
    assert course.test == "Hip flexion" and course.unit_label == "°"
    assert [row.label for row in course.rows] == ["Intake", "Session 1", "Session 2"]
    assert [(row.left, row.right, row.difference) for row in course.rows] == [
        (110, 90, 20),
        (110, 96, 14),
        (111, 104, 7),
    ]
    assert course.rows[-1].cells == [("111", "+1"), ("104", "+14"), ("7", "\N{MINUS SIGN}13")]
    page = response.content.decode()
    table = page.split('id="side-comparisons"')[1].split("</section>")[0]
    assert "Side comparison over time" in page and "Hip flexion" in table
    assert table.index("Intake") < table.index("Session 1") < table.index("Session 2")
    assert "Finger-floor distance" not in table  # never measured again


def test_the_progress_report_lists_the_side_measures(alice_client, hip_plan, alice):
    from tests.pdf import pdf_text

    ratings = {a.pk: 6 for a in hip_plan.anamnesis.psfs_activities.all()}
    hip = intake_tests(hip_plan)["Hip flexion"].pk
    record(
        hip_plan,
        alice,
        reassessment={"pain_now": 3, "ratings": ratings, "side_comparisons": {hip: (111, 104)}},
    )
    client = hip_plan.anamnesis.client
    response = alice_client.get(reverse("plans:client_progress_pdf", args=[client.pk]))
    text = pdf_text(response.content)
    assert "Side comparison" in text and "Hip flexion" in text
    assert "In brackets: the change since the intake." in text


def test_mallory_cannot_reassess_anothers_client(mallory_client, hip_plan):
    fields = reassessment_fields(hip_plan, sides={"Hip flexion": ("112", "104.5")})
    assert mallory_client.post(new_session_url(hip_plan), post_data(**fields)).status_code == 404
    assert not TreatmentSession.objects.exists()


def test_the_client_page_reads_the_side_measures_in_a_fixed_number_of_queries(
    alice_client, hip_plan, alice, django_assert_max_num_queries
):
    ratings = {a.pk: 6 for a in hip_plan.anamnesis.psfs_activities.all()}
    tests = intake_tests(hip_plan)
    sides = {t.pk: (100, 100) for t in tests.values()}

    def reassess():
        record(
            hip_plan,
            alice,
            reassessment={"pain_now": 3, "ratings": ratings, "side_comparisons": sides},
        )

    reassess()
    url = hip_plan.anamnesis.client.get_absolute_url()
    with django_assert_max_num_queries(30) as few:
        assert alice_client.get(url).status_code == 200
    for _ in range(5):
        reassess()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = alice_client.get(url)
    assert [len(c.measures) for c in response.context["history"].side_courses] == [6, 6]
