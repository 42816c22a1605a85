import datetime

import factory
from django.contrib.auth import get_user_model

from clinic.models import Client, ConsentRecord, Membership, Practice


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
    """A client; with `consent_date` (and `consent_recorded_by`) the consent is on record as
    the consent service leaves it: in force on the client and first in the history."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    practice = factory.SubFactory(PracticeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    # Adults of working age: no age rule of the engine (minors, 75 and over) applies unless a
    # test asks for it with an explicit date of birth.
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1965, 1, 1), end_date=datetime.date(1995, 1, 1)
    )
    sex = Client.Sex.FEMALE
    phone = "+49 151 0000000"
    occupation = "Office worker"

    class Params:
        consented = factory.Trait(
            consent_date=datetime.date(2026, 1, 1),
            consent_recorded_by=factory.SubFactory(UserFactory),
        )

    @factory.post_generation
    def consent_history(self, create, extracted, **kwargs):
        if create and self.consent_date and not self.consents.exists():
            ConsentRecord.objects.create(
                client=self,
                kind=ConsentRecord.Kind.GIVEN,
                on=self.consent_date,
                covers=[ConsentRecord.Scope.HEALTH_DATA],
                recorded_by=self.consent_recorded_by,
            )


# Anamnesis (issue 4)


def _all_red_flags():
    from plans.engine.vocabulary import RED_FLAG

    return list(RED_FLAG)


class AnamnesisFactory(factory.django.DjangoModelFactory):
    """A draft anamnesis with a complete complaint and every red flag answered no."""

    class Meta:
        model = "anamnesis.Anamnesis"
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory, consented=True)
    taken_by = factory.SelfAttribute("client.consent_recorded_by")
    duration_days = 12
    course = "acute"
    pain_character = factory.LazyFunction(lambda: ["pulling"])
    pain_now = 5
    pain_worst = 7
    suspected = "muscle_tension"
    red_flags = factory.LazyFunction(list)
    red_flags_absent = factory.LazyFunction(_all_red_flags)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if not create:
            return
        for region, side in extracted if extracted is not None else [("neck", "right")]:
            self.regions.create(region=region, side=side)


class PriorInjuryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "anamnesis.PriorInjury"

    anamnesis = factory.SubFactory(AnamnesisFactory)
    kind = "accident"
    region = "lower_back"
    years_ago = 3
    note = "fall from a ladder"


class SideComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "anamnesis.SideComparison"

    anamnesis = factory.SubFactory(AnamnesisFactory)
    test = "cervical rotation"
    left = 75
    right = 40
    unit = "deg"


class TriggerPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "anamnesis.TriggerPoint"

    anamnesis = factory.SubFactory(AnamnesisFactory)
    muscle = "upper trapezius"
    side = "right"
