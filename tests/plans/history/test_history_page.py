"""The client's history page: timeline, pain chart data, before-this-visit, speed, scoping."""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anamnesis.models import Anamnesis
from plans import services
from plans.history.client_history import ClientHistory
from tests.pdf import pdf_text
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.plan_fixtures import (
    ACUTE_NECK,
    CHRONIC_BACK,
    RED_FLAG,
    completed_anamnesis,
    plan_from,
    with_measures,
)

pytestmark = pytest.mark.django_db


def at(day):
    """9:00 on `day`: when an intake was taken (given when it is stored; a finalized plan's
    anamnesis is never rewritten afterwards)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def finalized(client, by, doc, day):
    """A plan from an intake taken on `day`, finalized."""
    return services.plan_finalize(plan=plan_from(client, by, doc, taken_at=at(day)), by=by)


@pytest.fixture
def episode(client_record, alice):
    """Intake on 1 Mar 2026 (pain 4, worst 7), plan finalized, three sessions in March."""
    plan = finalized(client_record, alice, CHRONIC_BACK, datetime.date(2026, 3, 1))
    bulk_sessions(plan, alice, 3, start=datetime.date(2026, 3, 5), pain=6)
    return plan


def test_the_chart_reads_intakes_and_sessions_and_marks_intakes_and_plan_starts(episode):
    history = ClientHistory(episode.anamnesis.client)
    readings = sorted(history.chart_readings(), key=lambda r: r.sort_key)
    assert [(r.day, r.kind, r.before, r.after, r.worst) for r in readings] == [
        (datetime.date(2026, 3, 1), "intake", 4, None, 7),
        (datetime.date(2026, 3, 5), "session", 6, 5, None),
        (datetime.date(2026, 3, 12), "session", 6, 5, None),
        (datetime.date(2026, 3, 19), "session", 6, 5, None),
    ]
    kinds = sorted(m.kind for m in history.chart_markers())
    assert kinds == ["intake", "plan"]
    chart = history.chart()
    assert len(chart.before_points) == 4 and len(chart.after_points) == 3
    assert len(chart.worst_points) == 1


def test_recording_a_session_moves_the_chart(alice_client, episode, alice):
    client = episode.anamnesis.client
    before = alice_client.get(client.get_absolute_url()).context["chart"]
    record(
        episode,
        alice,
        date=datetime.date(2026, 3, 26),
        pain_before=2,
        pain_after=1,
        reassessment={"pain_now": 2},
    )
    after = alice_client.get(client.get_absolute_url()).context["chart"]
    assert len(after.before_points) == len(before.before_points) + 1
    assert after.before_points[-1][2] == 2 and after.after_points[-1][2] == 1


def test_two_sessions_on_one_day_get_two_places_on_the_chart(alice_client, episode, alice):
    day = datetime.date(2026, 3, 26)
    record(episode, alice, date=day, pain_before=5, pain_after=3, reassessment={"pain_now": 5})
    record(episode, alice, date=day, pain_before=4, pain_after=2)
    chart = alice_client.get(episode.anamnesis.client.get_absolute_url()).context["chart"]
    same_day = [(x, r.before, r.after) for x, r in chart.slots if r.day == day]
    assert [(before, after) for _x, before, after in same_day] == [(5, 3), (4, 2)]
    assert same_day[0][0] < same_day[1][0]


def test_the_page_draws_the_chart_as_svg_without_inline_styles(alice_client, episode):
    page = alice_client.get(episode.anamnesis.client.get_absolute_url()).content.decode()
    assert '<svg class="pain-chart"' in page
    assert 'class="line line-before"' in page and 'class="line line-after"' in page
    assert page.count('class="point point-worst"') == 1  # the intake's worst, no line
    assert "line-worst" not in page
    assert "marker-intake" in page and "marker-plan" in page
    assert "Pain before the session (at intake: now)" in page and "Pain after the session" in page
    assert "style=" not in page and "<style" not in page
    assert "css/pain-chart.css" in page


def test_the_chart_has_its_ratings_as_a_table(alice_client, episode):
    page = alice_client.get(episode.anamnesis.client.get_absolute_url()).content.decode()
    table = page.split('id="pain-chart-table"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == 4  # the intake and three sessions, newest first
    assert "Session 3 of 10" in rows[0] and ">6<" in rows[0] and ">5<" in rows[0]
    assert "Intake" in rows[-1] and ">4<" in rows[-1] and ">7<" in rows[-1]


def test_the_timeline_lists_everything_newest_first_and_filters_by_kind(
    alice_client, episode, alice
):
    client = episode.anamnesis.client
    record(episode, alice, date=datetime.date(2026, 3, 26), reassessment={"pain_now": 2})
    referral = plan_from(client, alice, RED_FLAG)
    timeline = alice_client.get(client.get_absolute_url()).context["timeline"]
    kinds = [e.kind for e in timeline]
    assert set(kinds) == {"anamnesis", "plan", "session", "reassessment", "referral"}
    days = [e.day for e in timeline]
    assert days == sorted(days, reverse=True)
    assert referral.get_absolute_url() in {e.url for e in timeline}
    for kind in ("anamnesis", "plan", "session", "reassessment", "referral"):
        response = alice_client.get(client.get_absolute_url(), {"kind": kind})
        entries = response.context["timeline"]
        assert entries and {e.kind for e in entries} == {kind}
    sessions = alice_client.get(client.get_absolute_url(), {"kind": "session"})
    page = sessions.content.decode()
    assert "Session 4 of 10" in page and 'aria-current="true"' in page
    unfiltered = alice_client.get(client.get_absolute_url(), {"kind": "bogus"})
    assert len(unfiltered.context["timeline"]) == len(timeline)


def test_before_this_visit_shows_the_last_session_progress_and_warnings(
    alice_client, episode, alice
):
    record(
        episode,
        alice,
        date=datetime.date(2026, 3, 26),
        pain_before=3,
        pain_after=2,
        subjective="Slept better.",
        next_steps="Start hip hinge exercise.",
        reassessment={"pain_now": 4},
    )
    page = alice_client.get(episode.anamnesis.client.get_absolute_url()).content.decode()
    assert "Before this visit" in page
    assert "Session 4 of 10 done" in page
    assert "Slept better." in page and "Start hip hinge exercise." in page
    assert "pain 3 before" in page
    # pain 4 at intake, 4 now: not improved, so the page says to review or refer
    assert "review the plan or refer the client to a physician" in page
    assert "Record session 5" in page


def test_red_flags_and_due_reassessment_are_open_warnings(client_record, alice):
    plan = services.plan_finalize(plan=plan_from(client_record, alice, ACUTE_NECK), by=alice)
    record(plan, alice)
    history = ClientHistory(client_record)
    texts = [str(text) for _level, text in history.warnings]
    assert "Reassessment due at the next session (session 2)." in texts
    anamnesis = completed_anamnesis(client_record, alice)
    Anamnesis.objects.filter(pk=anamnesis.pk).update(red_flags=["fever_or_infection"])
    texts = [str(text) for _level, text in ClientHistory(client_record).warnings]
    assert "Red flag: Fever or a current infection" in texts


def long_history(client, by, sessions):
    """Two intakes and two plans over two years, `sessions` sessions in all."""
    measured = with_measures(CHRONIC_BACK, [("a", 3), ("b", 4), ("c", 5)])
    first = finalized(client, by, measured, datetime.date(2024, 1, 2))
    second = finalized(client, by, CHRONIC_BACK, datetime.date(2025, 1, 6))
    half = sessions // 2
    bulk_sessions(first, by, half, start=datetime.date(2024, 1, 8))
    bulk_sessions(second, by, sessions - half, start=datetime.date(2025, 1, 13))
    return second


PAGES = [
    lambda c: reverse("plans:client_detail", args=[c.pk]),
    lambda c: reverse("plans:client_detail", args=[c.pk]) + "?kind=session",
    lambda c: reverse("plans:client_compare", args=[c.pk]),
    lambda c: reverse("plans:dashboard"),
]


@pytest.mark.parametrize("page", PAGES, ids=["history", "filtered", "compare", "dashboard"])
def test_queries_do_not_grow_with_the_history(
    alice_client, client_record, alice, django_assert_max_num_queries, page
):
    long_history(client_record, alice, 4)
    url = page(client_record)
    with django_assert_max_num_queries(30) as few:
        assert alice_client.get(url).status_code == 200
    plan = client_record.anamneses.first().plans.first()
    bulk_sessions(plan, alice, 96, start=datetime.date(2025, 3, 1), every_days=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert alice_client.get(url).status_code == 200


def test_the_long_history_page_shows_it_all_in_few_queries(
    alice_client, client_record, alice, django_assert_max_num_queries
):
    # Counted in queries, which do not depend on the machine's load; the page's time is a
    # figure of `make bench` (history.client_page_ms), not an assertion here.
    long_history(client_record, alice, 100)
    with django_assert_max_num_queries(20):
        response = alice_client.get(client_record.get_absolute_url())
    assert response.status_code == 200
    assert response.context["timeline_total"] > 100


def test_the_progress_report_summarises_the_episode(alice_client, client_record, alice):
    measured = with_measures(
        CHRONIC_BACK,
        [("Sitting an hour", 3), ("Lifting shopping", 4), ("Putting on socks", 5)],
        start_back=(5, 2),
    )
    episode = finalized(client_record, alice, measured, datetime.date(2026, 3, 1))
    bulk_sessions(episode, alice, 3, start=datetime.date(2026, 3, 5), pain=6)
    ids = {a.pk: 7 for a in episode.anamnesis.psfs_activities.all()}
    record(
        episode,
        alice,
        date=datetime.date(2026, 3, 26),
        pain_before=2,
        reassessment={"pain_now": 2, "ratings": ids},
    )
    response = alice_client.get(
        reverse("plans:client_progress_pdf", args=[episode.anamnesis.client.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Progress report" in text
    assert "Clara Client" in text and "Alice's Practice" in text
    assert "Baseline and now" in text
    assert "4 sessions recorded" in text
    assert f"session 4 of {episode.planned_sessions}" in text
    assert "Latest reassessment" in text and "improved" in text
    assert "PSFS mean 4 → 7" in text
    assert "medium risk" in text and "Keele University" in text
    assert "Pain over time" in text
    assert "Petrissage" in text  # the sessions and the current plan
    assert f"{episode.planned_sessions} sessions of 60 minutes each" in text


def test_mallory_gets_404_on_every_url(mallory_client, episode, alice):
    session = record(episode, alice, date=datetime.date(2026, 3, 26), reassessment={"pain_now": 3})
    client = episode.anamnesis.client
    urls = [
        reverse("plans:client_detail", args=[client.pk]),
        reverse("plans:client_compare", args=[client.pk]),
        reverse("plans:client_progress_pdf", args=[client.pk]),
        reverse("plans:session_new", args=[episode.pk]),
        reverse("plans:session_detail", args=[session.pk]),
        reverse("plans:session_edit", args=[session.pk]),
    ]
    for url in urls:
        assert mallory_client.get(url).status_code == 404, url
    for url in [*urls[3:], reverse("plans:session_addendum", args=[session.pk])]:
        assert mallory_client.post(url, {"text": "x"}).status_code == 404, url
    assert not session.addenda.exists()
    dashboard = mallory_client.get("/").content.decode()
    assert "Client" not in dashboard.split("Recent clients")[1]


def test_hostile_text_in_the_progress_report_stays_text_and_is_never_fetched(episode, alice):
    from plans.document.render import AssetFetcher
    from plans.history.report import progress_context, render_progress_html, render_progress_pdf

    client = episode.anamnesis.client
    client.first_name = '<img src="file:///etc/passwd">'
    client.referring_physician = '<iframe src="http://evil.example/"></iframe>'
    client.save()
    html = render_progress_html(progress_context(ClientHistory(client), by=alice))
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "<iframe" not in html and '<img src="file' not in html

    asked = []

    class Recording(AssetFetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            return super().fetch(url, headers)

    pdf = render_progress_pdf(
        progress_context(ClientHistory(client), by=alice), fetcher=Recording()
    )
    assert pdf.startswith(b"%PDF")
    assert not [url for url in asked if "passwd" in url or "evil" in url]


def test_a_client_without_history_still_gets_a_page_and_a_report(alice_client, client_record):
    page = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert "No finalized plan." in page and "No session recorded yet." in page
    assert "No pain ratings yet" in page
    response = alice_client.get(reverse("plans:client_progress_pdf", args=[client_record.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_timeline_never_prints_none_for_a_pain_not_recorded(alice_client, client_record, alice):
    doc = copy.deepcopy(ACUTE_NECK)
    doc["complaint"]["intensity"] = {"now": 4}  # the worst pain was not asked
    completed_anamnesis(client_record, alice, doc)
    page = alice_client.get(client_record.get_absolute_url())
    intake = next(e for e in page.context["timeline"] if e.kind == "anamnesis")
    assert "pain 4 now" in intake.detail and "at worst" not in intake.detail
    assert "None" not in page.content.decode()
