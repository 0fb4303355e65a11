from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class DeclineCode(models.TextChoices):
    """Why a partner declines a referral, as a code the planning figures can count (the free
    text beside it is for the social worker only)."""

    NO_PLACES = "no_places", _("No free places")
    NOT_SUITABLE = "not_suitable", _("The offer does not suit the client")
    NOT_REACHED = "not_reached", _("The client could not be reached")
    OTHER = "other", _("Other reason")


# Which status may follow which; everything else is refused. Declined, completed and dropped end
# a referral.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.DROPPED}),
    Status.ACCEPTED: frozenset({Status.IN_PROGRESS, Status.DROPPED}),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.DROPPED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.DROPPED: frozenset(),
}
# A referral in one of these holds a place in the offer.
TAKING_A_PLACE = (Status.ACCEPTED, Status.IN_PROGRESS)
OPEN = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)


class Referral(models.Model):
    """A client referred to an association's offer, with the client's consent to share."""

    Status = Status
    DeclineCode = DeclineCode

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("client"),
    )
    offer = models.ForeignKey(
        "associations.Offer",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("offer"),
    )
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("goal"),
    )
    consent = models.ForeignKey(
        "clients.Consent",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    note = models.TextField(
        _("note to the association"), blank=True, help_text=_("Seen by the association partner.")
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Empty for referrals not declined, and for those declined before the code existed.
    decline_code = models.CharField(
        _("why declined"), max_length=16, choices=DeclineCode.choices, blank=True, default=""
    )
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("The partner's feedback."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[status.value for status in Status]),
                name="referral_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(decline_code__in=["", *DeclineCode.values]),
                name="referral_decline_code_known",
            ),
            # One open referral per client and offer; a new one may follow once it has ended.
            models.UniqueConstraint(
                fields=["client", "offer"],
                condition=models.Q(status__in=[status.value for status in OPEN]),
                name="referral_one_open_per_client_and_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.offer} ({self.get_status_display()})"


class ReferralEvent(models.Model):
    """One step in a referral's history: who moved it from which status to which, and why."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("referral")
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Status.choices, blank=True, default=""
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    # What the social worker wrote for colleagues only (why they dropped a referral, say):
    # nothing in the client's consent covers telling the association.
    staff_note = models.TextField(_("note for colleagues"), blank=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["referral", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"
