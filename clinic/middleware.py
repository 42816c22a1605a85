"""Project middleware."""

from django.utils.cache import patch_cache_control

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


def audit_trail(get_response):
    """Collect the audit events of a request and write them in one INSERT once it is answered
    (clinic/audit.py). An exception in the view reaches here as a 500 response."""

    def middleware(request):
        audit.start(request)
        response = get_response(request)
        audit.flush(request, response)
        return response

    return middleware
