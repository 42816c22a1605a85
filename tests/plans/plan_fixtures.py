"""Fixtures for the treatment plan tests: anamneses from the shared examples, plans from them.

Import the fixtures a test module uses (`from tests.plans.plan_fixtures import draft_plan_record`).
"""

import copy
import json
from pathlib import Path

import pytest

from anamnesis.contract import anamnesis_from_contract
from plans import services

# The copies of ../shared/spec/examples kept beside the tests (test_schema keeps them in step).
EXAMPLES = Path(__file__).resolve().parent / "examples"
HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>@import url(http://evil.example/x.css);</style>",
    '<iframe src="http://evil.example/"></iframe>',
]


def example(name):
    return json.loads((EXAMPLES / f"{name}.json").read_text())


ACUTE_NECK = example("acute-neck-stiff")
ANTICOAGULATED = example("caution-anticoagulated-shoulder")
CHRONIC_BACK = example("chronic-lower-back-inactive")
NECK_NERVE_ROOT = example("neck-arm-nerve-root-routine")  # treats, informs the physician
RED_FLAG = example("red-flag-night-pain-fever")


def with_measures(doc, activities=(), start_back=None):
    """A copy of `doc` with measures taken at intake: PSFS activities as (name, rating) and, for
    a low back complaint, STarT Back as (total, psychosocial)."""
    doc = copy.deepcopy(doc)
    measures = doc.setdefault("measures", {})
    if activities:
        measures["psfs"] = [{"activity": name, "score": int(score)} for name, score in activities]
    if start_back is not None:
        measures["start_back"] = dict(zip(("total", "psychosocial"), start_back, strict=True))
    return doc


def completed_anamnesis(client, by, doc=ACUTE_NECK, *, taken_at=None):
    return anamnesis_from_contract(
        client=client, taken_by=by, doc=copy.deepcopy(doc), taken_at=taken_at
    )


def plan_from(client, by, doc=ACUTE_NECK, *, taken_at=None):
    anamnesis = completed_anamnesis(client, by, doc, taken_at=taken_at)
    return services.plan_draft(anamnesis=anamnesis, author=by)


@pytest.fixture
def anamnesis_record(client_record, alice):
    return completed_anamnesis(client_record, alice)


@pytest.fixture
def draft_plan_record(anamnesis_record, alice):
    return services.plan_draft(anamnesis=anamnesis_record, author=alice)


@pytest.fixture
def final_plan_record(draft_plan_record, alice):
    return services.plan_finalize(plan=draft_plan_record, by=alice)


@pytest.fixture
def referral_plan_record(client_record, alice):
    return plan_from(client_record, alice, RED_FLAG)
