"""Municipal programmes: a canton's agreement with a municipality for a programme period, with
its funds per year, and the municipality's funding applications under it, with their budget
lines and payments.

Programmes hold organisational data and money only, never a person's data: the contact point
is an office, the people named are the staff who wrote or decided. Money is a Decimal in the
agreement's currency, which its applications share. The status of an application changes only
through lisko.programmes.services (one transition table).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisko.core.money import Currency

# The years a programme may cover (as region plans: nothing before 2000, a period of at most
# ten years), and the largest amount Lisko takes as meant: a billion; more is a typo.
FIRST_YEAR = 2000
LAST_YEAR = 2100
LONGEST_SPAN_YEARS = 10
LARGEST_AMOUNT = Decimal("1000000000")


def _money(verbose_name: object, **options: object) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **options)  # type: ignore[arg-type]


class OfficerMunicipality(models.Model):
    """A municipality an integration officer works for: they keep its programmes."""

    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.CASCADE,
        related_name="officer_municipalities",
        verbose_name=_("integration officer role"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("officer's municipality")
        verbose_name_plural = _("officers' municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "municipality"], name="officer_municipality_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.municipality}"


class ProgrammeAgreement(models.Model):
    """What a canton (or district) agrees with one of its municipalities for a programme period:
    the funds per year, the conditions and the municipality's contact point."""

    region = models.ForeignKey(
        "places.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funding region"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    conditions = models.TextField(_("conditions"), blank=True, max_length=4000)
    contact_point = models.CharField(
        _("contact point"),
        max_length=300,
        blank=True,
        help_text=_("The office the municipality names for the programme, not a client."),
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
        verbose_name = _("programme agreement")
        verbose_name_plural = _("programme agreements")
        ordering = ["municipality__name", "-first_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality", "first_year"],
                name="programme_agreement_unique_start",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year"))
                & Q(last_year__lt=F("first_year") + LONGEST_SPAN_YEARS)
                & Q(first_year__gte=FIRST_YEAR)
                & Q(last_year__lte=LAST_YEAR),
                name="programme_agreement_sane_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.first_year}–{self.last_year})"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class AgreementFunds(models.Model):
    """The money an agreement sets aside for one year of its period (in its currency)."""

    agreement = models.ForeignKey(
        ProgrammeAgreement,
        on_delete=models.CASCADE,
        related_name="funds",
        verbose_name=_("agreement"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = _money(_("amount"))

    class Meta:
        verbose_name = _("funds of a year")
        verbose_name_plural = _("funds per year")
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"], name="agreement_funds_one_a_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=LARGEST_AMOUNT),
                name="agreement_funds_sane_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.year}"


class FundingApplication(models.Model):
    """A municipality's application for funds under its agreement, for one year."""

    class Kind(models.TextChoices):
        CONTACT_POINT = "contact_point", _("Contact point")
        WELCOME_CONVERSATIONS = "welcome_conversations", _("Welcome conversations")
        KEY_PERSON_NETWORK = "key_person_network", _("Key-person network")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        REPORT_DUE = "report_due", _("Report due")
        # Plain "Closed" is a date column elsewhere ("Clos le", "تاريخ الإغلاق").
        CLOSED = "closed", pgettext_lazy("funding application status", "Closed")

    agreement = models.ForeignKey(
        ProgrammeAgreement,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    concept = models.TextField(_("concept"), blank=True, max_length=8000)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    # The sum of the budget lines, kept by the services whenever the lines change.
    amount_requested = _money(_("amount requested"), default=Decimal("0"))
    amount_granted = _money(_("amount granted"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    report_received_on = models.DateField(_("report received"), null=True, blank=True)
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
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "report_due"], name="application_report_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0) & Q(amount_requested__lte=LARGEST_AMOUNT),
                name="application_sane_request",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | (Q(amount_granted__gte=0) & Q(amount_granted__lte=F("amount_requested"))),
                name="application_grant_within_request",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | Q(status__in=["approved", "report_due", "closed"]),
                name="application_grant_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self) -> object:
        return self.agreement.municipality

    @property
    def is_granted(self) -> bool:
        """Approved, whether or not its report is asked for or in: money may flow."""
        return self.status in (self.Status.APPROVED, self.Status.REPORT_DUE)

    @property
    def submitted_late(self) -> bool:
        """Submitted after its deadline, by the day in Lisko's time zone: the canton decides
        whether it still counts, so Lisko marks it rather than refusing it."""
        if self.submitted_at is None or self.submission_deadline is None:
            return False
        return timezone.localdate(self.submitted_at) > self.submission_deadline


class BudgetLine(models.Model):
    """One line of an application's budget: what the money is for, and how much."""

    application = models.ForeignKey(
        FundingApplication,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("application"),
    )
    label = models.CharField(_("item"), max_length=200)
    amount = _money(_("amount"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=LARGEST_AMOUNT),
                name="budget_line_sane_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Payment(models.Model):
    """Money the canton paid out on an approved application."""

    application = models.ForeignKey(
        FundingApplication,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("application"),
    )
    paid_on = models.DateField(_("paid on"))
    amount = _money(_("amount"))
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
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["application", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=LARGEST_AMOUNT),
                name="payment_sane_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.paid_on}"
