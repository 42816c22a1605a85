from statistics import mean

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anamnesis import labels, services
from anamnesis.contract import anamnesis_to_contract
from anamnesis.forms import body_chart, formset_rows, intake_forms, regions_to_values
from anamnesis.models import Anamnesis
from clinic import audit
from clinic.models import AuditAction, ConsentMissing
from clinic.scoping import get_client_for, get_object_for
from clinic.submit_once import AlreadySubmitted, create_once, earlier_submission, submission_token
from plans.engine import DEFAULT_CONFIG, vocabulary

# Form fields that are not the therapist's data and so are not kept in a draft snapshot.
NOT_SNAPSHOTTED = {"csrfmiddlewaretoken", "autosave", "submission"}


def get_anamnesis_for(request, pk):
    return get_object_for(request, Anamnesis.objects.select_related("client"), pk=pk)


def _signed_out_answer():
    return JsonResponse(
        {
            "status": "signed_out",
            "message": _("Your session has expired. Sign in again to keep saving."),
            "login_url": reverse(settings.LOGIN_URL),
        },
        status=401,
    )


def _signed_in_or_401(view):
    """For autosave: an expired session gets JSON the page can act on, never a login page."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _signed_out_answer()
        return view(request, *args, **kwargs)

    return login_not_required(wrapped)


def _is_autosave(request):
    return request.method == "POST" and request.POST.get("autosave") == "1"


def _save_from_post(request, anamnesis):
    """Save whatever of the posted intake validates; keep the rest as a snapshot.

    Returns (anamnesis, form, formsets, valid).
    """
    form, formsets = intake_forms(anamnesis, request.POST)
    # Validate everything (no short circuit), so every error is there to show.
    results = [form.is_valid(), *(formset.is_valid() for formset in formsets.values())]
    valid = all(results)
    rows = {name: formset_rows(formset) for name, formset in formsets.items()}
    snapshot = None
    if not valid:
        # As typed, less the NUL characters no database stores (their fields say so).
        snapshot = {
            key: [value.replace("\x00", "") for value in request.POST.getlist(key)]
            for key in request.POST
            if key not in NOT_SNAPSHOTTED
        }
    anamnesis = services.anamnesis_save(
        anamnesis=anamnesis,
        values=form.values(),
        regions=form.region_rows(),
        snapshot=snapshot,
        **rows,
    )
    return anamnesis, form, formsets, valid


def _saved_summary(request, anamnesis, valid):
    parts = [_("version %(version)s") % {"version": anamnesis.version}]
    if _is_autosave(request):
        parts.append(_("autosave"))
    if not valid:
        parts.append(_("saved in part"))
    return ", ".join(parts)


def _autosave_answer(anamnesis, valid):
    saved_at = timezone.localtime(anamnesis.updated_at)
    return JsonResponse(
        {
            "status": "saved" if valid else "saved_partly",
            "saved_at": time_format(saved_at, "H:i:s"),
            "version": anamnesis.updated_at.isoformat(),
            "course": anamnesis.course,
            "anamnesis_status": anamnesis.status,
            "status_label": anamnesis.get_status_display(),
            "edit_url": reverse("anamnesis:edit", args=[anamnesis.pk]),
            "autosave_url": reverse("anamnesis:autosave", args=[anamnesis.pk]),
            "complete_url": reverse("anamnesis:complete", args=[anamnesis.pk]),
            "message": "" if valid else _("Saved. Some entries need correcting (marked on save)."),
        }
    )


def _render_form(request, anamnesis, client, form, formsets, status=200):
    return render(
        request,
        "anamnesis/anamnesis_form.html",
        {
            "anamnesis": anamnesis if anamnesis.pk else None,
            "client": client,
            "form": form,
            "injury_formset": formsets["prior_injuries"],
            "comparison_formset": formsets["side_comparisons"],
            "trigger_point_formset": formsets["trigger_points"],
            "psfs_formset": formsets["psfs_activities"],
            "injury_title": _("Prior accidents, injuries and surgeries"),
            "psfs_title": _("Patient-Specific Functional Scale"),
            "startback_notice": labels.STARTBACK_NOTICE,
            "comparison_title": _("Side-comparison tests"),
            "trigger_point_title": _("Trigger points"),
            "course_config": DEFAULT_CONFIG,
            "course_labels": labels.choices(vocabulary.COURSE, labels.COURSE),
        },
        status=status,
    )


def _consent_missing(request, client):
    return render(request, "anamnesis/consent_missing.html", {"client": client}, status=403)


@login_not_required
def anamnesis_new(request, client_pk):
    """The empty intake. The first save (or autosave) creates the draft."""
    if not request.user.is_authenticated:
        if _is_autosave(request):
            return _signed_out_answer()
        return redirect_to_login(request.get_full_path())
    client = get_client_for(request, client_pk)
    if not client.has_consent:
        return _consent_missing(request, client)
    if request.method == "POST":
        try:
            anamnesis, form, formsets, valid = _first_save(request, client)
        except ConsentMissing:
            return _consent_missing(request, client)
        except services.AnamnesisLocked as exc:
            return redirect(exc.anamnesis)
        summary = _saved_summary(request, anamnesis, valid)
        audit.wrote(request, AuditAction.CREATED, anamnesis, summary=summary)
        if _is_autosave(request):
            return _autosave_answer(anamnesis, valid)
        if not valid:
            return _render_form(request, anamnesis, client, form, formsets, status=400)
        messages.success(request, _("The anamnesis was saved as a draft."))
        return redirect(anamnesis.get_absolute_url() + "#created")
    anamnesis = Anamnesis(
        client=client, taken_by=request.user, occupation=client.occupation or None
    )
    form, formsets = intake_forms(anamnesis)
    audit.read(request, client, summary=_("new anamnesis form"))
    return _render_form(request, anamnesis, client, form, formsets)


def _first_save(request, client):
    """The new intake's first save (or autosave) creates the draft, in one transaction, so a save
    that fails leaves no empty draft behind. The form's one-time token makes it the only one: a
    second post of the same form (a double click, an autosave racing the save button) saves into
    the draft the first one created, so nothing typed in between is lost."""
    token = submission_token(request.POST)
    earlier = earlier_submission(client.anamneses.all(), request.POST)
    if earlier is None:
        try:
            with transaction.atomic():
                return _save_from_post(
                    request,
                    create_once(
                        client.anamneses.all(),
                        token,
                        lambda: services.anamnesis_start(
                            client=client, taken_by=request.user, submission=token
                        ),
                    ),
                )
        except AlreadySubmitted as exc:
            earlier = exc.record
    if earlier.is_locked:
        raise services.AnamnesisLocked(earlier)
    return _save_from_post(request, earlier)


def anamnesis_detail(request, pk):
    anamnesis = get_anamnesis_for(request, pk)
    regions = list(anamnesis.regions.all())
    ticked = regions_to_values({"region": r.region, "side": r.side} for r in regions)
    ratings = [activity.baseline for activity in anamnesis.psfs_activities.all()]
    audit.read(request, anamnesis, summary=_version(anamnesis))
    return render(
        request,
        "anamnesis/anamnesis_detail.html",
        {
            "anamnesis": anamnesis,
            "client": anamnesis.client,
            "problems": services.completion_problems(anamnesis),
            "chart": body_chart(set(ticked)),
            "regions_text": ", ".join(str(r) for r in regions),
            "psfs_mean": round(mean(ratings), 1) if ratings else None,
            "startback_risk": labels.STARTBACK_RISK.get(anamnesis.start_back_risk, ""),
            "versions": anamnesis.client.anamneses.filter(
                pk__in=_version_chain(anamnesis)
            ).order_by("version"),
        },
    )


def _version(anamnesis):
    return _("version %(version)s") % {"version": anamnesis.version}


def _version_chain(anamnesis):
    ids = []
    step = anamnesis
    while step is not None:
        ids.append(step.pk)
        step = step.previous
    step = getattr(anamnesis, "amended_by", None)
    while step is not None:
        ids.append(step.pk)
        step = getattr(step, "amended_by", None)
    return ids


def _snapshot_data(anamnesis):
    data = QueryDict(mutable=True)
    for key, values in anamnesis.draft_snapshot.items():
        data.setlist(key, values)
    return data


def anamnesis_edit(request, pk):
    anamnesis = get_anamnesis_for(request, pk)
    if anamnesis.is_locked:
        messages.info(
            request,
            _("This anamnesis is locked: a plan was finalized from it. Amend it to change it."),
        )
        return redirect(anamnesis)
    if request.method == "POST":
        anamnesis, form, formsets, valid = _save_from_post(request, anamnesis)
        summary = _saved_summary(request, anamnesis, valid)
        audit.wrote(request, AuditAction.CHANGED, anamnesis, summary=summary)
        if not valid:
            return _render_form(request, anamnesis, anamnesis.client, form, formsets, status=400)
        messages.success(request, _("The anamnesis was saved."))
        return redirect(anamnesis)
    # Unsaved entries from an autosave that did not validate come back, with what to correct.
    data = _snapshot_data(anamnesis) if anamnesis.draft_snapshot else None
    form, formsets = intake_forms(anamnesis, data)
    audit.read(
        request, anamnesis, summary=_("%(version)s, edit form") % {"version": _version(anamnesis)}
    )
    return _render_form(request, anamnesis, anamnesis.client, form, formsets)


@_signed_in_or_401
@require_POST
def anamnesis_autosave(request, pk):
    anamnesis = get_anamnesis_for(request, pk)
    if anamnesis.is_locked:
        return JsonResponse(
            {"status": "locked", "message": _("This anamnesis is locked; amend it instead.")},
            status=409,
        )
    anamnesis, _form, _formsets, valid = _save_from_post(request, anamnesis)
    summary = _saved_summary(request, anamnesis, valid)
    audit.wrote(request, AuditAction.CHANGED, anamnesis, summary=summary)
    return _autosave_answer(anamnesis, valid)


@require_POST
def anamnesis_complete(request, pk):
    """Complete the anamnesis; from the form, save what was entered first."""
    anamnesis = get_anamnesis_for(request, pk)
    if anamnesis.is_locked:
        return redirect(anamnesis)
    from_form = "injuries-TOTAL_FORMS" in request.POST
    if from_form:
        anamnesis, form, formsets, valid = _save_from_post(request, anamnesis)
        summary = _saved_summary(request, anamnesis, valid)
        audit.wrote(request, AuditAction.CHANGED, anamnesis, summary=summary)
        if not valid:
            return _render_form(request, anamnesis, anamnesis.client, form, formsets, status=400)
    try:
        services.anamnesis_complete(anamnesis=anamnesis)
    except services.AnamnesisIncomplete as incomplete:
        if not from_form:
            messages.error(request, _("The anamnesis is not complete yet: %s") % incomplete)
            return redirect("anamnesis:edit", pk=anamnesis.pk)
        form, formsets = intake_forms(anamnesis, request.POST)
        form.is_valid()
        for field, problems in incomplete.problems.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _render_form(request, anamnesis, anamnesis.client, form, formsets, status=400)
    audit.wrote(request, AuditAction.COMPLETED, anamnesis, summary=_version(anamnesis))
    messages.success(request, _("The anamnesis is complete."))
    return redirect(anamnesis)


@require_POST
def anamnesis_amend(request, pk):
    anamnesis = get_anamnesis_for(request, pk)
    try:
        amendment = services.anamnesis_amend(anamnesis=anamnesis, by=request.user)
    except services.AnamnesisAlreadyAmended as exc:
        messages.error(request, str(exc))
        return redirect(exc.newest)
    if amendment.pk != anamnesis.pk:
        audit.wrote(
            request,
            AuditAction.CREATED,
            amendment,
            summary=_("version %(version)s, amending version %(old)s")
            % {"version": amendment.version, "old": anamnesis.version},
        )
        messages.success(
            request,
            _("Version %(version)s was started. Version %(old)s stays as it was.")
            % {"version": amendment.version, "old": anamnesis.version},
        )
    return redirect("anamnesis:edit", pk=amendment.pk)


def anamnesis_export(request, pk):
    anamnesis = get_anamnesis_for(request, pk)
    response = JsonResponse(
        anamnesis_to_contract(anamnesis), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="anamnesis-{anamnesis.pk}.json"'
    summary = _("%(version)s, anamnesis/v2 JSON") % {"version": _version(anamnesis)}
    audit.read(request, anamnesis, action=AuditAction.EXPORTED, summary=summary)
    return response
