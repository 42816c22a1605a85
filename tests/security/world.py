"""Two practices with one of each record, built once per test module (the `world` fixture).

Practice A has a therapist, a practice admin, a colleague (for the admin to edit, deactivate
or reset), a deactivated member and a pending invitation, and a client at every step of the
work: an open intake, a draft plan, a finalized plan with a session recorded today, a plan due
a reassessment, referrals open and closed, and a record with an erasure request. Practice B has
one member, who must never see any of it. Every client of A has the surname SURNAME, so a page
can be searched for it.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from anamnesis import services as anamnesis_services
from clinic import services as clinic_services
from clinic.models import ClientRequest, Membership
from clinic.team import services as team_services
from plans import services
from plans.models import ReferralOutcome
from tests.factories import AnamnesisFactory, ClientFactory, MembershipFactory, PracticeFactory
from tests.plans.history_fixtures import bulk_sessions, record
from tests.plans.plan_fixtures import (
    ACUTE_NECK,
    ANTICOAGULATED,
    CHRONIC_BACK,
    RED_FLAG,
    plan_from,
    with_measures,
)

SURNAME = "Zebulon"
PASSWORD = "correct-horse-battery"  # the factories' password
ACTIVITIES = [("Sitting at the desk", 3), ("Lifting the shopping", 4), ("Putting on socks", 5)]


@dataclass
class World:
    practice: object
    therapist: object  # alice
    admin: object  # adam, practice admin of A
    outsider: object  # mallory, therapist of practice B
    deactivated: object  # dora, a former therapist of A
    colleague: object  # bob's membership, a therapist of A for the admin to manage
    invitation: object  # a pending invitation to practice A
    invitation_token: str  # its link's token
    client: object  # Clara, with the open intake
    draft_anamnesis: object
    completed_anamnesis: object  # the draft plan's
    draft_plan: object
    caution_draft: object  # a draft whose client's cautions rule exercises out
    final_plan: object  # a session recorded today by alice
    session: object
    amendment: object  # an open amendment of the final plan's (locked) intake
    reassessment_plan: object  # three sessions in: the next one is a reassessment
    referring_draft: object  # a draft plan that refers, for the letter's recipient
    open_referral: object
    referral: object  # closed by a clearance
    outcome: object
    erasable: object  # Erika, restricted by an erasure request with a legal reason


def build_world():
    practice = PracticeFactory(name="Practice A")
    therapist = MembershipFactory(practice=practice, user__username="alice").user
    admin = MembershipFactory(
        practice=practice, user__username="adam", role=Membership.Role.ADMIN
    ).user
    outsider = MembershipFactory(
        practice=PracticeFactory(name="Practice B"), user__username="mallory"
    ).user
    deactivated = MembershipFactory(practice=practice, user__username="dora").user
    deactivated.is_active = False
    deactivated.save()
    colleague = MembershipFactory(practice=practice, user__username="bob")
    invitation, invitation_token = team_services.invitation_create(
        practice=practice,
        by=admin,
        email="ines@example.org",
        first_name="Ines",
        last_name="Neu",
        role=Membership.Role.THERAPIST,
    )

    def client(first_name, **extra):
        return ClientFactory(
            practice=practice,
            first_name=first_name,
            last_name=SURNAME,
            consent_date=datetime.date(2026, 1, 1),
            consent_recorded_by=therapist,
            **extra,
        )

    def final(first_name, doc, **extra):
        plan = plan_from(client(first_name, **extra), therapist, doc)
        return services.plan_finalize(plan=plan, by=therapist)

    clara = client("Clara")
    draft_plan = plan_from(client("Dana"), therapist, ACUTE_NECK)
    final_plan = final("Fritz", CHRONIC_BACK)
    reassessment_plan = final("Mia", with_measures(CHRONIC_BACK, ACTIVITIES))
    bulk_sessions(reassessment_plan, therapist, 3)
    physician = {"referring_physician": "Dr. Petra Hausarzt"}
    referral = final("Rita", RED_FLAG, **physician).referral_record
    erasable = client("Erika")
    clinic_services.client_request_record(
        client=erasable,
        kind=ClientRequest.Kind.ERASE,
        reason="Asked in writing",
        legal_reason="Processed unlawfully",
        by=admin,
    )
    return World(
        practice=practice,
        therapist=therapist,
        admin=admin,
        outsider=outsider,
        deactivated=deactivated,
        colleague=colleague,
        invitation=invitation,
        invitation_token=invitation_token,
        client=clara,
        draft_anamnesis=AnamnesisFactory(client=clara, taken_by=therapist),
        completed_anamnesis=draft_plan.anamnesis,
        draft_plan=draft_plan,
        caution_draft=plan_from(client("Carla"), therapist, ANTICOAGULATED),
        final_plan=final_plan,
        session=record(final_plan, therapist),
        amendment=anamnesis_services.anamnesis_amend(anamnesis=final_plan.anamnesis, by=therapist),
        reassessment_plan=reassessment_plan,
        referring_draft=plan_from(client("Rosa", **physician), therapist, RED_FLAG),
        open_referral=final("Otto", RED_FLAG, **physician).referral_record,
        referral=referral,
        outcome=services.referral_outcome_record(
            referral=referral,
            kind=ReferralOutcome.Kind.CLEARED,
            on=timezone.localdate(),
            by=therapist,
        ),
        erasable=erasable,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back after it; each test runs in its own savepoint
    (the `db` fixture), so what one test writes, the next does not see."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
