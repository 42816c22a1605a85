import copy

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from clinic import audit
from clinic.models import (
    AuditAction,
    AuditEvent,
    AuditSubject,
    Client,
    ClientRequest,
    ConsentRecord,
    Erasing,
    Invitation,
    Membership,
    Practice,
)

# How a row shown in the admin leads to the record the audit trail names (an anamnesis, a plan,
# a session or a referral, each with its client; a consent record or a request, the client).
PARENTS = ("anamnesis", "plan", "session", "referral", "client")


def audited_record(obj):
    while obj is not None and obj._meta.label_lower not in audit.SUBJECTS:
        obj = next((getattr(obj, name) for name in PARENTS if hasattr(obj, name)), None)
    return obj


class AuditedAdminMixin:
    """A superuser reading or changing client data in the admin leaves the same trail as
    anyone in the app: the record's practice admins see it."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            summary = f"admin: {self.model._meta.verbose_name_plural}"
            audit.noted(request, AuditSubject.CLIENT_LIST, summary=summary)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record = audited_record(self.get_object(request, unquote(object_id)))
            if record is not None:
                summary = f"admin: {self.model._meta.verbose_name} {object_id}"
                audit.read(request, record, summary=summary)
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = AuditAction.CHANGED if change else AuditAction.CREATED
        summary = "admin: " + ", ".join(form.changed_data)
        audit.wrote(request, action, audited_record(obj), summary=summary)

    def delete_model(self, request, obj):
        record = copy.copy(audited_record(obj))  # deleting clears the instance's pk
        super().delete_model(request, obj)
        audit.wrote(request, AuditAction.DELETED, record, summary="admin")

    def delete_queryset(self, request, queryset):
        records = [audited_record(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        for record in records:
            audit.wrote(request, AuditAction.DELETED, record, summary="admin")


class ReadOnlyAdminMixin:
    """Clinical records are written in the app, through services that keep locks, versions and
    the audit trail; the admin shows them to superusers and changes nothing."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.concrete_fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    max_num = 1


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "created_at"]
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are made and withdrawn on the team page; the token is never shown."""

    list_display = ["email", "practice", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["practice", "role"]
    exclude = ["token_hash"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "role", "qualification"]
    list_filter = ["practice", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "practice"]


class ConsentRecordInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConsentRecord
    extra = 0


class ClientRequestInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ClientRequest
    extra = 0


@admin.register(Client)
class ClientAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "date_of_birth",
        "practice",
        "consent_date",
        "archived_at",
    ]
    list_filter = ["practice", "sex", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name"]
    date_hierarchy = "created_at"
    list_select_related = ["practice"]
    # Consent and restriction change in the app only, with their history (issue 13).
    readonly_fields = [
        "consent_date",
        "consent_recorded_by",
        "restricted_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ConsentRecordInline, ClientRequestInline]


@admin.register(ConsentRecord, ClientRequest)
class ClientHistoryAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The consent history and the restriction and erasure requests, read-only (issue 13)."""

    list_display = ["__str__", "client", "recorded_by", "recorded_at"]
    list_select_related = ["client", "recorded_by"]


@admin.register(Erasing)
class ErasingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Empty but inside an erasure's transaction; shown so that a stray row would be seen."""


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail of every practice; appended to by the app, changed by no one."""

    list_display = [
        "at",
        "practice",
        "username",
        "action",
        "subject",
        "object_id",
        "client_id",
        "ip_address",
        "source",
    ]
    list_filter = ["action", "subject", "source", "practice"]
    search_fields = ["username"]
    date_hierarchy = "at"
    list_select_related = ["practice"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
    list_display = [*UserAdmin.list_display, "membership"]
    list_select_related = ["membership__practice"]


def superusers_only(request):
    """Client health data is managed in the app; the admin is for superusers alone."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only
