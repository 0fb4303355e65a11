from django.contrib import admin

from lisko.appointments.models import AlternativeSlot, Appointment, Assignment, AssignmentEvent


class AlternativeSlotInline(admin.TabularInline):
    model = AlternativeSlot
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = (
        "interpreter",
        "state",
        "expires_at",
        "travel_minutes",
        "blocked_from",
        "blocked_until",
        "decline_reason",
    )
    raw_id_fields = ("interpreter",)
    show_change_link = True


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = (
        "start",
        "end",
        "kind",
        "language",
        "modality",
        "municipality",
        "priority",
        "status",
        "organisation",
    )
    list_filter = ("status", "kind", "modality", "priority", "organisation", "language")
    search_fields = ("client__reference", "address", "booked_by__username", "language__code")
    date_hierarchy = "start"
    raw_id_fields = ("client", "booked_by", "goal")
    list_select_related = ("language", "municipality", "organisation")
    readonly_fields = ("created_at", "updated_at")
    inlines = (AlternativeSlotInline, AssignmentInline)


class AssignmentEventInline(admin.TabularInline):
    model = AssignmentEvent
    extra = 0
    readonly_fields = ("at", "from_state", "to_state", "actor", "note")
    can_delete = False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = (
        "appointment",
        "interpreter",
        "state",
        "expires_at",
        "blocked_from",
        "blocked_until",
        "travel_minutes",
    )
    list_filter = ("state", "decline_reason", "interpreter__organisation")
    search_fields = (
        "interpreter__first_name",
        "interpreter__last_name",
        "appointment__client__reference",
    )
    date_hierarchy = "blocked_from"
    raw_id_fields = ("appointment", "interpreter", "created_by")
    list_select_related = ("appointment__language", "interpreter")
    readonly_fields = ("created_at", "offered_at", "responded_at", "completed_at")
    inlines = (AssignmentEventInline,)
