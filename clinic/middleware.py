"""Project middleware."""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from clinic import audit


def no_store(get_response):
    """Nothing the app renders is kept in a browser's or a proxy's cache: its pages and downloads
    hold health data, and the sign-in page is no exception (a cached one carries a CSRF token).
    Static files are answered before this, by WhiteNoise, and keep their long cache lifetime."""

    def middleware(request):
        response = get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


SIGNED_IN_AT = "clinic_signed_in_at"
LAST_SEEN = "clinic_last_seen"
# The last-seen time is written at most this often, so that not every request saves the session.
LAST_SEEN_RESOLUTION = 60


def session_timeout(get_response):
    """Sign the user out after SESSION_IDLE_TIMEOUT seconds without a request, and after
    SESSION_COOKIE_AGE seconds since signing in however busy the session was.

    Django's own expiry counts from the session's last save, so it is neither: a session that
    is written now and then would live for ever. The request goes on signed out, so the page
    answers as to anyone signed out (the sign-in page, or the autosave's "sign in again")."""

    def middleware(request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60},
                )
            elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        response = get_response(request)
        # Stamped on the response that signs in, too.
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            now = int(time.time())
            request.session[SIGNED_IN_AT] = now
            request.session[LAST_SEEN] = now
        return response

    return middleware


class RequireSecondFactorMiddleware:
    """Where a second factor is required (CLINIC_REQUIRE_MFA), a signed-in user without one sees
    no page of the app until they have set one up: every request goes to the two-factor page.
    django-allauth's own pages (enrolment, re-authentication, password, sign-out) stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.CLINIC_REQUIRE_MFA or not request.user.is_authenticated:
            return None
        if view_func.__module__.startswith("allauth."):
            return None
        if is_mfa_enabled(request.user):
            return None
        messages.warning(
            request,
            _("Set up a second factor to continue: an authenticator app or a security key."),
            fail_silently=True,
        )
        return redirect("mfa_index")


def audit_trail(get_response):
    """Collect the audit events of a request and write them in one INSERT once it is answered
    (clinic/audit.py). An exception in the view reaches here as a 500 response."""

    def middleware(request):
        audit.start(request)
        response = get_response(request)
        audit.flush(request, response)
        return response

    return middleware
