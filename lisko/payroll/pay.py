"""The pay for one piece of work, as a pure function: no database, no clock.

Surcharges count the minutes actually worked in the evening (on or after the organisation's
evening hour, local clock) and at the weekend (Saturday, Sunday); both may apply to one minute.
The base pays the billable minutes: what was worked, but at least the organisation's minimum.
Travel is paid per minute, because minutes are what interpreters log. A late cancellation pays
a share of the booked duration at the base rate, without surcharges or travel.
Each part is rounded to cents (half up) and the total is the sum of the rounded parts, so the
statement adds up line by line.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
SIXTY = Decimal(60)


@dataclass(frozen=True)
class Terms:
    """An organisation's rate for one kind of work, as the computation needs it."""

    hourly: Decimal
    evening_from_hour: int = 20
    evening_percent: Decimal = Decimal(0)
    weekend_percent: Decimal = Decimal(0)
    travel_per_minute: Decimal = Decimal(0)
    minimum_minutes: int = 0
    late_cancellation_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class Pay:
    base: Decimal
    evening: Decimal
    weekend: Decimal
    travel: Decimal
    late_cancellation: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.evening + self.weekend + self.travel + self.late_cancellation


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _minutes_in(start: dt.datetime, minutes: int, evening_from_hour: int) -> tuple[int, int]:
    """(evening minutes, weekend minutes) of `minutes` from `start` (a local, wall-clock time)."""
    evening = weekend = 0
    for offset in range(minutes):
        moment = start + dt.timedelta(minutes=offset)
        if moment.hour >= evening_from_hour:
            evening += 1
        if moment.weekday() >= 5:
            weekend += 1
    return evening, weekend


def work_pay(*, terms: Terms, start: dt.datetime, minutes: int, travel_minutes: int) -> Pay:
    """Pay for `minutes` worked from `start` (local time) plus `travel_minutes` of travel."""
    per_minute = terms.hourly / SIXTY
    billable = max(minutes, terms.minimum_minutes)
    evening, weekend = _minutes_in(start, minutes, terms.evening_from_hour)
    return Pay(
        base=cents(per_minute * billable),
        evening=cents(per_minute * evening * terms.evening_percent / HUNDRED),
        weekend=cents(per_minute * weekend * terms.weekend_percent / HUNDRED),
        travel=cents(terms.travel_per_minute * travel_minutes),
        late_cancellation=Decimal("0.00"),
    )


def late_cancellation_pay(*, terms: Terms, booked_minutes: int) -> Pay:
    """Pay for a booking cancelled too late: a share of its booked duration at the base rate."""
    share = terms.hourly / SIXTY * booked_minutes * terms.late_cancellation_percent / HUNDRED
    zero = Decimal("0.00")
    return Pay(base=zero, evening=zero, weekend=zero, travel=zero, late_cancellation=cents(share))
