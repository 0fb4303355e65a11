"""Reading appointments and offers, scoped by who asks.

A social worker sees the appointments of their own caseload (and cases shared with them), a
coordinator all of the organisation's, an interpreter only those they hold an offer or booking for.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_reads
from lisko.clients.models import Client
from lisko.clients.selectors import clients_visible_to
from lisko.core.errors import NotFound
from lisko.interpreters.models import ConflictOfInterest, Interpreter
from lisko.interpreters.selectors import (
    POOL_MANAGERS,
    availability_windows_for,
    organisation_ids_where,
)
from lisko.organisations.models import Membership, Organisation, Role

# What an interpreter has seen of an appointment: an offer made to them, or their booking.
STATES_VISIBLE_TO_INTERPRETER = (
    Assignment.State.OFFERED,
    Assignment.State.ACCEPTED,
    Assignment.State.DONE,
)


def appointments_for(*, user: User) -> QuerySet[Appointment]:
    """Every appointment `user` may see, whatever their roles, with what a page shows of it
    (appointment_list_for says who sees what)."""
    return appointment_list_for(user=user).select_related(
        "organisation", "client", "booked_by", "language", "municipality"
    )


def appointment_for(*, user: User, appointment_id: int) -> Appointment:
    """One appointment `user` may see; NotFound whether it is absent or out of reach."""
    try:
        return (
            appointments_for(user=user).prefetch_related("alternative_slots").get(pk=appointment_id)
        )
    except Appointment.DoesNotExist:
        raise NotFound() from None


def offers_for_interpreter(*, user: User, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    """The offers waiting for this interpreter's answer, soonest appointment first."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.OFFERED,
            expires_at__gt=now or timezone.now(),
        )
        .select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__client",
            "appointment__booked_by",
            "interpreter",
        )
        .order_by("appointment__start")
    )


def upcoming_assignments_for(*, user: User, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    """This interpreter's accepted bookings that have not ended yet, in time order."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.ACCEPTED,
            appointment__end__gt=now or timezone.now(),
        )
        .select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__client",
            "appointment__booked_by",
            "interpreter",
        )
        .order_by("appointment__start")
    )


def assignment_for_interpreter(*, user: User, assignment_id: int) -> Assignment:
    """One of the interpreter's own offers or bookings; NotFound for anyone else's."""
    try:
        return Assignment.objects.select_related("appointment", "interpreter").get(
            pk=assignment_id, interpreter__user=user, interpreter__user__isnull=False
        )
    except Assignment.DoesNotExist:
        raise NotFound() from None


def open_requests(
    *,
    organisation: Organisation,
    until: dt.datetime,
    now: dt.datetime | None = None,
    include_matching: bool = False,
) -> QuerySet[Appointment]:
    """Appointments waiting for an interpreter that start between now and `until`.

    `include_matching` also returns those claimed by a matching run, to pick them up again
    after a worker died mid-run.
    """
    statuses = [Appointment.Status.REQUESTED]
    if include_matching:
        statuses.append(Appointment.Status.MATCHING)
    return (
        Appointment.objects.filter(
            organisation=organisation,
            status__in=statuses,
            start__gt=now or timezone.now(),
            start__lt=until,
        )
        .select_related("client", "language", "municipality")
        .prefetch_related("alternative_slots")
        .order_by("-priority", "start")
    )


# The staff pages: caseload and organisation lists, the booking page, the pool's load --------

# Appointments that hold an interpreter: shown as "booked" wherever an appointment is listed.
BOOKED_STATES = (Assignment.State.ACCEPTED, Assignment.State.DONE)
# Who sees the organisation's requests and pool load.
COORDINATING = (Role.COORDINATOR, Role.ADMIN)


def _with_booking(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Appointments with `booked` (accepted or done assignments) and `open_offers` attached."""
    return appointments.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(state__in=BOOKED_STATES).select_related(
                "interpreter"
            ),
            to_attr="booked",
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(state=Assignment.State.OFFERED)
            .select_related("interpreter")
            .order_by("expires_at"),
            to_attr="open_offers",
        ),
    )


def caseload_appointments(
    *,
    user: User,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    statuses: tuple[str, ...] | None = None,
    reason: str = "dashboard",
) -> list[Appointment]:
    """Appointments of the clients on `user`'s caseload (or booked by them), in time order,
    optionally between `start` and `end` and in some statuses; each read is audited."""
    appointments = Appointment.objects.filter(
        Q(client__in=clients_visible_to(user=user)) | Q(booked_by=user)
    ).exclude(status=Appointment.Status.CANCELLED)
    if start is not None:
        appointments = appointments.filter(end__gt=start)
    if end is not None:
        appointments = appointments.filter(start__lt=end)
    if statuses is not None:
        appointments = appointments.filter(status__in=statuses)
    result = list(
        _with_booking(
            appointments.select_related("client", "language", "municipality", "goal")
        ).order_by("start", "id")
    )
    record_reads(actor=user, objects=result, client_id_of="client_id", reason=reason)
    return result


def appointments_of_client(*, user: User, client_id: int) -> list[Appointment]:
    """Every appointment of one client on `user`'s caseload, newest first; audited."""
    if not clients_visible_to(user=user).filter(pk=client_id).exists():
        raise NotFound()
    result = list(
        _with_booking(
            Appointment.objects.filter(client_id=client_id).select_related(
                "language", "municipality", "goal"
            )
        ).order_by("-start", "-id")
    )
    record_reads(actor=user, objects=result, client_id_of="client_id", reason="client page")
    return result


def organisation_requests(
    *, user: User, statuses: tuple[str, ...], now: dt.datetime | None = None
) -> list[Appointment]:
    """Upcoming appointments in `statuses` of the organisations `user` coordinates, soonest
    first. No client data is shown from these, so nothing is audited."""
    now = now or timezone.now()
    return list(
        _with_booking(
            Appointment.objects.filter(
                organisation_id__in=organisation_ids_where(user=user, roles=COORDINATING),
                status__in=statuses,
                start__gt=now,
            ).select_related("language", "municipality", "booked_by")
        ).order_by("start", "id")
    )


def appointment_page_for(*, user: User, appointment_id: int) -> Appointment:
    """One appointment with its slots, goal and every assignment, as the booking page shows it;
    NotFound out of reach. The read of the client's data is audited."""
    appointment = (
        appointments_for(user=user)
        .select_related("goal__field_of_action", "client__preferred_language")
        .prefetch_related(
            "alternative_slots",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related(
                    "interpreter", "interpreter__home_municipality"
                ).order_by("-created_at", "-id"),
                to_attr="all_assignments",
            ),
        )
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound()
    record_access(
        actor=user,
        action=AuditEvent.Action.READ,
        obj=appointment,
        client_id=appointment.client_id,
        reason="appointment page",
        organisation_id=appointment.organisation_id,
    )
    return appointment


def appointment_status_for(*, user: User, appointment_id: int) -> Appointment:
    """An appointment's matching status with its assignments, for the live status box.

    Carries no client data to the page (status, interpreter, reason), so it is not audited:
    the box polls every few seconds and would otherwise flood the audit trail.
    """
    appointment = (
        Appointment.objects.filter(pk__in=appointments_for(user=user).values("pk"))
        .select_related("language")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("interpreter").order_by(
                    "-created_at", "-id"
                ),
                to_attr="all_assignments",
            )
        )
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound()
    return appointment


def interpreter_names(*, user: User, ids: list[int]) -> dict[int, Interpreter]:
    """Interpreters by id among those `user` may see (coordinated pool or caseload bookings)."""
    if not ids:
        return {}
    return Interpreter.objects.filter(
        pk__in=ids,
        organisation_id__in=organisation_ids_where(
            user=user, roles=[Role.SOCIAL_WORKER, Role.COORDINATOR, Role.ADMIN]
        ),
    ).in_bulk()


def booked_minutes_by_interpreter(
    *, user: User, start: dt.datetime, end: dt.datetime
) -> dict[int, int]:
    """Minutes booked (accepted or done) per interpreter of `user`'s pool between two times."""
    minutes: dict[int, int] = defaultdict(int)
    rows = Assignment.objects.filter(
        interpreter__organisation_id__in=organisation_ids_where(user=user, roles=POOL_MANAGERS),
        state__in=BOOKED_STATES,
        appointment__start__lt=end,
        appointment__end__gt=start,
    ).values_list("interpreter_id", "appointment__start", "appointment__end")
    for interpreter_id, appointment_start, appointment_end in rows:
        minutes[interpreter_id] += int((appointment_end - appointment_start).total_seconds() // 60)
    return dict(minutes)


def assignments_between(*, user: User, start: dt.datetime, end: dt.datetime) -> list[Assignment]:
    """Offered, accepted and done assignments of `user`'s pool whose appointment starts between
    two times, with interpreter and appointment; no client data, so not audited."""
    return list(
        Assignment.objects.filter(
            interpreter__organisation_id__in=organisation_ids_where(user=user, roles=POOL_MANAGERS),
            state__in=(Assignment.State.OFFERED, *BOOKED_STATES),
            appointment__start__gte=start,
            appointment__start__lt=end,
        )
        .select_related("interpreter", "appointment__language", "appointment__municipality")
        .order_by("interpreter__last_name", "interpreter__first_name", "appointment__start")
    )


@dataclass(frozen=True)
class Candidate:
    """An interpreter a coordinator might offer an appointment to by hand, and what speaks
    against it: warnings as (code, data), empty when nothing does; sentences are made on display."""

    interpreter: Interpreter
    proficiency: int
    warnings: tuple[tuple[str, dict[str, Any]], ...]


def _override_warnings(
    *,
    appointment: Appointment,
    interpreter: Interpreter,
    proficiency: int,
    windows: list[tuple[dt.datetime, dt.datetime]],
    booked_minutes: int,
    is_busy: bool,
    has_conflict: bool,
    has_open_offer: bool,
) -> list[tuple[str, dict[str, Any]]]:
    """Every hard rule of the matcher this offer would break, as (code, data)."""
    warnings: list[tuple[str, dict[str, Any]]] = []
    if has_open_offer:
        warnings.append(("already_offered", {}))
    if has_conflict:
        warnings.append(("conflict_of_interest", {}))
    if is_busy:
        warnings.append(("busy", {}))
    if proficiency < appointment.min_proficiency:
        warnings.append(
            (
                "proficiency_below",
                {"proficiency": proficiency, "required": appointment.min_proficiency},
            )
        )
    if interpreter.level < appointment.min_level:
        warnings.append(
            ("level_below", {"level": interpreter.level, "required": appointment.min_level})
        )
    if appointment.gender and interpreter.gender != appointment.gender:
        warnings.append(("gender_differs", {"gender": appointment.gender}))
    if appointment.modality not in interpreter.modalities:
        warnings.append(("modality_not_offered", {"modality": appointment.modality}))
    if not any(start <= appointment.start and appointment.end <= end for start, end in windows):
        warnings.append(("not_available", {}))
    limit = interpreter.weekly_minutes_limit
    if limit is not None and booked_minutes + appointment.duration_minutes > limit:
        warnings.append(("over_weekly_limit", {"booked": booked_minutes, "limit": limit}))
    expires = interpreter.certification_expires
    if expires is not None and expires < timezone.localdate(appointment.start):
        warnings.append(("certification_expired", {"expired": expires.isoformat()}))
    return warnings


def override_candidates(*, user: User, appointment: Appointment) -> list[Candidate]:
    """The active interpreters of the pool who speak the appointment's language (or its
    macrolanguage or a variety of it), best fitting first, each with its warnings."""
    if (
        not organisation_ids_where(user=user, roles=COORDINATING)
        .filter(organisation_id=appointment.organisation_id)
        .exists()
    ):
        raise NotFound()
    language = appointment.language
    related_codes = {language.pk}
    if language.parent_id:
        related_codes.add(language.parent_id)
    interpreters = list(
        Interpreter.objects.filter(
            organisation_id=appointment.organisation_id,
            is_active=True,
        )
        .filter(
            Q(languages__language_id__in=related_codes)
            | Q(languages__language__parent_id=language.pk)
        )
        .distinct()
        .select_related("home_municipality")
        .prefetch_related("languages")
    )
    day = timezone.localdate(appointment.start)
    windows = availability_windows_for(interpreters=interpreters, date_from=day, date_until=day)
    week_start = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=day.weekday()), dt.time.min)
    )
    booked = booked_minutes_by_interpreter(
        user=user, start=week_start, end=week_start + dt.timedelta(days=7)
    )
    busy = set(
        Assignment.objects.filter(
            interpreter__in=interpreters,
            state=Assignment.State.ACCEPTED,
            blocked_from__lt=appointment.end,
            blocked_until__gt=appointment.start,
        )
        .exclude(appointment=appointment)
        .values_list("interpreter_id", flat=True)
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(
            interpreter__in=interpreters, client_id=appointment.client_id
        ).values_list("interpreter_id", flat=True)
    )
    open_offer = set(
        Assignment.objects.filter(
            appointment=appointment, state__in=Assignment.OPEN_STATES
        ).values_list("interpreter_id", flat=True)
    )
    candidates = []
    for interpreter in interpreters:
        proficiency = max(
            (
                spoken.proficiency
                for spoken in interpreter.languages.all()
                if spoken.language_id == language.pk
            ),
            default=max((spoken.proficiency for spoken in interpreter.languages.all()), default=0),
        )
        candidates.append(
            Candidate(
                interpreter=interpreter,
                proficiency=proficiency,
                warnings=tuple(
                    _override_warnings(
                        appointment=appointment,
                        interpreter=interpreter,
                        proficiency=proficiency,
                        windows=windows.get(interpreter.pk, []),
                        booked_minutes=booked.get(interpreter.pk, 0),
                        is_busy=interpreter.pk in busy,
                        has_conflict=interpreter.pk in conflicts,
                        has_open_offer=interpreter.pk in open_offer,
                    )
                ),
            )
        )
    candidates.sort(
        key=lambda c: (len(c.warnings), -c.proficiency, c.interpreter.last_name, c.interpreter.pk)
    )
    return candidates


def bookings_for_interpreter(*, user: User) -> QuerySet[Assignment]:
    """This interpreter's accepted bookings, past and coming, in time order: the coming ones to
    attend, the past ones to log the time worked."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(interpreter__user=user, state=Assignment.State.ACCEPTED)
        .select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__client",
            "appointment__booked_by",
            "interpreter",
        )
        .order_by("appointment__start")
    )


# The interpreter's time log and calendar (the phone pages) -----------------------------

# What an interpreter's view of an assignment reads: see web/mobile/presenters.py.
_INTERPRETER_VIEW = (
    "appointment__language",
    "appointment__municipality",
    "appointment__client",
    "appointment__booked_by",
)


def assignments_to_log_for(*, user: User, now: dt.datetime | None = None) -> QuerySet[Assignment]:
    """The interpreter's accepted bookings that have begun and still wait for a time log."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.ACCEPTED,
            appointment__start__lte=now or timezone.now(),
        )
        .select_related(*_INTERPRETER_VIEW)
        .order_by("appointment__start")
    )


def logged_assignments_for(
    *, user: User, start: dt.datetime, end: dt.datetime
) -> QuerySet[Assignment]:
    """The interpreter's logged (done) assignments whose work began in [start, end)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state=Assignment.State.DONE,
            actual_start__gte=start,
            actual_start__lt=end,
        )
        .select_related(*_INTERPRETER_VIEW)
        .order_by("actual_start")
    )


def calendar_assignments_for(*, user: User, since: dt.datetime) -> QuerySet[Assignment]:
    """The interpreter's bookings (accepted or done) that end after `since`, for a calendar."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            interpreter__user=user,
            state__in=[Assignment.State.ACCEPTED, Assignment.State.DONE],
            appointment__end__gte=since,
        )
        .select_related(*_INTERPRETER_VIEW)
        .order_by("appointment__start")
    )


def appointment_list_for(*, user: User) -> QuerySet[Appointment]:
    """Every appointment `user` may see: as social worker, those of their caseload (own clients
    and clients shared with them) and those they booked, within their organisations; as
    coordinator, every appointment of the organisation; as interpreter or key person, those
    offered to them. Phrased so that PostgreSQL can use its indexes.

    The organisations in which `user` is social worker or coordinator and the appointments
    offered to `user` are read first, so that the planner knows them; the caseload's clients
    are an array computed once in the query (field__any_of). The conditions then combine as
    bitmap index scans.
    The same rule as OR-ed IN subqueries makes the planner read every appointment: over a
    second per page at a million appointments, against a few milliseconds this way.

    No related rows are joined: a list pages through the bare rows and reads the page's details
    with appointments_in_order, as joins before the sort make the planner join every row.
    """
    if not user.is_authenticated:
        return Appointment.objects.none()
    memberships = Membership.objects.filter(
        user=user, role__in=[Role.SOCIAL_WORKER, Role.COORDINATOR]
    ).values_list("organisation_id", "role")
    as_social_worker: list[int] = []
    as_coordinator: list[int] = []
    for organisation_id, role in memberships:
        (as_social_worker if role == Role.SOCIAL_WORKER else as_coordinator).append(organisation_id)
    offered = list(
        Assignment.objects.filter(
            interpreter__user=user, state__in=STATES_VISIBLE_TO_INTERPRETER
        ).values_list("appointment_id", flat=True)
    )
    # A list, not a subquery: when it is empty (as for most staff) the condition drops out,
    # which leaves the coordinator's condition alone for the (organisation, start) index.
    visible = Q(pk__in=offered)
    if as_social_worker:
        visible |= Q(client_id__any_of=_caseload(user=user, organisation_ids=as_social_worker))
        visible |= Q(booked_by=user, organisation_id__in=as_social_worker)
    if as_coordinator:
        visible |= Q(organisation_id__in=as_coordinator)
    return Appointment.objects.filter(visible)


def _caseload(*, user: User, organisation_ids: list[int]) -> QuerySet[Client, int]:
    """The ids of the clients `user` follows as social worker or that are shared with them, as
    a subquery; a union, since an OR across the two keeps PostgreSQL from using the social
    worker index."""
    own = Client.objects.filter(organisation_id__in=organisation_ids, social_worker=user)
    shared = Client.shared_with.through.objects.filter(
        user=user, client__organisation_id__in=organisation_ids
    )
    own_ids = own.order_by().values_list("pk", flat=True)
    return own_ids.union(shared.values_list("client_id", flat=True)).order_by()


def appointments_in_order(ids: list[int]) -> list[Appointment]:
    """The appointments with these ids, in this order, for one page of a list: read by primary
    key, with no more of the client than the reference and the first name, and the language's
    code."""
    own_fields = [field.name for field in Appointment._meta.concrete_fields]
    by_id = (
        Appointment.objects.select_related("client", "language")
        .only(*own_fields, "client__reference", "client__first_name", "language__code")
        .in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]
