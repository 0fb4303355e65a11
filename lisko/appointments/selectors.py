"""Reading appointments and offers, scoped by who asks.

A social worker sees the appointments of their own caseload (and cases shared with them), a
coordinator all of the organisation's, an interpreter only those they hold an offer or booking for.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lisko.access import access_of, roles
from lisko.access.rules import own_assignment_rule
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_reads
from lisko.clients.models import Client
from lisko.clients.selectors import clients_visible_to, consents_to_interpreting
from lisko.core.errors import NotFound
from lisko.interpreters.models import Interpreter
from lisko.organisations.models import Organisation

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
    return (
        _own_assignments(user)
        .filter(
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
    return (
        _own_assignments(user)
        .filter(
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
        return (
            _own_assignments(user)
            .select_related("appointment", "interpreter")
            .get(pk=assignment_id)
        )
    except Assignment.DoesNotExist:
        raise NotFound() from None


def _own_assignments(user: User) -> QuerySet[Assignment]:
    """The interpreter's own offers and bookings, as lisko.access.rules decides them, each
    with `client_consents` (may the interpreter know the client's first name)."""
    return Assignment.objects.filter(own_assignment_rule(access_of(user))).annotate(
        client_consents=consents_to_interpreting("appointment__client_id")
    )


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
    """Appointments of the clients on `user`'s caseload, in time order,
    optionally between `start` and `end` and in some statuses; each read is audited."""
    appointments = Appointment.objects.filter(client__in=clients_visible_to(user=user)).exclude(
        status=Appointment.Status.CANCELLED
    )
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
                organisation_id__in=access_of(user).organisations(roles.COORDINATING),
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
        pk__in=ids, organisation_id__in=access_of(user).organisations(roles.STAFF)
    ).in_bulk()


def booked_minutes_by_interpreter(
    *, user: User, start: dt.datetime, end: dt.datetime
) -> dict[int, int]:
    """Minutes booked (accepted or done) per interpreter of `user`'s pool between two times."""
    return booked_minutes(
        interpreters=Q(
            interpreter__organisation_id__in=access_of(user).organisations(roles.POOL_KEEPING)
        ),
        start=start,
        end=end,
    )


def booked_minutes(*, interpreters: Q, start: dt.datetime, end: dt.datetime) -> dict[int, int]:
    """Minutes booked (accepted or done) between two times, per interpreter of those the
    condition `interpreters` (on assignments) picks; the caller has scoped them."""
    minutes: dict[int, int] = defaultdict(int)
    rows = Assignment.objects.filter(
        interpreters,
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
            interpreter__organisation_id__in=access_of(user).organisations(roles.POOL_KEEPING),
            state__in=(Assignment.State.OFFERED, *BOOKED_STATES),
            appointment__start__gte=start,
            appointment__start__lt=end,
        )
        .select_related("interpreter", "appointment__language", "appointment__municipality")
        .order_by("interpreter__last_name", "interpreter__first_name", "appointment__start")
    )


def bookings_for_interpreter(*, user: User) -> QuerySet[Assignment]:
    """This interpreter's accepted bookings, past and coming, in time order: the coming ones to
    attend, the past ones to log the time worked."""
    return (
        _own_assignments(user)
        .filter(state=Assignment.State.ACCEPTED)
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
    return (
        _own_assignments(user)
        .filter(
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
    return (
        _own_assignments(user)
        .filter(
            state=Assignment.State.DONE,
            actual_start__gte=start,
            actual_start__lt=end,
        )
        .select_related(*_INTERPRETER_VIEW)
        .order_by("actual_start")
    )


def calendar_assignments_for(*, user: User, since: dt.datetime) -> QuerySet[Assignment]:
    """The interpreter's bookings (accepted or done) that end after `since`, for a calendar."""
    return (
        _own_assignments(user)
        .filter(
            state__in=[Assignment.State.ACCEPTED, Assignment.State.DONE],
            appointment__end__gte=since,
        )
        .select_related(*_INTERPRETER_VIEW)
        .order_by("appointment__start")
    )


def appointment_list_for(*, user: User) -> QuerySet[Appointment]:
    """The staff view of every appointment `user` may see (lisko.access.rules.appointment_rule):
    as social worker, those of their caseload (own clients and clients shared with them); as
    coordinator, every appointment of the organisation. An interpreter's offers and bookings
    are never reached here: they are assignments, shown through the interpreter's presenter.
    Phrased so that PostgreSQL can use its indexes.

    The organisations come from the request's access; the caseload's clients are an array
    computed once in the query (field__any_of). The conditions then combine as bitmap index
    scans. The same rule as OR-ed IN subqueries makes the planner read every appointment: over
    a second per page at a million appointments, against a few milliseconds this way.

    No related rows are joined: a list pages through the bare rows and reads the page's details
    with appointments_in_order, as joins before the sort make the planner join every row.
    """
    access = access_of(user)
    as_social_worker = access.organisations(roles.CASEWORK)
    as_coordinator = access.organisations(roles.COORDINATING)
    if not (as_social_worker or as_coordinator):
        return Appointment.objects.none()
    visible = Q(pk__in=[])
    if as_social_worker:
        visible |= Q(client_id__any_of=_caseload(user=user, organisation_ids=as_social_worker))
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


def clashing_appointments(*, appointment: Appointment) -> list[Appointment]:
    """The client's other appointments (not cancelled) that overlap this one: a client cannot
    be in two places at once, so the social worker is warned."""
    return list(
        Appointment.objects.filter(
            client_id=appointment.client_id, start__lt=appointment.end, end__gt=appointment.start
        )
        .exclude(pk=appointment.pk)
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by("start", "id")
    )


def has_interpreted_for(*, interpreter_id: int, client_id: int, besides: int) -> bool:
    """True when the interpreter has interpreted for the client before (a booking accepted or
    done on another appointment): continuity a social worker may rely on."""
    return (
        Assignment.objects.filter(
            interpreter_id=interpreter_id,
            appointment__client_id=client_id,
            state__in=BOOKED_STATES,
        )
        .exclude(appointment_id=besides)
        .exists()
    )
