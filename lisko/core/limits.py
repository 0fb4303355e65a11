"""The ranges of dates, durations and numbers Lisko accepts, decided once.

Services call the `check_*` functions, so the web pages and the API refuse the same values with
the same translated message; forms and serializers read the same constants for inline errors.
A value outside these ranges cannot be meant (a typo, a fuzzer, a clock gone wrong), and some
would break later work: a booking in 9999 overflows the calendar arithmetic of the matching.
"""

import datetime as dt

from django.utils.translation import gettext as _

from lisko.core.errors import DomainError

# Any date or time typed in: before 1900 time zones had offsets in seconds that no client can
# read back; after 2200 nothing Lisko plans can lie, and a week or a month later still exists.
FIRST_YEAR = 1900
LAST_YEAR = 2200
# How far ahead an appointment may be booked: court dates and school years are known about a
# year ahead; beyond two years a date is a typo.
BOOKING_HORIZON = dt.timedelta(days=2 * 365)
# The longest appointment: a full day in court or at a hospital, with breaks.
LONGEST_APPOINTMENT = dt.timedelta(hours=12)
# Nobody is older than this; an earlier birth date is a typo (year 1 instead of 2001).
OLDEST_AGE_YEARS = 120


def year_in_range(day: dt.date) -> bool:
    """Whether a date (or datetime) lies within the years Lisko deals with."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def check_date(day: dt.date) -> None:
    """Refuse a date (or datetime) outside the years Lisko deals with."""
    if not year_in_range(day):
        raise DomainError(
            _("Enter a date between the years {first} and {last}.").format(
                first=FIRST_YEAR, last=LAST_YEAR
            ),
            code="out_of_range",
        )


def check_booking_period(*, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> None:
    """Refuse an appointment (or an alternative slot) too far ahead or too long."""
    if start > now + BOOKING_HORIZON:
        raise DomainError(
            _("An appointment can be booked at most {days} days ahead.").format(
                days=BOOKING_HORIZON.days
            ),
            code="beyond_booking_horizon",
        )
    if end - start > LONGEST_APPOINTMENT:
        raise DomainError(
            _("An appointment can last at most {hours} hours.").format(
                hours=int(LONGEST_APPOINTMENT.total_seconds() // 3600)
            ),
            code="too_long",
        )


def earliest_birth_date(*, today: dt.date) -> dt.date:
    """The earliest plausible birth date on `today`."""
    year = today.year - OLDEST_AGE_YEARS
    # 29 February has no twin in most years.
    return (
        today.replace(year=year, day=28)
        if (today.month, today.day) == (2, 29)
        else (today.replace(year=year))
    )


def check_birth_date(birth_date: dt.date, *, today: dt.date) -> None:
    """Refuse a birth date more than OLDEST_AGE_YEARS ago (the future is refused elsewhere)."""
    if birth_date < earliest_birth_date(today=today):
        raise DomainError(
            _("Enter a birth date less than {years} years ago.").format(years=OLDEST_AGE_YEARS),
            code="birth_too_early",
        )


# The largest id a PostgreSQL bigint holds: a longer number cannot name a row, and a query
# with it fails in the database instead of finding nothing.
LARGEST_ID = 2**63 - 1


def parse_id(raw: str) -> int | None:
    """The id typed into a query string or form, or None when it cannot be one: "²" passes
    `str.isdigit` but `int` refuses it, twenty digits overflow the column, and five thousand
    are more than `int` reads."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(LARGEST_ID)):
        return None
    value = int(raw)
    return value if 0 < value <= LARGEST_ID else None
