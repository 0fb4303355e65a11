from django.contrib import admin

from lisko.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "emailed_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient",)
