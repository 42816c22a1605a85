import datetime

import factory
from django.contrib.auth import get_user_model

from clinic.models import Client, Membership, Practice


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    name = factory.Sequence(lambda n: f"Practice {n}")
    address = "Hauptstraße 1\n10115 Berlin"
    phone = "+49 30 1234567"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    practice = factory.SubFactory(PracticeFactory)
    role = Membership.Role.THERAPIST


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    practice = factory.SubFactory(PracticeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1940, 1, 1), end_date=datetime.date(2005, 1, 1)
    )
    sex = Client.Sex.FEMALE
    phone = "+49 151 0000000"
    occupation = "Office worker"

    class Params:
        consented = factory.Trait(
            consent_date=datetime.date(2026, 1, 1),
            consent_recorded_by=factory.SubFactory(UserFactory),
        )
