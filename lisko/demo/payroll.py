"""Pay for the demo: the organisation's rates, the months before last approved and exported as
a coordinator would have done it, and last month left half approved, so that the demo
coordinator can finish it, export it and download its files."""

import datetime as dt
import random

from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.payroll.selectors import first_of_month, payable_work
from lisko.payroll.services import approve_all, approve_hours, export_month, save_rate

RATES = {
    "interpreter": {
        "hourly": "62.00",
        "evening_from_hour": 20,
        "evening_percent": "25",
        "weekend_percent": "50",
        "travel_per_minute": "0.40",
        "minimum_minutes": 60,
        "late_cancellation_hours": 24,
        "late_cancellation_percent": "50",
    },
    "key_person": {
        "hourly": "25.00",
        "travel_per_minute": "0.30",
        "minimum_minutes": 30,
    },
}
# Why a coordinator corrects: the time as the social worker confirmed it.
CORRECTIONS = [
    (-15, "The appointment ended a quarter of an hour early, as the social worker confirmed."),
    (-30, "Logged twice the waiting time; the meeting itself took half an hour less."),
]


def payroll(rng: random.Random, people: People, clock: Clock) -> int:
    """Rates, settled months and last month to approve; returns how many months are exported."""
    organisation, coordinator = people.organisation, people.coordinator
    for kind, values in RATES.items():
        save_rate(organisation=organisation, kind=kind, by=coordinator, **values)
    last_month = first_of_month(first_of_month(clock.today) - dt.timedelta(days=1))
    exported = 0
    month = first_of_month(clock.today - dt.timedelta(weeks=53))
    while month < last_month:
        following = first_of_month(month + dt.timedelta(days=32))
        if payable_work(organisation_id=organisation.pk, month=month):
            # The coordinator settles a month in its first days after it ended.
            approve_all(
                organisation=organisation,
                month=month,
                by=coordinator,
                now=clock.at(following + dt.timedelta(days=2), 10),
            )
            export_month(
                organisation=organisation,
                month=month,
                by=coordinator,
                now=clock.at(following + dt.timedelta(days=4), 9),
            )
            exported += 1
        month = following
    _half_approved(rng, people, last_month, clock)
    return exported


def _half_approved(rng: random.Random, people: People, month: dt.date, clock: Clock) -> None:
    """Last month: a third approved as logged and two corrected; the rest still waits."""
    entries = payable_work(organisation_id=people.organisation.pk, month=month)
    chosen = rng.sample(entries, k=len(entries) // 3)
    now = min(clock.now, clock.at(clock.today.replace(day=1) + dt.timedelta(days=1), 11))
    corrections = list(CORRECTIONS)
    for work in chosen:
        minutes, note = None, ""
        if corrections and work.logged_minutes > 45 and not work.late_cancellation:
            less, note = corrections.pop(0)
            minutes = work.logged_minutes + less
        approve_hours(
            organisation=people.organisation,
            assignment_id=work.assignment.pk,
            month=month,
            by=people.coordinator,
            minutes=minutes,
            note=note,
            now=now,
        )
