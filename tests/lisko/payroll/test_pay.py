"""The pay computation: base, minimum, surcharges, travel, late cancellation, rounding."""

import datetime as dt
from decimal import Decimal

from lisko.payroll.pay import Terms, late_cancellation_pay, work_pay

TERMS = Terms(
    hourly=Decimal("60.00"),
    evening_from_hour=20,
    evening_percent=Decimal("25"),
    weekend_percent=Decimal("50"),
    travel_per_minute=Decimal("0.50"),
    minimum_minutes=60,
    late_cancellation_percent=Decimal("50"),
)
# Wall-clock times, as the computation takes them (it never sees a time zone).
WEDNESDAY = dt.datetime(2026, 10, 7, 9, 0)  # noqa: DTZ001
SATURDAY = dt.datetime(2026, 10, 10, 9, 0)  # noqa: DTZ001


def test_weekday_daytime_pays_the_base_only() -> None:
    pay = work_pay(terms=TERMS, start=WEDNESDAY, minutes=90, travel_minutes=0)
    assert (pay.base, pay.evening, pay.weekend, pay.total) == (
        Decimal("90.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("90.00"),
    )


def test_short_work_is_paid_the_minimum() -> None:
    pay = work_pay(terms=TERMS, start=WEDNESDAY, minutes=20, travel_minutes=0)
    assert pay.base == Decimal("60.00")


def test_evening_surcharge_counts_only_the_minutes_after_the_evening_hour() -> None:
    pay = work_pay(terms=TERMS, start=WEDNESDAY.replace(hour=19), minutes=120, travel_minutes=0)
    # 60 evening minutes × 1 €/min × 25 %
    assert pay.evening == Decimal("15.00")


def test_weekend_surcharge_applies_to_saturday_work() -> None:
    pay = work_pay(terms=TERMS, start=SATURDAY, minutes=60, travel_minutes=0)
    assert pay.weekend == Decimal("30.00")


def test_travel_is_paid_per_minute() -> None:
    pay = work_pay(terms=TERMS, start=WEDNESDAY, minutes=60, travel_minutes=45)
    assert pay.travel == Decimal("22.50")


def test_late_cancellation_pays_the_share_of_the_booked_duration() -> None:
    pay = late_cancellation_pay(terms=TERMS, booked_minutes=90)
    assert (pay.late_cancellation, pay.total) == (Decimal("45.00"), Decimal("45.00"))


def test_each_part_is_rounded_half_up_to_cents() -> None:
    terms = Terms(hourly=Decimal("10.05"), travel_per_minute=Decimal("0.0125"))
    pay = work_pay(terms=terms, start=WEDNESDAY, minutes=30, travel_minutes=1)
    # 10.05 / 2 = 5.025 → 5.03; 0.0125 → 0.01
    assert (pay.base, pay.travel, pay.total) == (
        Decimal("5.03"),
        Decimal("0.01"),
        Decimal("5.04"),
    )
