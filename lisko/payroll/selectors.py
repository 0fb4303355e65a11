"""Reads for pay: the work of a month that is payable, what is approved, and the month's lock.

Payable work is derived from the appointments' own records, never copied: an assignment done
(its logged time), or an accepted booking withdrawn because its appointment was cancelled less
than the organisation's N hours before its start (the withdrawal event tells when).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from lisko.access import access_of, roles
from lisko.appointments.models import Appointment, Assignment
from lisko.core.errors import NotFound
from lisko.interpreters.models import Interpreter
from lisko.organisations.models import Organisation
from lisko.payroll.models import ApprovedHours, PayrollExport, Rate, Statement

State = Assignment.State


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a month in local time, as aware datetimes."""
    start = first_of_month(month)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time())),
        timezone.make_aware(dt.datetime.combine(following, dt.time())),
    )


@dataclass(frozen=True)
class Work:
    """One payable entry: time worked, or a booking cancelled too late."""

    assignment: Assignment
    late_cancellation: bool
    start: dt.datetime
    logged_minutes: int
    logged_travel_minutes: int
    approved: ApprovedHours | None

    @property
    def interpreter(self) -> Interpreter:
        return self.assignment.interpreter

    @property
    def status(self) -> str:
        """waiting, approved or corrected."""
        if self.approved is None:
            return "waiting"
        return "corrected" if self.approved.corrected else "approved"


def rates_of(*, organisation_id: int) -> dict[str, Rate]:
    """The organisation's rates by kind of work."""
    return {rate.kind: rate for rate in Rate.objects.filter(organisation_id=organisation_id)}


def is_month_locked(*, organisation_id: int, month: dt.date) -> bool:
    return PayrollExport.objects.filter(
        organisation_id=organisation_id, month=first_of_month(month)
    ).exists()


def _approved_of(assignment: Assignment) -> ApprovedHours | None:
    try:
        return assignment.approved_hours
    except ApprovedHours.DoesNotExist:
        return None


def is_late_cancellation(
    *, cancelled_at: dt.datetime | None, start: dt.datetime, rate: Rate | None
) -> bool:
    """Cancelled less than the rate's N hours before the start, with a share to pay."""
    if cancelled_at is None or rate is None or rate.late_cancellation_percent <= 0:
        return False
    return cancelled_at > start - dt.timedelta(hours=rate.late_cancellation_hours)


def payable_work(
    *, organisation_id: int, month: dt.date, interpreter_id: int | None = None
) -> list[Work]:
    """Every payable entry of the month in the organisation, by interpreter and time (3 queries)."""
    since, until = month_bounds(month)
    rates = rates_of(organisation_id=organisation_id)
    base = Assignment.objects.filter(appointment__organisation_id=organisation_id).select_related(
        "appointment", "interpreter", "approved_hours"
    )
    if interpreter_id is not None:
        base = base.filter(interpreter_id=interpreter_id)
    entries: list[Work] = []
    done = base.filter(
        state=State.DONE, actual_start__gte=since, actual_start__lt=until, actual_end__isnull=False
    )
    for assignment in done:
        assert assignment.actual_start is not None and assignment.actual_end is not None
        entries.append(
            Work(
                assignment=assignment,
                late_cancellation=False,
                start=assignment.actual_start,
                logged_minutes=int(
                    (assignment.actual_end - assignment.actual_start).total_seconds() // 60
                ),
                logged_travel_minutes=assignment.actual_travel_minutes or 0,
                approved=_approved_of(assignment),
            )
        )
    withdrawn = base.filter(
        state=State.WITHDRAWN,
        appointment__status=Appointment.Status.CANCELLED,
        appointment__start__gte=since,
        appointment__start__lt=until,
    ).annotate(
        cancelled_at=Max(
            "events__at",
            filter=Q(events__from_state=State.ACCEPTED, events__to_state=State.WITHDRAWN),
        )
    )
    for assignment in withdrawn:
        start = assignment.appointment.start
        if not is_late_cancellation(
            cancelled_at=assignment.cancelled_at,
            start=start,
            rate=rates.get(assignment.interpreter.kind),
        ):
            continue
        entries.append(
            Work(
                assignment=assignment,
                late_cancellation=True,
                start=start,
                logged_minutes=assignment.appointment.duration_minutes,
                logged_travel_minutes=0,
                approved=_approved_of(assignment),
            )
        )
    entries.sort(key=lambda w: (w.interpreter.last_name, w.interpreter.first_name, w.start))
    return entries


@dataclass(frozen=True)
class MonthTotal:
    interpreter: Interpreter
    entries: int
    waiting: int
    minutes: int
    travel_minutes: int
    total: Decimal
    currency: str


def month_totals(entries: list[Work]) -> list[MonthTotal]:
    """Per interpreter: how many entries, how many wait, and the approved minutes and amount."""
    grouped: dict[int, list[Work]] = {}
    for work in entries:
        grouped.setdefault(work.interpreter.pk, []).append(work)
    totals = []
    for works in grouped.values():
        approved = [w.approved for w in works if w.approved is not None]
        totals.append(
            MonthTotal(
                interpreter=works[0].interpreter,
                entries=len(works),
                waiting=len(works) - len(approved),
                minutes=sum(a.minutes for a in approved if not a.late_cancellation),
                travel_minutes=sum(a.travel_minutes for a in approved),
                total=sum((a.total for a in approved), Decimal("0.00")),
                currency=approved[0].currency if approved else "",
            )
        )
    return totals


def approval_status_of(*, assignment_ids: list[int]) -> dict[int, ApprovedHours]:
    """What is approved among these assignments (for the interpreter's own timesheet)."""
    return {
        hours.assignment_id: hours
        for hours in ApprovedHours.objects.filter(assignment_id__in=assignment_ids)
    }


def coordinated_organisation(*, user: Any, organisation_id: int | None = None) -> Organisation:
    """The organisation whose hours `user` approves: `organisation_id`, or the first they joined
    as coordinator. Any other organisation is NotFound, whether absent or foreign."""
    access = access_of(user)
    if organisation_id is None:
        organisation_id = access.first_organisation(roles.COORDINATING)
    if organisation_id is None or not access.holds(roles.COORDINATING, organisation_id):
        raise NotFound()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound()
    return organisation


def export_of(*, organisation_id: int, month: dt.date) -> PayrollExport | None:
    """The month's payroll export (its lock), with who exported it; None while open."""
    return (
        PayrollExport.objects.filter(organisation_id=organisation_id, month=first_of_month(month))
        .select_related("exported_by")
        .first()
    )


def statements_of(*, organisation_id: int, month: dt.date) -> list[Statement]:
    """The month's fixed statements, one per interpreter, by name."""
    return list(
        Statement.objects.filter(organisation_id=organisation_id, month=first_of_month(month))
        .select_related("interpreter")
        .order_by("interpreter__last_name", "interpreter__first_name", "interpreter_id")
    )


def approved_lines_of(
    *, organisation_id: int, month: dt.date, interpreter_id: int | None = None
) -> list[ApprovedHours]:
    """The month's approved hours, the lines of its statements, by interpreter and start."""
    lines = ApprovedHours.objects.filter(
        organisation_id=organisation_id, month=first_of_month(month)
    ).select_related("interpreter", "assignment__appointment")
    if interpreter_id is not None:
        lines = lines.filter(interpreter_id=interpreter_id)
    return sorted(
        lines,
        key=lambda line: (
            line.interpreter.last_name,
            line.interpreter.first_name,
            line.interpreter_id,
            line.assignment.actual_start or line.assignment.appointment.start,
        ),
    )
