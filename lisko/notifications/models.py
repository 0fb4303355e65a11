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
        # For the social worker who booked the appointment.
        ACCEPTED = "accepted", _("Interpreter found")
        DECLINED = "declined", _("An interpreter declined")
        # For the partners of an association, and the social worker who referred.
        REFERRAL_RECEIVED = "referral_received", _("New referral")
        REFERRAL_WITHDRAWN = "referral_withdrawn", _("Referral no longer shared")
        REFERRAL_ANSWERED = "referral_answered", _("Answer to a referral")
        # For whoever is responsible.
        MILESTONE_DUE = "milestone_due", _("Milestone due")
        CERTIFICATE_LAPSING = "certificate_lapsing", _("Certification lapsing")
        HOURS_WAITING = "hours_waiting", _("Hours waiting for approval")
        DEBRIEF_REQUESTED = "debrief_requested", _("Debrief asked for")
        # For the person responsible for a milestone of a region plan.
        PLAN_MILESTONE_DUE = "plan_milestone_due", _("Region plan milestone due")
        # Municipal programmes: for the funding region's planners, and the municipality's
        # integration officers.
        APPLICATION_SUBMITTED = "application_submitted", _("Funding application submitted")
        PROGRAMME_REPORT_DUE = "programme_report_due", _("Programme report due")
        APPLICATION_DEADLINE = "application_deadline", _("Funding application deadline")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # What the notice is about, e.g. "offer:12": a job that runs twice notifies once.
    key = models.CharField(_("key"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A calendar entry (text/calendar) the e-mail carries, for a booking.
    calendar_entry = models.TextField(_("calendar entry"), blank=True)
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


class PendingNotice(models.Model):
    """A notice to be told, written in the same transaction as the change it tells of.

    The outbox: a worker that dies or a broker that restarts loses the task that would tell,
    never this row; the sweep finds rows not told and tells them."""

    # A name in lisko/notifications/outbox.TELLERS.
    telling = models.CharField(_("telling"), max_length=24)
    arguments = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    told_at = models.DateTimeField(_("told"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pending notice")
        verbose_name_plural = _("pending notices")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(told_at__isnull=True, failed_at__isnull=True),
                name="pending_notice_untold",
            )
        ]

    def __str__(self) -> str:
        return f"{self.telling} {self.arguments}"


class Channel(models.TextChoices):
    """Ways a notice travels besides the app itself."""

    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Push message on the phone")


class SentWithRetries(models.Model):
    """What anything Lisko sends records of its sending, written only by
    lisko/notifications/sending.py: when it is due (again), how often it was tried, when it went
    out or was given up, and the last error. Why it failed, in words, is each kind's own."""

    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def state(self) -> str:
        """ "sent", "failed" (given up), or "on_its_way" (due, being sent, or to be retried)."""
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        return "on_its_way"


class Delivery(SentWithRetries):
    """One notice on its way through one channel: due, sent, or given up after retries.

    A sender claims a delivery for a while before sending (`due_at` moves into the future), so
    a worker that dies while sending leaves it to the sweep once the claim runs out."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=models.Q(due_at__isnull=False),
                name="delivery_due",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} · {self.channel}"


class PushSubscription(models.Model):
    """A phone's (browser's) Web Push endpoint for one person, as its service worker gave it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("person"),
    )
    endpoint = models.URLField(_("endpoint"), max_length=500, unique=True)
    p256dh = models.CharField(_("public key"), max_length=200)
    auth = models.CharField(_("authentication secret"), max_length=100)
    device = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.user} · {self.device or self.endpoint[:40]}"


class NoticeSetting(models.Model):
    """How one person wants one kind of notice through one channel (always in the app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_settings",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Notification.Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    wanted = models.BooleanField(_("wanted"))

    class Meta:
        verbose_name = _("notice setting")
        verbose_name_plural = _("notice settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="notice_setting_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class ClientMessage(SentWithRetries):
    """A short message to a client about one of their appointments, in their language.

    Written only while the client consents to messages about appointments; `key` makes a job
    that runs twice write it once. Sent with the same discipline as a `Delivery`: claimed for
    a while, retried with backoff, given up after a few attempts and then shown as failed."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Appointment confirmed")
        REMINDER = "reminder", _("Reminder the day before")
        CHANGED = "changed", _("Appointment changed")
        CANCELLED = "cancelled", _("Appointment cancelled")

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("E-mail")

    class Failure(models.TextChoices):
        """Why a message did not reach the client, as the staff page says it."""

        NONE = "", _("Not failed")
        NO_CONSENT = "no_consent", _("The client withdrew the consent to messages.")
        REFUSED = "refused", _("The text message service refused the phone number.")
        ADDRESS_REFUSED = "address_refused", _("The mail server refused the e-mail address.")
        UNAVAILABLE = "unavailable", _("The text message service could not be reached.")

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("client"),
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.CASCADE,
        related_name="client_messages",
        verbose_name=_("appointment"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # What the message is about, e.g. "confirmed:12": written once per key.
    key = models.CharField(_("key"), max_length=100, unique=True)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.SMS
    )
    # The ISO 639-3 code of the language the text is written in (after any fallback).
    language = models.CharField(_("language"), max_length=8)
    to = models.CharField(_("to"), max_length=254)  # a number in E.164, or an e-mail address
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    failure = models.CharField(
        _("reason it failed"), max_length=16, choices=Failure.choices, blank=True
    )

    class Meta:
        verbose_name = _("message to a client")
        verbose_name_plural = _("messages to clients")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=models.Q(due_at__isnull=False),
                name="client_message_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} · {self.channel}"
