from django.contrib import admin

from lisko.calendars.models import CalendarFeedToken


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_read_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "token_hash", "created_at", "last_read_at"]
