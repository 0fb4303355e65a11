"""Writing an iCalendar feed (RFC 5545) by hand: CRLF line ends, lines folded at 75 octets.

Only what a phone calendar needs for a subscribed, read-only feed: VCALENDAR with VEVENTs that
carry UID, DTSTAMP, DTSTART, DTEND (in UTC), SUMMARY, LOCATION, URL, DESCRIPTION and STATUS.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a UTF-8 character;
    continuation lines begin with one space (RFC 5545 §3.1)."""
    pieces: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if current_octets + octets > limit:
            pieces.append(current)
            current, current_octets = " ", 1
            limit = MAX_LINE_OCTETS
        current += char
        current_octets += octets
    pieces.append(current)
    return CRLF.join(pieces)


def utc_stamp(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20261124T080000Z."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    *, events: Iterable[Event], name: str, product: str, now: dt.datetime, refresh_hours: int = 1
) -> str:
    """The whole VCALENDAR object as text, ready to send as text/calendar."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_hours}H",
        f"X-PUBLISHED-TTL:PT{refresh_hours}H",
    ]
    stamp = utc_stamp(now)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc_stamp(event.start)}",
            f"DTEND:{utc_stamp(event.end)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += [f"STATUS:{event.status}", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
