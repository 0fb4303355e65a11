"""Key-person networks: a municipality's network of key persons (volunteers of an
organisation's pool, `Interpreter` of kind key person), with its coordinator, its members, the
trainings they attended and its outreach, logged briefly and counted per month.

A network holds organisational data: who the members are is known to those who keep the
network, never to the planners, who read counts only. An outreach entry holds no person's data
at all: a kind, a day, how many were reached, in which languages, and a sentence. Every change
goes through lisko.networks.services.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The most people one outreach may reach (a town's festival); more is a typo.
MOST_PEOPLE_REACHED = 100_000
NOTE_LENGTH = 500
LONGEST_TRAINING_HOURS = Decimal("40")


class KeyPersonNetwork(models.Model):
    """A network of key persons in a municipality, run by the organisation whose pool they
    belong to, optionally paid for by an approved funding application."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="key_person_networks",
        verbose_name=_("organisation running it"),
        help_text=_("The members come from this organisation's pool of key persons."),
    )
    name = models.CharField(_("name"), max_length=200)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    coordinating_office = models.CharField(
        _("coordinating office"),
        max_length=200,
        blank=True,
        help_text=_("The office that coordinates the network, if no one of the staff is named."),
    )
    started_on = models.DateField(_("started on"))
    funding_application = models.ForeignKey(
        "programmes.FundingApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding application"),
    )
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
        verbose_name = _("key-person network")
        verbose_name_plural = _("key-person networks")
        ordering = ["municipality__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "name"], name="network_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    """A key person's membership of a network, from the day they joined until they left."""

    network = models.ForeignKey(
        KeyPersonNetwork,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("network"),
    )
    key_person = models.ForeignKey(
        "interpreters.Interpreter",
        on_delete=models.PROTECT,
        related_name="network_memberships",
        verbose_name=_("key person"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "key_person__last_name", "key_person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "key_person"],
                condition=Q(left_on__isnull=True),
                name="network_member_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="network_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_person} · {self.network}"

    def active_on(self, day: object) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)  # type: ignore[operator]


class Training(models.Model):
    """A training held for the network's key persons, and who of them attended."""

    network = models.ForeignKey(
        KeyPersonNetwork,
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("network"),
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    attendees = models.ManyToManyField(
        NetworkMember, blank=True, related_name="trainings", verbose_name=_("attended by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["network", "-held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=LONGEST_TRAINING_HOURS),
                name="training_sane_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Outreach(models.Model):
    """One piece of the network's outreach, logged briefly: no person's data."""

    class Kind(models.TextChoices):
        INFORMATION_EVENT = "information_event", _("Information event")
        ACCOMPANIMENT = "accompaniment", _("Accompaniment")
        CONTACT = "contact", _("Contact with the population")

    network = models.ForeignKey(
        KeyPersonNetwork,
        on_delete=models.CASCADE,
        related_name="outreach",
        verbose_name=_("network"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    people_reached = models.PositiveIntegerField(_("people reached"))
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="+", verbose_name=_("languages")
    )
    note = models.CharField(
        _("note"),
        max_length=NOTE_LENGTH,
        blank=True,
        help_text=_(
            "What happened, in a sentence or two. No names or other details of a person: "
            "the outreach log holds no one's personal data."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("outreach")
        verbose_name_plural = _("outreach")
        ordering = ["network", "-held_on", "-id"]
        indexes = [models.Index(fields=["network", "held_on"], name="outreach_by_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_reached__lte=MOST_PEOPLE_REACHED),
                name="outreach_sane_people_reached",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.held_on}"
