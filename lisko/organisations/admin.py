from django.contrib import admin

from lisko.organisations.models import FieldOfAction, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at",)


class FieldOfActionInline(admin.TabularInline):
    model = FieldOfAction
    extra = 0
    fields = ("position", "key", "name")
    ordering = ("position",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "region", "offer_strategy", "retention_months", "created_at")
    list_filter = ("offer_strategy", "region")
    search_fields = ("name", "slug", "region")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at",)
    inlines = (FieldOfActionInline, MembershipInline)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "key", "organisation", "position")
    list_filter = ("organisation",)
    search_fields = ("name", "key", "organisation__name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)
    ordering = ("organisation", "position")
