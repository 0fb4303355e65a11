from django.contrib import admin

from lisko.audit.admin import AuditedAdmin
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ("field_of_action", "wording", "status", "intake_level", "created_by")
    autocomplete_fields = ("field_of_action", "created_by")
    show_change_link = True


class GoalReviewInline(admin.TabularInline):
    model = GoalReview
    extra = 0
    autocomplete_fields = ("reviewed_by",)
    readonly_fields = ("created_at",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    autocomplete_fields = ("responsible_user",)
    readonly_fields = ("created_at",)


@admin.register(EmpowermentPlan)
class EmpowermentPlanAdmin(AuditedAdmin):
    list_display = ("client", "created_by", "created_at", "updated_at")
    list_filter = ("client__organisation",)
    search_fields = ("client__reference", "client__first_name", "client__last_name")
    autocomplete_fields = ("client", "created_by")
    list_select_related = ("client", "created_by")
    readonly_fields = ("created_at", "updated_at")
    inlines = (GoalInline,)


@admin.register(Goal)
class GoalAdmin(AuditedAdmin):
    audit_client = "plan__client_id"
    audit_organisation = "plan__client__organisation_id"
    list_display = ("__str__", "plan", "field_of_action", "status", "intake_level", "created_at")
    list_filter = ("status", "field_of_action", "plan__client__organisation")
    search_fields = ("wording", "plan__client__reference", "plan__client__last_name")
    autocomplete_fields = ("plan", "field_of_action", "created_by")
    list_select_related = ("plan__client", "field_of_action")
    readonly_fields = ("created_at",)
    inlines = (GoalReviewInline, MilestoneInline)


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    audit_client = "goal__plan__client_id"
    audit_organisation = "goal__plan__client__organisation_id"
    list_display = ("title", "goal", "due_date", "responsible", "done_at")
    list_filter = ("done_at", "due_date")
    search_fields = ("title", "responsible_text", "goal__plan__client__reference")
    autocomplete_fields = ("goal", "responsible_user")
    list_select_related = ("goal", "responsible_user")
    date_hierarchy = "due_date"
