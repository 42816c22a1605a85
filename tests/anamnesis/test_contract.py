"""anamnesis/v2 out, v1 or v2 in: export after import gives back the document (defaults filled
in, age and sex from the client record, a v1 file read as v2, the measures (STarT Back, PSFS,
NDI, ODI) kept with the intake)."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anamnesis.contract import (
    ContractInvalid,
    anamnesis_from_contract,
    anamnesis_to_contract,
    import_notes,
    with_client,
)
from anamnesis.models import Anamnesis
from clinic.models import ConsentMissing
from plans.engine import (
    derive_course,
    draft_plan,
    normalise_anamnesis,
    upgrade_anamnesis,
    validate_anamnesis,
    vocabulary,
)
from tests.factories import ClientFactory

# The repository's copies of ../shared/spec/examples (kept with the plan engine's tests).
EXAMPLE_DIR = Path(__file__).resolve().parents[1] / "plans" / "examples"
EXAMPLES = sorted(EXAMPLE_DIR.glob("*.json"))


def example(name):
    return json.loads((EXAMPLE_DIR / f"{name}.json").read_text())


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
    """What the export of an imported `doc` must be: the document read as v2, with defaults
    filled in, the client record's age and sex (an empty `findings.neuro` means nothing
    examined) and the unanswered questions in screening
    order."""
    expected, _notes = upgrade_anamnesis(doc)
    if doc["schema"] == vocabulary.ANAMNESIS_V1 and "red_flags" in doc:
        # Screened on the earlier form: the questions it did not ask were not answered.
        expected["red_flags_unanswered"] = [
            *expected.get("red_flags_unanswered", []),
            *(code for code in vocabulary.RED_FLAG if code not in vocabulary.V1_FORM_RED_FLAGS),
        ]
    if expected.get("findings", {}).get("neuro") == {}:
        del expected["findings"]["neuro"]
    given_unanswered = expected.pop("red_flags_unanswered", [])
    unanswered = [
        code
        for code in vocabulary.RED_FLAG
        if code in given_unanswered and code not in expected["red_flags"]
    ]
    if unanswered:
        expected["red_flags_unanswered"] = unanswered
    expected = normalise_anamnesis(expected)
    expected["client"] = {"age": client.age, "sex": client.sex}
    return expected


def test_shared_examples_are_found():
    assert len(EXAMPLES) >= 8
    schemas = {json.loads(path.read_text())["schema"] for path in EXAMPLES}
    assert schemas == {vocabulary.ANAMNESIS_V1, vocabulary.ANAMNESIS_V2}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_shared_example_round_trips(path, practice, alice):
    doc = json.loads(path.read_text())
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.status == Anamnesis.Status.COMPLETED
    exported = anamnesis_to_contract(anamnesis)
    assert exported["schema"] == vocabulary.ANAMNESIS_V2
    assert validate_anamnesis(exported) == []
    assert exported == expected_export(doc, client)
    # The plan drafted from the stored anamnesis decides as the plan drafted from the file.
    from_file, from_export = draft_plan(doc), draft_plan(exported)
    assert from_export["decision"] == from_file["decision"]
    assert (from_export["referral"] or {}).get("urgency") == (from_file["referral"] or {}).get(
        "urgency"
    )


@pytest.mark.parametrize(
    "name",
    [
        "acute-neck-stiff",
        "caution-anticoagulated-shoulder",
        "chronic-lower-back-inactive",
        "minor-fall-steroids-same-day",
        "red-flag-night-pain-fever",
    ],
)
def test_a_v2_example_the_intake_records_whole_comes_back_as_it_was(name, practice, alice):
    doc = example(name)
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.red_flag_screening_done
    assert anamnesis_to_contract(anamnesis) == normalise_anamnesis(doc)


def test_a_v1_file_without_red_flags_is_stored_with_the_screening_to_do(practice, alice):
    doc = example("v1-unscreened-lower-back")
    assert "red_flags" not in doc
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.red_flags == []
    assert anamnesis.red_flags_absent == []
    assert not anamnesis.red_flag_screening_done
    exported = anamnesis_to_contract(anamnesis)
    assert exported["schema"] == vocabulary.ANAMNESIS_V2
    assert exported["red_flags"] == []
    assert exported["red_flags_unanswered"] == list(vocabulary.RED_FLAG)
    assert draft_plan(exported)["decision"] == "screen"


def test_a_v1_file_with_v1_codes_is_stored_with_the_v2_codes(practice, alice):
    doc = example("v1-unscreened-lower-back")
    doc["red_flags"] = ["progressive_neurological_deficit"]
    doc["cautions"] = ["suspected_thrombosis", "anticoagulants"]
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.red_flags == ["bilateral_or_progressive_weakness", "suspected_thrombosis"]
    assert anamnesis.cautions == ["anticoagulants"]
    # The v1 form asked fewer questions: the ones it did not ask stay unanswered.
    assert anamnesis.unanswered_red_flags == [
        code
        for code in vocabulary.RED_FLAG
        if code not in vocabulary.V1_FORM_RED_FLAGS and code not in anamnesis.red_flags
    ]
    plan = draft_plan(anamnesis_to_contract(anamnesis))
    assert plan["decision"] == "refer"
    assert plan["referral"]["urgency"] == "emergency"


def test_neuro_findings_are_kept_and_exported(practice, alice):
    doc = example("neck-arm-nerve-root-routine")
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    neuro = doc["findings"]["neuro"]
    assert anamnesis.straight_leg_raise == neuro.get("straight_leg_raise", "")
    assert anamnesis.reflexes == neuro.get("reflexes", "")
    assert anamnesis.dermatomal_sensory_loss == neuro.get("dermatomal_sensory_loss")
    assert anamnesis.myotomal_weakness == neuro.get("myotomal_weakness")
    # The engine reads the nerve root signs from the findings; no caution is made up for them.
    assert anamnesis.cautions == doc.get("cautions", [])
    exported = anamnesis_to_contract(anamnesis)
    assert exported["findings"]["neuro"] == neuro
    plan = draft_plan(exported)
    assert plan["decision"] == "treat"
    assert plan["referral"]["urgency"] == "routine"
    assert not any(
        note.startswith("findings.neuro") for note in import_notes(client=client, doc=doc)
    )


def test_goals_sleep_and_the_complaint_in_words_are_kept(practice, alice):
    doc = example("flare-recurrent-lower-back-start-back-high")
    doc["complaint"]["aggravating"] = "Sitting in the car"
    doc["complaint"]["easing"] = ""
    doc["measures"]["odi"] = 34
    client = client_matching(doc, practice, alice)
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert anamnesis.goals == doc["goals"]
    assert anamnesis.sleep == doc["lifestyle"]["sleep"]
    assert anamnesis.aggravating == "Sitting in the car"
    assert anamnesis.easing == ""  # asked, left empty: not the same as not asked
    assert anamnesis.odi == 34
    assert anamnesis.ndi is None
    exported = anamnesis_to_contract(anamnesis)
    assert exported["goals"] == doc["goals"]
    assert exported["lifestyle"]["sleep"] == doc["lifestyle"]["sleep"]
    assert exported["complaint"]["aggravating"] == "Sitting in the car"
    assert exported["complaint"]["easing"] == ""
    assert exported["measures"] == doc["measures"]


def test_the_measures_are_kept_with_the_intake(practice, alice):
    doc = example("flare-recurrent-lower-back-start-back-high")
    client = client_matching(doc, practice, alice)
    assert import_notes(client=client, doc=doc) == []
    anamnesis = anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    start_back = doc["measures"]["start_back"]
    assert anamnesis.startback_total == start_back["total"]
    assert anamnesis.startback_psychosocial == start_back["psychosocial"]
    assert anamnesis.start_back_risk == "high"
    exported = anamnesis_to_contract(anamnesis)
    assert exported["measures"]["start_back"] == start_back
    assert exported["measures"].get("psfs") == doc["measures"].get("psfs")


def test_with_client_takes_age_and_sex_from_the_record(practice, alice):
    client = ClientFactory(practice=practice, date_of_birth=datetime.date(1980, 6, 15), sex="male")
    doc = example("acute-neck-stiff")
    on_birthday = with_client(doc, client, datetime.date(2026, 6, 15))
    assert on_birthday["client"] == {"age": 46, "sex": "male"}
    assert list(on_birthday)[:2] == ["schema", "client"]
    day_before = timezone.make_aware(datetime.datetime(2026, 6, 14, 12))
    assert with_client(doc, client, day_before)["client"]["age"] == 45
    assert doc["client"] == {"age": 34, "sex": "male"}  # the given document is not changed
    without = {key: value for key, value in doc.items() if key != "client"}
    assert validate_anamnesis(with_client(without, client)) == []


def test_import_keeps_a_course_the_therapist_set(practice, alice, client_record):
    doc = example("chronic-lower-back-inactive")
    assert doc["complaint"]["recurrent"] is True
    doc["complaint"]["course"] = "acute"  # a flare: 300 days since onset would derive chronic
    anamnesis = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    assert anamnesis.course == "acute"
    assert anamnesis.course_overridden
    assert anamnesis_to_contract(anamnesis)["complaint"]["course"] == "acute"


def test_import_refuses_a_course_that_contradicts_the_days_without_a_recurrence(
    alice, client_record
):
    doc = example("acute-neck-stiff")
    doc["complaint"]["course"] = "chronic"  # 2 days since onset, not recurrent
    with pytest.raises(ContractInvalid) as raised:
        anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    assert any(
        p.startswith("complaint.course: 'chronic' contradicts") for p in raised.value.problems
    )
    assert not Anamnesis.objects.exists()


def test_import_refuses_an_invalid_document_and_stores_nothing(alice, client_record):
    doc = example("acute-neck-stiff")
    doc["complaint"]["intensity"]["now"] = 11
    doc["complaint"]["regions"][0]["region"] = "knee"
    with pytest.raises(ContractInvalid) as raised:
        anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    assert "complaint.intensity.now: 11 is greater than the maximum of 10" in raised.value.problems
    assert any(p.startswith("complaint.regions[0].region:") for p in raised.value.problems)
    assert not Anamnesis.objects.exists()


def test_import_refuses_a_document_the_client_record_contradicts(practice, alice):
    # The file says female; the record, which the app keeps, says male: pregnancy contradicts it.
    doc = example("chronic-lower-back-inactive")
    doc["cautions"] = ["pregnancy"]
    assert validate_anamnesis(doc) == []
    client = ClientFactory(practice=practice, sex="male", consented=True)
    with pytest.raises(ContractInvalid) as raised:
        anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert raised.value.problems == [
        "cautions[0]: pregnancy contradicts client.sex 'male' (client.age and client.sex are "
        "taken from the client record)"
    ]
    assert not Anamnesis.objects.exists()


def test_import_refuses_a_client_without_consent(practice, alice):
    client = ClientFactory(practice=practice)
    doc = example("acute-neck-stiff")
    with pytest.raises(ConsentMissing):
        anamnesis_from_contract(client=client, taken_by=alice, doc=doc)
    assert not Anamnesis.objects.exists()


def test_draft_export_goes_as_far_as_it_is_filled(alice, client_record):
    anamnesis = Anamnesis.objects.create(client=client_record, taken_by=alice)
    doc = anamnesis_to_contract(anamnesis)
    assert doc["schema"] == "anamnesis/v2"
    assert doc["client"] == {"age": client_record.age, "sex": client_record.sex}
    assert doc["complaint"]["regions"] == []
    assert doc["red_flags"] == []
    assert doc["red_flags_unanswered"] == list(vocabulary.RED_FLAG)  # nothing asked yet
    assert validate_anamnesis(doc)  # not yet valid: it says so instead of pretending


def test_an_intake_saved_before_the_v2_questions_exports_them_unanswered(alice, client_record):
    answered_then = list(vocabulary.V1_FORM_RED_FLAGS)
    anamnesis = anamnesis_from_contract(
        client=client_record, taken_by=alice, doc=example("acute-neck-stiff")
    )
    Anamnesis.objects.filter(pk=anamnesis.pk).update(red_flags_absent=answered_then)
    anamnesis.refresh_from_db()
    doc = anamnesis_to_contract(anamnesis)
    assert validate_anamnesis(doc) == []
    assert doc["red_flags"] == []
    assert doc["red_flags_unanswered"] == [
        code for code in vocabulary.RED_FLAG if code not in answered_then
    ]
    assert "cervical_arterial_signs" in doc["red_flags_unanswered"]
    assert draft_plan(doc)["decision"] == "screen"


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
        "aggravating": text,
        "easing": text,
    },
)
red_flag_codes = st.lists(st.sampled_from(vocabulary.RED_FLAG), max_size=4)
unanswered = st.lists(st.sampled_from(vocabulary.RED_FLAG), min_size=1, max_size=4)

# What the intake records of anamnesis/v2 (what it does not record yet has its own tests).
v2_documents = st.fixed_dictionaries(
    {
        "schema": st.just(vocabulary.ANAMNESIS_V2),
        "client": st.fixed_dictionaries(
            {"age": st.integers(18, 95)}, optional={"sex": st.sampled_from(vocabulary.SEX)}
        ),
        "complaint": complaint,
        "red_flags": red_flag_codes,
    },
    optional={
        "red_flags_unanswered": unanswered,
        "goals": st.lists(text, max_size=3),
        "measures": optional(
            {
                "start_back": st.fixed_dictionaries(
                    {"total": st.integers(0, 9), "psychosocial": st.integers(0, 5)}
                ),
                "psfs": st.lists(
                    st.fixed_dictionaries({"activity": named, "score": st.integers(0, 10)}),
                    min_size=3,
                    max_size=5,
                ),
                "ndi": st.integers(*vocabulary.NDI),
                "odi": st.integers(*vocabulary.ODI),
            }
        ),
        "lifestyle": optional(
            {
                "desk_hours_per_day": st.one_of(
                    st.integers(0, 24), st.floats(0, 24, allow_nan=False)
                ),
                "exercise_sessions_per_week": st.integers(0, 21),
                "stress": st.integers(0, 10),
                "sleep": st.sampled_from(vocabulary.SLEEP),
                "occupation": text,
            }
        ),
        "history": optional(
            {
                "prior_injuries": st.lists(
                    st.fixed_dictionaries(
                        {"kind": st.sampled_from(vocabulary.INJURY_KIND)},
                        optional={
                            "region": st.sampled_from(vocabulary.BODY_PART),
                            "years_ago": st.integers(0, 120),
                            "note": text,
                        },
                    ),
                    max_size=3,
                )
            }
        ),
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
                "neuro": optional(
                    {
                        "straight_leg_raise": st.sampled_from(vocabulary.STRAIGHT_LEG_RAISE),
                        "reflexes": st.sampled_from(vocabulary.REFLEXES),
                        "dermatomal_sensory_loss": st.booleans(),
                        "myotomal_weakness": st.booleans(),
                    }
                ),
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


def consistent(doc):
    """Leave out what the contract calls a contradiction (tested with the engine)."""
    complaint = doc["complaint"]
    intensity = complaint["intensity"]
    if intensity.get("worst", 10) < intensity["now"]:
        intensity["worst"] = intensity["now"]
    if "course" in complaint and not complaint.get("recurrent"):
        complaint["course"] = derive_course(complaint["duration_days"])
    client = doc.get("client", {})
    if client.get("sex") == "male" or not 10 <= client.get("age", 40) <= 65:
        doc["cautions"] = [c for c in doc.get("cautions", []) if c != "pregnancy"]
    measures = doc.get("measures", {})
    start_back = measures.get("start_back")
    if start_back is not None:
        low_back = {"lower_back", "sacrum_buttock"} & {r["region"] for r in complaint["regions"]}
        if not low_back:
            del measures["start_back"]
        elif start_back["psychosocial"] > start_back["total"]:
            start_back["psychosocial"] = start_back["total"]
    return doc


def as_v1(doc):
    """The same document as an anamnesis/v1 file: v1 codes, red flags sometimes not asked."""
    doc = {**doc, "schema": vocabulary.ANAMNESIS_V1}
    doc.pop("red_flags_unanswered", None)
    renamed = {new: old for old, new in vocabulary.V1_RED_FLAG_RENAMED.items()}
    doc["red_flags"] = [renamed.get(code, code) for code in doc["red_flags"]]
    if "suspected_thrombosis" in doc["red_flags"]:
        doc["red_flags"] = [c for c in doc["red_flags"] if c != "suspected_thrombosis"]
        doc["cautions"] = [*doc.get("cautions", []), "suspected_thrombosis"]
    if not doc["red_flags"]:
        del doc["red_flags"]  # the screening was not done
    return doc


v2_documents = v2_documents.map(consistent)
documents = st.one_of(v2_documents, v2_documents, v2_documents.map(as_v1))


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


def test_an_intake_saved_before_the_v2_questions_compares_with_a_later_one(alice, client_record):
    from plans.history.compare import compare_contracts

    doc = example("acute-neck-stiff")
    doc["history"] = {"prior_injuries": [{"kind": "injury", "region": "knee", "years_ago": 2}]}
    old = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    Anamnesis.objects.filter(pk=old.pk).update(red_flags_absent=list(vocabulary.V1_FORM_RED_FLAGS))
    old.refresh_from_db()
    new = anamnesis_from_contract(client=client_record, taken_by=alice, doc=doc)
    sections = compare_contracts(anamnesis_to_contract(old), anamnesis_to_contract(new))
    rows = {row["path"]: row for section in sections for row in section["rows"]}
    not_asked = rows["red_flags_unanswered"]
    assert str(not_asked["label"]) == "Red-flag questions not asked yet"
    assert not_asked["changed"] and not_asked["b"] == []
    assert len(not_asked["a"]) == len(vocabulary.RED_FLAG) - len(vocabulary.V1_FORM_RED_FLAGS)
    assert not any("_" in line for line in not_asked["a"])  # in words, not codes
    assert rows["history.prior_injuries"]["a"] == ["Injury · Knee · 2 years ago"]
    assert sum(row["changed"] for row in rows.values()) == 1
