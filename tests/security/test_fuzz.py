"""Hostile input to every form and to the import: never a server error, and what is refused
changes nothing.

Each form is posted as a browser would send it, untouched or filled in well, with a few of its
own fields (hypothesis picks them) replaced by something hostile: NUL and other control
characters, any unicode, very long text, numbers out of any range, dates no calendar has,
choices that are not offered, several values for one field, or the field left out. The answer
must be below 500, and a request the app refuses (an error status, the form again, a redirect
with an error message) must leave every row of the database as it was. The intake is the one
exception by design: it keeps what validated, and the rest as typed, as a draft; nothing
outside the intake's own tables changes.

The import (`manage.py anamnesis import`) gets valid documents with parts replaced by hostile
JSON, and files that are no JSON at all: it stores the anamnesis or exits with status 2, and
then has stored nothing.

Every example runs in a savepoint that is rolled back, so each starts from the same records.
Both databases: the suite runs on SQLite and, in CI, on PostgreSQL (DATABASE_URL).
"""

import datetime
import io
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from allauth.account.forms import LoginForm
from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from anamnesis.forms import intake_forms
from anamnesis.models import Anamnesis
from clinic.forms import ClientForm, ClientSearchForm, PracticeSettingsForm
from plans.forms.log import AddendumForm, SessionForm
from plans.forms.plan import PlanEditForm
from plans.forms.referral import ReferralDetailsForm, ReferralOutcomeForm
from tests.anamnesis.helpers import intake_data
from tests.plans import strategies
from tests.plans.log.test_sessions import post_data
from tests.security.state import changes, changes_but_audit_appends, database_state
from tests.security.world import PASSWORD

# Enough examples to find what breaks, few enough for CI (on SQLite, in about a minute).
# The suite tries the same examples on every run, so CI passes or fails for the code, not the
# draw; FUZZ_RANDOM=1 (and more examples with FUZZ_EXAMPLES) explores new ones, as a search.
FUZZ = settings(
    settings.get_profile("suite"),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Hostile values

NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        [
            "-1",
            "0",
            "2147483648",
            "9223372036854775808",
            "1e400",
            "-1e400",
            "nan",
            "inf",
            "1.5",
            "0x10",
            "١٢",
            "5 ",
            " 5",
            "+5",
            "5,5",
            "1_000",
        ]
    ),
)
DATES = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2024-02-30",
            "31.12.1980",
            "1980-13-01",
            "1980-01-01T25:00",
            "-1980-01-01",
            "today",
        ]
    ),
)
LONG = st.sampled_from(["x" * 201, "ä" * 1001, "y" * 70_000, "\x00" * 500])
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"])),  # any unicode, NUL and controls included
    st.text(st.characters(max_codepoint=0x9F, exclude_categories=["Cs"]), max_size=8),
    st.sampled_from(
        ["\x00", "a\x00b", "\r\n", "\u2028", "\ufeff", "\u202e", "<script>", "' OR 1=1"]
    ),
    LONG,
)


def _png(size=(1, 1)):
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


@dataclass(frozen=True)
class Upload:
    """A file to post (made into an upload at each request: an upload is read once)."""

    name: str
    content: bytes

    def file(self):
        return SimpleUploadedFile(self.name, self.content)


UPLOADS = st.builds(
    Upload,
    st.sampled_from(["logo.png", "logo.jpg", "logo.gif", "logo", "../../etc/passwd", "ä\x00.png"]),
    st.one_of(
        st.binary(max_size=200), st.just(PNG), st.integers(1, len(PNG) - 1).map(lambda n: PNG[:n])
    ),
)


def choice_values(field_):
    values = []
    for value, label in getattr(field_, "choices", None) or []:
        if isinstance(label, (list, tuple)):  # a group of choices
            values += [inner for inner, _label in label]
        else:
            values.append(value)
    return [str(value) for value in values]


def hostile(field_):
    """Values for one field: anything at all, and what this kind of field could be fooled by."""
    options = [TEXT, NUMBERS, DATES]
    if choice_values(field_):
        options.append(st.sampled_from(choice_values(field_)))
    if isinstance(field_, forms.FileField):
        options.append(UPLOADS)
    if isinstance(field_, forms.BooleanField):
        options.append(st.sampled_from(["on", "off", "true", "false", "0", ""]))
    return st.one_of(options)


@st.composite
def tampered(draw, base, fields):
    """`base` (a good request) with a few of the fields set to hostile values or left out."""
    data = dict(base)
    names = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=5, unique=True))
    for name in names:
        how = draw(st.sampled_from(["one", "one", "several", "left out"]))
        if how == "left out":
            data.pop(name, None)
        elif how == "several":
            data[name] = draw(st.lists(hostile(fields[name]), max_size=3))
        else:
            data[name] = draw(hostile(fields[name]))
    return data


# The forms: their fields, and what a browser posts


def fields_of(form):
    return {form.add_prefix(name): field_ for name, field_ in form.fields.items()}


def browser_data(form):
    """What a browser posts for the untouched `form`."""
    data = {}
    for bound in form:
        value = bound.value()
        if value in (None, "", [], False):
            continue
        if isinstance(bound.field, forms.BooleanField):
            data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = bound.field.widget.format_value(value)
    return data


def intake_fields(anamnesis):
    """The intake form's fields, its formsets' management fields and their first two rows."""
    form, formsets = intake_forms(anamnesis)
    found = fields_of(form)
    for formset in formsets.values():
        found |= fields_of(formset.management_form)
        for index in range(2):
            row = formset.form(prefix=formset.add_prefix(index))
            found |= fields_of(row)
    return found


def session_fields(plan, reassessment=False):
    activities = list(plan.anamnesis.psfs_activities.all()) if reassessment else []
    return fields_of(SessionForm(plan=plan, activities=activities, reassessment=reassessment))


def reassessment_data(plan):
    data = post_data(reassess_pain="3")
    data.update({f"psfs_{a.pk}": "6" for a in plan.anamnesis.psfs_activities.all()})
    return data


def parameters(*names):
    return {name: forms.CharField() for name in names}


def plan_form(plan):
    regions = [row.region for row in plan.anamnesis.regions.all()]
    return PlanEditForm(plan=plan, regions=regions)


@dataclass(frozen=True)
class Target:
    """A form as the app receives it: where it is posted, by whom, its fields, a good request."""

    url: object  # world -> (url name, kwargs)
    fields: object  # world -> {name: form field}
    base: object  # world -> a request the form accepts (or nearly)
    user: str | None = "therapist"
    method: str = "post"
    keeps_draft: bool = False  # the intake saves what validated, and the rest as typed


def at(name, attribute=None, key="pk"):
    def url(world):
        if attribute is None:
            return reverse(name)
        return reverse(name, kwargs={key: getattr(world, attribute).pk})

    return url


def intake(name, attribute, key="pk", **extra):
    return Target(
        url=at(name, attribute, key),
        fields=lambda w: intake_fields(
            getattr(w, attribute)
            if isinstance(getattr(w, attribute), Anamnesis)
            else Anamnesis(client=w.client, taken_by=w.therapist)
        ),
        base=lambda w: intake_data(**extra),
        keeps_draft=True,
    )


def plan_edit(attribute):
    """The plan editor: techniques and regions, the exercises and their doses, the reasons for
    removing a safety item or adding an exercise the cautions rule out, the referral."""
    return Target(
        url=at("plans:detail", attribute),
        fields=lambda w: fields_of(plan_form(getattr(w, attribute))),
        base=lambda w: browser_data(plan_form(getattr(w, attribute))),
    )


def new_client_data(world):
    return {
        "first_name": "Nora",
        "last_name": "Neumann",
        "date_of_birth": "1980-05-17",
        "sex": "female",
        "consent_given": "on",
    }


TARGETS = {
    "client create": Target(
        url=at("clinic:client_create"),
        fields=lambda w: fields_of(ClientForm(practice=w.practice)),
        base=new_client_data,
    ),
    "client edit": Target(
        url=at("clinic:client_edit", "client"),
        fields=lambda w: fields_of(ClientForm(practice=w.practice)),
        base=lambda w: browser_data(ClientForm(instance=w.client, practice=w.practice)),
    ),
    "practice settings": Target(
        url=at("clinic:practice_settings"),
        fields=lambda w: fields_of(PracticeSettingsForm(instance=w.practice)),
        base=lambda w: browser_data(PracticeSettingsForm(instance=w.practice)),
        user="admin",
    ),
    "intake new": intake("anamnesis:new", "client", key="client_pk"),
    "intake edit": intake("anamnesis:edit", "draft_anamnesis"),
    "intake edit of an amendment": intake("anamnesis:edit", "amendment"),
    "intake autosave": intake("anamnesis:autosave", "draft_anamnesis", autosave="1"),
    "intake complete": intake("anamnesis:complete", "draft_anamnesis"),
    "plan edit": plan_edit("draft_plan"),
    "plan edit with cautions": plan_edit("caution_draft"),
    "plan edit of a referral": plan_edit("referring_draft"),
    "finalize with the letter's recipient": Target(
        url=at("plans:finalize", "referring_draft"),
        fields=lambda w: fields_of(ReferralDetailsForm(plan=w.referring_draft)),
        # Signed only once confirmed: the confirmation page's own post.
        base=lambda w: {
            **browser_data(ReferralDetailsForm(plan=w.referring_draft)),
            "confirmed": "1",
        },
    ),
    "session": Target(
        url=at("plans:session_new", "final_plan"),
        fields=lambda w: session_fields(w.final_plan),
        base=lambda w: post_data(),
    ),
    "session with a reassessment": Target(
        url=at("plans:session_new", "reassessment_plan"),
        fields=lambda w: session_fields(w.reassessment_plan, reassessment=True),
        base=lambda w: reassessment_data(w.reassessment_plan),
    ),
    "session edit": Target(
        url=at("plans:session_edit", "session"),
        fields=lambda w: session_fields(w.final_plan),
        base=lambda w: post_data(),
    ),
    "addendum": Target(
        url=at("plans:session_addendum", "session"),
        fields=lambda w: fields_of(AddendumForm()),
        base=lambda w: {"text": "Client called: felt better the next day."},
    ),
    "referral outcome": Target(
        url=at("plans:referral_outcome", "open_referral"),
        fields=lambda w: fields_of(ReferralOutcomeForm(referral=w.open_referral)),
        base=lambda w: {"kind": "seen", "on": timezone.localdate().isoformat()},
    ),
    # Query parameters of the pages that read them.
    "client list query": Target(
        url=at("clinic:client_list"),
        fields=lambda w: fields_of(ClientSearchForm()) | parameters("page"),
        base=lambda w: {"q": "Clara", "page": "1"},
        method="get",
    ),
    "client history query": Target(
        url=at("plans:client_detail", "client"),
        fields=lambda w: parameters("kind", "all"),
        base=lambda w: {"kind": "session", "all": "1"},
        method="get",
    ),
    "compare query": Target(
        url=at("plans:client_compare", "client"),
        fields=lambda w: parameters("a", "b"),
        base=lambda w: {"a": str(w.draft_anamnesis.pk), "b": str(w.draft_anamnesis.pk)},
        method="get",
    ),
    "session copy query": Target(
        url=at("plans:session_new", "final_plan"),
        fields=lambda w: parameters("copy"),
        base=lambda w: {"copy": "previous"},
        method="get",
    ),
    "sign in": Target(
        url=at("account_login"),
        fields=lambda w: fields_of(LoginForm(request=RequestFactory().get("/"))),
        base=lambda w: {"login": "alice", "password": PASSWORD},
        user=None,
    ),
}


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def accepted(response):
    """Whether the app did what was asked (otherwise it refused, and must have changed nothing)."""
    if response.status_code in (301, 302, 303):
        return not any(
            m.level >= messages.ERROR for m in messages.get_messages(response.wsgi_request)
        )
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("status") == "saved"
    return False


def _uploads(data):
    def made(value):
        if isinstance(value, list):
            return [made(item) for item in value]
        return value.file() if isinstance(value, Upload) else value

    return {key: made(value) for key, value in data.items()}


@pytest.mark.parametrize("name", [name for name, t in TARGETS.items() if t.method == "post"])
def test_the_good_request_of_each_form_is_accepted(db, world, client, settings, tmp_path, name):
    """So the hostile requests start from one that works, and reach the saving too."""
    settings.MEDIA_ROOT = tmp_path
    target = TARGETS[name]
    if target.user:
        client.force_login(getattr(world, target.user))
    response = client.post(target.url(world), target.base(world))
    assert accepted(response), response.status_code


@pytest.mark.parametrize("name", TARGETS)
def test_no_input_breaks_a_form(db, world, client, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path  # a logo that is accepted lands here
    target = TARGETS[name]
    if target.user:
        client.force_login(getattr(world, target.user))
    url = target.url(world)
    send = getattr(client, target.method)

    @FUZZ
    @given(tampered(target.base(world), target.fields(world)))
    def request(data):
        client.cookies.pop("messages", None)  # an earlier example's, never shown
        with rolled_back():
            before = database_state()
            response = send(url, _uploads(data))
            assert response.status_code < 500
            if accepted(response):
                return
            after = database_state()
            changed = changes_but_audit_appends(before, after)
            if target.keeps_draft:
                changed = [table for table in changed if not table.startswith("anamnesis_")]
            assert not changed, f"refused with {response.status_code}, yet changed {changed}"

    request()


# The import


def _paths(node, path=()):
    """Every place in a JSON document: keys of objects, items of lists."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),  # NaN and infinities too: json.dumps writes them, a strict parser refuses them
    TEXT,
)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def hostile_documents(draw):
    """A valid document with up to three places replaced by hostile JSON or left out."""
    doc = draw(strategies.any_anamneses)
    for _ in range(draw(st.integers(1, 3))):
        paths = [path for path in _paths(doc) if path]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON)
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()


NOT_JSON = st.one_of(
    st.binary(max_size=100),
    st.sampled_from(
        [
            b"",
            b"\xef\xbb\xbf{}",
            b"\xff\xfe{}",
            b"[" * 100_000,
            b'{"a": ' * 50_000,
            b"null",
            b"[]",
            b"1e999",
            b'"\x00"',
        ]
    ),
    TEXT.map(str.encode),
)


def test_no_file_breaks_the_import(db, world, tmp_path):
    path = tmp_path / "anamnesis.json"
    arguments = ["--client", str(world.client.pk), "--taken-by", "alice", str(path)]

    @FUZZ
    @given(st.one_of(hostile_documents(), hostile_documents(), NOT_JSON))
    def import_(content):
        path.write_bytes(content)
        with rolled_back():
            before = database_state()
            try:
                call_command(
                    "anamnesis", "import", *arguments, stdout=io.StringIO(), stderr=io.StringIO()
                )
            except SystemExit as exited:
                assert exited.code == 2
                assert not changes(before, database_state())

    import_()
