"""The one writer of rates, approved hours and the month's payroll lock."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import require_role, roles
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Organisation
from lisko.payroll import pay
from lisko.payroll.models import ApprovedHours, PayrollExport, Rate, Statement
from lisko.payroll.selectors import (
    Work,
    first_of_month,
    is_month_locked,
    payable_work,
    rates_of,
)

# A day's work and a day's travel: beyond this an entry is a typing error.
MAX_MINUTES = 24 * 60
MAX_TRAVEL_MINUTES = 12 * 60
RATE_FIELDS = (
    "currency",
    "hourly",
    "evening_from_hour",
    "evening_percent",
    "weekend_percent",
    "travel_per_minute",
    "minimum_minutes",
    "late_cancellation_hours",
    "late_cancellation_percent",
)


def _require_coordinator(*, by: User, organisation_id: int) -> None:
    require_role(
        by=by,
        roles=roles.COORDINATING,
        organisation_id=organisation_id,
        refusal=_("Only a coordinator of the organisation may approve hours for pay."),
    )


def _refuse_if_locked(*, organisation_id: int, month: dt.date) -> None:
    if is_month_locked(organisation_id=organisation_id, month=month):
        raise DomainError(
            _("This month has been exported for payroll; its hours can no longer change."),
            code="month_locked",
        )


@transaction.atomic
def save_rate(*, organisation: Organisation, kind: str, by: User, **values: Any) -> Rate:
    """Create or change the organisation's rate for one kind of work; absurd values refused."""
    _require_coordinator(by=by, organisation_id=organisation.pk)
    unknown = set(values) - set(RATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rate fields: {sorted(unknown)}")
    rate = Rate.objects.filter(organisation=organisation, kind=kind).first() or Rate(
        organisation=organisation, kind=kind
    )
    for name, value in values.items():
        setattr(rate, name, value)
    try:
        rate.full_clean(validate_unique=False)
    except ValidationError as error:
        raise DomainError(
            _("The rate is not valid: %(problems)s")
            % {"problems": " ".join(str(m) for m in error.messages)}
        ) from error
    rate.save()
    return rate


def _terms(rate: Rate) -> pay.Terms:
    return pay.Terms(
        hourly=rate.hourly,
        evening_from_hour=rate.evening_from_hour,
        evening_percent=rate.evening_percent,
        weekend_percent=rate.weekend_percent,
        travel_per_minute=rate.travel_per_minute,
        minimum_minutes=rate.minimum_minutes,
        late_cancellation_percent=rate.late_cancellation_percent,
    )


def _as_minutes(value: Any, *, limit: int) -> int:
    try:
        minutes = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise DomainError(_("Minutes must be a whole number.")) from error
    if minutes != Decimal(str(value)):
        raise DomainError(_("Minutes must be a whole number."))
    if minutes < 0:
        raise DomainError(_("Minutes cannot be negative."))
    if minutes > limit:
        raise DomainError(_("That is more minutes than one entry can hold."))
    return minutes


def _find_work(*, organisation_id: int, assignment_id: int, month: dt.date) -> Work:
    for work in payable_work(organisation_id=organisation_id, month=month):
        if work.assignment.pk == assignment_id:
            return work
    raise NotFound()


def _approve(
    *,
    work: Work,
    rate: Rate,
    by: User,
    now: dt.datetime,
    minutes: int,
    travel_minutes: int,
    corrected: bool,
    note: str,
) -> ApprovedHours:
    terms = _terms(rate)
    if work.late_cancellation:
        amount = pay.late_cancellation_pay(terms=terms, booked_minutes=minutes)
    else:
        amount = pay.work_pay(
            terms=terms,
            start=timezone.localtime(work.start),
            minutes=minutes,
            travel_minutes=travel_minutes,
        )
    hours = work.approved or ApprovedHours(assignment=work.assignment)
    hours.organisation_id = work.assignment.appointment.organisation_id
    hours.interpreter = work.interpreter
    hours.month = first_of_month(timezone.localdate(work.start))
    hours.minutes = minutes
    hours.travel_minutes = travel_minutes
    hours.late_cancellation = work.late_cancellation
    hours.corrected = corrected
    hours.note = note
    hours.approved_by = by
    hours.approved_at = now
    hours.currency = rate.currency
    hours.base = amount.base
    hours.evening = amount.evening
    hours.weekend = amount.weekend
    hours.travel = amount.travel
    hours.late_cancellation_amount = amount.late_cancellation
    hours.total = amount.total
    hours.save()
    return hours


def _rate_for(work: Work, rates: dict[str, Rate]) -> Rate:
    rate = rates.get(work.interpreter.kind)
    if rate is None:
        raise DomainError(
            _("Set the organisation's rate for this kind of work before approving hours."),
            code="no_rate",
        )
    return rate


@transaction.atomic
def approve_hours(
    *,
    organisation: Organisation,
    assignment_id: int,
    month: dt.date,
    by: User,
    minutes: Any = None,
    travel_minutes: Any = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> ApprovedHours:
    """Approve one entry as logged, or corrected (other minutes or travel, with a note)."""
    now = now or timezone.now()
    _require_coordinator(by=by, organisation_id=organisation.pk)
    _refuse_if_locked(organisation_id=organisation.pk, month=month)
    work = _find_work(organisation_id=organisation.pk, assignment_id=assignment_id, month=month)
    rate = _rate_for(work, rates_of(organisation_id=organisation.pk))
    approved_minutes = (
        work.logged_minutes if minutes in (None, "") else _as_minutes(minutes, limit=MAX_MINUTES)
    )
    approved_travel = (
        work.logged_travel_minutes
        if travel_minutes in (None, "")
        else _as_minutes(travel_minutes, limit=MAX_TRAVEL_MINUTES)
    )
    corrected = (approved_minutes, approved_travel) != (
        work.logged_minutes,
        work.logged_travel_minutes,
    )
    note = (note or "").strip()
    if corrected and not note:
        raise DomainError(_("Say in a note why the hours are corrected."), code="note_required")
    if len(note) > ApprovedHours._meta.get_field("note").max_length:  # type: ignore[operator]
        raise DomainError(_("The note is too long."))
    return _approve(
        work=work,
        rate=rate,
        by=by,
        now=now,
        minutes=approved_minutes,
        travel_minutes=approved_travel,
        corrected=corrected,
        note=note,
    )


@transaction.atomic
def approve_all(
    *,
    organisation: Organisation,
    month: dt.date,
    by: User,
    interpreter_id: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Approve, as logged, every entry of the month still waiting; returns how many."""
    now = now or timezone.now()
    _require_coordinator(by=by, organisation_id=organisation.pk)
    _refuse_if_locked(organisation_id=organisation.pk, month=month)
    rates = rates_of(organisation_id=organisation.pk)
    waiting = [
        work
        for work in payable_work(
            organisation_id=organisation.pk, month=month, interpreter_id=interpreter_id
        )
        if work.approved is None
    ]
    for work in waiting:
        _approve(
            work=work,
            rate=_rate_for(work, rates),
            by=by,
            now=now,
            minutes=work.logged_minutes,
            travel_minutes=work.logged_travel_minutes,
            corrected=False,
            note="",
        )
    return len(waiting)


@transaction.atomic
def export_month(
    *, organisation: Organisation, month: dt.date, by: User, now: dt.datetime | None = None
) -> PayrollExport:
    """Lock the month for payroll and fix each interpreter's statement; audited each time.

    Exporting again gives the same figures (the lock stays); nothing may still wait for
    approval, or it could never be paid."""
    now = now or timezone.now()
    month = first_of_month(month)
    _require_coordinator(by=by, organisation_id=organisation.pk)
    existing = PayrollExport.objects.filter(organisation=organisation, month=month).first()
    if existing is None:
        entries = payable_work(organisation_id=organisation.pk, month=month)
        if any(work.approved is None for work in entries):
            raise DomainError(
                _("Approve or correct every entry of the month before exporting it."),
                code="hours_waiting",
            )
        existing = PayrollExport.objects.create(
            organisation=organisation, month=month, exported_by=by, exported_at=now
        )
        statements: dict[int, Statement] = {}
        for work in entries:
            hours = work.approved
            assert hours is not None
            statement = statements.setdefault(
                work.interpreter.pk,
                Statement(
                    organisation=organisation,
                    interpreter=work.interpreter,
                    month=month,
                    currency=hours.currency,
                    minutes=0,
                    travel_minutes=0,
                    total=Decimal("0.00"),
                    exported_at=now,
                ),
            )
            if not hours.late_cancellation:
                statement.minutes += hours.minutes
            statement.travel_minutes += hours.travel_minutes
            statement.total += hours.total
        Statement.objects.bulk_create(statements.values())
    record_access(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=existing,
        client_id=None,
        reason=f"payroll exported {month:%Y-%m}",
        organisation_id=organisation.pk,
    )
    return existing
