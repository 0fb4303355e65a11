from django.contrib import admin

from lisko.notifications.models import ClientMessage, Delivery, Notification, PendingNotice


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ("channel", "due_at", "attempts", "sent_at", "failed_at", "last_error")
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient",)
    inlines = [DeliveryInline]


@admin.register(PendingNotice)
class PendingNoticeAdmin(admin.ModelAdmin):
    """For the operator: notices still to be told, and those given up with their error."""

    list_display = ("created_at", "telling", "arguments", "attempts", "told_at", "failed_at")
    list_filter = ("telling",)
    readonly_fields = ("telling", "arguments", "created_at", "told_at", "attempts", "failed_at")


@admin.register(ClientMessage)
class ClientMessageAdmin(admin.ModelAdmin):
    """For the operator: what was texted to clients, what is on its way, what failed and why."""

    list_display = ("created_at", "kind", "appointment", "language", "sent_at", "failed_at")
    list_filter = ("kind", "language", "failure")
    raw_id_fields = ("client", "appointment")
    readonly_fields = (
        "client",
        "appointment",
        "kind",
        "key",
        "channel",
        "language",
        "to",
        "text",
        "created_at",
        "due_at",
        "attempts",
        "sent_at",
        "failed_at",
        "failure",
        "last_error",
    )
