"""The one way views reach practice data.

Every record a view touches is fetched through these helpers. Anything outside the signed-in
user's practice answers 404, so another practice's records are never shown and never confirmed
to exist.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from clinic.models import Client, Membership


def membership_for(request):
    try:
        return request.user.membership
    except (AttributeError, Membership.DoesNotExist):
        raise PermissionDenied(
            _("Your account does not belong to a practice. Ask your practice admin to add you.")
        ) from None


def admin_membership_for(request, refusal):
    """The membership of a practice admin; anyone else is refused with `refusal` (403)."""
    membership = membership_for(request)
    if not membership.is_admin:
        raise PermissionDenied(refusal)
    return membership


def practice_for(request):
    return membership_for(request).practice


def scoped(request, queryset):
    """`queryset` (a model's default manager or a QuerySet) limited to the user's practice."""
    if hasattr(queryset, "all"):
        queryset = queryset.all()
    return queryset.for_practice(practice_for(request))


def get_object_for(request, queryset, **lookup):
    return get_object_or_404(scoped(request, queryset), **lookup)


def get_client_for(request, pk):
    return get_object_for(request, Client.objects, pk=pk)
