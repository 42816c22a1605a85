"""Named people: alice and bob work in one practice, mallory in another; the demo data."""

import io

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import ClientFactory, MembershipFactory, PracticeFactory, UserFactory

PASSWORD = "correct-horse-battery"

# The property tests check what holds, not how fast: on a loaded machine (CI, parallel workers)
# an example may take longer than Hypothesis's 200 ms deadline, and that is no failure.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")


@pytest.fixture
def practice(db):
    return PracticeFactory(name="Alice's Practice")


@pytest.fixture
def other_practice(db):
    return PracticeFactory(name="Mallory's Practice")


@pytest.fixture
def alice(practice):
    user = UserFactory(username="alice", first_name="Alice", last_name="Adler")
    MembershipFactory(user=user, practice=practice)
    return user


@pytest.fixture
def bob(practice):
    user = UserFactory(username="bob", first_name="Bob", last_name="Brandt")
    MembershipFactory(user=user, practice=practice)
    return user


@pytest.fixture
def mallory(other_practice):
    user = UserFactory(username="mallory", first_name="Mallory", last_name="Mertens")
    MembershipFactory(user=user, practice=other_practice)
    return user


@pytest.fixture
def alice_client(client, alice):
    """Django's test client signed in as alice (named so it isn't confused with a `Client`)."""
    client.force_login(alice)
    return client


@pytest.fixture
def mallory_client(client, mallory):
    client.force_login(mallory)
    return client


@pytest.fixture
def client_record(practice, alice):
    """A consenting client of alice's practice."""
    return ClientFactory(
        practice=practice,
        first_name="Clara",
        last_name="Client",
        consent_date="2026-01-01",
        consent_recorded_by=alice,
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """`seed_demo` once for a whole test module, rolled back after the module's last test.

    Seeding renders a PDF per finalized plan and takes seconds; a module whose tests only read
    the demo data shares one seeding. Each test still runs in its own savepoint (the `db`
    fixture), so what one test writes, the next does not see.
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
