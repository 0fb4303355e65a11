from django.contrib import admin

from lisko.places.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "country", "latitude", "longitude")
    list_filter = ("country", "district")
    search_fields = ("name", "district")
