"""`manage.py bench` prints the engine's figure; the samples it drafts are valid."""

import pytest

from plans.engine import draft_plan, validate_anamnesis, validate_plan
from plans.engine.bench import SAMPLES
from plans.management.commands.bench import FIGURES, engine_plans_per_s


@pytest.mark.parametrize("doc", SAMPLES)
def test_bench_samples_are_valid_and_give_valid_plans(doc):
    assert validate_anamnesis(doc) == []
    assert validate_plan(draft_plan(doc)) == []


def test_bench_measures_plans_per_second():
    # The whole command, every figure, runs in test_plan_bench.
    assert ("engine.plans_per_s", engine_plans_per_s) in FIGURES
    assert int(engine_plans_per_s(0.05)) > 0
