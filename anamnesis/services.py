"""Writes on anamneses, shared by the views, the management command and the plan flow."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anamnesis.contract import contract_problems
from anamnesis.models import ROW_MODELS, Anamnesis
from plans.engine import derive_course, vocabulary


class AnamnesisLocked(Exception):
    """A plan was finalized from this anamnesis: it is amended, never edited in place."""

    def __init__(self, anamnesis):
        self.anamnesis = anamnesis
        super().__init__(
            _("This anamnesis is locked because a plan was finalized from it. Amend it instead.")
        )


class AnamnesisAlreadyAmended(Exception):
    """This version was amended already and that amendment is itself locked: the versions are
    one chain, so the newest version is the one to amend. `newest` is it."""

    def __init__(self, anamnesis, newest):
        self.anamnesis = anamnesis
        self.newest = newest
        super().__init__(
            _(
                "Version %(old)s of this anamnesis was amended already; version %(new)s is the "
                "newest. Amend that one instead."
            )
            % {"old": anamnesis.version, "new": newest.version}
        )


class AnamnesisIncomplete(Exception):
    """What is missing before an anamnesis can be completed, by form field name."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(m for messages in problems.values() for m in messages))


# Fields an amendment starts from anew instead of copying.
NOT_COPIED = {
    "id",
    "previous",
    "version",
    "status",
    "completed_at",
    "locked_at",
    "taken_by",
    "created_at",
    "updated_at",
    "draft_snapshot",
}


def anamnesis_start(*, client, taken_by, submission=None):
    """A new draft anamnesis for `client`; raises ConsentMissing without consent. `submission`
    is the new-intake form's one-time token (clinic.submit_once)."""
    client.require_consent()
    return Anamnesis.objects.create(
        client=client,
        taken_by=taken_by,
        occupation=client.occupation or None,
        submission=submission,
    )


def _refuse_if_locked(anamnesis):
    if anamnesis.is_locked:
        raise AnamnesisLocked(anamnesis)


@transaction.atomic
def anamnesis_save(*, anamnesis, values, snapshot=None, **rows):
    """Save form values and lists on a draft or completed anamnesis.

    `values` maps field names to values; each of the rows in `ROW_MODELS` (`regions`,
    `prior_injuries`, ..., `psfs_activities`) given as a list of dicts replaces those rows (None
    or absent leaves them). `snapshot` keeps raw form data that did not validate. A completed
    anamnesis that is no longer complete goes back to draft.
    """
    anamnesis = Anamnesis.objects.select_for_update().get(pk=anamnesis.pk)
    _refuse_if_locked(anamnesis)
    for name, value in values.items():
        setattr(anamnesis, name, value)
    if anamnesis.onset_date is not None:
        taken_on = timezone.localtime(anamnesis.taken_at).date()
        anamnesis.duration_days = max((taken_on - anamnesis.onset_date).days, 0)
    if not anamnesis.course_overridden or not anamnesis.course:
        anamnesis.course_overridden = False
        anamnesis.course = (
            derive_course(anamnesis.duration_days) if anamnesis.duration_days is not None else ""
        )
    anamnesis.draft_snapshot = snapshot
    anamnesis.save()
    for name, model in ROW_MODELS.items():
        if rows.get(name) is not None:
            model.objects.filter(anamnesis=anamnesis).delete()
            model.objects.bulk_create(model(anamnesis=anamnesis, **row) for row in rows[name])
    if anamnesis.is_completed and completion_problems(anamnesis):
        anamnesis.status = Anamnesis.Status.DRAFT
        anamnesis.completed_at = None
        anamnesis.save(update_fields=["status", "completed_at", "updated_at"])
    return anamnesis


def completion_problems(anamnesis):
    """What keeps `anamnesis` from being completed, as {form field name: [messages]}."""
    problems = {}
    if not anamnesis.regions.exists():
        problems["regions"] = [_("Mark at least one region on the body chart.")]
    if anamnesis.duration_days is None:
        problems["duration_days"] = [_("Enter the onset date or the days since onset.")]
    if not anamnesis.pain_character:
        problems["pain_character"] = [_("Choose at least one pain character.")]
    if anamnesis.pain_now is None:
        problems["pain_now"] = [_("Rate the pain now (0-10).")]
    for code in anamnesis.unanswered_red_flags:
        problems[f"red_flag_{code}"] = [_("Answer yes or no.")]
    low, high = vocabulary.PSFS_ACTIVITIES
    activities = anamnesis.psfs_activities.count()
    if activities and not low <= activities <= high:
        problems["psfs_activities"] = [
            _("The Patient-Specific Functional Scale takes 3 to 5 activities (%(n)s given).")
            % {"n": activities}
        ]
    if not problems:
        contract = contract_problems(anamnesis)
        if contract:
            problems["__all__"] = contract
    return problems


@transaction.atomic
def anamnesis_complete(*, anamnesis):
    """Mark `anamnesis` completed, or raise AnamnesisIncomplete naming what is missing."""
    anamnesis = Anamnesis.objects.select_for_update().get(pk=anamnesis.pk)
    _refuse_if_locked(anamnesis)
    problems = completion_problems(anamnesis)
    if problems:
        raise AnamnesisIncomplete(problems)
    if not anamnesis.is_completed:
        anamnesis.status = Anamnesis.Status.COMPLETED
        anamnesis.completed_at = timezone.now()
        anamnesis.draft_snapshot = None
        anamnesis.save(update_fields=["status", "completed_at", "draft_snapshot", "updated_at"])
    return anamnesis


@transaction.atomic
def anamnesis_lock(*, anamnesis, at=None):
    """Freeze a completed anamnesis (a plan was finalized from it); idempotent.

    `at` is the moment (now by default): the plan's finalizing passes its moment of signing."""
    anamnesis = Anamnesis.objects.select_for_update().get(pk=anamnesis.pk)
    if not anamnesis.is_completed:
        raise AnamnesisIncomplete({"__all__": [_("Only a completed anamnesis can be locked.")]})
    if anamnesis.locked_at is None:
        anamnesis.locked_at = at or timezone.now()
        anamnesis.save(update_fields=["locked_at", "updated_at"])
    return anamnesis


def newest_version(anamnesis):
    """The last version of the chain `anamnesis` belongs to."""
    while (amendment := Anamnesis.objects.filter(previous=anamnesis).first()) is not None:
        anamnesis = amendment
    return anamnesis


def _existing_amendment(anamnesis):
    """The open amendment of `anamnesis` to continue, or None; AnamnesisAlreadyAmended when
    its amendment is locked already."""
    amendment = Anamnesis.objects.filter(previous=anamnesis).first()
    if amendment is not None and amendment.is_locked:
        raise AnamnesisAlreadyAmended(anamnesis, newest_version(amendment))
    return amendment


@transaction.atomic
def anamnesis_amend(*, anamnesis, by):
    """A new draft version of a locked anamnesis, copied from it and linked to it.

    The locked version stays as it was. An open (unlocked) amendment is reused, not duplicated;
    a version whose amendment is locked already raises AnamnesisAlreadyAmended. The version's
    row is locked (select_for_update) for the transaction, and the database keeps one amendment
    per version, so two amendments at once cannot fork the chain.
    """
    anamnesis = Anamnesis.objects.select_for_update().get(pk=anamnesis.pk)
    if not anamnesis.is_locked:
        return anamnesis
    amendment = _existing_amendment(anamnesis)
    if amendment is not None:
        return amendment
    values = {
        field.attname: getattr(anamnesis, field.attname)
        for field in Anamnesis._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    try:
        with transaction.atomic():
            amendment = Anamnesis.objects.create(
                **values,
                previous=anamnesis,
                version=anamnesis.version + 1,
                taken_by=by,
                status=Anamnesis.Status.DRAFT,
            )
    except IntegrityError:
        # Amended meanwhile by another request (a database without row locks, e.g. SQLite):
        # the database keeps one amendment per version, and that one is the answer.
        amendment = _existing_amendment(anamnesis)
        if amendment is None:
            raise
        return amendment
    for name, model in ROW_MODELS.items():
        copy_fields = [
            f.attname for f in model._meta.concrete_fields if f.name not in ("id", "anamnesis")
        ]
        model.objects.bulk_create(
            model(anamnesis=amendment, **{f: getattr(row, f) for f in copy_fields})
            for row in getattr(anamnesis, name).all()
        )
    return amendment


@transaction.atomic
def anamnesis_add_cautions(*, anamnesis, codes=(), note=""):
    """Add cautions learned outside the intake (a physician's restrictions) to an open version.

    `codes` are CAUTION codes, kept in the vocabulary's order without repeats; `note` is added
    as a new paragraph of the caution notes. A locked version raises AnamnesisLocked: amend it.
    """
    anamnesis = Anamnesis.objects.select_for_update().get(pk=anamnesis.pk)
    _refuse_if_locked(anamnesis)
    unknown = [code for code in codes if code not in vocabulary.CAUTION]
    if unknown:
        raise ValueError(f"unknown caution codes: {unknown}")
    wanted = {*anamnesis.cautions, *codes}
    anamnesis.cautions = [code for code in vocabulary.CAUTION if code in wanted] + [
        code for code in anamnesis.cautions if code not in vocabulary.CAUTION
    ]
    note = (note or "").strip()
    if note and note not in anamnesis.caution_notes:
        anamnesis.caution_notes = "\n\n".join(
            part for part in (anamnesis.caution_notes.strip(), note) if part
        )
    anamnesis.save(update_fields=["cautions", "caution_notes", "updated_at"])
    return anamnesis
