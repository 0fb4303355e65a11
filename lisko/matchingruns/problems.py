"""From the database to a `matching.Problem`, and from a `matching.Result` back to decisions.

Ids cross the boundary as strings of primary keys: appointment "12", interpreter "7",
client "3". What interpreters have already committed to is taken out before the matcher sees
them: the blocked time (appointment plus travel) of their accepted bookings and open offers
leaves their availability windows, and the minutes (and heavy assignments) of accepted
bookings leave their weekly limits, in the fullest week the appointments' times fall in. So the
matcher never moves an accepted assignment, and no week goes over its limit.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from lisko.appointments.models import AlternativeSlot, Appointment, Assignment
from lisko.core import limits
from lisko.interpreters.models import ConflictOfInterest, Interpreter
from lisko.interpreters.selectors import availability_windows_for
from lisko.matchingruns.services import Assigned, LeftOpen
from lisko.organisations.models import Organisation
from matching import types as m

Window = tuple[dt.datetime, dt.datetime]

# What an interpreter has committed to: their time is taken.
COMMITTED = (Assignment.State.OFFERED, Assignment.State.ACCEPTED)
# What counts against the weekly limit, and as history with a client.
BOOKED = (Assignment.State.ACCEPTED, Assignment.State.DONE)
# Why an appointment cannot be given to the matcher (a reason code, like the matcher's own).
TIME_OUT_OF_RANGE = "time_out_of_range"


class UnencodableAppointment(Exception):
    """An appointment that cannot become part of a matching problem: retrying cannot help."""

    def __init__(self, appointment_id: int, code: str) -> None:
        super().__init__(f"appointment {appointment_id} cannot be matched: {code}")
        self.appointment_id = appointment_id
        self.code = code


def unencodable_reason(appointment: Appointment) -> str | None:
    """Why this appointment cannot be given to the matcher, as a reason code; None if it can.

    The services refuse such times now, but older rows may hold them: a start in 9999 leaves
    no room for the week and the travel around it (the arithmetic overflows).
    """
    if not (limits.year_in_range(appointment.start) and limits.year_in_range(appointment.end)):
        return TIME_OUT_OF_RANGE
    return None


def week_start(moment: dt.datetime) -> dt.datetime:
    """Monday 00:00, local time, of the week `moment` falls in."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    monday = local.date() - dt.timedelta(days=local.weekday())
    return dt.datetime.combine(monday, dt.time.min, tzinfo=local.tzinfo)


def by_week(appointments: Iterable[Appointment]) -> list[list[Appointment]]:
    """Appointments grouped by local week (weekly limits count per week), earliest week first."""
    weeks: dict[dt.datetime, list[Appointment]] = defaultdict(list)
    for appointment in appointments:
        weeks[week_start(appointment.start)].append(appointment)
    return [weeks[key] for key in sorted(weeks)]


def build_problem(
    *,
    organisation_id: int,
    appointments: Sequence[Appointment],
    interpreters: Sequence[Interpreter] | None = None,
) -> m.Problem:
    """The matching problem for these appointments (all in one local week) and the pool
    (or just `interpreters`, e.g. the one a coordinator picked by hand)."""
    if not appointments:
        return m.Problem()
    for appointment in appointments:
        if code := unencodable_reason(appointment):
            raise UnencodableAppointment(appointment.pk, code)
    appointment_ids = [appointment.pk for appointment in appointments]
    languages = {appointment.language_id for appointment in appointments}
    clients = {appointment.client_id for appointment in appointments}
    now = timezone.now()
    slots = alternative_times(appointments, now=now)
    # Availability and commitments are read for every time an appointment can take place.
    period_start = min(
        [appointment.start for appointment in appointments]
        + [start for times in slots.values() for start, _ in times]
    )
    period_end = max(
        [appointment.end for appointment in appointments]
        + [end for times in slots.values() for _, end in times]
    )
    # The weeks the appointments may fall in, alternative times included: the weekly limits
    # hold in each of them (see `_worst_week`).
    weeks = sorted(
        {week_start(appointment.start) for appointment in appointments}
        | {week_start(start) for times in slots.values() for start, _ in times}
    )
    week_from = weeks[0]
    week_until = weeks[-1] + dt.timedelta(days=7)

    pool = Interpreter.objects.filter(organisation_id=organisation_id)
    if interpreters is None:
        # A macrolanguage (Arabic, Persian, Kurdish) is spoken by those who speak a variety of it.
        pool = pool.filter(
            Q(languages__language_id__in=languages)
            | Q(languages__language__parent_id__in=languages),
            is_active=True,
        ).distinct()
    else:
        pool = pool.filter(pk__in=[interpreter.pk for interpreter in interpreters])
    interpreters = list(
        pool.select_related("home_municipality")
        .prefetch_related("languages__language__parent")
        .order_by("pk")
    )
    tz = ZoneInfo(settings.TIME_ZONE)
    windows = availability_windows_for(
        interpreters=interpreters,
        date_from=period_start.astimezone(tz).date(),
        date_until=period_end.astimezone(tz).date(),
    )
    busy: dict[int, list[Window]] = defaultdict(list)
    for interpreter_id, blocked_from, blocked_until in (
        Assignment.objects.filter(
            interpreter__in=interpreters,
            state__in=COMMITTED,
            blocked_until__gt=period_start - dt.timedelta(days=1),
            blocked_from__lt=period_end + dt.timedelta(days=1),
        )
        .exclude(appointment_id__in=appointment_ids)
        .values_list("interpreter_id", "blocked_from", "blocked_until")
    ):
        busy[interpreter_id].append((blocked_from, blocked_until))
    used_by_week: dict[tuple[int, dt.datetime], int] = defaultdict(int)
    for interpreter_id, start, end in (
        Assignment.objects.filter(
            interpreter__in=interpreters,
            state__in=BOOKED,
            appointment__start__gte=week_from,
            appointment__start__lt=week_until,
        )
        .exclude(appointment_id__in=appointment_ids)
        .values_list("interpreter_id", "appointment__start", "appointment__end")
    ):
        used_by_week[interpreter_id, week_start(start)] += int((end - start).total_seconds() // 60)
    used = _worst_week(used_by_week, weeks)

    organisation = Organisation.objects.get(pk=organisation_id)
    heavy_kinds = frozenset(organisation.heavy_kinds or ())
    # Heavy bookings already taken that week count against the weekly cap.
    heavy_by_week: dict[tuple[int, dt.datetime], int] = defaultdict(int)
    for interpreter_id, start in (
        Assignment.objects.filter(
            interpreter__in=interpreters,
            state__in=BOOKED,
            appointment__kind__in=heavy_kinds,
            appointment__start__gte=week_from,
            appointment__start__lt=week_until,
        )
        .exclude(appointment_id__in=appointment_ids)
        .values_list("interpreter_id", "appointment__start")
    ):
        heavy_by_week[interpreter_id, week_start(start)] += 1
    heavy_used = _worst_week(heavy_by_week, weeks)

    history = {
        (str(client_id), str(interpreter_id))
        for client_id, interpreter_id in Assignment.objects.filter(
            appointment__client_id__in=clients, state__in=BOOKED
        ).values_list("appointment__client_id", "interpreter_id")
    }
    blocked = {
        (str(client_id), str(interpreter_id))
        for client_id, interpreter_id in ConflictOfInterest.objects.filter(
            client_id__in=clients
        ).values_list("client_id", "interpreter_id")
    }
    return m.Problem(
        appointments=tuple(
            appointment_for_matcher(
                appointment,
                slots=slots.get(appointment.pk, ()),
                heavy=appointment.kind in heavy_kinds,
            )
            for appointment in appointments
        ),
        interpreters=tuple(
            interpreter_for_matcher(
                interpreter,
                availability=_without(windows[interpreter.pk], busy[interpreter.pk]),
                minutes_used=used[interpreter.pk],
                heavy_used=heavy_used[interpreter.pk],
            )
            for interpreter in interpreters
        ),
        history=frozenset(history),
        blocked=frozenset(blocked),
    )


def alternative_times(
    appointments: Sequence[Appointment], *, now: dt.datetime
) -> dict[int, tuple[Window, ...]]:
    """Each appointment's alternative times still ahead (by appointment id), earliest first.

    Those the matcher cannot be given (out of range) are left out: the first choice still is."""
    found: dict[int, list[Window]] = defaultdict(list)
    for appointment_id, start, end in (
        AlternativeSlot.objects.filter(
            appointment_id__in=[appointment.pk for appointment in appointments], start__gt=now
        )
        .order_by("start", "pk")
        .values_list("appointment_id", "start", "end")
    ):
        if limits.year_in_range(start) and limits.year_in_range(end):
            found[appointment_id].append((start, end))
    return {appointment_id: tuple(times) for appointment_id, times in found.items()}


def appointment_for_matcher(
    appointment: Appointment, *, slots: Sequence[Window] = (), heavy: bool = False
) -> m.Appointment:
    location = None
    if appointment.municipality is not None:
        location = m.Location(appointment.municipality.latitude, appointment.municipality.longitude)
    return m.Appointment(
        id=str(appointment.pk),
        start=appointment.start,
        end=appointment.end,
        language=appointment.language.code,
        modality=appointment.modality,
        location=location,
        client=str(appointment.client_id),
        priority=appointment.priority,
        min_level=appointment.min_level,
        min_proficiency=appointment.min_proficiency,
        gender=appointment.gender or None,
        slots=tuple(slots),
        skills=appointment.required_skills,
        heavy=heavy,
    )


def interpreter_for_matcher(
    interpreter: Interpreter,
    *,
    availability: list[Window],
    minutes_used: int,
    heavy_used: int = 0,
) -> m.Interpreter:
    latitude, longitude = interpreter.home
    limit = interpreter.weekly_minutes_limit
    heavy_limit = interpreter.max_heavy_per_week
    return m.Interpreter(
        id=str(interpreter.pk),
        languages=spoken_languages(interpreter),
        level=interpreter.level,
        gender=interpreter.gender or None,
        home=m.Location(latitude, longitude),
        modalities=tuple(interpreter.modalities),
        availability=tuple(availability),
        max_minutes=None if limit is None else max(0, limit - minutes_used),
        max_travel_min=interpreter.travel_limit_minutes,
        level_until=certification_lapses(interpreter),
        skills=frozenset(str(skill) for skill in interpreter.skills or ()),
        max_heavy=None if heavy_limit is None else max(0, heavy_limit - heavy_used),
    )


def certification_lapses(interpreter: Interpreter) -> dt.datetime | None:
    """The first moment the interpreter's certification no longer holds: local midnight after
    `certification_expires` (a lapsed level counts as 0 for an appointment ending later)."""
    expires = interpreter.certification_expires
    if expires is None:
        return None
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(expires + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def spoken_languages(interpreter: Interpreter) -> dict[str, int]:
    """The codes an interpreter is matched on, with proficiency: each language recorded, and
    the macrolanguage of each variety (a speaker of Levantine Arabic speaks Arabic), at the
    best proficiency among its varieties unless recorded itself."""
    recorded = {row.language.code: row.proficiency for row in interpreter.languages.all()}
    spoken = dict(recorded)
    for row in interpreter.languages.all():
        parent = row.language.parent
        if parent is not None and parent.code not in recorded:
            spoken[parent.code] = max(spoken.get(parent.code, 0), row.proficiency)
    return spoken


def _worst_week(
    by_week: Mapping[tuple[int, dt.datetime], int], weeks: Sequence[dt.datetime]
) -> dict[int, int]:
    """Per interpreter, what is already used in the fullest of these weeks.

    The matcher knows one limit per interpreter for the whole problem (`max_minutes`,
    `max_heavy`). An alternative time may fall in another week than the first choice; taking
    the remainder of the fullest week keeps every week within its limit, at the price of
    offering less when a problem spans weeks."""
    worst: dict[int, int] = defaultdict(int)
    for (interpreter_id, week), count in by_week.items():
        if week in weeks:
            worst[interpreter_id] = max(worst[interpreter_id], count)
    return worst


def _without(windows: list[Window], busy: list[Window]) -> list[Window]:
    """Availability windows minus the blocked times."""
    for busy_from, busy_until in sorted(busy):
        remaining: list[Window] = []
        for start, end in windows:
            if busy_until <= start or busy_from >= end:
                remaining.append((start, end))
                continue
            if start < busy_from:
                remaining.append((start, busy_from))
            if busy_until < end:
                remaining.append((busy_until, end))
        windows = remaining
    return windows


# Back from the matcher ---------------------------------------------------------------------


def assigned_from(row: m.Assignment) -> Assigned:
    """One of the matcher's assignments as a decision; its score keeps the cost terms and the
    next-best candidates, which the appointment page shows the coordinator."""
    breakdown = asdict(row.breakdown) if row.breakdown is not None else {}
    score: dict[str, Any] = dict(breakdown)
    if row.alternatives:
        score["alternatives"] = [
            {
                "interpreter_id": int(candidate.interpreter_id),
                "cost": candidate.cost,
                "free": candidate.free,
            }
            for candidate in row.alternatives
        ]
    return Assigned(
        interpreter_id=int(row.interpreter_id),
        # The matcher counts the round trip; a booking keeps one way free on each side.
        travel_minutes=int(breakdown.get("travel_minutes", 0)) // 2,
        score=score,
        start=row.start,
    )


def decisions_from(
    assignments: Iterable[m.Assignment], unassigned: Iterable[m.Unassigned]
) -> dict[int, Assigned | LeftOpen]:
    """The matcher's answer as decisions by appointment id."""
    decisions: dict[int, Assigned | LeftOpen] = {}
    for row in assignments:
        decisions[int(row.appointment_id)] = assigned_from(row)
    for left in unassigned:
        decisions[int(left.appointment_id)] = LeftOpen(left.code, dict(left.data))
    return decisions


def fit_travel(
    decisions: Mapping[int, Assigned | LeftOpen],
) -> dict[int, Assigned | LeftOpen]:
    """Shorten the travel kept free around new offers so that no two blocked times overlap.

    The matcher reckons travel between consecutive appointments from place to place; a booking
    keeps home travel free on both sides. Where that would make an offer overlap another booking
    or offer of the same interpreter (and so be refused on accept), less travel is kept.
    """
    assigned = {pk: d for pk, d in decisions.items() if isinstance(d, Assigned)}
    if not assigned:
        return dict(decisions)
    times = {
        row["pk"]: (row["start"], row["end"])
        for row in Appointment.objects.filter(pk__in=assigned).values("pk", "start", "end")
    }
    # An offer at an alternative time blocks that time.
    for appointment_id, start, end in AlternativeSlot.objects.filter(
        appointment_id__in=assigned
    ).values_list("appointment_id", "start", "end"):
        if assigned[appointment_id].start == start:
            times[appointment_id] = (start, end)
    interpreters = {d.interpreter_id for d in assigned.values()}
    taken: dict[int, list[Window]] = defaultdict(list)
    for interpreter_id, blocked_from, blocked_until in (
        Assignment.objects.filter(
            interpreter_id__in=interpreters, state__in=(Assignment.State.ACCEPTED,)
        )
        .exclude(appointment_id__in=assigned)
        .values_list("interpreter_id", "blocked_from", "blocked_until")
    ):
        taken[interpreter_id].append((blocked_from, blocked_until))
    fitted: dict[int, Assigned | LeftOpen] = dict(decisions)
    by_interpreter: dict[int, list[int]] = defaultdict(list)
    for pk, decision in assigned.items():
        if pk in times:
            by_interpreter[decision.interpreter_id].append(pk)
    for interpreter_id, pks in by_interpreter.items():
        pks.sort(key=lambda pk: times[pk])
        for position, pk in enumerate(pks):
            start, end = times[pk]
            # Later offers of the same interpreter keep at least their own appointment time.
            others = taken[interpreter_id] + [times[later] for later in pks[position + 1 :]]
            limit = assigned[pk].travel_minutes
            for other_from, other_until in others:
                if other_until <= start:
                    limit = min(limit, int((start - other_until).total_seconds() // 60))
                elif other_from >= end:
                    limit = min(limit, int((other_from - end).total_seconds() // 60))
            limit = max(0, limit)
            decision = assigned[pk]
            fitted[pk] = Assigned(decision.interpreter_id, limit, decision.score, decision.start)
            travel = dt.timedelta(minutes=limit)
            taken[interpreter_id].append((start - travel, end + travel))
    return fitted


def declined_interpreter_ids(*, appointment: Appointment) -> set[int]:
    """Interpreters whose offer for this appointment closed without a yes since its last change:
    they declined or let it expire, so they are not asked again."""
    last_change = appointment.matching_changed_at
    closed = Assignment.objects.filter(
        appointment=appointment,
        state__in=(Assignment.State.DECLINED, Assignment.State.EXPIRED),
    )
    if last_change is not None:
        closed = closed.filter(created_at__gt=last_change)
    return set(closed.values_list("interpreter_id", flat=True))
