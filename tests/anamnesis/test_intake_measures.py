"""The measures are taken with the intake: the PSFS activities, STarT Back for a low back
complaint, NDI and ODI. They are validated at the field, kept with the version, exported as
`measures` and used by the engine (a high STarT Back score makes the plan short and
exercise-led)."""

import pytest
from django.urls import reverse

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from anamnesis.services import anamnesis_amend, anamnesis_lock
from plans import services
from plans.engine import draft_plan, validate_anamnesis
from tests.anamnesis.helpers import intake_data

pytestmark = pytest.mark.django_db

PSFS = [("Sitting through a meeting", "3"), ("Lifting a grandchild", "2"), ("Gardening", "4")]


def psfs(rows=PSFS):
    data = {"psfs-TOTAL_FORMS": str(max(3, len(rows)))}
    for i, (name, rating) in enumerate(rows):
        data[f"psfs-{i}-name"], data[f"psfs-{i}-baseline"] = name, rating
    return data


def low_back(**fields):
    """A complete chronic low back intake."""
    return intake_data(
        regions=["lower_back:central"],
        duration_days="200",
        suspected="muscle_tension",
        **fields,
    )


def post_new(alice_client, client_record, data):
    return alice_client.post(reverse("anamnesis:new", args=[client_record.pk]), data)


def complete(alice_client, anamnesis, data):
    return alice_client.post(reverse("anamnesis:complete", args=[anamnesis.pk]), data)


def test_the_intake_page_asks_for_the_measures(alice_client, client_record):
    html = alice_client.get(reverse("anamnesis:new", args=[client_record.pk])).content.decode()
    measures = html[html.index('id="section-measures"') : html.index('id="section-examination"')]
    assert "Patient-Specific Functional Scale" in measures
    assert measures.count('name="psfs-') >= 3 * 3  # three rows: activity, rating, remove
    for name in ("startback_total", "startback_psychosocial", "ndi", "odi"):
        assert f'name="{name}"' in measures
    assert "Keele University" in measures


def test_psfs_and_start_back_are_stored_shown_and_exported(alice_client, client_record):
    data = low_back(startback_total="7", startback_psychosocial="4", **psfs())
    assert post_new(alice_client, client_record, data).status_code == 302
    anamnesis = Anamnesis.objects.get()
    assert [(a.name, a.baseline) for a in anamnesis.psfs_activities.all()] == [
        (name, int(rating)) for name, rating in PSFS
    ]
    assert (anamnesis.startback_total, anamnesis.startback_psychosocial) == (7, 4)
    page = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    measures = page[page.index('id="read-measures"') : page.index('id="read-examination"')]
    assert "Lifting a grandchild: <strong>2</strong> / 10" in measures
    assert "mean 3" in measures
    assert "total 7 of 9, psychosocial 4 of 5" in measures and "high risk" in measures
    exported = anamnesis_to_contract(anamnesis)
    assert exported["measures"] == {
        "start_back": {"total": 7, "psychosocial": 4},
        "psfs": [{"activity": name, "score": int(rating)} for name, rating in PSFS],
    }
    assert validate_anamnesis(exported) == []
    edit = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert 'value="Lifting a grandchild"' in edit


def test_a_high_start_back_score_gets_the_short_exercise_led_plan(
    alice_client, client_record, alice
):
    post_new(alice_client, client_record, low_back(**psfs()))
    anamnesis = Anamnesis.objects.get()
    assert complete(alice_client, anamnesis, low_back(**psfs())).status_code == 302
    anamnesis.refresh_from_db()
    long_plan = draft_plan(anamnesis_to_contract(anamnesis))
    assert long_plan["sessions"]["count"] > 6  # the score is what makes the plan short

    data = low_back(startback_total="7", startback_psychosocial="5", **psfs())
    assert complete(alice_client, anamnesis, data).status_code == 302
    anamnesis.refresh_from_db()
    plan = services.plan_draft(anamnesis=anamnesis, author=alice).plan
    assert plan["decision"] == "treat"
    assert plan["sessions"]["count"] <= 6
    assert "education_reassurance" in [item["code"] for item in plan["self_care"]]
    assert len(plan["exercises"]) >= 3


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"startback_total": "5"}, "startback_psychosocial", "Give both STarT Back scores"),
        ({"startback_psychosocial": "2"}, "startback_total", "Give both STarT Back scores"),
        (
            {"startback_total": "2", "startback_psychosocial": "4"},
            "startback_psychosocial",
            "cannot be higher",
        ),
        ({"startback_total": "10", "startback_psychosocial": "4"}, "startback_total", "9"),
    ],
)
def test_start_back_scores_are_checked_at_the_field(
    alice_client, client_record, fields, field, message
):
    response = post_new(alice_client, client_record, low_back(**fields))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert Anamnesis.objects.get().startback_total is None  # nothing half-kept


def test_start_back_is_for_a_low_back_complaint_only(alice_client, client_record):
    data = intake_data(startback_total="3", startback_psychosocial="1")  # a neck complaint
    response = post_new(alice_client, client_record, data)
    assert response.status_code == 400
    assert "STarT Back is for low back complaints" in response.content.decode()
    html = alice_client.get(reverse("anamnesis:new", args=[client_record.pk])).content.decode()
    scores = html[html.index('id="section-scores"') :]
    assert 'data-score-for="lower_back sacrum_buttock">' in scores  # offered when ticked


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("Sitting", "3"), ("Walking", "")], "Rate this activity from 0 (unable) to 10"),
        ([("Sitting", "3"), ("", "5")], "Name the activity you rated."),
        ([("Sitting", "11")], "less than or equal to 10"),
    ],
)
def test_psfs_rows_are_checked_at_the_field(alice_client, client_record, rows, message):
    response = post_new(alice_client, client_record, intake_data(**psfs(rows)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Anamnesis.objects.get().psfs_activities.exists()


def test_more_than_five_activities_are_refused(alice_client, client_record):
    rows = [(f"Activity {n}", "4") for n in range(6)]
    response = post_new(alice_client, client_record, intake_data(**psfs(rows)))
    assert response.status_code == 400
    assert "5" in " ".join(response.context["psfs_formset"].non_form_errors())


def test_completion_needs_three_to_five_activities_or_none(alice_client, client_record):
    two = intake_data(**psfs(PSFS[:2]))
    post_new(alice_client, client_record, two)
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.psfs_activities.count() == 2  # a draft keeps what was typed so far
    response = complete(alice_client, anamnesis, two)
    assert response.status_code == 400
    assert "takes 3 to 5 activities (2 given)" in response.content.decode()
    assert complete(alice_client, anamnesis, intake_data(**psfs())).status_code == 302
    assert complete(alice_client, anamnesis, intake_data(**psfs([]))).status_code == 302
    assert not anamnesis.psfs_activities.exists()


def test_removing_an_activity_drops_it(alice_client, client_record):
    post_new(alice_client, client_record, intake_data(**psfs([*PSFS, ("Running", "1")])))
    anamnesis = Anamnesis.objects.get()
    data = intake_data(**psfs([*PSFS, ("Running", "1")]), **{"psfs-3-DELETE": "on"})
    alice_client.post(reverse("anamnesis:edit", args=[anamnesis.pk]), data)
    assert [a.name for a in anamnesis.psfs_activities.all()] == [name for name, _ in PSFS]


def test_an_amendment_starts_from_the_measures_of_the_version_it_amends(
    alice_client, client_record, alice
):
    data = low_back(startback_total="4", startback_psychosocial="1", **psfs())
    post_new(alice_client, client_record, data)
    anamnesis = Anamnesis.objects.get()
    assert complete(alice_client, anamnesis, data).status_code == 302
    anamnesis.refresh_from_db()
    anamnesis_lock(anamnesis=anamnesis)
    amendment = anamnesis_amend(anamnesis=anamnesis, by=alice)
    assert [(a.name, a.baseline) for a in amendment.psfs_activities.all()] == [
        (name, int(rating)) for name, rating in PSFS
    ]
    assert (amendment.startback_total, amendment.startback_psychosocial) == (4, 1)
    assert anamnesis.psfs_activities.count() == 3  # the locked version keeps its own
