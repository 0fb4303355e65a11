from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MatchingRun(models.Model):
    """One call of the optimiser over an organisation's open requests in a time window.

    Keeps the input it saw and the outcome it gave, so a run can be explained and replayed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("matching run status", "Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="matching_runs",
        verbose_name=_("organisation"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
        help_text=_("Empty when the schedule started the run."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    window_from = models.DateTimeField(_("appointments from"))
    window_until = models.DateTimeField(_("appointments until"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The solver's own figures (see matching/README.md, "Result").
    solver_status = models.CharField(_("solver status"), max_length=32, blank=True)
    served_priority = models.IntegerField(_("priority served"), null=True, blank=True)
    cost = models.FloatField(_("cost"), null=True, blank=True)
    bound_priority = models.IntegerField(_("priority bound"), null=True, blank=True)
    bound_cost = models.FloatField(_("cost bound"), null=True, blank=True)
    gap = models.FloatField(_("optimality gap"), null=True, blank=True)
    wall_s = models.FloatField(_("wall time (s)"), null=True, blank=True)
    request_count = models.PositiveIntegerField(_("requests"), default=0)
    interpreter_count = models.PositiveIntegerField(_("interpreters"), default=0)
    assigned_count = models.PositiveIntegerField(_("assigned"), default=0)
    unassigned_count = models.PositiveIntegerField(_("left open"), default=0)
    # Progress of a run split into parts, one worker task each.
    parts_total = models.PositiveIntegerField(_("parts"), default=0)
    parts_done = models.PositiveIntegerField(_("parts done"), default=0)
    input_snapshot = models.JSONField(_("input"), default=dict, blank=True)
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_until__gt=F("window_from")),
                name="matching_run_window_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(finished_at__gte=F("started_at")),
                name="matching_run_finishes_after_start",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} · {self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"
        )


class MatchingRunRequest(models.Model):
    """What one run decided for one appointment: an interpreter, or why none."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Left open")

    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="requests", verbose_name=_("run")
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.CASCADE,
        related_name="matching_requests",
        verbose_name=_("appointment"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    interpreter = models.ForeignKey(
        "interpreters.Interpreter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter"),
    )
    # A stable code with data (e.g. "no_language", {"language": "kmr"}); sentences are written
    # on display, in the reader's language.
    reason_code = models.CharField(_("reason"), max_length=64, blank=True)
    reason_data = models.JSONField(_("reason details"), default=dict, blank=True)
    score = models.JSONField(_("score breakdown"), default=dict, blank=True)

    class Meta:
        verbose_name = _("matching run request")
        verbose_name_plural = _("matching run requests")
        constraints = [
            models.UniqueConstraint(fields=["run", "appointment"], name="matching_request_unique"),
            models.CheckConstraint(
                condition=Q(outcome="assigned", interpreter__isnull=False)
                | (~Q(outcome="assigned") & Q(interpreter__isnull=True)),
                name="matching_request_interpreter_iff_assigned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.appointment_id} · {self.get_outcome_display()}"


class MatchingRunPart(models.Model):
    """One independent part of a run (a connected piece of one week), solved by one task.

    The part keeps its own input and, once solved, its result, so a task that dies is simply
    run again; the last part to finish completes the run.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", pgettext_lazy("matching run status", "Done")

    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="parts", verbose_name=_("run")
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    problem = models.JSONField(_("input"), default=dict)
    result = models.JSONField(_("result"), default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    enqueued_at = models.DateTimeField(_("enqueued"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run part")
        verbose_name_plural = _("matching run parts")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="matching_run_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.number} · {self.get_status_display()}"
