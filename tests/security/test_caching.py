"""No page or download of the app is kept in a browser's or a proxy's cache."""

import pytest
from django.urls import reverse

from tests.plans.plan_fixtures import (  # noqa: F401
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
)

pytestmark = pytest.mark.django_db


def no_store(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"no-store", "private"} <= directives


def test_the_sign_in_page_is_not_cached(client):
    assert no_store(client.get(reverse("account_login")))


def test_health_pages_and_downloads_are_not_cached(
    alice_client,
    final_plan_record,  # noqa: F811
):
    anamnesis = final_plan_record.anamnesis
    urls = [
        reverse("plans:dashboard"),
        reverse("plans:client_detail", args=[anamnesis.client.pk]),
        anamnesis.get_absolute_url(),
        reverse("anamnesis:export", args=[anamnesis.pk]),
        final_plan_record.get_absolute_url(),
        reverse("plans:pdf", args=[final_plan_record.pk]),
        reverse("plans:client_progress_pdf", args=[anamnesis.client.pk]),
    ]
    for url in urls:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
