from django.contrib import admin

from lisko.programmes.models import FundingApplication, OfficerMunicipality, ProgrammeAgreement


@admin.register(OfficerMunicipality)
class OfficerMunicipalityAdmin(admin.ModelAdmin):
    list_display = ("membership", "municipality")
    raw_id_fields = ("membership",)


@admin.register(ProgrammeAgreement)
class ProgrammeAgreementAdmin(admin.ModelAdmin):
    list_display = ("municipality", "region", "first_year", "last_year", "currency")
    list_filter = ("region",)


@admin.register(FundingApplication)
class FundingApplicationAdmin(admin.ModelAdmin):
    # Read only: every change goes through lisko.programmes.services.
    list_display = ("title", "agreement", "kind", "status", "amount_requested", "amount_granted")
    list_filter = ("status", "kind")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
