"""Reading form input on the interpreter pages; bad input becomes a translated DomainError."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.core.errors import DomainError
from lisko.core.limits import check_date


def parse_time(raw: str) -> dt.time:
    """A time as the browser's time input sends it: 08:30 (seconds allowed)."""
    try:
        return dt.time.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(_("Enter times as hours and minutes, for example 08:30.")) from None


def parse_date(raw: str) -> dt.date:
    """A date as the browser's date input sends it: 2026-11-24, within the years Lisko knows."""
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(
            _("Enter a date as year, month and day, for example 2026-11-24.")
        ) from None
    # Year 9999 parses, but the day after it does not exist: refuse it before any arithmetic.
    check_date(day)
    return day


def parse_minutes(raw: str) -> int:
    """A whole, non-negative number of minutes; empty means 0."""
    raw = raw.strip()
    if not raw:
        return 0
    try:
        minutes = int(raw)
    except ValueError:
        raise DomainError(_("Enter the travel time as a whole number of minutes.")) from None
    if minutes < 0:
        raise DomainError(_("Travel time cannot be negative."))
    if minutes > 24 * 60:
        raise DomainError(_("Travel time cannot be longer than a day."))
    return minutes


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware datetime from a local date and time, in the active time zone."""
    return timezone.make_aware(dt.datetime.combine(day, time))


def parse_month(raw: str | None, *, today: dt.date) -> dt.date:
    """The first day of a month given as 2026-11; the current month when absent.

    A malformed month, or one outside the years Lisko deals with, is refused.
    """
    if not raw:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in raw.split("-", 1))
        first = dt.date(year, month, 1)
    except (ValueError, OverflowError):
        raise DomainError(_("Enter a month as year and month, for example 2026-11.")) from None
    check_date(first)
    return first
