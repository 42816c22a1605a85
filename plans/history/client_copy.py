"""The client's copy of their record (GDPR art. 15, issue 13): one zip file with everything the
practice holds about the client.

    summary.pdf                      readable summary: client, consent history, intakes, plans,
                                     sessions (rendered with the plan document's renderer)
    client.json                      the client record, the consent history, requests
    anamnesis/anamnesis-<id>-v<n>.json   each anamnesis as anamnesis/v2
    plans/plan-<id>-v<n>.json        each plan as plan/v2 (v1 for plans made before v2)
    plans/plan-<id>-v<n>.pdf         the archived PDF of a finalized plan, byte for byte as
                                     signed (for a referral it holds the letter)
    sessions.json                    sessions with their addenda and reassessments
    referrals.json                   referrals and their outcomes
    manifest.json                    every other file with its size and SHA-256

Built in memory: a client's record is a few megabytes at most (each archived PDF is bounded by
the renderer's page limit).
"""

import hashlib
import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from anamnesis.contract import anamnesis_to_contract
from plans.document.render import STYLESHEET, AssetFetcher, html_to_pdf, plan_document_context
from plans.history.client_history import technique_words
from plans.models import PlanDocument, Referral, TreatmentPlan, TreatmentSession

MANIFEST = "manifest.json"
SCHEMA = "client-copy/v1"
TEMPLATE = "plans/print/client_copy.html"
COPY_STYLESHEET = "print/progress.css"


def _iso(value):
    return value.isoformat() if value is not None else None


def _person(user):
    return (user.get_full_name() or user.get_username()) if user is not None else None


def client_record(client):
    return {
        "id": client.pk,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "date_of_birth": _iso(client.date_of_birth),
        "sex": client.sex,
        "phone": client.phone,
        "email": client.email,
        "occupation": client.occupation,
        "address": client.address,
        "referring_physician": client.referring_physician,
        "notes": client.notes,
        "created_at": _iso(client.created_at),
        "archived_at": _iso(client.archived_at),
        "restricted_at": _iso(client.restricted_at),
        "consent_history": [
            {
                "kind": record.kind,
                "on": _iso(record.on),
                "covers": list(record.covers),
                "note": record.note,
                "recorded_at": _iso(record.recorded_at),
                "recorded_by": _person(record.recorded_by),
            }
            for record in client.consents.select_related("recorded_by")
        ],
        "requests": [
            {
                "kind": request.kind,
                "reason": request.reason,
                "legal_reason": request.legal_reason,
                "recorded_at": _iso(request.recorded_at),
                "lifted_at": _iso(request.lifted_at),
            }
            for request in client.requests.all()
        ],
    }


def _session(session):
    reassessment = getattr(session, "reassessment", None)
    return {
        "id": session.pk,
        "plan_id": session.plan_id,
        "number": session.number,
        "date": _iso(session.date),
        "minutes": session.minutes,
        "techniques": session.techniques,
        "pressure": session.pressure,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "response": session.response,
        "subjective": session.subjective,
        "objective": session.objective,
        "assessment": session.assessment,
        "plan": session.next_steps,
        "exercises_done": session.exercises_done,
        "exercises_hurt": session.exercises_hurt,
        "recorded_by": _person(session.author),
        "recorded_at": _iso(session.created_at),
        "addenda": [
            {"text": a.text, "by": _person(a.author), "at": _iso(a.at)}
            for a in session.addenda.all()
        ],
        "reassessment": {
            "pain_baseline": reassessment.pain_baseline,
            "pain_now": reassessment.pain_now,
            "ratings": reassessment.ratings,
            "pain_verdict": reassessment.pain_verdict,
            "psfs_verdict": reassessment.psfs_verdict,
            "verdict": reassessment.verdict,
        }
        if reassessment is not None
        else None,
    }


def _referral(referral):
    return {
        "id": referral.pk,
        "plan_id": referral.plan_id,
        "urgency": referral.urgency,
        "recipient_name": referral.recipient_name,
        "recipient_practice": referral.recipient_practice,
        "recipient_address": referral.recipient_address,
        "recipient_fax": referral.recipient_fax,
        "advice": referral.advice,
        "referred_at": _iso(referral.created_at),
        "referred_by": _person(referral.created_by),
        "outcomes": [
            {
                "kind": o.kind,
                "on": _iso(o.on),
                "restrictions": o.restrictions,
                "cautions": o.cautions,
                "note": o.note,
                "recorded_at": _iso(o.recorded_at),
            }
            for o in referral.outcomes.all()
        ],
    }


def _json(data):
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def summary_context(client, *, anamneses, plans, sessions, referrals, by):
    context = plan_document_context(
        {}, client=client, practice=client.practice, therapist=by, draft=False
    )
    context.update(
        {
            "record": client,
            "consents": list(client.consents.select_related("recorded_by")),
            "anamneses": anamneses,
            "plans": plans,
            "session_rows": [
                {"session": s, "techniques": technique_words(s.techniques)} for s in sessions
            ],
            "referrals": referrals,
            "date": timezone.localdate(),
        }
    )
    return context


def render_summary_pdf(context):
    return html_to_pdf(
        render_to_string(TEMPLATE, context),
        fetcher=AssetFetcher(media=context["media"]),
        stylesheets=(STYLESHEET, COPY_STYLESHEET),
    )


def client_copy_files(client, *, by):
    """[(path, bytes)] of the client's copy, the manifest last."""
    anamneses = list(client.anamneses.order_by("taken_at", "version", "pk"))
    plans = list(
        TreatmentPlan.objects.for_client(client)
        .select_related("anamnesis", "finalized_by", "created_by")
        .order_by("created_at", "version", "pk")
    )
    sessions = list(
        TreatmentSession.objects.for_client(client)
        .select_related("author", "reassessment")
        .prefetch_related("addenda__author")
        .order_by("date", "number", "pk")
    )
    referrals = list(
        Referral.objects.for_client(client)
        .select_related("created_by")
        .prefetch_related("outcomes")
        .order_by("created_at", "pk")
    )
    documents = {d.plan_id: d for d in PlanDocument.objects.filter(plan__in=plans)}
    files = [
        (
            "summary.pdf",
            render_summary_pdf(
                summary_context(
                    client,
                    anamneses=anamneses,
                    plans=plans,
                    sessions=sessions,
                    referrals=referrals,
                    by=by,
                )
            ),
        ),
        ("client.json", _json(client_record(client))),
    ]
    for a in anamneses:
        files.append(
            (f"anamnesis/anamnesis-{a.pk}-v{a.version}.json", _json(anamnesis_to_contract(a)))
        )
    for plan in plans:
        name = f"plans/plan-{plan.pk}-v{plan.version}"
        files.append((f"{name}.json", _json(plan.plan)))
        if plan.pk in documents:
            files.append((f"{name}.pdf", bytes(documents[plan.pk].pdf)))
    files.append(("sessions.json", _json([_session(s) for s in sessions])))
    files.append(("referrals.json", _json([_referral(r) for r in referrals])))
    manifest = {
        "schema": SCHEMA,
        "client_id": client.pk,
        "practice": client.practice.name,
        "created_at": _iso(timezone.now()),
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in files
        ],
    }
    files.append((MANIFEST, _json(manifest)))
    return files


def client_copy_zip(client, *, by):
    """The client's copy as the bytes of a zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in client_copy_files(client, by=by):
            archive.writestr(path, data)
    return buffer.getvalue()


def treats(user, client):
    """Whether `user` treated `client`: took an intake, drafted or finalized a plan, or
    recorded a session of theirs."""
    plans = TreatmentPlan.objects.for_client(client)
    return (
        client.anamneses.filter(taken_by=user).exists()
        or plans.filter(created_by=user).exists()
        or plans.filter(finalized_by=user).exists()
        or TreatmentSession.objects.for_client(client).filter(author=user).exists()
    )
