"""Create forms are submitted once: the same form posted twice (a double click, a resubmitted
page) records one session, client, intake, addendum or outcome, and the second answer leads to
the record the first one created."""

import re
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from anamnesis.models import Anamnesis
from clinic.models import Client
from clinic.submit_once import AlreadySubmitted
from plans import services
from plans.models import ReferralOutcome, SessionAddendum, TreatmentSession
from tests.anamnesis.helpers import intake_data
from tests.concurrency import at_once, postgresql_only
from tests.plans.plan_fixtures import RED_FLAG, plan_from

pytestmark = pytest.mark.django_db


def token_of(page):
    """The one-time token of the form on `page`, as the browser would post it back."""
    found = re.search(rb'name="submission" value="([0-9a-f-]{36})"', page.content)
    assert found, "the form carries no submission token"
    return found.group(1).decode()


def session_data(token, **extra):
    return {
        "submission": token,
        "date": timezone.localdate().isoformat(),
        "minutes": "30",
        "pain_before": "5",
        "technique_classic_massage": "on",
        "regions_classic_massage": ["neck"],
        "subjective": "Neck stiff after a long day at the desk.",
        "reassess_pain": "3",  # asked when the session is a reassessment
        **extra,
    }


@pytest.fixture
def final_plan(client_record, alice):
    return services.plan_finalize(plan=plan_from(client_record, alice), by=alice)


def test_posting_the_same_session_form_twice_records_one_session(alice_client, final_plan):
    url = reverse("plans:session_new", args=[final_plan.pk])
    data = session_data(token_of(alice_client.get(url)))
    first = alice_client.post(url, data)
    second = alice_client.post(url, data, follow=True)
    session = TreatmentSession.objects.get(plan=final_plan)
    assert first.status_code == 302
    assert second.redirect_chain == [(session.get_absolute_url(), 302)]
    assert "already been sent" in second.content.decode()


def test_each_showing_of_the_form_has_its_own_token(alice_client, final_plan):
    url = reverse("plans:session_new", args=[final_plan.pk])
    first, second = token_of(alice_client.get(url)), token_of(alice_client.get(url))
    assert first != second
    alice_client.post(url, session_data(first))
    alice_client.post(url, session_data(second))
    assert TreatmentSession.objects.filter(plan=final_plan).count() == 2


def test_a_refused_form_keeps_its_token_so_the_corrected_post_records_once(
    alice_client, final_plan
):
    url = reverse("plans:session_new", args=[final_plan.pk])
    token = token_of(alice_client.get(url))
    refused = alice_client.post(url, session_data(token, pain_before="11"))
    assert refused.status_code == 422
    assert token_of(refused) == token
    alice_client.post(url, session_data(token))
    alice_client.post(url, session_data(token))
    assert TreatmentSession.objects.filter(plan=final_plan).count() == 1


def test_the_database_refuses_a_second_record_with_the_same_token(final_plan, alice):
    token = uuid.uuid4()
    first = services.session_record(
        plan=final_plan, author=alice, minutes=30, pain_before=5, submission=token
    )
    with pytest.raises(AlreadySubmitted) as again:
        services.session_record(
            plan=final_plan, author=alice, minutes=30, pain_before=5, submission=token
        )
    assert again.value.record == first
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatmentSession.objects.create(
            plan=final_plan,
            number=2,
            date=first.date,
            minutes=30,
            pain_before=5,
            author=alice,
            submission=token,
        )


def test_a_token_from_another_practice_reveals_nothing(
    alice_client, mallory, final_plan, other_practice
):
    url = reverse("plans:session_new", args=[final_plan.pk])
    data = session_data(token_of(alice_client.get(url)))
    alice_client.post(url, data)
    alice_client.force_login(mallory)
    assert alice_client.post(url, data).status_code == 404


def test_posting_the_new_client_form_twice_adds_one_client(alice_client):
    url = reverse("clinic:client_create")
    data = {
        "submission": token_of(alice_client.get(url)),
        "first_name": "Ida",
        "last_name": "Engel",
        "date_of_birth": "1983-05-17",
        "sex": "female",
        "consent_given": "on",
    }
    alice_client.post(url, data)
    second = alice_client.post(url, data)
    client = Client.objects.get(last_name="Engel")
    assert second.url == client.get_absolute_url()


def test_posting_the_new_intake_twice_keeps_one_draft(alice_client, client_record):
    url = reverse("anamnesis:new", args=[client_record.pk])
    token = token_of(alice_client.get(url))
    alice_client.post(url, intake_data(submission=token, autosave="1"))
    # The save button, pressed while the autosave that created the draft was under way, with
    # what was typed in between: it lands in the same draft.
    alice_client.post(url, intake_data(submission=token, stress="3"))
    draft = Anamnesis.objects.get(client=client_record)
    assert draft.stress == 3


def test_posting_an_addendum_twice_adds_it_once(alice_client, final_plan, alice):
    session = services.session_record(plan=final_plan, author=alice, minutes=30, pain_before=5)
    page = alice_client.get(session.get_absolute_url())
    data = {"submission": token_of(page), "text": "Client called: pain eased the next day."}
    url = reverse("plans:session_addendum", args=[session.pk])
    alice_client.post(url, data)
    alice_client.post(url, data)
    assert SessionAddendum.objects.filter(session=session).count() == 1


def test_posting_a_referral_outcome_twice_records_it_once(alice_client, client_record, alice):
    plan = services.plan_finalize(plan=plan_from(client_record, alice, RED_FLAG), by=alice)
    referral = plan.referral_record
    page = alice_client.get(f"/referrals/{referral.pk}/")
    data = {"submission": token_of(page), "kind": "seen", "on": timezone.localdate().isoformat()}
    url = f"/referrals/{referral.pk}/outcome/"
    alice_client.post(url, data)
    second = alice_client.post(url, data, follow=True)
    assert ReferralOutcome.objects.filter(referral=referral).count() == 1
    assert "already been sent" in second.content.decode()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_identical_session_posts_at_once_record_one_session(client, final_plan, alice):
    url = reverse("plans:session_new", args=[final_plan.pk])
    client.force_login(alice)
    data = session_data(token_of(client.get(url)))

    def post():
        from django.test import Client as Browser

        browser = Browser()
        browser.force_login(alice)
        return browser.post(url, data).status_code

    assert at_once(post, post) == [302, 302]
    assert TreatmentSession.objects.filter(plan=final_plan).count() == 1
