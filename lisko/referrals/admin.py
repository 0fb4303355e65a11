from django.contrib import admin

from lisko.audit.admin import AuditedAdmin
from lisko.referrals.models import Referral, ReferralEvent


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = ("at",)
    autocomplete_fields = ("by",)


@admin.register(Referral)
class ReferralAdmin(AuditedAdmin):
    list_display = ("client", "offer", "status", "created_by", "created_at", "updated_at")
    list_filter = ("status", "offer__association", "client__organisation")
    search_fields = (
        "client__reference",
        "client__last_name",
        "offer__title",
        "offer__association__name",
    )
    autocomplete_fields = ("client", "offer", "goal", "consent", "created_by")
    list_select_related = ("client", "offer__association", "created_by")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = (ReferralEventInline,)
