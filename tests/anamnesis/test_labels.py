"""Every contract code the anamnesis uses has words, and plan reasons read as words."""

import pytest

from anamnesis import labels
from plans.engine import vocabulary


@pytest.mark.parametrize("name", sorted(labels.BY_VOCABULARY))
def test_every_code_has_a_label(name):
    codes = getattr(vocabulary, name)
    names = labels.BY_VOCABULARY[name]
    assert set(names) == set(codes)
    assert all(str(names[code]).strip() for code in codes)


def test_every_anamnesis_vocabulary_is_labelled():
    anamnesis_vocabularies = {
        "SEX",
        "REGION",
        "SIDE",
        "TRIGGER_POINT_SIDE",
        "COURSE",
        "CHARACTER",
        "RADIATION",
        "SUSPECTED",
        "CAUSE",
        "INJURY_KIND",
        "RED_FLAG",
        "CAUTION",
        "IMPAIRMENT",
        "UNIT",
        "TISSUE",
        "TONE",
    }
    assert anamnesis_vocabularies <= set(labels.BY_VOCABULARY)


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("complaint.course=acute", "Course: acute"),
        ("red_flags=saddle_anaesthesia", "Red flag: Numbness in the saddle area"),
        ("lifestyle.desk_hours_per_day=8", "Desk hours per day: 8"),
        ("findings.trigger_points=upper trapezius", "Trigger point: upper trapezius"),
        ("complaint.regions=lower_back", "Region: Lower back"),
        ("complaint.recurrent=true", "Recurrent: yes"),
    ],
)
def test_plan_reasons_read_in_words(ref, words):
    assert labels.describe_ref(ref).startswith(words)
