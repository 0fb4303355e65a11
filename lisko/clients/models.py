import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    DIVERSE = "x", _("Diverse")
    UNKNOWN = "", _("Not stated")


class ResidenceStatus(models.TextChoices):
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    REFUGEE = "refugee", _("Recognised refugee")
    SUBSIDIARY = "subsidiary", _("Subsidiary protection")
    TEMPORARY = "temporary", _("Temporary protection")
    PROVISIONAL = "provisional", _("Provisionally admitted")
    RESIDENT = "resident", _("Residence permit")
    OTHER = "other", _("Other")


class Client(models.Model):
    """A refugee or other newcomer supported by the organisation.

    `reference` is the pseudonymous handle used in lists, exports and the matcher.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("organisation"),
    )
    reference = models.CharField(_("reference"), max_length=32)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True, default=Gender.UNKNOWN
    )
    country_of_origin = models.CharField(_("country of origin"), max_length=2, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("municipality"),
    )
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    residence_status = models.CharField(
        _("residence status"), max_length=16, choices=ResidenceStatus.choices, blank=True
    )
    preferred_language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("preferred language"),
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("responsible social worker"),
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_cases",
        verbose_name=_("shared with"),
        help_text=_("Colleagues in the team who also work on this case."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Messages about appointments go by text message to the phone, else by e-mail here.
    email = models.EmailField(_("e-mail address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("open case"), default=True)
    # When the case was closed: the retention period runs from here (null for cases closed
    # before the date was kept, and for open ones).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="client_unique_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(arrival_date__isnull=True)
                | models.Q(birth_date__isnull=True)
                | models.Q(arrival_date__gte=models.F("birth_date")),
                name="client_arrives_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.reference})"


class ClientLanguage(models.Model):
    """A language the client speaks, with a self-assessed proficiency from 1 to 5."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="languages", verbose_name=_("client")
    )
    language = models.ForeignKey(
        "languages.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    proficiency = models.PositiveSmallIntegerField(_("proficiency (1–5)"))

    class Meta:
        verbose_name = _("client language")
        verbose_name_plural = _("client languages")
        constraints = [
            models.UniqueConstraint(fields=["client", "language"], name="client_language_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1, proficiency__lte=5),
                name="client_language_proficiency_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.proficiency})"


class HouseholdMember(models.Model):
    """Someone who lives with the client: partner, child, parent."""

    class Relation(models.TextChoices):
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="household", verbose_name=_("client")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    relation = models.CharField(_("relation"), max_length=8, choices=Relation.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.first_name} ({self.get_relation_display()})"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid(self, at: dt.datetime | None = None) -> "ConsentQuerySet":
        """The consents that stand at `at` (now): neither withdrawn nor expired."""
        return self.filter(Consent.valid_q(at=at))


class Consent(models.Model):
    """A client's recorded permission for one purpose, until withdrawn or, where the purpose
    needs renewing, until it expires.

    Sharing with an association names the association and which personal details it may see.
    """

    class Purpose(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("Data processing")
        INTERPRETING = "interpreting", _("Interpreting")
        SHARE_WITH_ASSOCIATION = "share_with_association", _("Share with an association")
        # Text messages to the client's own phone: confirmation, reminder, change, cancellation.
        APPOINTMENT_MESSAGES = "appointment_messages", _("Messages about appointments")

    class SharedDetail(models.TextChoices):
        """What a partner may see beyond the client's first name and the referral itself."""

        LAST_NAME = "last_name", _("Last name")
        CONTACT = "contact", _("Phone number")
        BIRTH_YEAR = "birth_year", _("Year of birth")
        LANGUAGES = "languages", _("Languages")
        GOAL = "goal", _("The goal the referral serves")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=Purpose.choices)
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("association"),
    )
    shared_details = models.JSONField(_("details shared"), default=list, blank=True)
    given_at = models.DateTimeField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    # Empty: the consent stands until withdrawn. Set: from this moment on it counts as no
    # consent, exactly as a withdrawn one, until it is renewed.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="share_with_association", association__isnull=False)
                | (
                    ~models.Q(purpose="share_with_association") & models.Q(association__isnull=True)
                ),
                name="consent_association_only_for_sharing",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("given_at")),
                name="consent_expires_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.get_purpose_display()}"

    @staticmethod
    def valid_q(*, at: dt.datetime | None = None, prefix: str = "") -> models.Q:
        """Whether a consent stands at `at` (now), as a condition on consents or, with
        `prefix` ("consent__"), on rows that point to one. The one place that decides it:
        a withdrawn consent and an expired one both count as no consent."""
        at = at or timezone.now()
        return models.Q(**{f"{prefix}withdrawn_at__isnull": True}) & (
            models.Q(**{f"{prefix}expires_at__isnull": True})
            | models.Q(**{f"{prefix}expires_at__gt": at})
        )

    def is_valid_at(self, at: dt.datetime | None = None) -> bool:
        """The same rule as valid_q, for one consent already loaded."""
        at = at or timezone.now()
        return self.withdrawn_at is None and (self.expires_at is None or self.expires_at > at)

    @property
    def is_active(self) -> bool:
        """The consent stands now: neither withdrawn nor expired."""
        return self.is_valid_at()

    @property
    def is_expired(self) -> bool:
        """Not withdrawn, but past its expiry: renewing it makes it stand again."""
        return (
            self.withdrawn_at is None
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )
