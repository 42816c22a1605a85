"""`manage.py bench` prints the engine's figure; the samples it drafts are valid."""

import io

import pytest
from django.core.management import call_command

from plans.engine import draft_plan, validate_anamnesis, validate_plan
from plans.engine.bench import SAMPLES


@pytest.mark.parametrize("doc", SAMPLES)
def test_bench_samples_are_valid_and_give_valid_plans(doc):
    assert validate_anamnesis(doc) == []
    assert validate_plan(draft_plan(doc)) == []


@pytest.mark.django_db  # the plan document figures download an archived plan
def test_bench_prints_plans_per_second():
    out = io.StringIO()
    call_command("bench", "--seconds", "0.05", stdout=out)
    figures = dict(line.partition(": ")[::2] for line in out.getvalue().strip().splitlines())
    assert int(figures["engine.plans_per_s"]) > 0
