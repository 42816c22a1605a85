"""Every URL of the app, asked by every kind of visitor: who gets what.

The matrix names every URL pattern the resolver knows (outside the admin and the static files)
with how to fill in its URL from practice A's records and what a therapist of practice A gets
from a GET and, for a view that writes, from an empty POST. What the other roles get follows
from a few rules:

- anonymous, and a deactivated member whose session was opened before they left: the sign-in
  page (or the JSON an autosave understands), never a record;
- a practice admin of A: what the therapist gets, unless the row says otherwise (admin pages);
- a member of practice B: 404 for every record of A, the same as a missing record, so nothing
  confirms that it exists; a practice-wide page shows practice B's own data. (An admin page
  refuses a therapist of B before looking anything up: 403 for any id, A's or none.)

A request that is let through may append to the audit trail (reading a health record is
logged) and, if it writes, change what it is for; a refused one changes no row at all, not even
the trail's.

A new URL that is not in the matrix fails `test_every_url_is_in_the_matrix`. Pages under
`accounts/` that the matrix does not name (a sign-in library's) are public auth pages: every
role gets an answer below 500 from them.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.state import changes, database_state
from tests.security.world import PASSWORD, SURNAME

# Routes outside the matrix: Django's admin and static files; and the sign-in library's pages,
# public, which the matrix may name but need not.
SKIPPED_PREFIXES = ("admin/", "static/", "media/")
PUBLIC_AUTH_PREFIX = "accounts/"

ROLES = ("anonymous", "therapist", "admin", "outsider", "deactivated")
AUDIT_TRAIL = "clinic_auditevent"
LOGIN = "sign-in"  # a redirect to the sign-in page, with the page asked for as `next`
REFUSED = {LOGIN, 401, 403, 404, 405}


# The matrix


@dataclass(frozen=True)
class Page:
    """One URL pattern.

    `kwargs` fills its URL from the world. `of` says whose data it shows: "record" (a record of
    practice A, named in the URL: 404 to practice B), "practice" (the signed-in user's practice,
    whichever it is) or "public" (the sign-in pages). `therapist` maps each method tried to the
    status a therapist of practice A gets; an empty POST is tried only on views that write.
    `admin`, `anonymous` and `outsider` override what those roles get, method by method.
    `fresh_sign_in` has the signed-in roles confirm their password first, for a view that asks
    for it again (otherwise each would be sent to do that before anything else).
    """

    of: str
    therapist: dict
    kwargs: object = None
    admin: dict = field(default_factory=dict)
    anonymous: dict = field(default_factory=dict)
    outsider: dict = field(default_factory=dict)
    fresh_sign_in: bool = False

    def expected(self, role, method):
        if role == "admin":
            return self.admin.get(method, self.therapist[method])
        if role in ("anonymous", "deactivated"):
            return self.anonymous.get(method, LOGIN)
        if role == "outsider" and self.therapist[method] == 405:
            return 405  # a method the view refuses is refused before any lookup, for any id
        if role == "outsider" and method in self.outsider:
            return self.outsider[method]
        if role == "outsider" and self.of == "record":
            return 404
        return self.therapist[method]


def read(of="record", status=200, kwargs=None, **overrides):
    return Page(of=of, therapist={"GET": status}, kwargs=kwargs, **overrides)


def write(post, kwargs, of="record", get=405, **overrides):
    return Page(of=of, therapist={"GET": get, "POST": post}, kwargs=kwargs, **overrides)


def pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


FORM = 200  # the form, or the form again with what to correct
ADMINS = {"GET": 200, "POST": FORM}  # an admin page's form, to an admin
ADMINS_WRITE = {"POST": 302}  # an admin's action, done
# Admin pages check the role before the record: a therapist of B is refused as one of A is.
NOT_AN_ADMIN = {"GET": 403, "POST": 403}

MATRIX = {
    # Clients and the practice
    "clinic:client_list": read(of="practice"),
    "clinic:client_create": write(FORM, None, of="practice", get=200),
    "clinic:client_edit": write(FORM, pk("client"), get=200),
    "clinic:client_archive": write(302, pk("client")),
    "clinic:client_restore": write(302, pk("client")),
    "clinic:practice_settings": write(403, None, of="practice", get=403, admin=ADMINS),
    # Consent is recorded on the client, as a new entry of its history.
    "clinic:consent_given": write(FORM, pk("client"), get=200),
    "clinic:consent_withdrawn": write(FORM, pk("client"), get=200),
    # The audit trail: practice admins only, each their own practice's.
    "clinic:audit_log": read(of="practice", status=403, admin={"GET": 200}),
    "clinic:audit_log_csv": read(of="practice", status=403, admin={"GET": 200}),
    # The team: practice admins only; any member has their own account page.
    "team:list": read(of="practice", status=403, admin={"GET": 200}),
    "team:invite": write(403, None, of="practice", get=403, admin=ADMINS),
    "team:member_edit": write(403, pk("colleague"), get=403, admin=ADMINS, outsider=NOT_AN_ADMIN),
    "team:member_deactivate": write(
        403, pk("colleague"), admin=ADMINS_WRITE, outsider=NOT_AN_ADMIN
    ),
    "team:member_reactivate": write(
        403,
        lambda world: {"pk": world.deactivated.membership.pk},
        admin=ADMINS_WRITE,
        outsider=NOT_AN_ADMIN,
    ),
    "team:member_reset_second_factor": write(
        403, pk("colleague"), admin=ADMINS_WRITE, outsider=NOT_AN_ADMIN, fresh_sign_in=True
    ),
    "team:invitation_withdraw": write(
        403, pk("invitation"), admin=ADMINS_WRITE, outsider=NOT_AN_ADMIN
    ),
    # The invitation's link is public: whoever has it sets up the account. A signed-in member
    # is told to sign out first; what an unknown token gets is tested below.
    "team:invitation_accept": Page(
        of="public",
        therapist={"GET": 200, "POST": 200},
        kwargs=lambda world: {"token": world.invitation_token},
        anonymous={"GET": 200, "POST": FORM},
    ),
    "team:my_account": write(FORM, None, of="practice", get=200),
    # The intake
    "anamnesis:new": write(400, lambda world: {"client_pk": world.client.pk}, get=200),
    "anamnesis:detail": read(kwargs=pk("draft_anamnesis")),
    "anamnesis:edit": write(400, pk("draft_anamnesis"), get=200),
    "anamnesis:autosave": write(200, pk("draft_anamnesis"), anonymous={"GET": 401, "POST": 401}),
    "anamnesis:complete": write(302, pk("draft_anamnesis")),
    "anamnesis:amend": write(302, pk("draft_anamnesis")),
    "anamnesis:export": read(kwargs=pk("draft_anamnesis")),
    # The plan document
    "plans:dashboard": read(of="practice"),
    "plans:rules": read(of="practice"),
    "plans:draft_preview": read(kwargs=pk("completed_anamnesis")),
    "plans:create": write(302, pk("completed_anamnesis")),
    "plans:detail": write(422, pk("draft_plan"), get=200),
    # Shows what will be signed; only a POST that confirms it signs.
    "plans:finalize": write(FORM, pk("draft_plan"), get=200),
    "plans:pdf": read(kwargs=pk("final_plan")),
    "plans:revise": write(302, pk("final_plan")),
    "plans:exercise_sheet": read(kwargs=pk("final_plan")),
    "plans:exercise_sheet_pdf": read(kwargs=pk("final_plan")),
    # Referrals
    "plans:referral_sheet": read(kwargs=lambda world: {"pk": world.referral.plan_id}),
    "plans:referral_detail": read(kwargs=pk("referral")),
    "plans:referral_outcome": write(422, pk("referral")),
    "plans:referral_anamnesis": write(
        302, lambda world: {"pk": world.referral.pk, "outcome_pk": world.outcome.pk}
    ),
    # The treatment log
    "plans:session_new": write(422, pk("final_plan"), get=200),
    "plans:session_detail": read(kwargs=pk("session")),
    # Only the author edits a session, on its day; anyone else is sent to the session's page.
    "plans:session_edit": write(422, pk("session"), get=200, admin={"GET": 302, "POST": 302}),
    "plans:session_addendum": write(302, pk("session")),
    # The client's history
    "plans:client_detail": read(kwargs=pk("client")),
    "plans:client_compare": read(kwargs=pk("client")),
    "plans:client_progress_pdf": read(
        kwargs=lambda world: {"pk": world.final_plan.anamnesis.client_id}
    ),
    # The record as a whole: the copy for a practice admin or a therapist who treated the
    # client; restriction, its lifting and erasure for practice admins.
    "plans:client_copy": read(kwargs=lambda world: {"pk": world.final_plan.anamnesis.client_id}),
    "plans:client_requests": write(403, pk("client"), get=403, admin=ADMINS, outsider=NOT_AN_ADMIN),
    "plans:client_restriction_lift": write(
        403, pk("erasable"), admin=ADMINS_WRITE, outsider=NOT_AN_ADMIN
    ),
    # An empty POST lacks the ticked box: back to the confirmation.
    "plans:client_erase": write(
        403, pk("erasable"), get=403, admin={"GET": 200, "POST": 302}, outsider=NOT_AN_ADMIN
    ),
    # Signing in and out (django-allauth's pages; its others are checked below)
    # A signed-in member asking for the sign-in page is sent on to the dashboard.
    "account_login": Page(
        of="public", therapist={"GET": 302, "POST": 302}, anonymous={"GET": 200, "POST": FORM}
    ),
    "account_logout": Page(
        of="public", therapist={"GET": 200, "POST": 302}, anonymous={"GET": 302, "POST": 302}
    ),
}


# The URL patterns the resolver knows


def url_patterns(resolver=None, prefix="", namespace=""):
    """(name, route) of every URL pattern, names with their namespaces as `reverse` takes them."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, route


def app_patterns():
    return [
        (name, route)
        for name, route in url_patterns()
        if not route.lstrip("^").startswith(SKIPPED_PREFIXES)
    ]


def public_auth_pages():
    """The pages under `accounts/` that the matrix does not name (a sign-in library's)."""
    return sorted(
        name
        for name, route in app_patterns()
        if name and name not in MATRIX and route.lstrip("^").startswith(PUBLIC_AUTH_PREFIX)
    )


def test_every_url_is_in_the_matrix():
    names = {name for name, _route in app_patterns() if name}
    unnamed = [route for name, route in app_patterns() if not name]
    missing = sorted(names - set(MATRIX) - set(public_auth_pages()))
    stale = sorted(set(MATRIX) - names)
    assert not unnamed, f"URL patterns without a name (the matrix needs one): {unnamed}"
    assert not missing, (
        "URL patterns missing from the permission matrix in "
        f"tests/security/test_permission_matrix.py: {', '.join(missing)}. Add a row for each "
        "with what a therapist, a practice admin, another practice and a visitor get."
    )
    assert not stale, f"Rows of the matrix that name no URL pattern any more: {stale}"


# The requests


def _as(role, client, world, fresh_sign_in=False):
    if role != "anonymous":
        # A deactivated member's session is one opened before the account was deactivated.
        client.force_login(getattr(world, role))
    if fresh_sign_in and role != "anonymous" and role != "deactivated":
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302, f"{role} could not confirm their password"
    return client


def _sign_in_url():
    return reverse(settings.LOGIN_URL)


def _unchanged_but_the_audit_trail(before, after):
    """Every table as it was, but for rows appended to the audit trail."""
    others = {table for table in before if table != AUDIT_TRAIL}
    if any(before[table] != after[table] for table in others):
        return False
    return after[AUDIT_TRAIL][: len(before[AUDIT_TRAIL])] == before[AUDIT_TRAIL]


def _no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def _cases():
    for name, page in MATRIX.items():
        for method in page.therapist:
            for role in ROLES:
                yield pytest.param(name, method, role, id=f"{name}|{method}|{role}")


@pytest.mark.parametrize(("name", "method", "role"), list(_cases()))
def test_who_gets_what(db, world, client, name, method, role):
    page = MATRIX[name]
    url = reverse(name, kwargs=page.kwargs(world) if page.kwargs else None)
    visitor = _as(role, client, world, page.fresh_sign_in)
    before = database_state()
    response = getattr(visitor, method.lower())(url)
    expected = page.expected(role, method)
    where = f"{method} {url} as {role}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, not the sign-in page"
        assert response["Location"].startswith(_sign_in_url() + "?next="), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}, not {expected}"
    if role in ("outsider", "anonymous", "deactivated"):
        body = b"".join(response) if response.streaming else response.content
        assert SURNAME.encode() not in body, f"{where} shows a record of practice A"
    if method == "GET" and response.status_code == 200:
        assert _no_store(response), f"{where}: a page answered without Cache-Control no-store"
    if expected in REFUSED:
        after = database_state()
        assert before == after, f"{where} changed {changes(before, after)}"
    elif method == "GET":
        after = database_state()
        assert _unchanged_but_the_audit_trail(before, after), (
            f"{where} changed {changes(before, after)}"
        )


@pytest.mark.parametrize("role", ROLES)
def test_public_auth_pages_answer_every_role(db, world, client, role):
    visitor = _as(role, client, world)
    problems = []
    for name in public_auth_pages():
        url = reverse(name, kwargs=_sample_kwargs(name))
        response = visitor.get(url)
        if response.status_code >= 500:
            problems.append(f"GET {url}: {response.status_code}")
        elif response.status_code == 200 and not _no_store(response):
            problems.append(f"GET {url}: answered without Cache-Control no-store")
    assert not problems, f"as {role}: {problems}"


def _sample_kwargs(name):
    """ "1" for every argument of the pattern (a sign-in library's keys and tokens take it)."""
    route = next(route for name_, route in app_patterns() if name_ == name)
    arguments = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    return {a or b: "1" for a, b in arguments} or None


def test_a_deactivated_member_cannot_sign_in(db, world, client):
    response = client.post(_sign_in_url(), {"login": "dora", "password": PASSWORD})
    # The right password tells them the account is inactive, and no more.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ROLES)
def test_an_unknown_invitation_link_is_gone(db, world, client, role):
    visitor = _as(role, client, world)
    before = database_state()
    for method in ("get", "post"):
        url = reverse("team:invitation_accept", kwargs={"token": "no-such-token"})
        assert getattr(visitor, method)(url).status_code == 410, f"{method} as {role}"
    assert before == database_state()


def test_an_admin_of_another_practice_finds_none_of_its_team_or_records(db, world, client):
    """The therapist of B is refused admin pages before any lookup; B's admin looks, and finds
    nothing of A's."""
    b_admin = world.outsider.membership
    b_admin.role = b_admin.Role.ADMIN
    b_admin.save()
    client.force_login(world.outsider)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    before = database_state()
    for name in ADMIN_RECORD_PAGES:
        page = MATRIX[name]
        url = reverse(name, kwargs=page.kwargs(world))
        for method in page.therapist:
            status = getattr(client, method.lower())(url).status_code
            expected = 405 if page.therapist[method] == 405 else 404
            assert status == expected, f"{method} {url} as B's admin: {status}, not {expected}"
    assert before == database_state()


ADMIN_RECORD_PAGES = [
    name for name, page in MATRIX.items() if page.of == "record" and page.outsider
]
