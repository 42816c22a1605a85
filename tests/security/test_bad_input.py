"""Characters a database cannot store never cause a server error or a partial write: NUL in any
text field is refused at the field (web) or named by its path (import)."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from anamnesis.models import Anamnesis
from clinic.models import AuditEvent, Client
from plans.models import PlanDocument
from tests.anamnesis.helpers import intake_data
from tests.plans.history_fixtures import back_plan  # noqa: F401
from tests.plans.log.test_sessions import post_data
from tests.plans.plan_fixtures import (  # noqa: F401
    EXAMPLES,
    anamnesis_record,
    draft_plan_record,
    final_plan_record,
)

pytestmark = pytest.mark.django_db

NUL = "before\x00after"
INTAKE_TEXT = ["complaint_notes", "aggravating", "goals", "occupation", "comparisons-0-test"]


@pytest.mark.parametrize("field", INTAKE_TEXT)
def test_a_nul_in_a_new_intake_is_refused_at_the_field(alice_client, client_record, field):
    response = alice_client.post(
        reverse("anamnesis:new", args=[client_record.pk]), intake_data(**{field: NUL})
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    anamnesis = Anamnesis.objects.get()  # what was valid is kept, as typed, as a draft
    assert "\x00" not in json.dumps(anamnesis.draft_snapshot)


@pytest.mark.parametrize("field", INTAKE_TEXT)
def test_a_nul_in_an_autosave_answers_saved_partly(alice_client, client_record, field):
    data = intake_data(**{field: NUL}, autosave="1")
    response = alice_client.post(reverse("anamnesis:new", args=[client_record.pk]), data)
    assert response.status_code == 200
    assert response.json()["status"] == "saved_partly"


def test_a_nul_in_the_client_form_is_refused(alice_client, client_record):
    url = reverse("clinic:client_edit", args=[client_record.pk])
    data = {
        "first_name": "Cla\x00ra",
        "last_name": "Client",
        "date_of_birth": "1980-01-01",
        "sex": "female",
    }
    response = alice_client.post(url, data)
    assert response.status_code in (200, 400, 422)
    assert Client.objects.get().first_name == "Clara"


def test_a_nul_in_a_session_is_refused(alice_client, back_plan):  # noqa: F811
    url = reverse("plans:session_new", args=[back_plan.pk])
    response = alice_client.post(url, post_data(subjective=NUL))
    assert response.status_code == 422
    assert not back_plan.sessions.exists()


def test_an_import_with_a_nul_exits_2_naming_the_path(client_record, alice, tmp_path, capsys):
    doc = json.loads((EXAMPLES / "chronic-lower-back-inactive.json").read_text())
    doc["complaint"]["aggravating"] = NUL
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SystemExit) as exited:
        call_command(
            "anamnesis",
            "import",
            str(path),
            "--client",
            str(client_record.pk),
            "--taken-by",
            "alice",
        )
    assert exited.value.code == 2
    assert "complaint.aggravating" in capsys.readouterr().err
    assert not Anamnesis.objects.exists()


@contextmanager
def triggers_lifted(table):
    """The table's protecting triggers off for the block, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events block ALTER
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            try:
                yield
            finally:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


def test_an_altered_archived_pdf_is_refused_with_a_clear_page(
    alice_client,
    final_plan_record,  # noqa: F811
    caplog,
):
    """Someone with database access bypassed the triggers and changed the bytes: the download
    refuses them instead of serving them under the signed document's fingerprint."""
    with triggers_lifted("plans_plandocument"):
        PlanDocument.objects.filter(plan=final_plan_record).update(pdf=b"%PDF-forged")
    response = alice_client.get(reverse("plans:pdf", args=[final_plan_record.pk]))
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "no longer matches the fingerprint" in response.content.decode()
    assert "does not match its SHA-256" in caplog.text
    # ...and the refusal is in the audit trail: who asked for which plan, and when.
    event = AuditEvent.objects.get(action="altered")
    assert (event.subject, event.object_id) == ("plan", final_plan_record.pk)
    assert event.username == "alice"
