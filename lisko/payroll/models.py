"""Rates, the hours a coordinator approved for pay, and monthly statements with their lock."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lisko.core.money import Currency
from lisko.interpreters.models import Interpreter

# Typed loosely: mypy checks `**` of a dict[str, int] against every argument of the field.
MONEY: dict[str, Any] = {"max_digits": 10, "decimal_places": 2}
PERCENT: dict[str, Any] = {"max_digits": 5, "decimal_places": 2}
# Above this a surcharge is almost certainly a typing error (2000 for 20.00).
MAX_SURCHARGE_PERCENT = Decimal(200)
MAX_HOURLY = Decimal(1000)
MAX_TRAVEL_PER_MINUTE = Decimal(10)


class Rate(models.Model):
    """What an organisation pays for one kind of work (interpreter or key person)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="rates",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of work"), max_length=16, choices=Interpreter.Kind.choices)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    hourly = models.DecimalField(
        _("hourly amount"),
        **MONEY,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURLY)],
    )
    evening_from_hour = models.PositiveSmallIntegerField(
        _("evening begins at (hour)"), default=20, validators=[MaxValueValidator(23)]
    )
    evening_percent = models.DecimalField(
        _("evening surcharge (%)"),
        **PERCENT,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_SURCHARGE_PERCENT)],
    )
    weekend_percent = models.DecimalField(
        _("weekend surcharge (%)"),
        **PERCENT,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_SURCHARGE_PERCENT)],
    )
    travel_per_minute = models.DecimalField(
        _("travel per minute"),
        max_digits=6,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_TRAVEL_PER_MINUTE)],
    )
    minimum_minutes = models.PositiveSmallIntegerField(
        _("minimum billable minutes"), default=0, validators=[MaxValueValidator(480)]
    )
    late_cancellation_hours = models.PositiveSmallIntegerField(
        _("late cancellation: less than (hours) before start"),
        default=24,
        validators=[MaxValueValidator(336)],
    )
    late_cancellation_percent = models.DecimalField(
        _("late cancellation: share paid (%)"),
        **PERCENT,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="rate_one_per_kind"),
            models.CheckConstraint(
                condition=Q(hourly__gte=0)
                & Q(evening_percent__gte=0, evening_percent__lte=200)
                & Q(weekend_percent__gte=0, weekend_percent__lte=200)
                & Q(travel_per_minute__gte=0)
                & Q(late_cancellation_percent__gte=0, late_cancellation_percent__lte=100)
                & Q(evening_from_hour__lte=23),
                name="rate_sane_values",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hourly} {self.currency}"


class ApprovedHours(models.Model):
    """The time of one assignment as approved for pay, and the amount computed at approval."""

    assignment = models.OneToOneField(
        "appointments.Assignment",
        on_delete=models.PROTECT,
        related_name="approved_hours",
        verbose_name=_("assignment"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    interpreter = models.ForeignKey(
        "interpreters.Interpreter",
        on_delete=models.PROTECT,
        related_name="approved_hours",
        verbose_name=_("interpreter"),
    )
    # The first day of the month the work belongs to (local time of its start).
    month = models.DateField(_("month"))
    minutes = models.PositiveIntegerField(_("minutes"))
    travel_minutes = models.PositiveIntegerField(_("travel minutes"))
    late_cancellation = models.BooleanField(_("late cancellation"), default=False)
    corrected = models.BooleanField(_("corrected"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    base = models.DecimalField(_("base"), **MONEY)
    evening = models.DecimalField(_("evening surcharge"), **MONEY)
    weekend = models.DecimalField(_("weekend surcharge"), **MONEY)
    travel = models.DecimalField(_("travel"), **MONEY)
    late_cancellation_amount = models.DecimalField(_("late cancellation amount"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)

    class Meta:
        verbose_name = _("approved hours")
        verbose_name_plural = _("approved hours")
        ordering = ["month", "interpreter_id", "id"]
        indexes = [models.Index(fields=["organisation", "month", "interpreter"])]

    def __str__(self) -> str:
        return f"{self.interpreter_id} {self.month:%Y-%m} {self.minutes}"


class Statement(models.Model):
    """One interpreter's approved hours of one month in one organisation, fixed at export."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    interpreter = models.ForeignKey(
        "interpreters.Interpreter",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("interpreter"),
    )
    month = models.DateField(_("month"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    travel_minutes = models.PositiveIntegerField(_("travel minutes"))
    total = models.DecimalField(_("total"), **MONEY)
    exported_at = models.DateTimeField(_("exported at"))

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "interpreter", "month"], name="statement_one_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interpreter_id} {self.month:%Y-%m}"


class PayrollExport(models.Model):
    """An organisation's month once exported for payroll: from then on its hours are locked."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    month = models.DateField(_("month"))
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported at"))

    class Meta:
        verbose_name = _("payroll export")
        verbose_name_plural = _("payroll exports")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="payroll_export_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.month:%Y-%m}"
