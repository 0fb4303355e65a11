"""Welcome conversations as a programme: a municipality's newcomers are registered, invited in
their language, have one conversation with an interpreter or key person, and the topics
covered are ticked.

A newcomer is a `Client` of the organisation that runs the programme; the `WelcomeCase`
holds only what the programme adds (household size, the address the invitation goes to,
when and how it went, the conversation). Access, audit, export and erasure of the client
apply to it unchanged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lisko.notifications.models import SentWithRetries

# The range of the weeks target: a conversation later than a year after arrival is no welcome.
FEWEST_WEEKS = 1
MOST_WEEKS = 52
DEFAULT_WEEKS = 12
# A household of more than twenty people is a typo.
LARGEST_HOUSEHOLD = 20


class Topic(models.TextChoices):
    """What a welcome conversation covers; the social worker ticks those talked about."""

    HOUSING = "housing", _("Housing")
    SCHOOL = "school", _("School and childcare")
    HEALTH = "health", _("Health")
    LANGUAGE_COURSES = "language_courses", _("Language courses")
    WORK = "work", _("Work")
    ASSOCIATIONS = "associations", _("Associations and leisure")
    RIGHTS = "rights", _("Rights and duties")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")


class WelcomeProgramme(models.Model):
    """An organisation's programme of welcome conversations with the newcomers of one
    municipality, aiming at a conversation within `weeks_target` weeks of arrival."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="welcome_programmes",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="welcome_programmes",
        verbose_name=_("municipality"),
    )
    weeks_target = models.PositiveSmallIntegerField(
        _("weeks after arrival"),
        default=DEFAULT_WEEKS,
        help_text=_(
            "Within how many weeks of arrival a newcomer should have had the conversation."
        ),
    )
    started_on = models.DateField(_("started on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("welcome programme")
        verbose_name_plural = _("welcome programmes")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality"], name="welcome_programme_unique"
            ),
            models.CheckConstraint(
                condition=Q(weeks_target__gte=FEWEST_WEEKS, weeks_target__lte=MOST_WEEKS),
                name="welcome_programme_weeks_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.organisation})"


class WelcomeInvitationTemplate(models.Model):
    """The invitation in one language: subject and body with named placeholders
    ({first_name}, {last_name}, {municipality}, {organisation})."""

    programme = models.ForeignKey(
        WelcomeProgramme,
        on_delete=models.CASCADE,
        related_name="templates",
        verbose_name=_("programme"),
    )
    language = models.ForeignKey(
        "languages.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("invitation template")
        verbose_name_plural = _("invitation templates")
        ordering = ["language__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "language"], name="welcome_template_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.language.code}"


class WelcomeCase(models.Model):
    """One newcomer in a welcome programme: invited (when, how), booked, conversation held."""

    client = models.OneToOneField(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="welcome_case",
        verbose_name=_("client"),
    )
    programme = models.ForeignKey(
        WelcomeProgramme,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("programme"),
    )
    household_size = models.PositiveSmallIntegerField(_("people in the household"))
    email = models.EmailField(_("e-mail address"), blank=True)
    channel = models.CharField(
        _("invitation by"), max_length=8, choices=Channel.choices, default=Channel.LETTER
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invited_via = models.CharField(
        _("invitation sent by"), max_length=8, choices=Channel.choices, blank=True
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointment"),
    )
    held_on = models.DateField(_("conversation held on"), null=True, blank=True)
    topics = models.JSONField(_("topics covered"), default=list, blank=True)
    follow_ups = models.ManyToManyField(
        "referrals.Referral", blank=True, related_name="+", verbose_name=_("follow-ups")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("welcome case")
        verbose_name_plural = _("welcome cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(household_size__gte=1, household_size__lte=LARGEST_HOUSEHOLD),
                name="welcome_case_household_1_to_20",
            ),
            models.CheckConstraint(
                condition=~Q(channel="email") | ~Q(email=""),
                name="welcome_case_email_needs_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.programme}"

    @property
    def status(self) -> str:
        """Where the newcomer stands, read from what has happened (never stored twice)."""
        if self.held_on is not None:
            return "held"
        if self.appointment is not None and self.appointment.status != "cancelled":
            return "booked"
        if self.invited_at is not None:
            return "invited"
        return "registered"

    def status_display(self) -> str:
        return str(STATUS_LABELS[self.status])


class InvitationEmail(SentWithRetries):
    """One invitation e-mail to a newcomer, written in the same transaction that records the
    invitation and sent after the commit by a job, with the retry discipline of
    lisko/notifications/sending.py (claimed, retried with backoff, given up after a few
    attempts and then shown as not delivered on the case page). The text is kept as written
    when the social worker invited, so a retry sends the same words."""

    class Failure(models.TextChoices):
        """Why the e-mail did not reach the newcomer, as the case page says it."""

        NONE = "", _("Not failed")
        REFUSED = "refused", _("The mail server refused the address.")
        UNAVAILABLE = "unavailable", _("The mail server could not be reached.")

    case = models.ForeignKey(
        WelcomeCase,
        on_delete=models.CASCADE,
        related_name="emails",
        verbose_name=_("welcome case"),
    )
    to = models.CharField(_("to"), max_length=254)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    failure = models.CharField(
        _("reason it failed"), max_length=16, choices=Failure.choices, blank=True
    )

    class Meta:
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(due_at__isnull=False),
                name="welcome_email_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.created_at:%Y-%m-%d %H:%M}"


STATUS_LABELS = {
    "registered": _("Registered"),
    "invited": _("Invited"),
    "booked": _("Conversation booked"),
    "held": _("Conversation held"),
}
