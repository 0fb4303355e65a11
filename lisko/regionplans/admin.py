from django.contrib import admin

from lisko.regionplans.models import RegionPlan, RegionPlanVersion


@admin.register(RegionPlan)
class RegionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "start_year", "end_year", "created_at")
    list_filter = ("region",)


@admin.register(RegionPlanVersion)
class RegionPlanVersionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "is_current", "created_at")
