"""Named people: alice and bob work in one practice, mallory in another."""

import pytest

from tests.factories import ClientFactory, MembershipFactory, PracticeFactory, UserFactory

PASSWORD = "correct-horse-battery"


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
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
