from django.contrib import admin

from lisko.networks.models import KeyPersonNetwork


@admin.register(KeyPersonNetwork)
class KeyPersonNetworkAdmin(admin.ModelAdmin):
    # Read only: every change goes through lisko.networks.services.
    list_display = ("name", "municipality", "organisation", "started_on")
    list_filter = ("organisation",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
