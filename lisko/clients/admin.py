from django.contrib import admin

from lisko.audit.admin import AuditedAdmin
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
class ClientAdmin(AuditedAdmin):
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
    audit_client = "pk"
    audit_organisation = "organisation_id"


@admin.register(Consent)
class ConsentAdmin(AuditedAdmin):
    list_display = ("client", "purpose", "association", "given_at", "withdrawn_at")
    list_filter = ("purpose", "withdrawn_at")
    search_fields = ("client__reference", "client__first_name", "client__last_name")
    autocomplete_fields = ("client", "association", "recorded_by", "withdrawn_by")
    list_select_related = ("client", "association")
    date_hierarchy = "given_at"
