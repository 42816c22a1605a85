"""Reassessment at the plan's session and every 4 after; PSFS and STarT Back through the forms."""

import re

import pytest
from django.urls import reverse

from plans import outcomes, services
from plans.models import OutcomeBaseline, PsfsActivity, Reassessment
from plans.services.log import SessionInvalid
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.log.test_sessions import post_data

pytestmark = pytest.mark.django_db


PSFS = "psfs_activities"  # the prefix of the baseline page's PSFS formset
ACTIVITIES = [
    ("Sitting at the desk for an hour", "3"),
    ("Lifting the shopping", "4"),
    ("Putting on socks", "5"),
]


def psfs_data(rows, initial=0):
    """The PSFS formset's POST data: five rows, `rows` ((name, rating) or (id, name, rating)
    for a stored one) first."""
    data = {f"{PSFS}-TOTAL_FORMS": "5", f"{PSFS}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        if len(row) == 3:
            data[f"{PSFS}-{i}-id"], row = str(row[0]), row[1:]
        data[f"{PSFS}-{i}-name"], data[f"{PSFS}-{i}-baseline"] = row
    return data


def baseline(alice_client, anamnesis, rows=ACTIVITIES, **extra):
    data = {**psfs_data(rows), **extra}
    return alice_client.post(reverse("plans:baseline", args=[anamnesis.pk]), data)


def test_reassessment_is_due_at_the_plans_session_then_every_four():
    due = [n for n in range(1, 20) if outcomes.reassessment_due(n, 4)]
    assert due == [4, 8, 12, 16]
    assert not outcomes.reassessment_due(3, None)


def test_psfs_baseline_through_the_form(alice_client, back_plan):
    response = baseline(alice_client, back_plan.anamnesis)
    assert response.status_code == 302
    activities = list(back_plan.anamnesis.psfs_activities.all())
    assert [(a.name, a.baseline) for a in activities] == [
        ("Sitting at the desk for an hour", 3),
        ("Lifting the shopping", 4),
        ("Putting on socks", 5),
    ]
    page = alice_client.get(reverse("plans:baseline", args=[back_plan.anamnesis.pk]))
    assert "mean 4" in page.content.decode()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({f"{PSFS}-2-name": "", f"{PSFS}-2-baseline": ""}, "3 to 5 activities; you gave 2."),
        ({f"{PSFS}-1-baseline": ""}, "Rate this activity from 0 to 10."),
        ({f"{PSFS}-1-baseline": "11"}, "less than or equal to 10"),
        ({f"{PSFS}-0-name": ""}, "Name the activity you rated."),
        (
            {f"{PSFS}-TOTAL_FORMS": "6", f"{PSFS}-5-name": "Run", f"{PSFS}-5-baseline": "2"},
            "at most 5",
        ),
    ],
)
def test_psfs_form_refuses_incomplete_scales(alice_client, back_plan, extra, message):
    response = baseline(alice_client, back_plan.anamnesis, **extra)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PsfsActivity.objects.exists()


def test_the_psfs_rows_show_the_stored_activities_in_order_and_change_with_them(
    alice_client, back_plan
):
    anamnesis = back_plan.anamnesis
    baseline(alice_client, anamnesis, rows=[*ACTIVITIES, ("Climbing stairs", "6")])
    stored = list(anamnesis.psfs_activities.all())
    assert [a.position for a in stored] == [0, 1, 2, 3]
    page = alice_client.get(reverse("plans:baseline", args=[anamnesis.pk])).content.decode()
    names = [page.index(f'value="{name}"') for name, _rating in ACTIVITIES]
    assert names == sorted(names)
    assert f'name="{PSFS}-INITIAL_FORMS" value="4"' in page
    assert re.search(rf'for="id_{PSFS}-0-name" class="[^"]*visually-hidden">\s*Activity 1', page)
    # Rate one anew, clear the second row; the empty rows are ignored.
    rows = [(a.pk, a.name, str(a.baseline)) for a in stored]
    rows[0] = (stored[0].pk, stored[0].name, "7")
    rows[1] = (stored[1].pk, "", "")
    response = alice_client.post(
        reverse("plans:baseline", args=[anamnesis.pk]), psfs_data(rows, initial=4)
    )
    assert response.status_code == 302
    assert [(a.name, a.baseline) for a in anamnesis.psfs_activities.all()] == [
        ("Sitting at the desk for an hour", 7),
        ("Putting on socks", 5),
        ("Climbing stairs", 6),
    ]


def test_a_stale_psfs_page_is_refused_with_a_word(alice_client, back_plan):
    anamnesis = back_plan.anamnesis
    baseline(alice_client, anamnesis)
    rows = [(a.pk, a.name, "2") for a in anamnesis.psfs_activities.all()]
    alice_client.post(reverse("plans:baseline", args=[anamnesis.pk]), psfs_data(rows, 3))
    response = alice_client.post(reverse("plans:baseline", args=[anamnesis.pk]), psfs_data(rows, 3))
    assert response.status_code == 422
    assert "changed meanwhile" in response.content.decode()


@pytest.mark.parametrize(
    "total, psychosocial, risk",
    [("2", "1", "low"), ("3", "3", "low"), ("5", "3", "medium"), ("6", "4", "high")],
)
def test_startback_scores_give_the_risk_band_and_the_notice(
    alice_client, back_plan, total, psychosocial, risk
):
    response = baseline(
        alice_client,
        back_plan.anamnesis,
        startback_total=total,
        startback_psychosocial=psychosocial,
    )
    assert response.status_code == 302
    stored = OutcomeBaseline.objects.get(anamnesis=back_plan.anamnesis)
    assert stored.startback.risk == risk
    plan_page = alice_client.get(back_plan.get_absolute_url()).content.decode()
    assert "STarT Back" in plan_page and f"{risk} risk" in plan_page
    assert "© Keele University" in plan_page
    client_page = alice_client.get(back_plan.anamnesis.client.get_absolute_url()).content.decode()
    assert f"{risk} risk" in client_page


def test_startback_needs_consistent_scores(alice_client, back_plan):
    response = baseline(
        alice_client, back_plan.anamnesis, startback_total="2", startback_psychosocial="4"
    )
    assert response.status_code == 422
    assert "cannot exceed the total" in response.content.decode()
    response = baseline(alice_client, back_plan.anamnesis, startback_total="2")
    assert "Give both STarT Back scores, or neither." in response.content.decode()


def test_startback_is_only_offered_for_low_back_complaints(alice_client, final_plan_record, alice):
    page = alice_client.get(reverse("plans:baseline", args=[final_plan_record.anamnesis.pk]))
    assert "startback_total" not in page.content.decode()
    with pytest.raises(SessionInvalid):
        services.baseline_record(
            anamnesis=final_plan_record.anamnesis,
            by=alice,
            activities=[],
            startback_total=3,
            startback_psychosocial=1,
        )


def test_the_session_form_asks_for_the_reassessment_when_due(alice_client, back_plan, alice):
    baseline(alice_client, back_plan.anamnesis)
    bulk_sessions(back_plan, alice, 3)
    url = reverse("plans:session_new", args=[back_plan.pk])
    page = alice_client.get(url).content.decode()
    assert "Session 4 of 10" in page
    assert "This is a reassessment session" in page
    assert "Putting on socks" in page
    response = alice_client.post(url, post_data())
    assert response.status_code == 422  # the reassessment is required
    assert not Reassessment.objects.exists()


def reassess(alice_client, plan, pain, ratings):
    activities = list(plan.anamnesis.psfs_activities.all())
    extra = {"reassess_pain": str(pain)}
    extra.update({f"psfs_{a.pk}": str(r) for a, r in zip(activities, ratings, strict=True)})
    return alice_client.post(
        reverse("plans:session_new", args=[plan.pk]), post_data(**extra), follow=True
    )


def test_an_important_change_shows_as_improved(alice_client, back_plan, alice):
    baseline(alice_client, back_plan.anamnesis)  # PSFS mean 4; pain at intake 4
    bulk_sessions(back_plan, alice, 3)
    response = reassess(alice_client, back_plan, pain=2, ratings=[6, 7, 6])
    r = Reassessment.objects.get()
    assert (r.pain_verdict, r.psfs_verdict, r.verdict) == ("improved", "improved", "improved")
    assert r.psfs_baseline_mean == 4 and r.psfs_now_mean == 6.33
    assert "review the plan" not in response.content.decode()


def test_no_important_change_suggests_reviewing_the_plan_or_referring(
    alice_client, back_plan, alice
):
    baseline(alice_client, back_plan.anamnesis)
    bulk_sessions(back_plan, alice, 3)
    response = reassess(alice_client, back_plan, pain=4, ratings=[4, 4, 5])
    r = Reassessment.objects.get()
    assert (r.pain_verdict, r.psfs_verdict, r.verdict) == ("unchanged", "unchanged", "unchanged")
    page = response.content.decode()
    assert "review the plan or refer the client to a physician" in page
    dashboard = alice_client.get("/").content.decode()
    assert "not improving: review the plan or refer" in dashboard


def test_worse_pain_is_worse_even_when_function_improved(back_plan, alice):
    anamnesis = back_plan.anamnesis
    services.baseline_record(
        anamnesis=anamnesis, by=alice, activities=[("a", 2), ("b", 2), ("c", 2)]
    )
    bulk_sessions(back_plan, alice, 3)
    ids = [a.pk for a in anamnesis.psfs_activities.all()]
    session = record(
        back_plan, alice, reassessment={"pain_now": 7, "ratings": dict.fromkeys(ids, 6)}
    )
    assert session.reassessment.verdict == "worse"


def test_thirty_percent_of_a_high_baseline_counts_as_improved():
    assert outcomes.pain_change(9, 7) == "improved"  # 2 points
    assert outcomes.pain_change(3, 2) == "improved"  # 33 %
    assert outcomes.pain_change(8, 7) == "unchanged"
    assert outcomes.overall_change("unchanged", "") == "unchanged"
    assert outcomes.overall_change("", "improved") == "improved"
    assert outcomes.overall_change("improved", "worse") == "worse"


def test_activities_stay_fixed_once_a_reassessment_compared_against_them(back_plan, alice):
    anamnesis = back_plan.anamnesis
    services.baseline_record(
        anamnesis=anamnesis, by=alice, activities=[("a", 2), ("b", 2), ("c", 2)]
    )
    bulk_sessions(back_plan, alice, 3)
    ids = [a.pk for a in anamnesis.psfs_activities.all()]
    record(back_plan, alice, reassessment={"pain_now": 3, "ratings": dict.fromkeys(ids, 5)})
    with pytest.raises(SessionInvalid):
        services.baseline_record(
            anamnesis=anamnesis, by=alice, activities=[("x", 1), ("y", 1), ("z", 1)]
        )
