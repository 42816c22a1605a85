from clinic.models import Membership


def practice(request):
    """The signed-in user's practice and role, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        membership = user.membership
    except Membership.DoesNotExist:
        return {}
    return {"current_membership": membership, "current_practice": membership.practice}
