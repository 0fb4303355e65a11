"""A region plan: per region and period, versioned; per field of action the needs found (a frozen
snapshot of published planning figures), goals with indicators and targets, measures and
milestones.

Every version holds its own rows. Only the current version changes; making a new version copies
every row of the current one forward and freezes it, so each earlier state stays readable as it
was. Plans hold aggregates and organisational data only, never a person's data: the one person
named is the planning-side staff member responsible for a milestone.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisko.core.money import Currency

# The years a plan may cover: Lisko holds nothing older than 2000 (as the planning pages), and
# a plan is written for the coming decade at most.
FIRST_YEAR = 2000
LAST_YEAR = 2100
LONGEST_SPAN_YEARS = 10


class RegionPlan(models.Model):
    """A region's plan for a period of whole years (often five, as an integrated social plan)."""

    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
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
        verbose_name = _("region plan")
        verbose_name_plural = _("region plans")
        ordering = ["-start_year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "start_year", "end_year"], name="region_plan_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year"))
                & Q(end_year__lt=F("start_year") + LONGEST_SPAN_YEARS)
                & Q(start_year__gte=FIRST_YEAR)
                & Q(end_year__lte=LAST_YEAR),
                name="region_plan_sane_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}–{self.end_year})"


class RegionPlanVersion(models.Model):
    """One state of a plan. The current one is edited; earlier ones are read only."""

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    note = models.TextField(_("what changed"), blank=True, max_length=2000)
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
        verbose_name = _("region plan version")
        verbose_name_plural = _("region plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="region_plan_version_unique"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_current=True),
                name="region_plan_one_current_version",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="region_plan_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.number}"


class NeedsSnapshot(models.Model):
    """The needs found for one field of action when the plan was written: the published planning
    tables of that day, frozen. `tables` maps a language code to a list of tables as
    `lisko.regionplans.snapshots` writes them (already suppressed; nothing else is kept)."""

    version = models.ForeignKey(
        RegionPlanVersion,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("version"),
    )
    field_of_action = models.SlugField(_("field of action"), max_length=40)
    taken_at = models.DateTimeField(_("taken"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    threshold = models.PositiveSmallIntegerField(_("smallest count shown"))
    tables = models.JSONField(_("tables"), default=dict)

    class Meta:
        verbose_name = _("needs snapshot")
        verbose_name_plural = _("needs snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "field_of_action"], name="needs_snapshot_one_per_field"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="needs_snapshot_period_not_reversed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.field_of_action}"


class PlanGoal(models.Model):
    """What the plan wants to reach in a field of action, measured by an indicator: one of
    Lisko's own figures tracked live (`indicator_kind` of lisko.regionplans.indicators), or a
    figure entered by hand (`indicator_kind` "manual", with its current value)."""

    MANUAL = "manual"

    version = models.ForeignKey(
        RegionPlanVersion, on_delete=models.CASCADE, related_name="goals", verbose_name=_("version")
    )
    field_of_action = models.SlugField(_("field of action"), max_length=40)
    text = models.TextField(_("goal"), max_length=1000)
    indicator_kind = models.CharField(_("indicator"), max_length=40, default=MANUAL)
    # The live indicator's choices: {"language": "tir", "municipality": 12, "field_of_action": …}.
    indicator_params = models.JSONField(_("indicator settings"), default=dict, blank=True)
    indicator_label = models.CharField(
        _("what is measured"), max_length=200, blank=True, help_text=_("For a figure by hand.")
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_on = models.DateField(_("measured on"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator_kind="manual") | Q(current_value__isnull=True),
                name="plan_goal_live_has_no_hand_value",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_live(self) -> bool:
        return self.indicator_kind != self.MANUAL


class Measure(models.Model):
    """What someone does towards the plan's goals, with its money.

    A measure is a row of one version, copied forward when a new version is made. `lineage`
    is what stays the same across those copies: the one measure as it goes through the
    versions. A meeting's result links to the row of the version current when it was recorded
    (so the earlier version reads as it was) and finds the measure as it is now through the
    lineage (so the link never goes stale)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("measure status", "Done")
        DROPPED = "dropped", _("Dropped")

    Currency = Currency

    version = models.ForeignKey(
        RegionPlanVersion,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("version"),
    )
    field_of_action = models.SlugField(_("field of action"), max_length=40)
    title = models.CharField(_("measure"), max_length=200)
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    partner_organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("partner organisations"),
    )
    partners_text = models.CharField(_("other partners"), max_length=500, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    lineage = models.UUIDField(_("lineage"), default=uuid.uuid4, editable=False, db_index=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="measure_budget_not_negative"),
            models.UniqueConstraint(fields=["version", "lineage"], name="measure_once_per_version"),
        ]

    def __str__(self) -> str:
        return self.title


class PlanMilestone(models.Model):
    """A step of the plan with its due date and the planning-side person who sees to it."""

    version = models.ForeignKey(
        RegionPlanVersion,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("version"),
    )
    field_of_action = models.SlugField(_("field of action"), max_length=40)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("measure"),
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan milestone")
        verbose_name_plural = _("plan milestones")
        ordering = ["version", "due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="plan_milestone_due")]

    def __str__(self) -> str:
        return self.title


# -- participation: conferences and steering groups -------------------------------------------


class PlanMeeting(models.Model):
    """A regional conference or a steering-group meeting about the plan: when and where, who
    took part, what was on the agenda. A meeting belongs to the plan, not to a version: it is
    an event in the plan's life, and its results reach into whichever version was current."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Regional conference")
        STEERING_GROUP = "steering", _("Steering-group meeting")

    plan = models.ForeignKey(
        RegionPlan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("participating organisations"),
    )
    other_participants = models.CharField(_("other participants"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan meeting")
        verbose_name_plural = _("plan meetings")
        ordering = ["plan", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__year__gte=FIRST_YEAR), name="plan_meeting_not_before_2000"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on.isoformat()}"


class MeetingResult(models.Model):
    """What a meeting decided, in a sentence or two, with the measures it created or changed."""

    meeting = models.ForeignKey(
        PlanMeeting, on_delete=models.CASCADE, related_name="results", verbose_name=_("meeting")
    )
    text = models.TextField(_("result"), max_length=1000)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("meeting result")
        verbose_name_plural = _("meeting results")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ResultMeasure(models.Model):
    """A result created or changed this measure: the measure's row in the version current when
    the result was recorded (the current row is found through `Measure.lineage`). A status
    change keeps the status before and after, so the link says what changed."""

    class Kind(models.TextChoices):
        CREATED = "created", pgettext_lazy("what a result did to a measure", "created")
        CHANGED = "changed", pgettext_lazy("what a result did to a measure", "changed")

    result = models.ForeignKey(
        MeetingResult, on_delete=models.CASCADE, related_name="links", verbose_name=_("result")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="result_links", verbose_name=_("measure")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status_from = models.CharField(
        _("status before"), max_length=8, choices=Measure.Status.choices, blank=True
    )
    status_to = models.CharField(
        _("status after"), max_length=8, choices=Measure.Status.choices, blank=True
    )
    # The same measure in the plan's current version, when selectors.meeting_for read it (None
    # when it is no longer in the plan); not stored, as it moves with every new version.
    current_measure: Measure | None = None

    class Meta:
        verbose_name = _("measure of a result")
        verbose_name_plural = _("measures of results")
        ordering = ["result", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "measure"], name="result_measure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.measure}"
