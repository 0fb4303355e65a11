import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PlannerRegion(models.Model):
    """A region a planner plans for: the planner sees aggregates of it and everything in it."""

    membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.CASCADE,
        related_name="planning_regions",
        verbose_name=_("planner role"),
    )
    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("planning region")
        verbose_name_plural = _("planning regions")
        constraints = [
            models.UniqueConstraint(fields=["membership", "region"], name="planner_region_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.region}"


def in_force(today: "dt.date") -> Q:
    """Agreements that count on `today`: started, not expired, not withdrawn."""
    return Q(valid_from__lte=today, withdrawn_at__isnull=True) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


class SharingAgreement(models.Model):
    """An organisation's agreement to let a region's planners see aggregates of its data.

    Without one in force, nothing of the organisation reaches a planner. It covers the
    organisation's data about the region's municipalities, from `valid_from` until it ends
    (`valid_until`) or is withdrawn, and it is kept after that as a record."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="sharing_agreements",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "places.Region",
        on_delete=models.PROTECT,
        related_name="sharing_agreements",
        verbose_name=_("region"),
    )
    signed_on = models.DateField(_("signed on"))
    signed_by = models.CharField(
        _("signed by"),
        max_length=200,
        help_text=_("Name and function of the person who signed for the organisation."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Empty when the installation recorded it (a migration, the demo), not a person.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="sharing_agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.region} ({self.valid_from:%Y-%m-%d})"

    def state(self, today: "dt.date") -> str:
        """in_force, withdrawn, ended or pending (not yet valid), for the admin's list."""
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.valid_until is not None and self.valid_until < today:
            return "ended"
        if self.valid_from > today:
            return "pending"
        return "in_force"


def _report_path(report: "SocialReport", filename: str) -> str:
    return f"planning/{report.region_id}/{filename}"


class SocialReport(models.Model):
    """A social report of one region and period as PDF, built by a worker and kept with its
    date: the digital social report, renewed whenever someone asks for a fresh one.

    queued → running → done, or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    language = models.CharField(_("language"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The organisations whose data it counts, as the requester's scope had them: a report is
    # listed only to people whose scope today counts the same or more.
    organisation_ids = models.JSONField(_("organisations counted"), default=list)
    as_planner = models.BooleanField(_("planner's view"), default=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("steps"), default=0)
    pdf_file = models.FileField(_("PDF file"), upload_to=_report_path, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("social report")
        verbose_name_plural = _("social reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="social_report_period_not_reversed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
