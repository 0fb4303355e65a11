from django.contrib import admin

from lisko.associations.models import Association, Offer


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    fields = ("title", "field_of_action", "municipality", "capacity", "is_active")
    autocomplete_fields = ("field_of_action", "municipality")
    show_change_link = True


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "municipality", "email", "phone")
    list_filter = ("organisation", "municipality")
    search_fields = ("name", "description", "email")
    autocomplete_fields = ("organisation", "municipality", "partners")
    list_select_related = ("organisation", "municipality")
    inlines = (OfferInline,)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "association",
        "field_of_action",
        "municipality",
        "capacity",
        "is_active",
    )
    list_filter = ("is_active", "field_of_action", "municipality", "association__organisation")
    search_fields = ("title", "description", "association__name")
    autocomplete_fields = ("association", "field_of_action", "municipality", "languages")
    list_select_related = ("association", "field_of_action", "municipality")
