from django.contrib import admin
from django.http import HttpRequest

from lisko.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "organisation", "action", "object_type", "object_id", "reason")
    list_filter = ("action", "object_type", "organisation")
    search_fields = ("actor__username", "object_id", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
