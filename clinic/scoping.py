"""The one way views reach practice data.

Every record a view touches is fetched through these helpers. Anything outside the signed-in
user's practice answers 404, so another practice's records are never shown and never confirmed
to exist.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from clinic.models import Client, Membership

# Requests that only read.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def membership_for(request):
    try:
        return request.user.membership
    except (AttributeError, Membership.DoesNotExist):
        raise PermissionDenied(
            _("Your account does not belong to a practice. Ask your practice admin to add you.")
        ) from None


def admin_membership_for(request, message=None):
    """The user's membership, if they are an admin of their practice; 403 otherwise."""
    membership = membership_for(request)
    if not membership.is_admin:
        raise PermissionDenied(message or _("Only a practice admin can do this."))
    return membership


def practice_for(request):
    return membership_for(request).practice


def scoped(request, queryset):
    """`queryset` (a model's default manager or a QuerySet) limited to the user's practice."""
    if hasattr(queryset, "all"):
        queryset = queryset.all()
    return queryset.for_practice(practice_for(request))


def get_object_for(request, queryset, *, even_restricted=False, **lookup):
    """One record of the user's practice, or 404. A request that may write (not GET or HEAD)
    is refused (403, ClientRestricted) when the record's client is restricted, unless the view
    is one of those that settle the restriction itself (`even_restricted`)."""
    record = get_object_or_404(scoped(request, queryset), **lookup)
    if request.method not in SAFE_METHODS and not even_restricted:
        client = record if isinstance(record, Client) else getattr(record, "client", None)
        if client is not None:
            client.require_unrestricted()
    return record


def get_client_for(request, pk, *, even_restricted=False):
    return get_object_for(request, Client.objects, pk=pk, even_restricted=even_restricted)
