"""seed_demo gives every consenting demo client anamneses, and running it again changes nothing.

The demo intakes are anamnesis/v2, screened for every red-flag question."""

import copy

import pytest
from django.core.management import call_command

from anamnesis.contract import anamnesis_to_contract
from anamnesis.demo import CASES
from anamnesis.models import Anamnesis
from clinic.models import Client
from plans.bench.document import TYPICAL_ANAMNESIS
from plans.demo.sessions import CHRONIC_BACK, _flare
from plans.engine import validate_anamnesis, vocabulary


def test_seed_demo_covers_every_case_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    first = sorted(Anamnesis.objects.values_list("pk", "client__last_name", "course"))
    consenting = Client.objects.filter(consent_date__isnull=False)
    assert all(client.anamneses.exists() for client in consenting)
    assert not Client.objects.filter(consent_date__isnull=True, anamneses__isnull=False).exists()
    assert {course for _pk, _name, course in first} == {"acute", "subacute", "chronic"}
    assert Anamnesis.objects.with_red_flags().count() >= 4
    assert Anamnesis.objects.exclude(cautions=[]).count() >= 3
    for (first_name, last_name), cases in CASES.items():
        demo = Anamnesis.objects.completed().filter(
            client__first_name=first_name, client__last_name=last_name
        )
        assert demo.count() == len(cases), (first_name, last_name)
    for anamnesis in Anamnesis.objects.select_related("client"):
        assert anamnesis.red_flag_screening_done, anamnesis
        doc = anamnesis_to_contract(anamnesis)
        assert doc["schema"] == vocabulary.ANAMNESIS_V2
        assert validate_anamnesis(doc) == [], anamnesis
        assert doc["client"] == {"age": anamnesis.age_at_intake, "sex": anamnesis.client.sex}

    call_command("seed_demo", stdout=None)
    again = sorted(Anamnesis.objects.values_list("pk", "client__last_name", "course"))
    assert again == first


@pytest.mark.parametrize(
    "doc",
    [CHRONIC_BACK, _flare(), TYPICAL_ANAMNESIS],
    ids=["long-history", "long-history-flare", "bench"],
)
def test_the_demo_and_bench_documents_are_screened_v2_documents(doc):
    doc = copy.deepcopy(doc)
    assert doc["schema"] == vocabulary.ANAMNESIS_V2
    assert validate_anamnesis(doc) == []
    assert doc["red_flags"] == []  # every question answered no
    assert "red_flags_unanswered" not in doc
