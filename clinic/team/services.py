"""Writes on the practice's team: invitations, roles, deactivation, second-factor resets."""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.models import Invitation, Membership, Practice


class TeamRefused(Exception):
    """A change to the team that would leave it in a state it must never be in."""


class InvitationUnusable(Exception):
    def __init__(self, invitation):
        self.invitation = invitation
        super().__init__(f"Invitation {invitation.pk} is {invitation_state(invitation)}.")


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_state(invitation):
    """ "pending", "accepted", "withdrawn" or "expired"."""
    if invitation.accepted_at:
        return "accepted"
    if invitation.withdrawn_at:
        return "withdrawn"
    if invitation.is_expired:
        return "expired"
    return "pending"


def invitation_create(*, practice, by, email, first_name, last_name, role, qualification=""):
    """A pending invitation and the token of its link, which is stored nowhere but the link."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        practice=practice,
        invited_by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        qualification=qualification,
        token_hash=token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=settings.CLINIC_INVITATION_DAYS),
    )
    return invitation, token


def invitation_send(*, invitation, accept_url):
    context = {"invitation": invitation, "accept_url": accept_url}
    send_mail(
        subject=render_to_string("clinic/team/email/invitation_subject.txt", context).strip(),
        message=render_to_string("clinic/team/email/invitation_message.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_for_token(token):
    """The invitation a link's token belongs to, in whatever state, or None."""
    return (
        Invitation.objects.select_related("practice").filter(token_hash=token_hash(token)).first()
    )


@transaction.atomic
def invitation_accept(*, invitation, form):
    """Create the invited person's account from `form` (a user creation form) and use the
    invitation up. A second use of the link, even at the same moment, is refused."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation_state(invitation) != "pending":
        raise InvitationUnusable(invitation)
    user = form.save(commit=False)
    user.first_name = invitation.first_name
    user.last_name = invitation.last_name
    user.email = invitation.email
    user.save()
    Membership.objects.create(
        user=user,
        practice=invitation.practice,
        role=invitation.role,
        qualification=invitation.qualification,
    )
    # The link came by e-mail, so the address is the person's: password resets may go there.
    EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def invitation_withdraw(*, invitation):
    if invitation_state(invitation) == "pending":
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


def _refuse_if_last_admin(membership, message):
    """Lock the practice (two admins demoting each other at once wait for each other) and
    refuse a change that takes away its last active admin."""
    Practice.objects.select_for_update().get(pk=membership.practice_id)
    others = (
        Membership.objects.for_practice(membership.practice_id)
        .admins()
        .active()
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise TeamRefused(message)


@transaction.atomic
def member_save(*, form):
    """Save a member's role and qualification; the practice always keeps an active admin."""
    membership = form.instance
    before = Membership.objects.get(pk=membership.pk)
    if before.is_admin and not membership.is_admin and membership.user.is_active:
        _refuse_if_last_admin(
            membership,
            _("%(name)s is the practice's only admin. Make someone else admin first.")
            % {"name": membership.user.get_full_name() or membership.user.username},
        )
    return form.save()


@transaction.atomic
def member_deactivate(*, membership):
    """The member can no longer sign in, and their open sessions end. The account stays, so
    everything they recorded keeps its author."""
    user = membership.user
    if not user.is_active:
        return membership
    if membership.is_admin:
        _refuse_if_last_admin(
            membership,
            _("%(name)s is the practice's only admin and cannot be deactivated.")
            % {"name": user.get_full_name() or user.username},
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    return membership


def member_reactivate(*, membership):
    user = membership.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def member_reset_second_factor(*, membership, request):
    """Remove every second factor of the member (a lost phone): they set up a new one when they
    next sign in. django-allauth's `authenticator_removed` is sent for each one removed."""
    user = membership.user
    removed = list(Authenticator.objects.filter(user=user))
    Authenticator.objects.filter(pk__in=[a.pk for a in removed]).delete()
    for authenticator in removed:
        authenticator_removed.send(
            sender=Authenticator, request=request, user=user, authenticator=authenticator
        )
    return removed


@transaction.atomic
def account_save(*, user, first_name, last_name, qualification):
    """A member's own name and qualification (as they sign letters)."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    membership = user.membership
    membership.qualification = qualification
    membership.save(update_fields=["qualification"])
    return user
