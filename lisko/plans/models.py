from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LOWEST_LEVEL = 1
HIGHEST_LEVEL = 5


class EmpowermentPlan(models.Model):
    """A client's individual empowerment plan: the goals worked out together with the client."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="plan", verbose_name=_("client")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("empowerment plan")
        verbose_name_plural = _("empowerment plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.client)


class Goal(models.Model):
    """One goal in one field of action, worded with the client.

    `intake_level` is the client's own view of how independently they manage, from 1 (needs
    a lot of support) to 5 (fully independent), when the goal was set.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        PAUSED = "paused", _("Paused")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(
        EmpowermentPlan,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("empowerment plan"),
    )
    field_of_action = models.ForeignKey(
        "organisations.FieldOfAction",
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("field of action"),
    )
    wording = models.TextField(
        _("goal in the client's words"),
        help_text=_("Worded together with the client."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    intake_level = models.PositiveSmallIntegerField(
        _("independence at intake (1–5)"),
        help_text=_("Self-assessed: 1 needs a lot of support, 5 manages fully alone."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "field_of_action__position", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intake_level__gte=LOWEST_LEVEL, intake_level__lte=HIGHEST_LEVEL),
                name="goal_intake_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "achieved", "paused", "dropped"]),
                name="goal_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.wording[:80]


class GoalReview(models.Model):
    """A review of one goal: the client's self-assessed independence level on that day."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("goal")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    level = models.PositiveSmallIntegerField(_("independence (1–5)"))
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        ordering = ["goal", "reviewed_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=LOWEST_LEVEL, level__lte=HIGHEST_LEVEL),
                name="goal_review_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%Y-%m-%d} · {self.level}"


class Milestone(models.Model):
    """A step towards a goal, due on a date, with someone responsible for it.

    The responsible person is a Lisko user or, for people without an account (the client, a
    relative, a volunteer), a name in text.
    """

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("responsible user"),
    )
    responsible_text = models.CharField(
        _("responsible person"),
        max_length=200,
        blank=True,
        help_text=_("For someone without an account, e.g. the client or a volunteer."),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["goal", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responsible_user__isnull=False) | ~models.Q(responsible_text=""),
                name="milestone_has_responsible_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%Y-%m-%d})"

    @property
    def responsible(self) -> str:
        return str(self.responsible_user) if self.responsible_user_id else self.responsible_text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
