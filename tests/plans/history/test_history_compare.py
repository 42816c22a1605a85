"""Two anamneses of a client side by side, the changes highlighted."""

import copy

import pytest
from django.urls import reverse

from plans.history.compare import changed_count, compare_contracts
from tests.plans.plan_fixtures import ACUTE_NECK, completed_anamnesis

pytestmark = pytest.mark.django_db


def later_version():
    doc = copy.deepcopy(ACUTE_NECK)
    doc["complaint"]["intensity"] = {"now": 2, "worst": 4}
    doc["complaint"]["regions"].append({"region": "shoulder", "side": "left"})
    doc["cautions"] = ["osteoporosis"]
    return doc


def rows(sections):
    return {row["path"]: row for section in sections for row in section["rows"]}


def test_the_comparison_labels_each_field_and_marks_what_changed():
    sections = compare_contracts(copy.deepcopy(ACUTE_NECK), later_version())
    by_path = rows(sections)
    pain = by_path["complaint.intensity.now"]
    assert str(pain["label"]) == "Pain now"
    assert pain["changed"]
    assert pain["b"] == ["2"]
    regions = by_path["complaint.regions"]
    assert regions["changed"] and "Shoulder (left)" in regions["b"]
    assert by_path["cautions"]["a"] == [] and by_path["cautions"]["b"] == ["Osteoporosis"]
    assert not by_path["complaint.suspected"]["changed"]
    assert changed_count(sections) == 4


def test_the_same_document_has_no_changes():
    assert changed_count(compare_contracts(ACUTE_NECK, copy.deepcopy(ACUTE_NECK))) == 0


def test_the_compare_page_highlights_changes(alice_client, client_record, alice):
    first = completed_anamnesis(client_record, alice)
    second = completed_anamnesis(client_record, alice, later_version())
    url = reverse("plans:client_compare", args=[client_record.pk])
    response = alice_client.get(url, {"a": first.pk, "b": second.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 fields changed, highlighted." in page
    assert page.count('class="changed"') == 4
    assert "Osteoporosis" in page and "Shoulder (left)" in page
    # without a choice, the newest is compared with the one before it
    default = alice_client.get(url)
    assert (default.context["a"], default.context["b"]) == (first, second)
    history = alice_client.get(client_record.get_absolute_url()).content.decode()
    assert "Compare two anamneses" in history


def test_another_practices_anamnesis_is_never_compared(alice_client, client_record, alice, mallory):
    from tests.factories import ClientFactory

    theirs = ClientFactory(
        practice=mallory.membership.practice, consent_date="2026-01-01", consent_recorded_by=mallory
    )
    foreign = completed_anamnesis(theirs, mallory)
    mine = completed_anamnesis(client_record, alice)
    response = alice_client.get(
        reverse("plans:client_compare", args=[client_record.pk]), {"a": foreign.pk, "b": mine.pk}
    )
    assert response.context["a"] is None
    assert response.context["sections"] == []
