"""The client's plan reads naturally for a lay reader: classic massage is one item with its
strokes, each reason fits its item and region, and the texts name the client's own body part."""

import datetime
import re

import pytest
from django.utils import timezone

from plans.document.render import plan_document_context, render_plan_html
from plans.engine import draft_plan
from tests.plans.plan_fixtures import ACUTE_NECK, CHRONIC_BACK


def context_of(doc, **kwargs):
    return plan_document_context(draft_plan(doc), anamnesis=doc, **kwargs)


def test_classic_massage_is_one_item_that_names_its_strokes():
    context = context_of(CHRONIC_BACK)
    codes = [t["code"] for t in context["techniques"]]
    assert "classic_massage" in codes
    assert not {"effleurage", "petrissage"} & set(codes)
    classic = next(t for t in context["techniques"] if t["code"] == "classic_massage")
    assert [s["code"] for s in classic["strokes"]]
    html = render_plan_html(context)
    assert html.count("Effleurage (gliding strokes)") == 1
    assert 'class="strokes"' in html


def test_a_stroke_without_classic_massage_stays_its_own_item():
    plan = draft_plan(CHRONIC_BACK)
    plan["techniques"] = [t for t in plan["techniques"] if t["code"] != "classic_massage"]
    context = plan_document_context(plan, anamnesis=CHRONIC_BACK)
    assert "effleurage" in [t["code"] for t in context["techniques"]]


def test_the_reason_for_sparing_the_spine_says_where_we_work():
    context = context_of(CHRONIC_BACK)
    spine = next(a for a in context["avoid"] if a["code"] == "pressure_on_spine")
    assert "this is where your pain is" not in [str(r) for r in spine["reasons"]]
    assert [str(r) for r in spine["reasons"]] == [
        "we work on your lower back, sacrum and buttock, where your pain is"
    ]
    exercise_reasons = [str(r) for e in context["exercises"] for r in e["reasons"]]
    assert "it works on your lower back, sacrum and buttock, where your pain is" in (
        exercise_reasons
    )


@pytest.mark.parametrize(
    ("doc", "body", "not_body"),
    [(CHRONIC_BACK, "back", "neck"), (ACUTE_NECK, "neck", "back")],
)
def test_self_care_texts_name_the_clients_own_body_part(doc, body, not_body):
    context = context_of(doc)
    texts = " ".join(item["how"] for item in context["self_care"])
    assert "%(" not in texts
    assert re.search(rf"\b{body}\b", texts.lower())
    assert not re.search(rf"\b{not_body}\b", texts.lower())


def test_the_signing_time_never_wraps():
    signed = timezone.make_aware(datetime.datetime(2026, 3, 3, 17, 6))
    html = render_plan_html(context_of(CHRONIC_BACK, signed_at=signed, draft=False))
    assert '<span class="nowrap">3 Mar 2026, 5:06 p.m.</span>' in html
