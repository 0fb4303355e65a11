from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lisko.clients.models import Gender


class Modality(models.TextChoices):
    """How an interpreter takes part in an appointment."""

    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


class Skill(models.TextChoices):
    """Specialisations an interpreter is trained for, and an appointment may require."""

    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    THERAPY = "therapy", _("Therapy")
    ASYLUM_HEARING = "asylum_hearing", _("Asylum hearing")
    CHILD_PROTECTION = "child_protection", _("Child protection")


class Interpreter(models.Model):
    """An intercultural interpreter or a key person in an organisation's pool.

    Interpreters are qualified and paid (certification level 1–3); key persons are trained
    volunteers from the communities (level 0). Both are matched the same way.
    """

    class Kind(models.TextChoices):
        INTERPRETER = "interpreter", _("Intercultural interpreter")
        KEY_PERSON = "key_person", _("Key person")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="interpreters",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreter_profile",
        verbose_name=_("user account"),
        help_text=_("The login used to accept offers; optional for people booked by phone."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    level = models.PositiveSmallIntegerField(
        _("certification level"),
        default=0,
        help_text=_("1–3 for certified interpreters, 0 for key persons."),
    )
    certification_expires = models.DateField(_("certification expires"), null=True, blank=True)
    # A list of `Skill` values (JSON, so that SQLite holds it as well as PostgreSQL).
    skills = models.JSONField(
        _("specialisations"),
        default=list,
        blank=True,
        help_text=_("Medical, legal, therapy, asylum hearing, child protection."),
    )
    max_heavy_per_week = models.PositiveSmallIntegerField(
        _("emotionally heavy assignments per week at most"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. Which kinds are heavy is set for the organisation."),
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=Gender.UNKNOWN
    )
    home_municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="interpreters",
        verbose_name=_("home municipality"),
    )
    # Own coordinates are optional; without them travel is reckoned from the municipality.
    home_latitude = models.FloatField(_("home latitude"), null=True, blank=True)
    home_longitude = models.FloatField(_("home longitude"), null=True, blank=True)
    # Three booleans rather than a list: filterable on every database, and checkable.
    works_on_site = models.BooleanField(_("works on site"), default=True)
    works_by_phone = models.BooleanField(_("works by phone"), default=False)
    works_by_video = models.BooleanField(_("works by video"), default=False)
    weekly_minutes_limit = models.PositiveIntegerField(
        _("weekly limit (minutes)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    travel_limit_minutes = models.PositiveSmallIntegerField(
        _("travel limit (minutes one way)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes for coordinators"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="interpreter", level__gte=1, level__lte=3)
                | Q(kind="key_person", level=0),
                name="interpreter_level_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(home_latitude__isnull=True, home_longitude__isnull=True)
                | Q(
                    home_latitude__gte=-90,
                    home_latitude__lte=90,
                    home_longitude__gte=-180,
                    home_longitude__lte=180,
                ),
                name="interpreter_home_coordinates_on_earth",
            ),
            models.CheckConstraint(
                condition=Q(works_on_site=True) | Q(works_by_phone=True) | Q(works_by_video=True),
                name="interpreter_has_a_modality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def modalities(self) -> list[str]:
        """The modalities offered, as `Modality` values."""
        offered = [
            (self.works_on_site, Modality.ON_SITE),
            (self.works_by_phone, Modality.PHONE),
            (self.works_by_video, Modality.VIDEO),
        ]
        return [str(modality) for works, modality in offered if works]

    @property
    def home(self) -> tuple[float, float]:
        """Where travel starts: own coordinates if known, else the municipality's centre."""
        if self.home_latitude is not None and self.home_longitude is not None:
            return self.home_latitude, self.home_longitude
        return self.home_municipality.latitude, self.home_municipality.longitude


class InterpreterLanguage(models.Model):
    """A language the interpreter works in, with a proficiency from 1 to 5."""

    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="languages",
        verbose_name=_("interpreter"),
    )
    language = models.ForeignKey(
        "languages.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    proficiency = models.PositiveSmallIntegerField(_("proficiency (1–5)"))

    class Meta:
        verbose_name = _("interpreter language")
        verbose_name_plural = _("interpreter languages")
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter", "language"], name="interpreter_language_unique"
            ),
            models.CheckConstraint(
                condition=Q(proficiency__gte=1, proficiency__lte=5),
                name="interpreter_language_proficiency_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.proficiency})"


class WeeklyAvailability(models.Model):
    """A recurring window in which the interpreter can work, in local time (settings.TIME_ZONE)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="weekly_availability",
        verbose_name=_("interpreter"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="weekly_availability_weekday"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="weekly_availability_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["interpreter", "weekday", "start_time"],
                name="weekly_availability_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Absence(models.Model):
    """A time the interpreter cannot work despite the weekly pattern: holiday, illness, training."""

    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("interpreter"),
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="absence_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} – {self.end:%Y-%m-%d %H:%M}"


class ConflictOfInterest(models.Model):
    """The interpreter must not be offered appointments with this client (e.g. a relative)."""

    class Reason(models.TextChoices):
        RELATIVE = "relative", _("Relative")
        ACQUAINTANCE = "acquaintance", _("Personal acquaintance")
        COMMUNITY = "community", _("Tension within the community")
        CLIENT_REQUEST = "client_request", _("At the client's request")
        OTHER = "other", _("Other")

    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("interpreter"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="interpreter_conflicts",
        verbose_name=_("client"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter", "client"], name="conflict_of_interest_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} × {self.client_id} ({self.get_reason_display()})"


class Debrief(models.Model):
    """After an emotionally heavy assignment the interpreter may ask to talk it through; the
    coordinator records when and how that happened. Together these rows are the supervision log
    of duty of care. No client data: the appointment's kind and day say what it was about."""

    class Form(models.TextChoices):
        CONVERSATION = "conversation", _("Debriefing conversation")
        PHONE = "phone", _("Debriefing by phone")
        GROUP = "group", _("Group supervision")
        EXTERNAL = "external", _("External supervision")

    assignment = models.OneToOneField(
        "appointments.Assignment",
        on_delete=models.CASCADE,
        related_name="debrief",
        verbose_name=_("assignment"),
    )
    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="debriefs",
        verbose_name=_("interpreter"),
    )
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    wish = models.CharField(_("what would help"), max_length=300, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    record = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("debrief")
        verbose_name_plural = _("debriefs")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_on__isnull=True) | ~models.Q(form=""),
                name="debrief_held_with_a_form",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} · {self.assignment_id}"

    @property
    def is_open(self) -> bool:
        return self.held_on is None
