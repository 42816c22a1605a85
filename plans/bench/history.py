"""Benchmarks of the client's history, for `manage.py bench`.

    history.client_page_ms       median time to render the client page of a client with a long
                                 history (two intakes, two plans, 100 sessions over two years)
                                 through the view (Django's test Client)
    history.client_page_queries  database queries that page runs

The data is created in a transaction that is rolled back: nothing stays behind.
"""

import copy
import datetime
import statistics
import time
from functools import cache

from django.db import connection, transaction
from django.test import Client as TestClient
from django.urls import reverse

from plans.bench import bench_client

LONG_HISTORY_SESSIONS = 100


class _Rollback(Exception):
    pass


def long_history_client(*, sessions=LONG_HISTORY_SESSIONS):
    """A practice, a therapist and a client with two episodes and `sessions` sessions."""
    from django.utils import timezone

    from anamnesis.contract import anamnesis_from_contract, with_client
    from anamnesis.models import Anamnesis
    from plans import services
    from plans.bench.document import TYPICAL_ANAMNESIS
    from plans.models import TreatmentSession

    user, client = bench_client(
        username="bench-history",
        first_name="Lena",
        last_name="Langzeit",
        date_of_birth=datetime.date(1970, 5, 17),
        consent_date=datetime.date(2024, 1, 2),
    )
    plans = []
    for day in (datetime.date(2024, 1, 2), datetime.date(2025, 1, 6)):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        doc = with_client(copy.deepcopy(TYPICAL_ANAMNESIS), client, moment)
        doc.setdefault("measures", {})["psfs"] = [
            {"activity": name, "score": score}
            for name, score in (("Sitting", 3), ("Driving", 4), ("Lifting", 5))
        ]
        anamnesis = anamnesis_from_contract(client=client, taken_by=user, doc=doc)
        Anamnesis.objects.filter(pk=anamnesis.pk).update(taken_at=moment)
        plans.append(
            services.plan_finalize(
                plan=services.plan_draft(anamnesis=anamnesis, author=user), by=user
            )
        )
    rows = []
    for i in range(sessions):
        plan = plans[0] if i < sessions // 2 else plans[1]
        number = i + 1 if plan is plans[0] else i + 1 - sessions // 2
        rows.append(
            TreatmentSession(
                plan=plan,
                number=number,
                date=datetime.date(2024, 1, 8) + datetime.timedelta(days=7 * i),
                minutes=45,
                techniques=[{"code": "petrissage", "regions": ["neck"]}],
                pressure="moderate",
                pain_before=max(1, 7 - i // 15),
                pain_after=max(0, 6 - i // 15),
                subjective="Neck better after the weekend.",
                objective="Tone raised right upper trapezius.",
                assessment="Improving slowly.",
                next_steps="Continue; stretching at home.",
                author=user,
            )
        )
    TreatmentSession.objects.bulk_create(rows)
    return client, user


@cache
def client_page(seconds):
    """(median ms, queries) for the long-history client page."""
    result = {}
    try:
        with transaction.atomic():
            client, user = long_history_client()
            browser = TestClient(HTTP_HOST="localhost")
            browser.force_login(user)
            url = reverse("plans:client_detail", args=[client.pk])

            def get():
                response = browser.get(url, secure=True)
                if response.status_code != 200:
                    raise RuntimeError(f"the client page answered {response.status_code}")

            get()  # warm-up
            queries = []

            # Counted with a wrapper: the request resets Django's own query log as it starts.
            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                get()
            timings = []
            for _ in range(max(5, round(seconds * 10))):
                start = time.perf_counter()
                get()
                timings.append((time.perf_counter() - start) * 1000)
            result["figures"] = (statistics.median(timings), len(queries))
            raise _Rollback
    except _Rollback:
        pass
    return result["figures"]


def history_client_page_ms(seconds):
    return f"{client_page(seconds)[0]:.1f}"


def history_client_page_queries(seconds):
    return str(client_page(seconds)[1])


FIGURES = [
    ("history.client_page_ms", history_client_page_ms),
    ("history.client_page_queries", history_client_page_queries),
]
