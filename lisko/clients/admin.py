from django.contrib import admin
from django.http import HttpRequest

from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember


class ClientLanguageInline(admin.TabularInline):
    model = ClientLanguage
    extra = 0
    autocomplete_fields = ("language",)


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("purpose", "association", "shared_details", "given_at", "recorded_by", "withdrawn_at")
    autocomplete_fields = ("association", "recorded_by")


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "first_name",
        "last_name",
        "organisation",
        "municipality",
        "social_worker",
        "is_active",
    )
    list_filter = ("is_active", "organisation", "residence_status", "gender")
    search_fields = ("reference", "first_name", "last_name")
    autocomplete_fields = (
        "organisation",
        "municipality",
        "preferred_language",
        "social_worker",
        "shared_with",
    )
    list_select_related = ("organisation", "municipality", "social_worker")
    readonly_fields = ("created_at", "updated_at")
    inlines = (ClientLanguageInline, HouseholdMemberInline, ConsentInline)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):  # type: ignore[no-untyped-def]
        """Opening a client in the admin is a read of personal data like any other: audited."""
        client = super().get_object(request, object_id, from_field)
        if client is not None:
            record_access(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditEvent.Action.READ,
                obj=client,
                client_id=client.pk,
                reason="admin",
                organisation_id=client.organisation_id,
            )
        return client


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("client", "purpose", "association", "given_at", "withdrawn_at")
    list_filter = ("purpose", "withdrawn_at")
    search_fields = ("client__reference", "client__first_name", "client__last_name")
    autocomplete_fields = ("client", "association", "recorded_by", "withdrawn_by")
    list_select_related = ("client", "association")
    date_hierarchy = "given_at"
