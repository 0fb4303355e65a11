"""Duty of care in the demo: interpreters who asked for a debrief after a heavy assignment, one
of them (Yonas, the demo interpreter, when he had one) still waiting, one already recorded in
the supervision log."""

import datetime as dt

from django.db.models import Case, IntegerField, Value, When

from lisko.appointments.models import Assignment
from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.interpreters.debriefs import DEBRIEF_WINDOW, ask_for_debrief, record_debrief

WISHES = ["A short call this week would help.", "", "Group supervision is fine."]


def debriefs(people: People, clock: Clock) -> int:
    """Ask for up to three debriefs (one per interpreter) and record the last; returns how many."""
    organisation = people.organisation
    candidates = (
        Assignment.objects.filter(
            appointment__organisation=organisation,
            appointment__kind__in=organisation.heavy_kinds or (),
            appointment__start__lte=clock.now,
            appointment__start__gte=clock.now - DEBRIEF_WINDOW + dt.timedelta(days=1),
            state__in=(Assignment.State.ACCEPTED, Assignment.State.DONE),
            interpreter__user__isnull=False,
        )
        .select_related("interpreter__user", "appointment__organisation")
        .order_by(
            Case(
                When(interpreter__user__username="yonas", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-appointment__start",
        )
    )
    asked = []
    seen: set[int] = set()
    for assignment in candidates[:200]:
        if assignment.interpreter_id in seen:
            continue
        seen.add(assignment.interpreter_id)
        asked.append(
            ask_for_debrief(
                assignment=assignment,
                by=assignment.interpreter.user,
                wish=WISHES[len(asked)],
                now=clock.now,
            )
        )
        if len(asked) == len(WISHES):
            break
    if len(asked) > 1:
        record_debrief(
            debrief=asked[-1],
            by=people.coordinator,
            held_on=clock.today,
            form="group",
            note="Talked through in the monthly group supervision.",
            today=clock.today,
        )
    return len(asked)
