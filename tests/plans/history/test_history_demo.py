"""seed_demo gives the demo clients believable treatment logs, once."""

import pytest
from django.core.management import call_command

from clinic.models import Client
from plans.models import Reassessment, TreatmentSession


@pytest.mark.django_db
def test_seed_demo_adds_courses_and_a_long_history_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    sessions = TreatmentSession.objects.count()
    long = Client.objects.get(last_name="Langzeit")
    dates = (
        TreatmentSession.objects.for_client(long).order_by("date").values_list("date", flat=True)
    )
    assert len(dates) == 100
    assert (dates[99] - dates[0]).days > 600
    assert long.anamneses.count() == 2
    verdicts = set(Reassessment.objects.values_list("verdict", flat=True))
    assert {"improved", "unchanged"} <= verdicts  # improving and non-improving courses
    others = TreatmentSession.objects.exclude(plan__anamnesis__client=long)
    assert others.values("plan").distinct().count() >= 5
    call_command("seed_demo", stdout=None)
    assert TreatmentSession.objects.count() == sessions
