from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clinic.models import Invitation, Membership
from clinic.scoping import admin_membership_for, get_object_for, membership_for, scoped
from clinic.team import services
from clinic.team.forms import AcceptInvitationForm, AccountForm, InvitationForm, MemberForm

ADMINS_ONLY = gettext_lazy("Only a practice admin can manage the team.")


def _admin(request):
    return admin_membership_for(request, ADMINS_ONLY)


def _member_for(request, pk):
    _admin(request)
    return get_object_for(request, Membership.objects.select_related("user"), pk=pk)


def _name(membership):
    return membership.user.get_full_name() or membership.user.username


def team(request):
    _admin(request)
    second_factor = Authenticator.objects.filter(user=OuterRef("user")).exclude(
        type=Authenticator.Type.RECOVERY_CODES
    )
    members = (
        scoped(request, Membership.objects)
        .select_related("user")
        .annotate(has_second_factor=Exists(second_factor))
        .order_by("-user__is_active", "user__last_name", "user__first_name", "user__username")
    )
    invitations = scoped(request, Invitation.objects).pending().select_related("invited_by")
    return render(
        request, "clinic/team/team.html", {"members": members, "invitations": invitations}
    )


def invite(request):
    membership = _admin(request)
    form = InvitationForm(request.POST or None, practice=membership.practice)
    if request.method == "POST" and form.is_valid():
        invitation, token = services.invitation_create(
            practice=membership.practice, by=request.user, **form.cleaned_data
        )
        accept_url = request.build_absolute_uri(reverse("team:invitation_accept", args=[token]))
        services.invitation_send(invitation=invitation, accept_url=accept_url)
        # Shown this once, for handing over another way should the e-mail not arrive.
        return render(
            request,
            "clinic/team/invitation_sent.html",
            {"invitation": invitation, "accept_url": accept_url},
        )
    return render(
        request, "clinic/team/invite.html", {"form": form, "days": settings.CLINIC_INVITATION_DAYS}
    )


def member_edit(request, pk):
    membership = _member_for(request, pk)
    form = MemberForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(form=form)
        except services.TeamRefused as refused:
            form.add_error("role", str(refused))
        else:
            messages.success(
                request, _("Changes to %(name)s were saved.") % {"name": _name(membership)}
            )
            return redirect("team:list")
    has_second_factor = (
        Authenticator.objects.filter(user=membership.user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    return render(
        request,
        "clinic/team/member_edit.html",
        {
            "form": form,
            "member": membership,
            "is_self": membership.user_id == request.user.pk,
            "has_second_factor": has_second_factor,
            "second_factor_required": settings.CLINIC_REQUIRE_MFA,
        },
    )


@require_POST
def member_deactivate(request, pk):
    membership = _member_for(request, pk)
    try:
        services.member_deactivate(membership=membership)
    except services.TeamRefused as refused:
        messages.error(request, str(refused))
        return redirect("team:member_edit", pk=membership.pk)
    messages.success(
        request,
        _("%(name)s was deactivated and can no longer sign in. Their records keep their name.")
        % {"name": _name(membership)},
    )
    return redirect("team:list")


@require_POST
def member_reactivate(request, pk):
    membership = services.member_reactivate(membership=_member_for(request, pk))
    messages.success(request, _("%(name)s can sign in again.") % {"name": _name(membership)})
    return redirect("team:list")


@require_POST
@reauthentication_required
def member_reset_second_factor(request, pk):
    membership = _member_for(request, pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Change your own second factor under “Two-factor sign-in”."))
        return redirect("team:member_edit", pk=membership.pk)
    services.member_reset_second_factor(membership=membership, request=request)
    messages.success(
        request,
        _(
            "The second factor of %(name)s was removed. "
            "They set up a new one when they next sign in."
        )
        % {"name": _name(membership)},
    )
    return redirect("team:member_edit", pk=membership.pk)


@require_POST
def invitation_withdraw(request, pk):
    _admin(request)
    invitation = get_object_for(request, Invitation.objects, pk=pk)
    services.invitation_withdraw(invitation=invitation)
    messages.success(
        request,
        _("The invitation to %(name)s was withdrawn; its link no longer works.")
        % {"name": invitation.full_name},
    )
    return redirect("team:list")


@login_not_required
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    state = services.invitation_state(invitation) if invitation else "unknown"
    if state != "pending" or request.user.is_authenticated:
        return render(
            request,
            "clinic/team/invitation_unusable.html",
            {"invitation": invitation, "state": state},
            status=200 if request.user.is_authenticated and state == "pending" else 410,
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, form=form)
        except services.InvitationUnusable:
            return render(
                request,
                "clinic/team/invitation_unusable.html",
                {"invitation": invitation, "state": "accepted"},
                status=410,
            )
        messages.success(
            request,
            _("Welcome, %(name)s. Your account is ready: sign in with the username %(username)s.")
            % {"name": user.first_name, "username": user.username},
        )
        return redirect("account_login")
    return render(
        request, "clinic/team/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def my_account(request):
    membership = membership_for(request)
    user = request.user
    form = AccountForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "qualification": membership.qualification,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.account_save(user=user, **form.cleaned_data)
        messages.success(request, _("Your details were saved."))
        return redirect("team:my_account")
    return render(request, "clinic/team/my_account.html", {"form": form, "membership": membership})
