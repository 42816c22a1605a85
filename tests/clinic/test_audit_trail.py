"""The audit trail (issue 12): every read and every write of a client's data, and every sign-in,
leaves one row saying who, when, what, which record and from which address."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Max
from django.test import RequestFactory
from django.utils import timezone

from clinic import audit
from clinic.models import AuditAction, AuditEvent, AuditSubject, Client
from plans import services
from tests.anamnesis.helpers import intake_data
from tests.conftest import PASSWORD
from tests.factories import AnamnesisFactory, ClientFactory, UserFactory
from tests.plans.document.test_plan_pages import form_data
from tests.plans.history_fixtures import record
from tests.plans.log.test_sessions import post_data as session_data

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"
V = AuditAction
S = AuditSubject


def recorded(do):
    """What `do()` answered and the audit events it left, oldest first."""
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    response = do()
    return response, list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


@pytest.fixture
def draft_anamnesis(client_record, alice):
    return AnamnesisFactory(client=client_record, taken_by=alice)


@pytest.fixture
def session(back_plan, alice):
    return record(back_plan, alice)


@pytest.fixture
def referral(referral_plan_record, alice):
    return services.plan_finalize(plan=referral_plan_record, by=alice).referral_record


# Reads: (fixture, URL of it, action, record kind, the record named or None for a list page)
READS = {
    "client list": ("client_record", lambda c: "/clients/?q=Cla", V.VIEWED, S.CLIENT_LIST, None),
    "dashboard": ("client_record", lambda c: "/", V.VIEWED, S.DASHBOARD, None),
    "client page": ("client_record", lambda c: f"/clients/{c.pk}/", V.VIEWED, S.CLIENT, "self"),
    "client edit form": (
        "client_record",
        lambda c: f"/clients/{c.pk}/edit/",
        V.VIEWED,
        S.CLIENT,
        "self",
    ),
    "new anamnesis form": (
        "client_record",
        lambda c: f"/clients/{c.pk}/anamnesis/new/",
        V.VIEWED,
        S.CLIENT,
        "self",
    ),
    "comparison": (
        "anamnesis_record",
        lambda a: f"/clients/{a.client_id}/compare/",
        V.VIEWED,
        S.CLIENT,
        "client",
    ),
    "progress report": (
        "back_plan",
        lambda p: f"/clients/{p.client.pk}/progress.pdf",
        V.PDF,
        S.CLIENT,
        "client",
    ),
    "anamnesis": (
        "anamnesis_record",
        lambda a: f"/anamnesis/{a.pk}/",
        V.VIEWED,
        S.ANAMNESIS,
        "self",
    ),
    "anamnesis edit form": (
        "draft_anamnesis",
        lambda a: f"/anamnesis/{a.pk}/edit/",
        V.VIEWED,
        S.ANAMNESIS,
        "self",
    ),
    "anamnesis JSON export": (
        "anamnesis_record",
        lambda a: f"/anamnesis/{a.pk}/export.json",
        V.EXPORTED,
        S.ANAMNESIS,
        "self",
    ),
    "draft plan preview": (
        "anamnesis_record",
        lambda a: f"/anamnesis/{a.pk}/draft-plan/",
        V.VIEWED,
        S.ANAMNESIS,
        "self",
    ),
    "plan page": ("draft_plan_record", lambda p: f"/plans/{p.pk}/", V.VIEWED, S.PLAN, "self"),
    "plan PDF": ("final_plan_record", lambda p: f"/plans/{p.pk}/pdf/", V.PDF, S.PLAN, "self"),
    "draft plan PDF, therapist's copy": (
        "draft_plan_record",
        lambda p: f"/plans/{p.pk}/pdf/?copy=therapist",
        V.PDF,
        S.PLAN,
        "self",
    ),
    "exercise sheet": (
        "back_plan",
        lambda p: f"/plans/{p.pk}/exercises/",
        V.VIEWED,
        S.PLAN,
        "self",
    ),
    "exercise sheet PDF": (
        "back_plan",
        lambda p: f"/plans/{p.pk}/exercises.pdf",
        V.PDF,
        S.PLAN,
        "self",
    ),
    "client's referral sheet": (
        "referral_plan_record",
        lambda p: f"/plans/{p.pk}/client-sheet.pdf",
        V.PDF,
        S.PLAN,
        "self",
    ),
    "referral": ("referral", lambda r: f"/referrals/{r.pk}/", V.VIEWED, S.REFERRAL, "self"),
    "new session form": (
        "back_plan",
        lambda p: f"/plans/{p.pk}/sessions/new/",
        V.VIEWED,
        S.PLAN,
        "self",
    ),
    "session": ("session", lambda s: f"/sessions/{s.pk}/", V.VIEWED, S.SESSION, "self"),
    "session edit form": (
        "session",
        lambda s: f"/sessions/{s.pk}/edit/",
        V.VIEWED,
        S.SESSION,
        "self",
    ),
}


@pytest.mark.parametrize("case", READS.values(), ids=READS.keys())
def test_every_read_of_a_clients_data_is_recorded(request, alice_client, alice, practice, case):
    fixture, url, action, subject, named = case
    obj = request.getfixturevalue(fixture)
    response, events = recorded(lambda: alice_client.get(url(obj), HTTP_USER_AGENT=BROWSER))
    assert response.status_code == 200
    [event] = events
    assert (event.action, event.subject) == (action, subject)
    assert (event.user, event.username, event.practice) == (alice, "alice", practice)
    assert (event.ip_address, event.user_agent, event.source) == ("127.0.0.1", BROWSER, "web")
    assert event.at is not None
    if named is None:
        assert (event.object_id, event.client_id) == (None, None)
    else:
        record_ = obj if named == "self" else obj.client
        client = record_ if isinstance(record_, Client) else record_.client
        assert (event.object_id, event.client_id) == (record_.pk, client.pk)


def test_the_client_list_records_its_filter_and_page_but_not_the_name_searched(
    alice_client, client_record
):
    _response, [event] = recorded(lambda: alice_client.get("/clients/?q=Clara&archived=on"))
    assert event.summary == "page 1, archived, searched"


def test_a_pdf_read_says_which_copy(alice_client, draft_plan_record):
    _response, [event] = recorded(
        lambda: alice_client.get(f"/plans/{draft_plan_record.pk}/pdf/?copy=therapist")
    )
    assert event.summary == "version 1, therapist's copy, draft"


# Writes


def test_registering_a_client_with_consent_is_recorded(alice_client, alice):
    data = {
        "first_name": "Nora",
        "last_name": "New",
        "date_of_birth": "1980-05-01",
        "sex": "female",
        "consent_given": "on",
        "consent_date": "2026-01-02",
    }
    response, [event] = recorded(lambda: alice_client.post("/clients/new/", data))
    assert response.status_code == 302
    nora = Client.objects.get(last_name="New")
    assert (event.action, event.subject, event.object_id, event.client_id) == (
        "created",
        "client",
        nora.pk,
        nora.pk,
    )
    assert event.summary == "consent given on 2026-01-02 (health_data)"


def _client_form(client, **changes):
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "date_of_birth": client.date_of_birth,
        "sex": client.sex,
        "phone": client.phone,
        "occupation": client.occupation,
        "consent_given": "on" if client.has_consent else "",
        "consent_date": client.consent_date or "",
    }
    data.update(changes)
    return data


def test_changing_a_client_records_the_changed_fields(alice_client, client_record):
    data = _client_form(client_record, phone="+49 30 999", occupation="Baker")
    _response, [event] = recorded(
        lambda: alice_client.post(f"/clients/{client_record.pk}/edit/", data)
    )
    assert (event.action, event.object_id) == ("changed", client_record.pk)
    assert event.summary == "phone, occupation"


def test_withdrawing_consent_is_recorded_as_a_consent_change(alice_client, client_record):
    data = {"on": "2026-02-03", "note": ""}
    _response, [event] = recorded(
        lambda: alice_client.post(f"/clients/{client_record.pk}/consent/withdrawn/", data)
    )
    assert (event.action, event.summary) == ("consent", "consent withdrawn on 2026-02-03")


def test_archiving_and_restoring_are_recorded(alice_client, client_record):
    _r, [archived] = recorded(lambda: alice_client.post(f"/clients/{client_record.pk}/archive/"))
    _r, [restored] = recorded(lambda: alice_client.post(f"/clients/{client_record.pk}/restore/"))
    assert (archived.action, restored.action) == ("archived", "restored")
    assert archived.client_id == restored.client_id == client_record.pk


def test_taking_completing_and_amending_an_anamnesis_are_recorded(
    alice_client, client_record, alice
):
    _r, [created] = recorded(
        lambda: alice_client.post(f"/clients/{client_record.pk}/anamnesis/new/", intake_data())
    )
    anamnesis = client_record.anamneses.get()
    assert (created.action, created.subject, created.object_id) == (
        "created",
        "anamnesis",
        anamnesis.pk,
    )
    assert created.client_id == client_record.pk

    autosave = {**intake_data(), "autosave": "1"}
    _r, [saved] = recorded(
        lambda: alice_client.post(f"/anamnesis/{anamnesis.pk}/autosave/", autosave)
    )
    assert (saved.action, saved.summary) == ("changed", "version 1, autosave")

    _r, [edited] = recorded(
        lambda: alice_client.post(f"/anamnesis/{anamnesis.pk}/edit/", intake_data())
    )
    assert edited.action == "changed"

    _r, [completed] = recorded(lambda: alice_client.post(f"/anamnesis/{anamnesis.pk}/complete/"))
    assert (completed.action, completed.object_id) == ("completed", anamnesis.pk)

    anamnesis.refresh_from_db()

    plan = services.plan_finalize(
        plan=services.plan_draft(anamnesis=anamnesis, author=alice), by=alice
    )
    assert plan.is_final
    _r, [amended] = recorded(lambda: alice_client.post(f"/anamnesis/{anamnesis.pk}/amend/"))
    amendment = client_record.anamneses.get(version=2)
    assert (amended.action, amended.object_id) == ("created", amendment.pk)
    assert amended.summary == "version 2, amending version 1"


def test_drafting_editing_finalizing_and_revising_a_plan_are_recorded(
    alice_client, anamnesis_record
):
    _r, [drafted] = recorded(
        lambda: alice_client.post(f"/anamnesis/{anamnesis_record.pk}/plans/new/")
    )
    plan = anamnesis_record.plans.get()
    assert (drafted.action, drafted.subject, drafted.object_id) == ("created", "plan", plan.pk)

    data = form_data(plan, client_instructions="Warm shower before the exercises.")
    response, [edited] = recorded(lambda: alice_client.post(f"/plans/{plan.pk}/", data))
    assert response.status_code == 302
    assert (edited.action, edited.object_id) == ("changed", plan.pk)

    _r, [finalized] = recorded(
        lambda: alice_client.post(f"/plans/{plan.pk}/finalize/", {"confirmed": "1"})
    )
    assert (finalized.action, finalized.object_id) == ("finalized", plan.pk)

    _r, [revised] = recorded(lambda: alice_client.post(f"/plans/{plan.pk}/revise/"))
    assert revised.action == "created"
    assert revised.object_id == plan.superseded_by.pk
    assert revised.summary == "version 2, revising version 1"


def test_recording_changing_and_amending_a_session_are_recorded(alice_client, back_plan):
    _r, [created] = recorded(
        lambda: alice_client.post(f"/plans/{back_plan.pk}/sessions/new/", session_data())
    )
    session = back_plan.sessions.get()
    assert (created.action, created.subject, created.object_id) == (
        "created",
        "session",
        session.pk,
    )
    assert created.client_id == back_plan.client.pk

    changed = session_data(subjective="Better today.")
    _r, [edited] = recorded(lambda: alice_client.post(f"/sessions/{session.pk}/edit/", changed))
    assert (edited.action, edited.summary) == ("changed", "session 1")

    _r, [addendum] = recorded(
        lambda: alice_client.post(f"/sessions/{session.pk}/addendum/", {"text": "Pain was 6."})
    )
    assert (addendum.action, addendum.summary) == ("changed", "session 1, addendum")


def test_a_referral_outcome_and_the_intake_after_clearance_are_recorded(alice_client, referral):
    today = timezone.localdate().isoformat()
    _r, [outcome] = recorded(
        lambda: alice_client.post(
            f"/referrals/{referral.pk}/outcome/", {"kind": "cleared", "on": today}
        )
    )
    assert (outcome.action, outcome.subject, outcome.object_id) == (
        "changed",
        "referral",
        referral.pk,
    )
    assert outcome.summary == "outcome: cleared"
    clearance = referral.outcomes.get()
    _r, [intake] = recorded(
        lambda: alice_client.post(f"/referrals/{referral.pk}/outcomes/{clearance.pk}/anamnesis/")
    )
    assert (intake.action, intake.subject) == ("created", "anamnesis")
    assert intake.client_id == referral.client.pk


def test_a_refused_write_records_no_write(alice_client, client_record):
    data = _client_form(client_record, date_of_birth="2999-01-01")
    response, events = recorded(
        lambda: alice_client.post(f"/clients/{client_record.pk}/edit/", data)
    )
    assert response.status_code == 200
    # The form comes back with the record: a read, and nothing else.
    assert [(e.action, e.object_id) for e in events] == [("viewed", client_record.pk)]


def test_another_practice_gets_404_and_leaves_no_trace_of_a_read(mallory_client, client_record):
    response, events = recorded(lambda: mallory_client.get(f"/clients/{client_record.pk}/"))
    assert response.status_code == 404
    assert events == []


def test_a_server_error_drops_the_reads_it_did_not_deliver_but_keeps_the_writes(
    rf, alice, client_record
):
    from clinic.middleware import audit_trail

    def view(request):
        audit.wrote(request, AuditAction.ARCHIVED, client_record)
        audit.read(request, client_record)
        raise RuntimeError("the PDF renderer fell over")

    def handler(request):  # as Django turns the exception into a 500 before middleware sees it
        try:
            return view(request)
        except RuntimeError:
            from django.http import HttpResponseServerError

            return HttpResponseServerError()

    request = rf.get("/")
    request.user = alice
    _response, events = recorded(lambda: audit_trail(handler)(request))
    assert [e.action for e in events] == ["archived"]


def test_the_practice_settings_change_is_recorded(client, practice, alice):
    alice.membership.role = "admin"
    alice.membership.save()
    client.force_login(alice)
    data = {"name": "Alice's Practice", "address": "Elsewhere 2", "phone": "", "email": ""}
    _r, [event] = recorded(lambda: client.post("/practice/settings/", data))
    assert (event.action, event.subject, event.practice) == ("changed", "practice", practice)


# The command line


def test_the_anamnesis_command_records_its_export_and_import(
    anamnesis_record, client_record, tmp_path
):
    out = io.StringIO()
    _r, [exported] = recorded(
        lambda: call_command("anamnesis", "export", str(anamnesis_record.pk), stdout=out)
    )
    assert (exported.action, exported.source, exported.user) == ("exported", "command", None)
    assert (exported.object_id, exported.client_id) == (anamnesis_record.pk, client_record.pk)
    assert exported.practice == client_record.practice
    path = tmp_path / "intake.json"
    path.write_text(out.getvalue())
    _r, [imported] = recorded(
        lambda: call_command(
            "anamnesis",
            "import",
            "--client",
            str(client_record.pk),
            str(path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    )
    assert (imported.action, imported.source) == ("created", "command")
    assert imported.summary == "import of anamnesis/v2"


# Sign-in events


def test_signing_in_failing_and_signing_out_are_recorded(client, alice, practice):
    login = "/accounts/login/"
    _r, [failed] = recorded(
        lambda: client.post(
            login,
            {"login": "alice", "password": "wrong"},
            HTTP_USER_AGENT=BROWSER,
        )
    )
    assert (failed.action, failed.subject, failed.user) == ("sign_in_failed", "account", None)
    assert (failed.username, failed.practice, failed.ip_address) == ("alice", practice, "127.0.0.1")

    _r, [signed_in] = recorded(lambda: client.post(login, {"login": "alice", "password": PASSWORD}))
    assert (signed_in.action, signed_in.user, signed_in.object_id) == ("signed_in", alice, alice.pk)
    assert signed_in.practice == practice

    _r, [signed_out] = recorded(lambda: client.post("/accounts/logout/"))
    assert (signed_out.action, signed_out.user) == ("signed_out", alice)


def test_a_failed_sign_in_for_no_such_user_keeps_the_name_typed(client):
    _r, [failed] = recorded(
        lambda: client.post("/accounts/login/", {"login": "=cmd|x", "password": "x"})
    )
    assert (failed.username, failed.practice) == ("=cmd|x", None)


def test_lockouts_and_second_factor_changes_are_recorded_by_their_receivers(rf, alice, practice):
    """The receivers the lead wires to django-axes and allauth.mfa signals."""
    request = rf.post("/accounts/login/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    audit.on_locked_out("axes", request=request, username="alice", ip_address="203.0.113.9")
    [locked] = AuditEvent.objects.filter(action="locked_out")
    assert (locked.username, locked.practice, locked.ip_address) == (
        "alice",
        practice,
        "203.0.113.9",
    )

    class Totp:
        type = "totp"

    request.user = alice

    audit.on_factor_added(None, request=request, user=alice, authenticator=Totp())
    audit.on_factor_removed(None, request=request, user=alice, authenticator=Totp())
    audit.on_factor_reset(None, request=request, user=alice, authenticator=None)
    factors = AuditEvent.objects.filter(action__startswith="factor_").order_by("id")
    assert [(e.action, e.summary) for e in factors] == [
        ("factor_added", "totp"),
        ("factor_removed", "totp"),
        ("factor_reset", ""),
    ]


def test_a_lockout_without_a_request_keeps_the_address_it_was_given():
    audit.on_locked_out("axes", request=None, username="nobody", ip_address="198.51.100.7")
    [locked] = AuditEvent.objects.filter(action="locked_out")
    assert (locked.ip_address, locked.practice) == ("198.51.100.7", None)


# Where a request comes from


@pytest.mark.parametrize(
    ("behind_proxy", "meta", "address"),
    [
        (False, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}, "192.0.2.1"),
        (
            True,
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.1"},
            "192.0.2.1",
        ),
        (True, {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        (True, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
        (False, {"REMOTE_ADDR": "not an address"}, None),
        (True, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "junk"}, None),
    ],
)
def test_the_address_is_remote_addr_or_what_the_one_proxy_saw(
    settings, behind_proxy, meta, address
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0
    request = RequestFactory().get("/", **meta)
    assert audit.client_address(request) == address


def test_a_hostile_user_agent_is_cut_short_and_loses_its_nul(alice_client, client_record):
    hostile = "\x00" + "A" * 1000
    _r, [event] = recorded(
        lambda: alice_client.get(f"/clients/{client_record.pk}/", HTTP_USER_AGENT=hostile)
    )
    assert event.user_agent == "A" * 300


# The cost: one query


@pytest.mark.parametrize(
    ("fixture", "url"),
    [
        ("client_record", lambda c: f"/clients/{c.pk}/"),
        ("client_record", lambda c: "/clients/"),
        ("draft_plan_record", lambda p: f"/plans/{p.pk}/"),
        ("session", lambda s: f"/sessions/{s.pk}/"),
        ("anamnesis_record", lambda a: f"/anamnesis/{a.pk}/"),
    ],
    ids=["client page", "client list", "plan page", "session", "anamnesis"],
)
def test_recording_adds_at_most_one_query_to_a_page(
    request, alice_client, monkeypatch, django_assert_max_num_queries, fixture, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    target = url(request.getfixturevalue(fixture))
    alice_client.get(target)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as audited:
        assert alice_client.get(target).status_code == 200
    monkeypatch.setattr(audit, "flush", lambda request, response: None)
    with CaptureQueriesContext(connection) as unaudited:
        assert alice_client.get(target).status_code == 200
    inserts = [q for q in audited.captured_queries if "clinic_auditevent" in q["sql"]]
    assert len(inserts) == 1
    assert len(audited.captured_queries) - len(unaudited.captured_queries) <= 1


# The Django admin


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_a_superuser_reading_a_record_in_the_admin_leaves_a_trail_for_its_practice(
    root_client, practice, final_plan_record
):
    document_url = f"/admin/plans/plandocument/{final_plan_record.document.pk}/change/"
    _r, [read] = recorded(lambda: root_client.get(document_url))
    assert (read.action, read.subject, read.object_id) == ("viewed", "plan", final_plan_record.pk)
    assert (read.username, read.practice) == ("root", practice)
    assert read.summary.startswith("admin: ")
    _r, [listed] = recorded(lambda: root_client.get("/admin/clinic/client/"))
    assert (listed.subject, listed.summary) == ("client_list", "admin: clients")


def test_a_superuser_changing_or_deleting_a_client_in_the_admin_is_recorded(root_client, practice):
    client = ClientFactory(practice=practice)
    _r, [deleted] = recorded(
        lambda: root_client.post(f"/admin/clinic/client/{client.pk}/delete/", {"post": "yes"})
    )
    assert (deleted.action, deleted.object_id, deleted.client_id) == (
        "deleted",
        client.pk,
        client.pk,
    )
    assert deleted.practice == practice
