from django.contrib import admin

from lisko.matchingruns.models import MatchingRun, MatchingRunRequest


class MatchingRunRequestInline(admin.TabularInline):
    model = MatchingRunRequest
    extra = 0
    fields = ("appointment", "outcome", "interpreter", "reason_code", "reason_data")
    raw_id_fields = ("appointment", "interpreter")


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "organisation",
        "status",
        "solver_status",
        "request_count",
        "assigned_count",
        "unassigned_count",
        "served_priority",
        "cost",
        "gap",
        "wall_s",
    )
    list_filter = ("status", "solver_status", "organisation")
    search_fields = ("organisation__name", "started_by__username", "error")
    date_hierarchy = "created_at"
    raw_id_fields = ("started_by",)
    readonly_fields = ("created_at", "started_at", "finished_at")
    inlines = (MatchingRunRequestInline,)


@admin.register(MatchingRunRequest)
class MatchingRunRequestAdmin(admin.ModelAdmin):
    list_display = ("run", "appointment", "outcome", "interpreter", "reason_code")
    list_filter = ("outcome", "reason_code")
    search_fields = ("reason_code", "appointment__client__reference")
    raw_id_fields = ("run", "appointment", "interpreter")
