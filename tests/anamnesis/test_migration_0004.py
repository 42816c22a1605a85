"""Migration 0004 carries stored anamneses over to the anamnesis/v2 codes, locked ones included.

Its function runs here on today's models and database (their red-flag and caution columns are
the ones the migration reads and writes), the way `migrate` runs it.
"""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from anamnesis.contract import anamnesis_to_contract
from anamnesis.models import Anamnesis
from plans.engine import draft_plan, validate_anamnesis, vocabulary
from tests.factories import AnamnesisFactory

migration = importlib.import_module("anamnesis.migrations.0004_anamnesis_v2_codes")

OLD_FLAG = "progressive_neurological_deficit"
NEW_FLAG = "bilateral_or_progressive_weakness"
# The questions the v1 intake asked, with the v1 name of the renamed one.
V1_ASKED = [OLD_FLAG if code == NEW_FLAG else code for code in vocabulary.V1_FORM_RED_FLAGS]


class SchemaEditor:
    """What the migration's function uses of a schema editor: its connection and `execute`."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def carry_forward():
    migration.carry_forward(apps, SchemaEditor())


def v1_intake(*, red_flags=(), cautions=(), locked=False):
    """An anamnesis as v1 stored it: the v1 form's questions answered, v1 codes."""
    anamnesis = AnamnesisFactory(
        red_flags=list(red_flags),
        red_flags_absent=[code for code in V1_ASKED if code not in red_flags],
        cautions=list(cautions),
    )
    if locked:
        Anamnesis.objects.filter(pk=anamnesis.pk).update(locked_at=timezone.now())
    return Anamnesis.objects.get(pk=anamnesis.pk)


@pytest.mark.django_db
def test_the_renamed_red_flag_gets_its_v2_code():
    yes = v1_intake(red_flags=[OLD_FLAG])
    no = v1_intake()
    carry_forward()
    yes.refresh_from_db()
    no.refresh_from_db()
    assert yes.red_flags == [NEW_FLAG]
    assert OLD_FLAG not in yes.red_flags_absent
    assert NEW_FLAG in no.red_flags_absent
    assert OLD_FLAG not in no.red_flags_absent
    # The questions new in v2 were never asked: they stay unanswered, so a draft screens first.
    assert no.unanswered_red_flags == [
        code for code in vocabulary.RED_FLAG if code not in vocabulary.V1_FORM_RED_FLAGS
    ]
    assert draft_plan(anamnesis_to_contract(no))["decision"] == "screen"
    plan = draft_plan(anamnesis_to_contract(yes))
    assert plan["decision"] == "refer"
    assert plan["referral"]["urgency"] == "emergency"


@pytest.mark.django_db
def test_the_thrombosis_caution_becomes_the_red_flag():
    anamnesis = v1_intake(cautions=["anticoagulants", "suspected_thrombosis", "osteoporosis"])
    carry_forward()
    anamnesis.refresh_from_db()
    assert anamnesis.cautions == ["anticoagulants", "osteoporosis"]
    assert anamnesis.red_flags == ["suspected_thrombosis"]
    assert "suspected_thrombosis" not in anamnesis.red_flags_absent
    doc = anamnesis_to_contract(anamnesis)
    assert validate_anamnesis(doc) == []
    plan = draft_plan(doc)
    assert plan["decision"] == "refer"  # refers even though the screening is not complete
    assert plan["referral"]["urgency"] == "same_day"


@pytest.mark.django_db
def test_a_locked_anamnesis_is_carried_over_and_stays_protected():
    anamnesis = v1_intake(red_flags=[OLD_FLAG], cautions=["suspected_thrombosis"], locked=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Anamnesis.objects.filter(pk=anamnesis.pk).update(cautions=[])
    carry_forward()
    anamnesis.refresh_from_db()
    assert anamnesis.is_locked
    assert anamnesis.red_flags == [NEW_FLAG, "suspected_thrombosis"]
    assert anamnesis.cautions == []
    # The triggers are back: the locked record refuses every other change.
    with pytest.raises(IntegrityError, match="Protected record"), transaction.atomic():
        Anamnesis.objects.filter(pk=anamnesis.pk).update(cautions=["osteoporosis"])


@pytest.mark.django_db
def test_running_it_again_changes_nothing():
    anamnesis = v1_intake(red_flags=[OLD_FLAG], cautions=["suspected_thrombosis"])
    untouched = AnamnesisFactory()  # already v2: every question answered no
    carry_forward()
    anamnesis.refresh_from_db()
    once = (anamnesis.red_flags, anamnesis.red_flags_absent, anamnesis.cautions)
    carry_forward()
    anamnesis.refresh_from_db()
    assert (anamnesis.red_flags, anamnesis.red_flags_absent, anamnesis.cautions) == once
    untouched_after = Anamnesis.objects.get(pk=untouched.pk)
    assert untouched_after.red_flags == []
    assert untouched_after.red_flags_absent == list(vocabulary.RED_FLAG)


@pytest.mark.django_db
def test_it_follows_the_record_protection_and_is_applied():
    loader = MigrationLoader(connection)
    key = ("anamnesis", "0004_anamnesis_v2_codes")
    assert key in loader.applied_migrations
    assert ("anamnesis", "0003_protect_locked_versions") in loader.graph.node_map[key].parents
