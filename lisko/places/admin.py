from django.contrib import admin

from lisko.places.models import Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "country", "code")
    list_filter = ("country", "kind")
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "code", "country", "latitude", "longitude", "population")
    list_filter = ("country", "region__kind")
    search_fields = ("name", "code", "region__name")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
