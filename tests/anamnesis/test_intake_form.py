"""The intake form: validation at the field, nothing dropped, the course, the red-flag gate."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from anamnesis.forms import AnamnesisForm, regions_to_values, values_to_regions
from anamnesis.models import Anamnesis
from anamnesis.services import AnamnesisIncomplete, anamnesis_complete
from tests.anamnesis.helpers import intake_data
from tests.factories import AnamnesisFactory, ClientFactory


def new_url(client):
    return reverse("anamnesis:new", args=[client.pk])


def test_new_intake_page_shows_every_section_in_working_order(alice_client, client_record):
    response = alice_client.get(new_url(client_record))
    html = response.content.decode()
    assert response.status_code == 200
    order = [
        "section-complaint",
        "section-lifestyle",
        "section-history",
        "section-red-flags",
        "section-cautions",
        "section-examination",
    ]
    positions = [html.index(f'id="{section}"') for section in order]
    assert positions == sorted(positions)
    assert 'name="regions" value="neck:left"' in html  # the region checkboxes
    assert 'data-region-value="neck:left"' in html  # and the body chart that mirrors them
    assert 'data-acute-below="42"' in html
    assert 'data-chronic-above="90"' in html
    assert "style=" not in html
    assert "<script>" not in html
    assert " onclick=" not in html


def test_saving_a_complete_intake_stores_every_field(alice_client, client_record, alice):
    data = intake_data(
        regions=["neck:left", "neck:right", "upper_back:central"],
        **{
            "injuries-0-kind": "surgery",
            "injuries-0-region": "shoulder",
            "injuries-0-years_ago": "4",
            "injuries-0-note": "arthroscopy",
        },
    )
    response = alice_client.post(new_url(client_record), data)
    anamnesis = Anamnesis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == anamnesis.get_absolute_url() + "#created"
    assert anamnesis.taken_by == alice
    assert anamnesis.status == Anamnesis.Status.DRAFT
    assert list(anamnesis.regions.values_list("region", "side")) == [
        ("neck", "both"),
        ("upper_back", "central"),
    ]
    assert anamnesis.course == "acute"
    assert anamnesis.pain_now == 5
    assert anamnesis.desk_hours_per_day == 8
    assert anamnesis.red_flags == []
    assert anamnesis.red_flag_screening_done
    injury = anamnesis.prior_injuries.get()
    assert (injury.kind, injury.region, injury.years_ago, injury.note) == (
        "surgery",
        "shoulder",
        4,
        "arthroscopy",
    )
    test = anamnesis.side_comparisons.get()
    assert test.difference == 35
    assert anamnesis.trigger_points.get().muscle == "upper trapezius"


def test_errors_show_at_the_field_and_keep_what_was_entered(alice_client, client_record):
    data = intake_data(
        pain_now="11",
        pain_worst="3",
        complaint_notes="woke up with it",
        **{"comparisons-0-test": "", "injuries-0-note": "a note without a kind"},
    )
    response = alice_client.post(new_url(client_record), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing you entered was lost." in html
    assert "Ensure this value is less than or equal to 10." in html
    assert "Name the test." in html
    assert "Accident, injury or surgery?" in html
    # What was typed is still in the form, wrong values included.
    assert 'name="pain_now" value="11"' in html
    assert "woke up with it</textarea>" in html
    assert 'value="a note without a kind"' in html
    # And it is stored: the draft exists, with the raw entry kept for the next visit.
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.complaint_notes == "woke up with it"
    assert anamnesis.draft_snapshot["pain_now"] == ["11"]
    edit = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert 'name="pain_now" value="11"' in edit
    assert 'value="a note without a kind"' in edit


def test_worst_pain_below_pain_now_is_refused_at_the_field(db):
    form = AnamnesisForm(intake_data(pain_now="6", pain_worst="2"), instance=Anamnesis())
    assert not form.is_valid()
    assert form.errors["pain_worst"] == ["The pain at worst cannot be lower than the pain now."]


def test_onset_in_the_future_is_refused(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = AnamnesisForm(intake_data(onset_date=tomorrow.isoformat()), instance=Anamnesis())
    assert not form.is_valid()
    assert "onset_date" in form.errors


@pytest.mark.parametrize(
    ("days", "course"),
    [(0, "acute"), (41, "acute"), (42, "subacute"), (90, "subacute"), (91, "chronic")],
)
def test_course_is_derived_from_the_days_since_onset(alice_client, client_record, days, course):
    alice_client.post(new_url(client_record), intake_data(duration_days=str(days)))
    anamnesis = Anamnesis.objects.get()
    assert (anamnesis.course, anamnesis.course_overridden) == (course, False)


def test_course_is_derived_from_the_onset_date(alice_client, client_record):
    onset = timezone.localdate() - datetime.timedelta(days=100)
    alice_client.post(
        new_url(client_record), intake_data(onset_date=onset.isoformat(), duration_days="")
    )
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.duration_days == 100
    assert anamnesis.course == "chronic"


def test_therapist_can_override_the_course(alice_client, client_record):
    data = intake_data(duration_days="10", course_overridden="on", course="chronic")
    alice_client.post(new_url(client_record), data)
    anamnesis = Anamnesis.objects.get()
    assert (anamnesis.course, anamnesis.course_overridden) == ("chronic", True)
    # Clearing the override derives it again.
    alice_client.post(
        reverse("anamnesis:edit", args=[anamnesis.pk]), intake_data(duration_days="10")
    )
    anamnesis.refresh_from_db()
    assert (anamnesis.course, anamnesis.course_overridden) == ("acute", False)


def test_override_without_a_course_is_refused(db):
    form = AnamnesisForm(intake_data(course_overridden="on", course=""), instance=Anamnesis())
    assert not form.is_valid()
    assert "course" in form.errors


def test_completion_waits_for_every_red_flag_answer(alice_client, client_record):
    data = intake_data(red_flag_fever_or_infection=None, red_flag_cancer_history=None)
    alice_client.post(new_url(client_record), data)
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.unanswered_red_flags == ["fever_or_infection", "cancer_history"]
    with pytest.raises(AnamnesisIncomplete) as raised:
        anamnesis_complete(anamnesis=anamnesis)
    assert set(raised.value.problems) == {
        "red_flag_fever_or_infection",
        "red_flag_cancer_history",
    }
    # Through the form: refused, with the answer asked for at each question, nothing dropped.
    response = alice_client.post(
        reverse("anamnesis:complete", args=[anamnesis.pk]),
        {**data, "stress": "9"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Answer yes or no.") == 2
    anamnesis.refresh_from_db()
    assert anamnesis.status == Anamnesis.Status.DRAFT
    assert anamnesis.stress == 9
    # Answered: it completes.
    response = alice_client.post(reverse("anamnesis:complete", args=[anamnesis.pk]), intake_data())
    assert response.status_code == 302
    anamnesis.refresh_from_db()
    assert anamnesis.status == Anamnesis.Status.COMPLETED


def test_completion_names_what_is_missing(alice_client, client_record):
    data = intake_data(regions=None, pain_character=None, pain_now=None, pain_worst=None)
    alice_client.post(new_url(client_record), data)
    anamnesis = Anamnesis.objects.get()
    response = alice_client.post(reverse("anamnesis:complete", args=[anamnesis.pk]), data)
    html = response.content.decode()
    assert "Mark at least one region on the body chart." in html
    assert "Choose at least one pain character." in html
    assert "Rate the pain now (0-10)." in html


def test_a_red_flag_shows_the_referral_banner(alice_client, client_record):
    data = intake_data(red_flag_unrelenting_night_pain="yes")
    alice_client.post(new_url(client_record), data)
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.red_flags == ["unrelenting_night_pain"]
    edit = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert "Red flag: refer, do not treat" in edit
    assert "data-red-flag-banner hidden" not in edit
    read = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    assert 'id="referral-banner"' in read
    assert "Night pain that changing position does not ease" in read


def test_no_red_flag_keeps_the_banner_hidden(alice_client, client_record):
    edit = alice_client.get(new_url(client_record)).content.decode()
    assert "data-red-flag-banner hidden" in edit


def test_consent_gate_links_to_recording_consent(alice_client, practice):
    client = ClientFactory(practice=practice)
    url = new_url(client)
    response = alice_client.get(url)
    assert response.status_code == 403
    assert reverse("clinic:consent_given", args=[client.pk]) in response.content.decode()
    assert alice_client.post(url, intake_data()).status_code == 403
    assert not Anamnesis.objects.exists()


def test_client_page_lists_anamneses_and_offers_a_new_one(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(client=client_record, taken_by=alice)
    html = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert anamnesis.get_absolute_url() in html
    assert new_url(client_record) in html


def test_regions_survive_the_checkbox_round_trip():
    rows = [
        {"region": "neck", "side": "both"},
        {"region": "mid_back", "side": "central"},
        {"region": "shoulder", "side": "left"},
    ]
    assert sorted(values_to_regions(regions_to_values(rows)), key=str) == sorted(rows, key=str)


def test_edit_shows_what_was_stored(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(
        client=client_record, taken_by=alice, regions=[("lower_back", "both")]
    )
    html = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert 'value="lower_back:left" id="id_regions_lower_back_left" checked' in html
    assert 'value="lower_back:right" id="id_regions_lower_back_right" checked' in html
    ticked_on_chart = r'class="chart-region is-on" d="[^"]*" data-region-value="lower_back:left"'
    assert re.search(ticked_on_chart, html)


def test_the_v2_questions_sit_where_the_therapist_works(alice_client, client_record):
    html = alice_client.get(new_url(client_record)).content.decode()
    complaint = html[html.index('id="section-complaint"') : html.index('id="section-lifestyle"')]
    lifestyle = html[html.index('id="section-lifestyle"') : html.index('id="section-history"')]
    measures = html[html.index('id="section-measures"') : html.index('id="section-examination"')]
    examination = html[html.index('id="section-examination"') :]
    assert 'name="aggravating"' in complaint and 'name="easing"' in complaint
    assert 'name="goals"' in lifestyle and 'name="sleep"' in lifestyle
    assert '<fieldset id="section-neuro">' in examination
    assert '<legend><h3 class="legend-heading">Neurological findings</h3></legend>' in examination
    for name in ("straight_leg_raise", "reflexes", "dermatomal_sensory_loss", "myotomal_weakness"):
        assert f'name="{name}"' in examination
        assert f'for="id_{name}" class="form-label"' in examination
    assert "Neck Disability Index questionnaire" in measures
    assert "Oswestry Disability Index questionnaire" in measures
    # Every new control is labelled and tied to its help text.
    assert 'aria-describedby="id_goals_helptext"' in html
    assert "style=" not in html


@pytest.mark.parametrize(
    ("regions", "ndi_shown", "odi_shown"),
    [
        (["neck:right"], True, False),
        (["lower_back:central"], False, True),
        (["shoulder:left"], False, False),
    ],
)
def test_ndi_shows_for_a_neck_and_odi_for_a_low_back_complaint(
    alice_client, client_record, alice, regions, ndi_shown, odi_shown
):
    alice_client.post(new_url(client_record), intake_data(regions=regions))
    anamnesis = Anamnesis.objects.get()
    html = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    ndi = '<div class="col-sm-6 col-lg-3" data-score-for="neck">'
    odi = '<div class="col-sm-6 col-lg-3" data-score-for="lower_back sacrum_buttock">'
    assert (ndi in html) is ndi_shown
    assert (odi in html) is odi_shown
    assert 'name="ndi"' in html and 'name="odi"' in html  # hidden, not left out
    assert ('<div id="section-scores" data-scores class="d-none">' in html) is not (
        ndi_shown or odi_shown
    )


def test_the_v2_answers_are_stored(alice_client, client_record):
    data = intake_data(
        regions=["lower_back:left"],
        aggravating="  Sitting for long  ",
        easing="",
        goals="Play with my grandchildren\n\n  Sit through a film  \n",
        sleep="poor",
        straight_leg_raise="positive_left",
        reflexes="",
        dermatomal_sensory_loss="no",
        myotomal_weakness="",
        odi="42",
    )
    response = alice_client.post(new_url(client_record), data)
    assert response.status_code == 302
    anamnesis = Anamnesis.objects.get()
    assert anamnesis.aggravating == "Sitting for long"
    assert anamnesis.easing is None
    assert anamnesis.goals == ["Play with my grandchildren", "Sit through a film"]
    assert anamnesis.sleep == "poor"
    assert anamnesis.straight_leg_raise == "positive_left"
    assert anamnesis.reflexes == ""
    assert anamnesis.dermatomal_sensory_loss is False
    assert anamnesis.myotomal_weakness is None
    assert anamnesis.odi == 42
    assert anamnesis.ndi is None
    html = alice_client.get(reverse("anamnesis:edit", args=[anamnesis.pk])).content.decode()
    assert "Play with my grandchildren\nSit through a film</textarea>" in html
    assert '<option value="positive_left" selected>' in html
    assert '<option value="" selected>not examined</option>' in html


@pytest.mark.parametrize(("name", "value"), [("ndi", "51"), ("odi", "101"), ("ndi", "-1")])
def test_scores_outside_their_range_are_refused_at_the_field(db, name, value):
    form = AnamnesisForm(intake_data(**{name: value}))
    assert not form.is_valid()
    assert name in form.errors


def test_the_read_view_shows_the_v2_answers(alice_client, client_record, alice):
    anamnesis = AnamnesisFactory(
        client=client_record,
        taken_by=alice,
        aggravating="Bending forward",
        easing="Warmth",
        goals=["Garden again", "Sleep through"],
        sleep="fair",
        straight_leg_raise="negative",
        reflexes="reduced",
        myotomal_weakness=True,
        ndi=18,
        odi=30,
    )
    html = alice_client.get(anamnesis.get_absolute_url()).content.decode()
    assert "Bending forward" in html and "Warmth" in html
    assert "<li>Garden again</li><li>Sleep through</li>" in html
    assert "sleeps fairly" in html
    neuro = html[html.index('id="read-neuro"') :]
    assert "negative" in neuro and "reduced" in neuro
    assert "not examined" in neuro  # dermatomal sensory loss
    assert "18 / 50" in html
    assert "30 %" in html
