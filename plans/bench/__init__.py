"""`manage.py bench`'s figures: the plan document (`document`) and the client's history
(`history`). Each measures on records of its own, made in a transaction that is rolled back."""


def bench_client(*, username, first_name, last_name, date_of_birth, consent_date):
    """A practice of its own, a therapist in it and a consenting client: (therapist, client)."""
    from django.contrib.auth import get_user_model

    from clinic.models import Client, Membership, Practice

    practice = Practice.objects.create(name="Bench practice", address="Benchstraße 1")
    user = get_user_model().objects.create_user(username, first_name="Bea")
    Membership.objects.create(user=user, practice=practice)
    client = Client.objects.create(
        practice=practice,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        consent_date=consent_date,
        consent_recorded_by=user,
    )
    return user, client
