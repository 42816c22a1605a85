"""seed_demo gives every consenting demo client anamneses, and running it again changes nothing."""

from django.core.management import call_command

from anamnesis.demo import CASES
from anamnesis.models import Anamnesis
from clinic.models import Client


def test_seed_demo_covers_every_case_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    first = sorted(Anamnesis.objects.values_list("pk", "client__last_name", "course"))
    consenting = Client.objects.filter(consent_date__isnull=False)
    assert all(client.anamneses.exists() for client in consenting)
    assert not Client.objects.filter(consent_date__isnull=True, anamneses__isnull=False).exists()
    assert {course for _pk, _name, course in first} == {"acute", "subacute", "chronic"}
    assert Anamnesis.objects.with_red_flags().count() >= 2
    assert Anamnesis.objects.exclude(cautions=[]).count() >= 3
    for (first_name, last_name), cases in CASES.items():
        demo = Anamnesis.objects.completed().filter(
            client__first_name=first_name, client__last_name=last_name
        )
        assert demo.count() == len(cases), (first_name, last_name)

    call_command("seed_demo", stdout=None)
    again = sorted(Anamnesis.objects.values_list("pk", "client__last_name", "course"))
    assert again == first
