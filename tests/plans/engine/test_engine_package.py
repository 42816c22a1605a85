"""The engine stands apart: plain Python, importable without Django or the rest of the project."""

import subprocess
import sys
from pathlib import Path

import pytest

import plans.engine
from plans.engine import ANAMNESIS_SCHEMA
from plans.engine.validation import compile_check

ROOT = Path(__file__).resolve().parents[3]
PUBLIC = [
    "validate_anamnesis",
    "validate_plan",
    "draft_plan",
    "derive_course",
    "normalise_anamnesis",
    "upgrade_anamnesis",
    "ANAMNESIS_SCHEMA",
    "ANAMNESIS_V1_SCHEMA",
    "PLAN_SCHEMA",
    "PLAN_V1_SCHEMA",
    "RULES",
    "EXERCISES",
]


def test_the_engine_imports_neither_django_nor_the_project():
    code = (
        "import sys, plans.engine\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('django', 'clinic', 'anamnesis') or m in ('plans.models', 'plans.views')]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_engine_sources_have_no_django_imports():
    for path in (ROOT / "plans" / "engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name


@pytest.mark.parametrize("name", PUBLIC)
def test_the_engine_exposes_its_public_names(name):
    assert hasattr(plans.engine, name)


def test_the_fast_check_reads_numbers_as_json_schema_does():
    check = compile_check(ANAMNESIS_SCHEMA)
    assert check({"schema": "anamnesis/v2", "complaint": {}}) is False
    doc = {
        "schema": "anamnesis/v2",
        "client": {"age": 40},
        "red_flags": [],
        "complaint": {
            "regions": [{"region": "neck"}],
            "duration_days": 3,
            "pain_character": ["dull"],
            "intensity": {"now": 4.0},
        },
    }
    assert check(doc) is True
    doc["complaint"]["intensity"]["now"] = True
    assert check(doc) is False
