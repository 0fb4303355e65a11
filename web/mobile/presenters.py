"""What an interpreter may see of an appointment, and nothing more.

The data-minimisation rule: time, place or call link, language, kind, duration, travel, the
client's first name, the social worker's name and contact, and the notes the social worker wrote
for the interpreter (the booking form says the interpreter sees them). Templates get an
`AssignmentCard` instead of the model, so a careless `{{ appointment.client.last_name }}` cannot
leak anything.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from lisko.appointments.models import Assignment
from lisko.interpreters.models import Modality

# Date formats (Django's date filter letters) whose order and punctuation differ by language:
# translators write the format of their language, e.g. "l, j. F" in German.
DATE_FORMATS = {
    "day": pgettext_lazy("date format: weekday, day and month, e.g. Monday 24 November", "l j F"),
    "short_day": pgettext_lazy(
        "date format: short weekday, day and month, e.g. Mon 24 Nov", "D j M"
    ),
    "weekday_number": pgettext_lazy("date format: short weekday and day, e.g. Mon 24", "D j"),
    "month": pgettext_lazy("date format: month and year, e.g. November 2026", "F Y"),
    "date": pgettext_lazy("date format: day, short month and year, e.g. 24 Nov 2026", "j M Y"),
}


def date_formats() -> dict[str, str]:
    """The date formats of the active language, for templates: {{ day|date:formats.day }}."""
    return {name: str(pattern) for name, pattern in DATE_FORMATS.items()}


def duration_text(minutes: int) -> str:
    """A duration as people say it: "45 minutes", "2 hours", "1 h 30 min"."""
    if minutes < 60:
        return ngettext("{count} minute", "{count} minutes", minutes).format(
            count=number_format(minutes)
        )
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return ngettext("{count} hour", "{count} hours", hours).format(count=number_format(hours))
    return _("{hours} h {minutes} min").format(
        hours=number_format(hours), minutes=number_format(rest)
    )


@dataclass(frozen=True)
class AssignmentCard:
    """One offer or booking as the interpreter sees it."""

    id: int
    state: str
    state_label: str
    start: dt.datetime
    end: dt.datetime
    duration_minutes: int
    kind: str
    language: str
    modality: str
    modality_label: str
    municipality: str
    address: str
    remote_link: str
    travel_minutes: int
    expires_at: dt.datetime | None
    client_first_name: str
    social_worker_name: str
    social_worker_email: str
    social_worker_phone: str
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    actual_travel_minutes: int | None
    notes_for_interpreter: str = ""
    at_alternative_time: bool = False
    """An offer at one of the client's alternative times rather than the first choice."""

    @property
    def duration(self) -> str:
        return duration_text(self.duration_minutes)

    @property
    def travel(self) -> str:
        return duration_text(self.travel_minutes)

    @property
    def is_on_site(self) -> bool:
        return self.modality == Modality.ON_SITE

    @property
    def place(self) -> str:
        """The address and municipality in one line."""
        return ", ".join(part for part in (self.address, self.municipality) if part)

    @property
    def directions_url(self) -> str:
        """A route to the place in OpenStreetMap, which every phone browser opens."""
        if not self.is_on_site or not self.place:
            return ""
        return "https://www.openstreetmap.org/directions?" + urlencode({"to": self.place})

    @property
    def call_url(self) -> str:
        """The video link as is, or a tel: link for a phone number."""
        link = self.remote_link.strip()
        if link.startswith(("https://", "http://")):
            return link
        digits = "".join(ch for ch in link if ch.isdigit() or ch == "+")
        return f"tel:{quote(digits)}" if digits else ""

    @property
    def social_worker_tel(self) -> str:
        digits = "".join(ch for ch in self.social_worker_phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def worked_minutes(self) -> int:
        if self.actual_start is None or self.actual_end is None:
            return 0
        return int((self.actual_end - self.actual_start).total_seconds() // 60)

    @property
    def worked(self) -> str:
        return duration_text(self.worked_minutes)

    @property
    def actual_travel(self) -> str:
        return duration_text(self.actual_travel_minutes or 0)


def card_for(assignment: Assignment) -> AssignmentCard:
    """The interpreter's view of one assignment; reads only the allowed fields."""
    appointment = assignment.appointment
    social_worker = appointment.booked_by
    return AssignmentCard(
        id=assignment.pk,
        state=assignment.state,
        state_label=assignment.get_state_display(),
        # The time offered: one of the appointment's alternatives when the matcher chose it.
        start=assignment.offered_start,
        end=assignment.offered_end,
        duration_minutes=int(
            (assignment.offered_end - assignment.offered_start).total_seconds() // 60
        ),
        at_alternative_time=(
            assignment.state == Assignment.State.OFFERED and assignment.at_alternative_time
        ),
        kind=appointment.get_kind_display(),
        language=appointment.language.display_name(),
        modality=appointment.modality,
        modality_label=appointment.get_modality_display(),
        municipality=appointment.municipality.name if appointment.municipality else "",
        address=appointment.where_for_interpreter()[0],
        remote_link=appointment.where_for_interpreter()[1],
        travel_minutes=assignment.travel_minutes,
        expires_at=assignment.expires_at,
        # Only where the client's consent to interpreting covers it (see _own_assignments).
        client_first_name=(
            appointment.client.first_name if getattr(assignment, "client_consents", False) else ""
        ),
        social_worker_name=social_worker.get_full_name() or social_worker.username,
        social_worker_email=social_worker.email,
        social_worker_phone=social_worker.phone,
        actual_start=assignment.actual_start,
        actual_end=assignment.actual_end,
        actual_travel_minutes=assignment.actual_travel_minutes,
        notes_for_interpreter=appointment.notes_for_interpreter.strip(),
    )
