"""The hand-written iCalendar: CRLF line ends, lines folded at 75 octets, text escaped."""

import datetime as dt

from lisko.calendars import ical

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def test_lines_end_with_crlf_and_are_at_most_75_octets() -> None:
    event = ical.Event(
        uid="assignment-1@example.org",
        start=NOW,
        end=NOW + dt.timedelta(hours=1),
        summary="Dolmetschen: Sozialberatung (Tigrinisch) – " + "ü" * 80,
        description="Line one\nLine two; with, punctuation",
    )

    text = ical.calendar(events=[event], name="Lisko", product="-//Lisko//Test//EN", now=NOW)

    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Dolmetschen: Sozialberatung (Tigrinisch) – " + "ü" * 80 in unfolded
    assert "DESCRIPTION:Line one\\nLine two\\; with\\, punctuation" in unfolded


def test_times_are_written_in_utc() -> None:
    local = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    event = ical.Event(uid="x", start=local, end=local + dt.timedelta(minutes=45), summary="S")

    text = ical.calendar(events=[event], name="Lisko", product="-//Lisko//Test//EN", now=NOW)

    assert "DTSTART:20260701T070000Z\r\n" in text
    assert "DTEND:20260701T074500Z\r\n" in text
    assert "DTSTAMP:20261122T100000Z\r\n" in text


def test_a_calendar_without_events_is_still_valid() -> None:
    text = ical.calendar(events=[], name="Lisko", product="-//Lisko//Test//EN", now=NOW)

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Lisko//Test//EN\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "VEVENT" not in text
