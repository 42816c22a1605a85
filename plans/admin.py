from django.contrib import admin

from clinic.admin import AuditedAdminMixin, ReadOnlyAdminMixin
from plans.models import (
    Clearance,
    PlanDocument,
    PlanEvent,
    PracticeOutcomeTally,
    Reassessment,
    ReassessmentSideComparison,
    Referral,
    ReferralOutcome,
    SafetyRemoval,
    SessionAddendum,
    TreatmentPlan,
    TreatmentSession,
)


class SafetyRemovalInline(admin.TabularInline):
    model = SafetyRemoval
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "code", "reason", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlanEventInline(admin.TabularInline):
    model = PlanEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "by", "at", "detail"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Plans are written in the app; the admin reads them and never changes one."""

    list_display = ["__str__", "client_name", "status", "version", "created_at", "finalized_at"]
    list_filter = ["status", "anamnesis__client__practice"]
    search_fields = ["anamnesis__client__last_name", "anamnesis__client__first_name"]
    list_select_related = ["anamnesis__client"]
    inlines = [SafetyRemovalInline, PlanEventInline]

    @admin.display(description="client", ordering="anamnesis__client__last_name")
    def client_name(self, obj):
        return obj.anamnesis.client.full_name

    def get_queryset(self, request):
        return super().get_queryset(request).defer("engine_draft", "plan")

    # Every write goes through plans.services (validation, safety reasons, audit trail), so the
    # admin only reads; a finalized plan is the record of what was agreed.
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)


@admin.register(PlanDocument)
class PlanDocumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "sha256", "size", "rendered_at"]
    readonly_fields = ["plan", "sha256", "size", "rendered_at"]
    exclude = ["pdf"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SafetyRemoval, PlanEvent)
class PlanRecordAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "by", "at"]
    list_select_related = ["plan__anamnesis__client", "by"]


class SessionAddendumInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SessionAddendum
    extra = 0


@admin.register(TreatmentSession)
class TreatmentSessionAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "number", "date", "pain_before", "pain_after", "author"]
    list_filter = ["plan__anamnesis__client__practice"]
    search_fields = ["plan__anamnesis__client__last_name"]
    list_select_related = ["plan__anamnesis__client", "author"]
    date_hierarchy = "date"
    inlines = [SessionAddendumInline]


@admin.register(SessionAddendum, Reassessment)
class SessionRecordAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "session"]
    list_select_related = ["session__plan__anamnesis__client"]


@admin.register(ReassessmentSideComparison)
class ReassessmentSideComparisonAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "reassessment"]
    list_select_related = ["reassessment__session__plan__anamnesis__client"]


class ReferralOutcomeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReferralOutcome
    extra = 0


@admin.register(Referral)
class ReferralAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "urgency", "recipient_name", "created_at"]
    list_filter = ["urgency"]
    list_select_related = ["plan"]
    inlines = [ReferralOutcomeInline]


@admin.register(Clearance)
class ClearanceAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["anamnesis", "outcome", "red_flags", "created_at"]
    list_select_related = ["anamnesis__client", "outcome"]


@admin.register(ReferralOutcome)
class ReferralOutcomeAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["referral", "kind", "on", "recorded_by", "recorded_at"]
    list_filter = ["kind"]


@admin.register(PracticeOutcomeTally)
class PracticeOutcomeTallyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What erased records counted, by practice and year (issue 13); anonymous numbers."""

    list_display = ["practice", "year", "plans_finalized", "sessions"]
    list_filter = ["practice"]
