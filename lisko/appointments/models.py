import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisko.clients.models import Gender
from lisko.interpreters.models import Modality, Skill


class Appointment(models.Model):
    """What a social worker books: a meeting with a client that needs an interpreter.

    draft → requested → matching → offered → confirmed → done, or unfilled / cancelled.
    """

    class Kind(models.TextChoices):
        WELCOME_CONVERSATION = "welcome_conversation", _("Welcome conversation")
        SOCIAL_COUNSELLING = "social_counselling", _("Social counselling")
        MEDICAL = "medical", _("Medical")
        SCHOOL = "school", _("School")
        AUTHORITY = "authority", _("Authority")
        LEGAL = "legal", _("Legal")
        THERAPY = "therapy", _("Therapy")
        ASYLUM_HEARING = "asylum_hearing", _("Asylum hearing")
        CHILD_PROTECTION = "child_protection", _("Child protection")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REQUESTED = "requested", _("Interpreter requested")
        MATCHING = "matching", _("Being matched")
        OFFERED = "offered", _("Offered to interpreters")
        CONFIRMED = "confirmed", _("Confirmed")
        UNFILLED = "unfilled", _("No interpreter found")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("organisation"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("client"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="booked_appointments",
        verbose_name=_("booked by"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    modality = models.CharField(
        _("modality"), max_length=8, choices=Modality.choices, default=Modality.ON_SITE
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    remote_link = models.CharField(
        _("call link or phone number"),
        max_length=500,
        blank=True,
        help_text=_("A video link is required for video appointments."),
    )
    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language needed"),
    )
    gender = models.CharField(
        _("interpreter's gender"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        default="",
        help_text=_("Empty: any gender."),
    )
    min_level = models.PositiveSmallIntegerField(
        _("minimum certification level"), default=0, help_text=_("0 allows key persons.")
    )
    min_proficiency = models.PositiveSmallIntegerField(_("minimum proficiency (1–5)"), default=3)
    priority = models.PositiveSmallIntegerField(_("priority (1–3)"), default=1)
    # None: the specialisations the kind needs (REQUIRED_SKILLS); a list, those chosen instead
    # (an empty list: none), e.g. a school talk about child protection.
    skills = models.JSONField(
        _("specialisations needed"),
        null=True,
        blank=True,
        help_text=_("Empty: those the kind of appointment needs."),
    )
    notes_for_interpreter = models.TextField(_("notes for the interpreter"), blank=True)
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("goal served"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Why no interpreter was found, as a code with data; the sentence is written on display.
    unfilled_reason = models.CharField(_("reason left unfilled"), max_length=64, blank=True)
    # When a detail the matcher depends on last changed: offers declined or expired before it
    # were for another appointment, so those interpreters may be asked again.
    matching_changed_at = models.DateTimeField(_("matching details changed"), null=True, blank=True)
    unfilled_data = models.JSONField(_("details"), default=dict, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["organisation", "status", "start"]),
            # The coordinator's list: every appointment of the organisation by time.
            models.Index(fields=["organisation", "start"]),
            # A social worker's list: what they booked, within their organisations.
            models.Index(fields=["booked_by", "organisation"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(min_level__gte=0, min_level__lte=3), name="appointment_min_level_0_to_3"
            ),
            models.CheckConstraint(
                condition=Q(min_proficiency__gte=1, min_proficiency__lte=5),
                name="appointment_min_proficiency_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=3), name="appointment_priority_1_to_3"
            ),
            models.CheckConstraint(
                condition=~Q(modality="on_site") | Q(municipality__isnull=False),
                name="appointment_on_site_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(modality="video") | ~Q(remote_link=""),
                name="appointment_video_has_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%Y-%m-%d %H:%M}"

    def where_for_interpreter(self) -> tuple[str, str]:
        """(address, call link) as an interpreter may see them: the address only on site, the
        link only for a call; the other stays empty (data minimisation, one rule for phone
        pages and API alike)."""
        if self.modality == Modality.ON_SITE:
            return self.address, ""
        return "", self.remote_link

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def required_skills(self) -> frozenset[str]:
        """The specialisations the interpreter must have: those chosen for this appointment, else
        those its kind needs (REQUIRED_SKILLS)."""
        if self.skills is not None:
            return frozenset(self.skills)
        return REQUIRED_SKILLS.get(self.kind, frozenset())


# The one table of which kinds of appointment need which specialisation of the interpreter.
REQUIRED_SKILLS: dict[str, frozenset[str]] = {
    Appointment.Kind.MEDICAL: frozenset({Skill.MEDICAL}),
    Appointment.Kind.LEGAL: frozenset({Skill.LEGAL}),
    Appointment.Kind.THERAPY: frozenset({Skill.THERAPY}),
    Appointment.Kind.ASYLUM_HEARING: frozenset({Skill.ASYLUM_HEARING}),
    Appointment.Kind.CHILD_PROTECTION: frozenset({Skill.CHILD_PROTECTION}),
}


class AlternativeSlot(models.Model):
    """Another time that would also suit the client, if no interpreter is free at the first."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="alternative_slots",
        verbose_name=_("appointment"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("alternative time")
        verbose_name_plural = _("alternative times")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="alternative_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} – {self.end:%H:%M}"


class Assignment(models.Model):
    """An offer to one interpreter for one appointment, and, once accepted, the booking.

    proposed → offered (until expires_at) → accepted → done, or declined / expired / withdrawn.
    An accepted assignment blocks [blocked_from, blocked_until): the appointment plus travel
    before and after. On PostgreSQL an exclusion constraint (migration 0002) forbids two accepted
    assignments of one interpreter whose blocked times overlap.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", pgettext_lazy("assignment state", "Done")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeclineReason(models.TextChoices):
        NOT_AVAILABLE = "not_available", _("Not available at that time")
        TOO_FAR = "too_far", _("Too far to travel")
        CONFLICT_OF_INTEREST = "conflict_of_interest", _("I know the client")
        NOT_SUITABLE = "not_suitable", _("The subject is not for me")
        OTHER = "other", _("Other")

    OPEN_STATES = (State.PROPOSED, State.OFFERED, State.ACCEPTED)

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("appointment"),
    )
    interpreter = models.ForeignKey(
        "interpreters.Interpreter",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("interpreter"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel (minutes one way)"),
        default=0,
        help_text=_("Kept free before and after the appointment."),
    )
    # The time offered when the matcher chose one of the appointment's alternative times;
    # empty: the appointment's own time. Accepting moves the appointment there.
    start = models.DateTimeField(_("offered start"), null=True, blank=True)
    end = models.DateTimeField(_("offered end"), null=True, blank=True)
    blocked_from = models.DateTimeField(_("blocked from"))
    blocked_until = models.DateTimeField(_("blocked until"))
    expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    score = models.JSONField(_("score breakdown"), default=dict, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=24, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.CharField(_("note"), max_length=200, blank=True)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)
    actual_travel_minutes = models.PositiveSmallIntegerField(
        _("actual travel (minutes, both ways)"), null=True, blank=True
    )
    completed_at = models.DateTimeField(_("time logged"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["blocked_from"]
        indexes = [models.Index(fields=["interpreter", "state", "blocked_from"])]
        constraints = [
            # One interpreter per appointment: at most one accepted (or done) assignment.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(state__in=["accepted", "done"]),
                name="assignment_one_accepted_per_appointment",
            ),
            # An interpreter is not offered the same appointment twice at once.
            models.UniqueConstraint(
                fields=["appointment", "interpreter"],
                condition=Q(state__in=["proposed", "offered", "accepted"]),
                name="assignment_one_open_per_interpreter",
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gt=F("blocked_from")),
                name="assignment_blocked_range_not_empty",
            ),
            models.CheckConstraint(
                condition=~Q(state="offered") | Q(expires_at__isnull=False),
                name="assignment_offer_expires",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True) | Q(end__gt=F("start")),
                name="assignment_offered_time_complete",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gt=F("actual_start")),
                name="assignment_actual_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} · {self.appointment} · {self.get_state_display()}"

    @property
    def offered_start(self) -> dt.datetime:
        """When the interpreter is asked to come: the chosen alternative, or the appointment's."""
        return self.start if self.start is not None else self.appointment.start

    @property
    def offered_end(self) -> dt.datetime:
        return self.end if self.end is not None else self.appointment.end

    @property
    def at_alternative_time(self) -> bool:
        """Offered at one of the appointment's alternative times rather than its own."""
        return self.start is not None and self.start != self.appointment.start


class AssignmentEvent(models.Model):
    """One state change of an assignment: who moved it, from where to where, and when."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="events", verbose_name=_("assignment")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"
