from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A notice for one person, shown in the app and sent by e-mail, in their language."""

    class Kind(models.TextChoices):
        NEW_OFFER = "new_offer", _("New offer")
        REMINDER = "reminder", _("Reminder")
        CANCELLED = "cancelled", _("Appointment cancelled")
        CHANGED = "changed", _("Appointment changed")
        WITHDRAWN = "withdrawn", _("Offer withdrawn")
        UNFILLED = "unfilled", _("No interpreter found")
        TAKEN = "taken", _("Taken by someone else")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # What the notice is about, e.g. "offer:12": a job that runs twice notifies once.
    key = models.CharField(_("key"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"
