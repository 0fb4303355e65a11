"""Two weeks of appointments around the demo's today: booked by the social workers, offered to
a fitting interpreter and accepted (or left unfilled) through the appointment services, with
the time logged for those already over."""

import datetime as dt
import random

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.appointments.services import (
    accept_offer,
    book_appointment,
    complete_assignment,
    create_offer,
    decline_offer,
    mark_unfilled,
)
from lisko.clients.models import Client
from lisko.demo.clock import Clock, weighted
from lisko.interpreters.models import Interpreter, InterpreterLanguage

KINDS = [
    ("welcome_conversation", 3),
    ("social_counselling", 6),
    ("medical", 4),
    ("school", 2),
    ("authority", 3),
    ("legal", 1),
    ("therapy", 1),
]
WORKS = {"on_site": "works_on_site", "phone": "works_by_phone", "video": "works_by_video"}


def _booked_at(start: dt.datetime, clock: Clock) -> dt.datetime:
    """When the social worker booked: a week ahead, and before the demo's moment."""
    return min(clock.now - dt.timedelta(hours=2), start - dt.timedelta(days=7))


def appointments(
    rng: random.Random,
    clients: list[Client],
    interpreters: list[Interpreter],
    conflicts: set[tuple[int, int]],
    clock: Clock,
    count: int = 600,
    *,
    days: list[dt.date] | None = None,
    kinds: list[tuple[str, int]] | None = None,
    modalities: tuple[int, int, int] = (75, 15, 10),
) -> list[Appointment]:
    """`count` appointments on `days` (default: a few days back and two weeks ahead, working
    days only), of `kinds` by weight, on site / by phone / by video by `modalities` weights."""
    today = clock.today
    if days is None:
        days = [
            today + dt.timedelta(days=offset)
            for offset in range(-4, 15)
            if (today + dt.timedelta(days=offset)).weekday() < 5
        ]
    booked: list[Appointment] = []
    for _index in range(count):
        client = rng.choice(clients)
        day = rng.choice(days)
        start = clock.at(day, rng.randint(8, 16), rng.choice([0, 30]))
        kind = weighted(rng, kinds or KINDS)
        modality = rng.choices(["on_site", "phone", "video"], weights=modalities)[0]
        booked_at = _booked_at(start, clock)
        appointment = book_appointment(
            client=client,
            by=client.social_worker,
            kind=kind,
            start=start,
            end=start + dt.timedelta(minutes=rng.choice([45, 60, 60, 90, 120])),
            modality=modality,
            municipality=client.municipality if modality == "on_site" else None,
            address="Rue de l'Intégration 1" if modality == "on_site" else "",
            remote_link="https://meet.demo.lisko.lu/" + client.reference
            if modality == "video"
            else "",
            language=client.preferred_language,
            gender=rng.choice(["", "", "", "f"]) if kind in {"medical", "therapy"} else "",
            min_level=rng.choice([0, 1, 2]) if kind != "welcome_conversation" else 0,
            min_proficiency=rng.choice([3, 4]),
            priority=3
            if kind in {"medical", "legal"}
            else 2
            if kind in {"authority", "therapy"}
            else 1,
            request=True,
            now=booked_at,
        )
        # Back-dating for the demo: booked a week ahead, not when the demo was loaded.
        appointment.created_at = booked_at
        booked.append(appointment)
    Appointment.objects.bulk_update(booked, ["created_at"], batch_size=500)
    moments: dict[tuple[int, str], dt.datetime] = {}
    _fill(rng, booked, interpreters, conflicts, clock, moments)
    # Back-dating for the demo: the assignments' events happened at these moments of the
    # demo's clock; the services stamp events with the real one.
    events = list(AssignmentEvent.objects.filter(assignment__appointment__in=booked))
    for event in events:
        event.at = moments[event.assignment_id, event.to_state]
    AssignmentEvent.objects.bulk_update(events, ["at"], batch_size=500)
    return booked


def _fill(
    rng: random.Random,
    booked: list[Appointment],
    interpreters: list[Interpreter],
    conflicts: set[tuple[int, int]],
    clock: Clock,
    moments: dict[tuple[int, str], dt.datetime],
) -> None:
    """Confirm a share with a fitting interpreter, never overlapping: the past is settled, next
    week is mostly booked, later weeks mostly still open."""
    by_id = {interpreter.pk: interpreter for interpreter in interpreters}
    speaks: dict[int, list[tuple[int, int]]] = {}
    for interpreter_id, language_id, proficiency in InterpreterLanguage.objects.filter(
        interpreter__in=interpreters
    ).values_list("interpreter_id", "language_id", "proficiency"):
        speaks.setdefault(language_id, []).append((interpreter_id, proficiency))
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for appointment in booked:
        past = appointment.end < clock.now
        ahead = (appointment.start.date() - clock.today).days
        if not past and rng.random() > (0.65 if ahead < 7 else 0.2):
            continue
        candidates = [
            interpreter_id
            for interpreter_id, proficiency in speaks.get(appointment.language_id, [])
            if proficiency >= appointment.min_proficiency
            and _fits(by_id[interpreter_id], appointment)
            and (interpreter_id, appointment.client_id) not in conflicts
        ]
        rng.shuffle(candidates)
        travel = 30 if appointment.modality == "on_site" else 0
        buffer = dt.timedelta(minutes=travel)
        blocked = (appointment.start - buffer, appointment.end + buffer)
        free = [
            interpreter_id
            for interpreter_id in candidates
            if all(
                blocked[1] <= start or end <= blocked[0]
                for start, end in busy.get(interpreter_id, [])
            )
        ]
        if free:
            # Now and then the first one asked cannot make it, and the next one takes it.
            decliner = by_id[free.pop(0)] if len(free) > 1 and rng.random() < 0.15 else None
            busy.setdefault(free[0], []).append(blocked)
            _book(appointment, by_id[free[0]], travel, clock, moments, decliner=decliner)
        elif past:
            mark_unfilled(
                appointment=appointment,
                reason_code="fully_booked" if candidates else "no_speaker",
            )


def _fits(interpreter: Interpreter, appointment: Appointment) -> bool:
    return (
        (not appointment.gender or interpreter.gender == appointment.gender)
        and interpreter.level >= appointment.min_level
        and bool(getattr(interpreter, WORKS[appointment.modality]))
    )


def _book(
    appointment: Appointment,
    interpreter: Interpreter,
    travel: int,
    clock: Clock,
    moments: dict[tuple[int, str], dt.datetime],
    decliner: Interpreter | None = None,
) -> None:
    """Offer (as the matcher does, no person acting), accept as the interpreter, and for an
    appointment already over, log the time worked. A `decliner` is offered it first and says
    no, which puts the appointment back among the open requests. `moments` gets the moment
    of each event, by (assignment id, state)."""
    offered_at = _booked_at(appointment.start, clock) + dt.timedelta(minutes=30)
    if decliner is not None:
        declined = create_offer(
            appointment=appointment,
            interpreter=decliner,
            by=None,
            travel_minutes=travel,
            now=offered_at,
        )
        declined_at = offered_at + dt.timedelta(minutes=20)
        decline_offer(
            assignment=declined,
            by=_login(decliner),
            reason=Assignment.DeclineReason.NOT_AVAILABLE,
            now=declined_at,
        )
        moments[declined.pk, Assignment.State.OFFERED] = offered_at
        moments[declined.pk, Assignment.State.DECLINED] = declined_at
        offered_at += dt.timedelta(minutes=30)
    accepted_at = offered_at + dt.timedelta(minutes=30)
    assignment = create_offer(
        appointment=appointment,
        interpreter=interpreter,
        by=None,
        travel_minutes=travel,
        now=offered_at,
    )
    accept_offer(assignment=assignment, by=_login(interpreter), now=accepted_at)
    moments[assignment.pk, Assignment.State.OFFERED] = offered_at
    moments[assignment.pk, Assignment.State.ACCEPTED] = accepted_at
    if appointment.end < clock.now:
        completed_at = min(appointment.end + dt.timedelta(minutes=30), clock.now)
        complete_assignment(
            assignment=assignment,
            by=_login(interpreter),
            actual_start=appointment.start,
            actual_end=appointment.end,
            travel_minutes=2 * travel,
            now=completed_at,
        )
        moments[assignment.pk, Assignment.State.DONE] = completed_at


def _login(interpreter: Interpreter) -> User:
    """Every demo interpreter answers offers with a login of their own."""
    assert interpreter.user is not None
    return interpreter.user
