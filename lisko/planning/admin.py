from django.contrib import admin

from lisko.planning.models import PlannerRegion, SharingAgreement, SocialReport


@admin.register(SharingAgreement)
class SharingAgreementAdmin(admin.ModelAdmin):
    list_display = (
        "organisation",
        "region",
        "signed_on",
        "valid_from",
        "valid_until",
        "withdrawn_at",
    )
    list_filter = ("region",)


@admin.register(PlannerRegion)
class PlannerRegionAdmin(admin.ModelAdmin):
    list_display = ("membership", "region")


@admin.register(SocialReport)
class SocialReportAdmin(admin.ModelAdmin):
    list_display = ("region", "period_start", "period_end", "language", "status", "requested_at")
    list_filter = ("status",)
