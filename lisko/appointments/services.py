"""Booking appointments and running the offer life cycle.

Locks are taken in one order everywhere, appointment → assignment → interpreter, so that two
services never wait on each other in a circle. They are FOR NO KEY UPDATE locks: they still
serialise the services, but do not block the foreign-key checks of rows that merely refer to
the locked one (Django's foreign keys are checked at commit, which would otherwise deadlock
with a booking written at the same time).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, require_role, roles
from lisko.access.rules import client_rule
from lisko.accounts.models import User
from lisko.appointments.constraints import NO_DOUBLE_BOOKING
from lisko.appointments.models import AlternativeSlot, Appointment, Assignment, AssignmentEvent
from lisko.appointments.transitions import move_appointment
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, Gender
from lisko.core.errors import DomainError, NotFound
from lisko.core.jobs import MATCH_REQUEST, enqueue
from lisko.core.limits import check_booking_period
from lisko.interpreters.models import ConflictOfInterest, Interpreter, Modality, Skill
from lisko.languages.models import Language
from lisko.notifications.outbox import announce
from lisko.places.models import Municipality
from lisko.plans.models import Goal

State = Assignment.State
Status = Appointment.Status

# Fields change_appointment accepts; the ones in MATCHING_FIELDS void offers already made.
CHANGEABLE_FIELDS = frozenset(
    {
        "kind",
        "start",
        "end",
        "modality",
        "municipality",
        "address",
        "remote_link",
        "language",
        "gender",
        "min_level",
        "min_proficiency",
        "priority",
        "notes_for_interpreter",
        "goal",
        "skills",
    }
)
MATCHING_FIELDS = frozenset(
    {
        "start",
        "end",
        "modality",
        "municipality",
        "language",
        "gender",
        "min_level",
        "min_proficiency",
        "skills",
    }
)
# Background jobs these services ask for, by name (workers/tasks.py runs them).
# Statuses in which the appointment is still looking for an interpreter.
SEEKING = (Status.REQUESTED, Status.MATCHING, Status.OFFERED)
CLOSED = (Status.CANCELLED, Status.DONE)


# Who may do what ------------------------------------------------------------------------


def _require_caseload(*, by: User, client: Client) -> None:
    """Refuse unless `by` coordinates the client's organisation or has the client in caseload.

    Out of reach answers NotFound, as a read would.
    """
    access = access_of(by)
    if access.holds(roles.COORDINATING, client.organisation_id):
        return
    if not Client.objects.filter(client_rule(access), pk=client.pk).exists():
        raise NotFound()


def _require_coordinator_or_system(*, by: User | None, organisation_id: int) -> None:
    # `by` None: the matching run or another background job.
    require_role(
        by=by,
        roles=roles.COORDINATING,
        organisation_id=organisation_id,
        refusal=_("Only a coordinator can make offers."),
    )


def _require_own_offer(*, by: User, assignment: Assignment) -> None:
    if assignment.interpreter.user_id is None or assignment.interpreter.user_id != by.pk:
        raise NotFound()


# Booking --------------------------------------------------------------------------------


@transaction.atomic
def book_appointment(
    *,
    client: Client,
    by: User,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    language: Language | str,
    modality: str = Modality.ON_SITE,
    municipality: Municipality | None = None,
    address: str = "",
    remote_link: str = "",
    gender: str = "",
    min_level: int = 0,
    min_proficiency: int = 3,
    priority: int = 1,
    notes_for_interpreter: str = "",
    goal: Goal | None = None,
    alternative_slots: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    skills: Iterable[str] | None = None,
    request: bool = False,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book an appointment for a client; with `request`, ask for an interpreter at once.
    `skills`: the specialisations needed, when not those the kind needs (None)."""
    _require_caseload(by=by, client=client)
    now = now or timezone.now()
    appointment = Appointment(
        organisation_id=client.organisation_id,
        client=client,
        booked_by=by,
        kind=kind,
        start=start,
        end=end,
        modality=modality,
        municipality=municipality,
        address=address,
        remote_link=remote_link,
        language=_language(language),
        gender=gender,
        min_level=min_level,
        min_proficiency=min_proficiency,
        priority=priority,
        notes_for_interpreter=notes_for_interpreter,
        goal=goal,
        skills=_skills(skills),
        status=Status.REQUESTED if request else Status.DRAFT,
    )
    _validate_appointment(appointment, now=now)
    slots = [
        AlternativeSlot(start=slot_start, end=slot_end)
        for slot_start, slot_end in alternative_slots
    ]
    for slot in slots:
        _validate_period(slot.start, slot.end, now=now)
    appointment.save()
    for slot in slots:
        slot.appointment = appointment
    AlternativeSlot.objects.bulk_create(slots)
    _audit(
        by=by, action=AuditEvent.Action.CREATE, appointment=appointment, reason="book appointment"
    )
    if request:
        enqueue(MATCH_REQUEST, appointment.pk)
    return appointment


def _skills(skills: Iterable[str] | None) -> list[str] | None:
    """The specialisations chosen, in a stable order (None: those the kind needs)."""
    if skills is None:
        return None
    chosen = sorted(set(skills))
    if any(skill not in Skill.values for skill in chosen):
        raise DomainError(_("Choose specialisations from the list."), code="unknown_skill")
    return chosen


def _language(language: Language | str) -> Language:
    if isinstance(language, Language):
        return language
    try:
        return Language.objects.get(code=language)
    except Language.DoesNotExist:
        raise DomainError(_("Unknown language code: {code}.").format(code=language)) from None


def _validate_period(start: dt.datetime, end: dt.datetime, *, now: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise DomainError(_("Times must carry a time zone."))
    if end <= start:
        raise DomainError(_("An appointment must end after it starts."), code="ends_before_start")
    if start < now:
        raise DomainError(_("An appointment cannot start in the past."), code="in_the_past")
    check_booking_period(start=start, end=end, now=now)


def _validate_appointment(appointment: Appointment, *, now: dt.datetime) -> None:
    _validate_period(appointment.start, appointment.end, now=now)
    if appointment.kind not in Appointment.Kind.values:
        raise DomainError(_("Choose a kind of appointment from the list."))
    if appointment.modality not in Modality.values:
        raise DomainError(_("Choose on site, phone or video."))
    if appointment.modality == Modality.ON_SITE and appointment.municipality_id is None:
        raise DomainError(_("An on-site appointment needs a municipality."))
    if appointment.modality == Modality.VIDEO and not appointment.remote_link.strip():
        raise DomainError(_("A video appointment needs a call link."))
    if appointment.gender not in Gender.values:
        raise DomainError(_("Choose a gender from the list, or none."))
    if not 0 <= appointment.min_level <= 3:
        raise DomainError(_("The minimum level must be between 0 and 3."))
    if not 1 <= appointment.min_proficiency <= 5:
        raise DomainError(_("The minimum proficiency must be between 1 and 5."))
    if not 1 <= appointment.priority <= 3:
        raise DomainError(_("The priority must be 1, 2 or 3."))
    if appointment.goal is not None and appointment.goal.plan.client_id != appointment.client_id:
        raise DomainError(_("The goal must belong to this client's plan."))


@transaction.atomic
def request_interpreter(*, appointment: Appointment, by: User) -> Appointment:
    """Ask for an interpreter: the appointment joins the open requests."""
    appointment = _lock_appointment(appointment)
    _require_caseload(by=by, client=appointment.client)
    if appointment.status not in (Status.DRAFT, Status.UNFILLED):
        raise DomainError(_("An interpreter has already been requested for this appointment."))
    move_appointment(appointment, Status.REQUESTED, unfilled_reason="", unfilled_data={})
    appointment.save(update_fields=["status", "unfilled_reason", "unfilled_data", "updated_at"])
    enqueue(MATCH_REQUEST, appointment.pk)
    return appointment


@transaction.atomic
def change_appointment(
    *, appointment: Appointment, by: User, now: dt.datetime | None = None, **changes: Any
) -> Appointment:
    """Change an appointment; a change that matters for matching voids the offers made so far."""
    appointment = _lock_appointment(appointment)
    _require_caseload(by=by, client=appointment.client)
    unknown = set(changes) - CHANGEABLE_FIELDS
    if unknown:
        raise TypeError(f"change_appointment() got unexpected fields: {sorted(unknown)}")
    if appointment.status in CLOSED:
        raise DomainError(_("A cancelled or finished appointment cannot be changed."))
    if "language" in changes:
        changes["language"] = _language(changes["language"])
    if "skills" in changes:
        changes["skills"] = _skills(changes["skills"])
    skills_before = appointment.required_skills
    changed = {field for field, value in changes.items() if getattr(appointment, field) != value}
    for field, value in changes.items():
        setattr(appointment, field, value)
    _validate_appointment(appointment, now=now or timezone.now())
    if appointment.required_skills != skills_before:  # a new kind may need another skill
        changed.add("skills")
    if changed & MATCHING_FIELDS and appointment.status != Status.DRAFT:
        _withdraw(
            appointment, include_accepted=True, actor=by, note="appointment changed", tell="changed"
        )
        move_appointment(appointment, Status.REQUESTED, matching_changed_at=timezone.now())
        enqueue(MATCH_REQUEST, appointment.pk)
    appointment.save()
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, appointment=appointment, reason="change appointment"
    )
    # What the client's text message says: the time and the place or call link.
    if changed & {"start", "modality", "municipality", "address", "remote_link"}:
        announce(
            "client_changed",
            appointment_id=appointment.pk,
            version=f"{appointment.updated_at:%Y%m%d%H%M%S%f}",
        )
    return appointment


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, by: User, reason: str = "") -> Appointment:
    """Cancel an appointment and withdraw every offer and booking for it."""
    appointment = _lock_appointment(appointment)
    _require_caseload(by=by, client=appointment.client)
    if appointment.status in CLOSED:
        raise DomainError(_("This appointment is already cancelled or finished."))
    _withdraw(
        appointment,
        include_accepted=True,
        actor=by,
        note="appointment cancelled",
        tell="cancelled",
    )
    move_appointment(appointment, Status.CANCELLED, cancellation_reason=reason)
    appointment.save(update_fields=["status", "cancellation_reason", "updated_at"])
    _audit(
        by=by, action=AuditEvent.Action.UPDATE, appointment=appointment, reason="cancel appointment"
    )
    announce("client_cancelled", appointment_id=appointment.pk)
    return appointment


@transaction.atomic
def mark_unfilled(
    *, appointment: Appointment, reason_code: str, data: dict[str, Any] | None = None
) -> Appointment:
    """Record that no interpreter could be found, and why (a code with data)."""
    appointment = _lock_appointment(appointment)
    if appointment.status not in SEEKING:
        raise DomainError(_("This appointment is not looking for an interpreter."))
    _withdraw(appointment, include_accepted=False, actor=None, note="unfilled")
    move_appointment(
        appointment, Status.UNFILLED, unfilled_reason=reason_code, unfilled_data=data or {}
    )
    appointment.save(update_fields=["status", "unfilled_reason", "unfilled_data", "updated_at"])
    announce("unfilled", appointment_id=appointment.pk)
    return appointment


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("client")
        .get(pk=appointment.pk)
    )


def _audit(*, by: User, action: str, appointment: Appointment, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=appointment,
        client_id=appointment.client_id,
        reason=reason,
        organisation_id=appointment.organisation_id,
    )


# Offers ---------------------------------------------------------------------------------


def _blocked_range(
    start: dt.datetime, end: dt.datetime, travel_minutes: int
) -> tuple[dt.datetime, dt.datetime]:
    travel = dt.timedelta(minutes=travel_minutes)
    return start - travel, end + travel


def offered_time(
    *, appointment: Appointment, start: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime] | None:
    """The (start, end) of the alternative time starting at `start`; None for the appointment's
    own time (no `start`, or its own start). Refused when no time of the appointment starts then."""
    if start is None or start == appointment.start:
        return None
    slot = AlternativeSlot.objects.filter(appointment=appointment, start=start).first()
    if slot is None:
        raise DomainError(
            _("This is not one of the times the appointment can take place."),
            code="unknown_time",
        )
    return slot.start, slot.end


def _move(assignment: Assignment, to_state: str, *, actor: User | None, note: str = "") -> None:
    AssignmentEvent.objects.create(
        assignment=assignment,
        from_state=assignment.state,
        to_state=to_state,
        actor=actor,
        note=note,
    )
    assignment.state = to_state


@transaction.atomic
def create_offer(
    *,
    appointment: Appointment,
    interpreter: Interpreter,
    by: User | None,
    expires_at: dt.datetime | None = None,
    travel_minutes: int = 0,
    score: dict[str, Any] | None = None,
    start: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Assignment:
    """Offer an appointment to one interpreter until `expires_at` (default: the organisation's
    offer expiry, and never after the appointment starts). `start` names one of the appointment's
    alternative times when the matcher chose it (None: its own time). `by` is None for
    background jobs."""
    now = now or timezone.now()
    appointment = _lock_appointment(appointment)
    alternative = offered_time(appointment=appointment, start=start)
    time_start, time_end = alternative or (appointment.start, appointment.end)
    _require_coordinator_or_system(by=by, organisation_id=appointment.organisation_id)
    if interpreter.organisation_id != appointment.organisation_id:
        raise NotFound()
    if not interpreter.is_active:
        raise DomainError(_("This interpreter is not active."))
    if appointment.status not in SEEKING:
        raise DomainError(_("This appointment is not looking for an interpreter."))
    if time_start <= now:
        raise DomainError(_("This appointment has already started."))
    if travel_minutes < 0:
        raise DomainError(_("Travel time cannot be negative."))
    if ConflictOfInterest.objects.filter(
        interpreter=interpreter, client=appointment.client
    ).exists():
        raise DomainError(
            _("This interpreter has a conflict of interest with this client."),
            code="conflict_of_interest",
        )
    open_offer = Assignment.objects.filter(
        appointment=appointment, interpreter=interpreter, state__in=Assignment.OPEN_STATES
    )
    if open_offer.exists():
        raise DomainError(_("This interpreter already has an offer for this appointment."))
    if expires_at is None:
        expires_at = now + dt.timedelta(hours=appointment.organisation.offer_expiry_hours)
    expires_at = min(expires_at, time_start)
    if expires_at <= now:
        raise DomainError(_("An offer must expire in the future."))
    blocked_from, blocked_until = _blocked_range(time_start, time_end, travel_minutes)
    assignment = Assignment.objects.create(
        appointment=appointment,
        interpreter=interpreter,
        state=State.OFFERED,
        start=alternative[0] if alternative else None,
        end=alternative[1] if alternative else None,
        travel_minutes=travel_minutes,
        blocked_from=blocked_from,
        blocked_until=blocked_until,
        expires_at=expires_at,
        offered_at=now,
        score=score or {},
        created_by=by,
    )
    AssignmentEvent.objects.create(assignment=assignment, to_state=State.OFFERED, actor=by)
    if appointment.status != Status.OFFERED:
        move_appointment(appointment, Status.OFFERED)
        appointment.save(update_fields=["status", "updated_at"])
    announce("new_offer", assignment_id=assignment.pk)
    return assignment


@transaction.atomic
def accept_offer(*, assignment: Assignment, by: User, now: dt.datetime | None = None) -> Assignment:
    """The interpreter takes the appointment; refused if it would overlap another booking."""
    now = now or timezone.now()
    appointment = _lock_appointment(assignment.appointment)
    assignment = (
        Assignment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("interpreter")
        .get(pk=assignment.pk)
    )
    _require_own_offer(by=by, assignment=assignment)
    if assignment.state == State.WITHDRAWN and appointment.status == Status.CONFIRMED:
        # Closed because someone else took it: say so rather than "no longer open".
        raise DomainError(
            _("Another interpreter has already taken this appointment."), code="taken"
        )
    if (
        assignment.state != State.OFFERED
        or assignment.expires_at is None
        or assignment.expires_at <= now
    ):
        raise DomainError(_("This offer is no longer open."), code="offer_closed")
    if appointment.status != Status.OFFERED:
        raise DomainError(
            _("Another interpreter has already taken this appointment."), code="taken"
        )
    # The interpreter row is the lock that serialises this interpreter's accepts; the
    # exclusion constraint on PostgreSQL is the guarantee if anything slips past it.
    Interpreter.objects.select_for_update(no_key=True).filter(pk=assignment.interpreter_id).first()
    # The time offered: the appointment's own, or the alternative the matcher chose for it.
    alternative = offered_time(appointment=appointment, start=assignment.start)
    time_start, time_end = alternative or (appointment.start, appointment.end)
    assignment.blocked_from, assignment.blocked_until = _blocked_range(
        time_start, time_end, assignment.travel_minutes
    )
    overlapping = Assignment.objects.filter(
        interpreter_id=assignment.interpreter_id,
        state=State.ACCEPTED,
        blocked_from__lt=assignment.blocked_until,
        blocked_until__gt=assignment.blocked_from,
    ).exclude(pk=assignment.pk)
    if overlapping.exists():
        raise _double_booked()
    _move(assignment, State.ACCEPTED, actor=by)
    assignment.responded_at = now
    try:
        with transaction.atomic():
            assignment.save(
                update_fields=["state", "responded_at", "blocked_from", "blocked_until"]
            )
    except IntegrityError as error:
        if NO_DOUBLE_BOOKING in str(error):
            raise _double_booked() from error
        if "assignment_one_accepted_per_appointment" in str(error):
            raise DomainError(
                _("Another interpreter has already taken this appointment."), code="taken"
            ) from error
        raise
    # The others offered the same appointment (a broadcast) learn that it is taken.
    _withdraw(
        appointment,
        include_accepted=False,
        actor=None,
        note="taken by another interpreter",
        tell="taken",
    )
    if alternative is None:
        move_appointment(appointment, Status.CONFIRMED)
        appointment.save(update_fields=["status", "updated_at"])
    else:
        # Taken at an alternative time: the appointment moves there, and its first choice
        # becomes an alternative in its place (should the booking fall through later).
        AlternativeSlot.objects.filter(appointment=appointment, start=time_start).update(
            start=appointment.start, end=appointment.end
        )
        move_appointment(appointment, Status.CONFIRMED, start=time_start, end=time_end)
        appointment.save(update_fields=["status", "start", "end", "updated_at"])
    # The interpreter now holds the client's first name and the place: record who took it.
    _audit(by=by, action=AuditEvent.Action.UPDATE, appointment=appointment, reason="offer accepted")
    announce("accepted", assignment_id=assignment.pk)
    announce("client_confirmed", assignment_id=assignment.pk)
    return assignment


def _double_booked() -> DomainError:
    return DomainError(
        _("You already have an appointment at that time, including travel."),
        code="double_booked",
    )


@transaction.atomic
def decline_offer(
    *,
    assignment: Assignment,
    by: User,
    reason: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Assignment:
    """The interpreter says no; with no offer left, the appointment is an open request again."""
    now = now or timezone.now()
    appointment = _lock_appointment(assignment.appointment)
    assignment = (
        Assignment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("interpreter")
        .get(pk=assignment.pk)
    )
    _require_own_offer(by=by, assignment=assignment)
    if assignment.state == State.WITHDRAWN and appointment.status == Status.CONFIRMED:
        # Closed because someone else took it: say so rather than "no longer open".
        raise DomainError(
            _("Another interpreter has already taken this appointment."), code="taken"
        )
    if (
        assignment.state != State.OFFERED
        or assignment.expires_at is None
        or assignment.expires_at <= now
    ):
        raise DomainError(_("This offer is no longer open."), code="offer_closed")
    if reason not in Assignment.DeclineReason.values:
        raise DomainError(_("Choose a reason from the list."))
    _move(assignment, State.DECLINED, actor=by, note=note)
    assignment.decline_reason = reason
    assignment.decline_note = note
    assignment.responded_at = now
    assignment.save(update_fields=["state", "decline_reason", "decline_note", "responded_at"])
    announce("declined", assignment_id=assignment.pk)
    _reopen_if_no_offer_left(appointment)
    return assignment


@transaction.atomic
def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Close every offer past its expiry; returns how many. Safe to run twice."""
    now = now or timezone.now()
    due = Assignment.objects.filter(state=State.OFFERED, expires_at__lte=now)
    appointments = list(
        Appointment.objects.select_for_update(no_key=True)
        .filter(pk__in=due.values("appointment_id"))
        .order_by("pk")
    )
    expired = 0
    for assignment in due.select_for_update(no_key=True).order_by("pk"):
        _move(assignment, State.EXPIRED, actor=None)
        assignment.save(update_fields=["state"])
        expired += 1
    for appointment in appointments:
        _reopen_if_no_offer_left(appointment)
    return expired


def _reopen_if_no_offer_left(appointment: Appointment) -> None:
    still_open = Assignment.objects.filter(
        appointment=appointment, state__in=Assignment.OPEN_STATES
    ).exists()
    if appointment.status == Status.OFFERED and not still_open:
        move_appointment(appointment, Status.REQUESTED)
        appointment.save(update_fields=["status", "updated_at"])
        # The next candidate, automatically.
        enqueue(MATCH_REQUEST, appointment.pk)


@transaction.atomic
def withdraw_offers(
    *, appointment: Appointment, by: User | None = None, include_accepted: bool = False
) -> int:
    """Withdraw the appointment's open offers (and with `include_accepted`, its booking)."""
    appointment = _lock_appointment(appointment)
    _require_coordinator_or_system(by=by, organisation_id=appointment.organisation_id)
    withdrawn = _withdraw(
        appointment, include_accepted=include_accepted, actor=by, tell="withdrawn"
    )
    if appointment.status in (Status.OFFERED, Status.CONFIRMED):
        move_appointment(appointment, Status.REQUESTED)
        appointment.save(update_fields=["status", "updated_at"])
        enqueue(MATCH_REQUEST, appointment.pk)
    return withdrawn


def _withdraw(
    appointment: Appointment,
    *,
    include_accepted: bool,
    actor: User | None,
    note: str = "",
    tell: str = "",
) -> int:
    """Withdraw open offers; with `tell` (a notification reason), tell those who had seen them."""
    states = list(Assignment.OPEN_STATES if include_accepted else (State.PROPOSED, State.OFFERED))
    withdrawn = 0
    for assignment in Assignment.objects.select_for_update(no_key=True).filter(
        appointment=appointment, state__in=states
    ):
        if tell and assignment.state in (State.OFFERED, State.ACCEPTED):
            announce("withdrawn", assignment_id=assignment.pk, reason=tell)
        _move(assignment, State.WITHDRAWN, actor=actor, note=note)
        assignment.save(update_fields=["state"])
        withdrawn += 1
    return withdrawn


# After the appointment -------------------------------------------------------------------


@transaction.atomic
def complete_assignment(
    *,
    assignment: Assignment,
    by: User,
    actual_start: dt.datetime,
    actual_end: dt.datetime,
    travel_minutes: int,
    now: dt.datetime | None = None,
) -> Assignment:
    """Log the time worked (start, end, travel both ways); the appointment is then done."""
    now = now or timezone.now()
    appointment = _lock_appointment(assignment.appointment)
    assignment = (
        Assignment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("interpreter")
        .get(pk=assignment.pk)
    )
    is_own = assignment.interpreter.user_id is not None and assignment.interpreter.user_id == by.pk
    if not is_own:
        if not access_of(by).holds(roles.COORDINATING, appointment.organisation_id):
            raise NotFound()
    if assignment.state != State.ACCEPTED:
        raise DomainError(_("Only an accepted assignment can be completed."))
    if now < appointment.start:
        raise DomainError(_("Time can be logged once the appointment has begun."))
    if timezone.is_naive(actual_start) or timezone.is_naive(actual_end):
        raise DomainError(_("Times must carry a time zone."))
    if actual_end <= actual_start:
        raise DomainError(_("The time worked must end after it starts."))
    if actual_end > now:
        raise DomainError(_("The time worked cannot end in the future."))
    if travel_minutes < 0:
        raise DomainError(_("Travel time cannot be negative."))
    _move(assignment, State.DONE, actor=by)
    assignment.actual_start = actual_start
    assignment.actual_end = actual_end
    assignment.actual_travel_minutes = travel_minutes
    assignment.completed_at = now
    assignment.save(
        update_fields=[
            "state",
            "actual_start",
            "actual_end",
            "actual_travel_minutes",
            "completed_at",
        ]
    )
    move_appointment(appointment, Status.DONE)
    appointment.save(update_fields=["status", "updated_at"])
    return assignment


# Rescheduling from the staff pages ------------------------------------------------------


@dataclass(frozen=True)
class Rescheduled:
    """What a change of time or way of working did: `withdrawn` offers and bookings were taken
    back, and `rematching` tells whether the appointment is being matched again."""

    appointment: Appointment
    withdrawn: int
    rematching: bool


@transaction.atomic
def reschedule_appointment(
    *,
    appointment: Appointment,
    by: User,
    start: dt.datetime,
    end: dt.datetime,
    modality: str,
    remote_link: str,
    now: dt.datetime | None = None,
) -> Rescheduled:
    """Move an appointment and set how the interpreter takes part, through change_appointment,
    and report what became of the offers already out."""
    before = _lock_appointment(appointment)
    open_offers = Assignment.objects.filter(appointment=before, state__in=Assignment.OPEN_STATES)
    offers_before = open_offers.count()
    changed = change_appointment(
        appointment=before,
        by=by,
        now=now,
        start=start,
        end=end,
        modality=modality,
        remote_link=remote_link,
    )
    return Rescheduled(
        appointment=changed,
        withdrawn=offers_before - open_offers.count(),
        rematching=changed.matching_changed_at != before.matching_changed_at,
    )
