"""`make bench` prints the client page figures; the long-history data is rolled back."""

import pytest

from clinic.models import Client
from plans.bench.history import FIGURES, client_page
from plans.management.commands.bench import FIGURES as ALL_FIGURES


@pytest.mark.django_db
def test_history_figures_are_printed_and_leave_nothing_behind():
    assert {name for name, _f in FIGURES} <= {name for name, _f in ALL_FIGURES}
    client_page.cache_clear()
    figures = {name: measure(0.1) for name, measure in FIGURES}
    assert float(figures["history.client_page_ms"]) > 0
    assert 0 < int(figures["history.client_page_queries"]) <= 20
    assert not Client.objects.filter(last_name="Langzeit").exists()
