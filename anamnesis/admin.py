from django.contrib import admin

from anamnesis.models import (
    Anamnesis,
    ComplaintRegion,
    PriorInjury,
    PsfsActivity,
    SideComparison,
    TriggerPoint,
)
from clinic.admin import AuditedAdminMixin, ReadOnlyAdminMixin


class ComplaintRegionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ComplaintRegion
    extra = 0


class PriorInjuryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PriorInjury
    extra = 0


class SideComparisonInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SideComparison
    extra = 0


class TriggerPointInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TriggerPoint
    extra = 0


class PsfsActivityInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PsfsActivity
    extra = 0


@admin.register(Anamnesis)
class AnamnesisAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "version", "course", "taken_by", "taken_at", "locked_at"]
    list_filter = ["status", "course", "client__practice"]
    search_fields = ["client__last_name", "client__first_name"]
    list_select_related = ["client", "taken_by"]
    date_hierarchy = "taken_at"
    inlines = [
        ComplaintRegionInline,
        PriorInjuryInline,
        SideComparisonInline,
        TriggerPointInline,
        PsfsActivityInline,
    ]


@admin.register(ComplaintRegion, PriorInjury, SideComparison, TriggerPoint, PsfsActivity)
class AnamnesisRowAdmin(AuditedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "anamnesis"]
    list_select_related = ["anamnesis__client"]
