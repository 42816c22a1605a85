"""anamnesis/v1 in and out: export after import gives back the document (defaults filled in)."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anamnesis.contract import ContractInvalid, anamnesis_from_contract, anamnesis_to_contract
from anamnesis.models import Anamnesis
from clinic.models import ConsentMissing
from plans.engine import normalise_anamnesis, validate_anamnesis, vocabulary
from tests.factories import ClientFactory

# The repository's copies of ../shared/spec/examples (kept with the plan engine's tests).
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "plans" / "examples").glob("*.json"))


def client_matching(doc, practice, by):
    """A consenting client whose record gives the document's age and sex."""
    given_client = doc.get("client", {})
    age = given_client.get("age", 40)
    # Born on 1 January: the birthday has always passed, so the age is the difference in years.
    born = datetime.date(timezone.localdate().year - age, 1, 1)
    return ClientFactory(
        practice=practice,
        date_of_birth=born,
        sex=given_client.get("sex", "unknown"),
        consent_date=datetime.date(2026, 1, 1),
        consent_recorded_by=by,
    )


def expected_export(doc, client):
    expected = normalise_anamnesis(doc)
    expected["client"] = {"age": client.age, "sex": client.sex}
    return expected


def test_shared_examples_are_found():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_shared_example_round_trips(path, practice, alice):
    doc = json.loads(path.read_text())
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    assert anamnesis.red_flag_screening_done
    assert anamnesis_to_contract(anamnesis) == expected_export(doc, client)


def test_import_keeps_a_course_the_therapist_set(practice, alice, client_record):
    doc = json.loads(EXAMPLES[0].read_text())
    doc["complaint"]["course"] = "chronic"  # 2 days since onset would derive acute
    anamnesis = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    assert anamnesis.course == "chronic"
    assert anamnesis.course_overridden
    assert anamnesis_to_contract(anamnesis)["complaint"]["course"] == "chronic"


def test_import_refuses_an_invalid_document_and_stores_nothing(alice, client_record):
    doc = json.loads(EXAMPLES[0].read_text())
    doc["complaint"]["intensity"]["now"] = 11
    doc["complaint"]["regions"][0]["region"] = "knee"
    with pytest.raises(ContractInvalid) as raised:
        anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    assert "complaint.intensity.now: 11 is greater than the maximum of 10" in raised.value.problems
    assert any(p.startswith("complaint.regions[0].region:") for p in raised.value.problems)
    assert not Anamnesis.objects.exists()


def test_import_refuses_a_client_without_consent(practice, alice):
    client = ClientFactory(practice=practice)
    doc = json.loads(EXAMPLES[0].read_text())
    with pytest.raises(ConsentMissing):
        anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert not Anamnesis.objects.exists()


def test_draft_export_goes_as_far_as_it_is_filled(alice, client_record):
    anamnesis = Anamnesis.objects.create(client=client_record, taken_by=alice)
    doc = anamnesis_to_contract(anamnesis)
    assert doc["schema"] == "anamnesis/v1"
    assert doc["complaint"]["regions"] == []
    assert validate_anamnesis(doc)  # not yet valid: it says so instead of pretending


# Property: any valid document survives import and export.

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    max_size=30,
)
named = text.filter(lambda s: s.strip() != "")
number = st.one_of(
    st.integers(min_value=-10_000, max_value=10_000),
    st.floats(min_value=-10_000, max_value=10_000, allow_nan=False, allow_infinity=False),
)


def optional(fields):
    """A fixed dict strategy where every key may be left out."""
    return st.fixed_dictionaries({}, optional=fields)


def codes(vocab, min_size=0):
    return st.lists(st.sampled_from(vocab), min_size=min_size, max_size=4)


regions = st.lists(
    st.fixed_dictionaries(
        {"region": st.sampled_from(vocabulary.REGION)},
        optional={"side": st.sampled_from(vocabulary.SIDE)},
    ),
    min_size=1,
    max_size=4,
)
complaint = st.fixed_dictionaries(
    {
        "regions": regions,
        "duration_days": st.integers(min_value=0, max_value=20_000),
        "pain_character": codes(vocabulary.CHARACTER, min_size=1),
        "intensity": st.fixed_dictionaries(
            {"now": st.integers(0, 10)}, optional={"worst": st.integers(0, 10)}
        ),
    },
    optional={
        "course": st.sampled_from(vocabulary.COURSE),
        "recurrent": st.booleans(),
        "radiation": st.sampled_from(vocabulary.RADIATION),
        "suspected": st.sampled_from(vocabulary.SUSPECTED),
        "causes": codes(vocabulary.CAUSE),
    },
)
documents = st.fixed_dictionaries(
    {"schema": st.just("anamnesis/v1"), "complaint": complaint},
    optional={
        "client": optional({"age": st.integers(18, 95), "sex": st.sampled_from(vocabulary.SEX)}),
        "lifestyle": optional(
            {
                "desk_hours_per_day": st.one_of(
                    st.integers(0, 24), st.floats(0, 24, allow_nan=False)
                ),
                "exercise_sessions_per_week": st.integers(0, 21),
                "stress": st.integers(0, 10),
                "occupation": text,
            }
        ),
        "history": optional(
            {
                "prior_injuries": st.lists(
                    st.fixed_dictionaries(
                        {"kind": st.sampled_from(vocabulary.INJURY_KIND)},
                        optional={
                            "region": st.sampled_from(vocabulary.REGION),
                            "years_ago": st.integers(0, 130),
                            "note": text,
                        },
                    ),
                    max_size=3,
                )
            }
        ),
        "red_flags": codes(vocabulary.RED_FLAG),
        "cautions": codes(vocabulary.CAUTION),
        "findings": optional(
            {
                "impairment": st.sampled_from(vocabulary.IMPAIRMENT),
                "side_comparison": st.lists(
                    st.fixed_dictionaries(
                        {"test": named},
                        optional={
                            "left": number,
                            "right": number,
                            "unit": st.sampled_from(vocabulary.UNIT),
                        },
                    ),
                    max_size=3,
                ),
                "visual": text,
                "tissue": st.sampled_from(vocabulary.TISSUE),
                "tone": st.sampled_from(vocabulary.TONE),
                "trigger_points": st.lists(
                    st.fixed_dictionaries(
                        {"muscle": named},
                        optional={"side": st.sampled_from(vocabulary.TRIGGER_POINT_SIDE)},
                    ),
                    max_size=3,
                ),
            }
        ),
    },
)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=documents)
def test_any_valid_document_round_trips(doc, practice, alice):
    assert validate_anamnesis(doc) == []
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    anamnesis.refresh_from_db()
    assert anamnesis_to_contract(anamnesis) == expected_export(doc, client)
