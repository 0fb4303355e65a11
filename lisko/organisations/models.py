from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def default_heavy_kinds() -> list[str]:
    """Kinds of appointment that count as emotionally heavy unless an organisation says
    otherwise (`Appointment.Kind` values: therapy, asylum hearings, child protection)."""
    return ["therapy", "asylum_hearing", "child_protection"]


class Organisation(models.Model):
    """A service that uses Lisko: an integration centre, a municipal office, a cantonal service.

    Every piece of client data belongs to exactly one organisation; nothing crosses the line.
    """

    class OfferStrategy(models.TextChoices):
        SEQUENTIAL = "sequential", _("One candidate at a time")
        BROADCAST = "broadcast", _("Top candidates at once, first to accept wins")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    offer_strategy = models.CharField(
        _("offer strategy"),
        max_length=16,
        choices=OfferStrategy.choices,
        default=OfferStrategy.SEQUENTIAL,
    )
    broadcast_size = models.PositiveSmallIntegerField(_("candidates per broadcast"), default=3)
    # Appointment kinds that count against an interpreter's weekly cap of heavy assignments
    # (duty of care); a JSON list, so that SQLite holds it as well as PostgreSQL.
    heavy_kinds = models.JSONField(
        _("emotionally heavy kinds"),
        default=default_heavy_kinds,
        blank=True,
        help_text=_("Kinds of appointment that count against an interpreter's weekly cap."),
    )
    offer_expiry_hours = models.PositiveSmallIntegerField(
        _("offer expires after (hours)"), default=24
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep closed cases for (months)"), default=120
    )
    require_two_factor = models.BooleanField(
        _("staff sign in with a second factor"),
        default=False,
        help_text=_(
            "Social workers, coordinators and admins confirm each sign-in with a code from an "
            "authenticator app."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    COORDINATOR = "coordinator", _("Coordinator")
    INTERPRETER = "interpreter", _("Interpreter")
    KEY_PERSON = "key_person", _("Key person")
    PARTNER = "partner", _("Association partner")
    ADMIN = "admin", _("Organisation admin")
    PLANNER = "planner", _("Planner")
    # A municipality's integration officer: that municipality's programmes (lisko/programmes),
    # scoped through OfficerMunicipality rows; never a person.
    INTEGRATION_OFFICER = "integration_officer", _("Integration officer")


class Membership(models.Model):
    """A user's role in one organisation; a user may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


# The six fields of action every new organisation starts with: (key, name). The names are
# translated when shown, as long as the organisation has not renamed them.
DEFAULT_FIELDS_OF_ACTION: tuple[tuple[str, Promise], ...] = (
    ("language-education", _("Language and education")),
    ("work-income", _("Work and income")),
    ("housing", _("Housing")),
    ("health-wellbeing", _("Health and wellbeing")),
    ("social-participation", _("Social participation and community")),
    ("everyday-autonomy", _("Everyday autonomy and rights")),
)
_DEFAULT_NAMES = {key: name for key, name in DEFAULT_FIELDS_OF_ACTION}


class FieldOfAction(models.Model):
    """An area of integration work; goals and association offers belong to one.

    Configurable per organisation; new organisations start with DEFAULT_FIELDS_OF_ACTION above.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="fields_of_action",
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["organisation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="field_of_action_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        """The name in the active language: a default name is translated, a custom one is not."""
        default = _DEFAULT_NAMES.get(self.key)
        if default is not None and self.name == str(_fallback_name(default)):
            return str(default)
        return self.name


def _fallback_name(name: Promise) -> str:
    # Default names are stored as written in the source, so compare with the untranslated text.
    with translation.override(None):
        return str(name)
