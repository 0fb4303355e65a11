"""How the organisation admin's pages word what they show: members with their roles, audit
events with the client's reference and the kind of record in the reader's language."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import batched

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.organisations.models import Membership

# Events fetched at once while an export streams; each batch asks for its clients' references.
EXPORT_BATCH = 2000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The references of the clients named by a batch of events, by client id.
ReferenceLookup = Callable[[Iterable[int | None]], dict[int, str]]


@dataclass(frozen=True)
class MemberRow:
    """One person of the organisation and the roles they hold there."""

    user: User
    memberships: list[Membership]


def member_rows(memberships: Iterable[Membership]) -> list[MemberRow]:
    """Memberships (ordered by person) grouped into one row per person."""
    rows: dict[int, MemberRow] = {}
    for membership in memberships:
        row = rows.setdefault(membership.user_id, MemberRow(membership.user, []))
        row.memberships.append(membership)
    return list(rows.values())


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    client_reference: str
    object_kind: str


def object_kind(object_type: str) -> str:
    """The kind of record an event speaks of, named in the reader's language."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


def event_rows(events: Iterable[AuditEvent], references: dict[int, str]) -> list[EventRow]:
    return [
        EventRow(
            event=event,
            client_reference=references.get(event.client_id, "") if event.client_id else "",
            object_kind=object_kind(event.object_type),
        )
        for event in events
    ]


class _Echo:
    """A file that hands back what is written to it, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def audit_csv(events: Iterable[AuditEvent], references_of: ReferenceLookup) -> Iterator[str]:
    """The events as CSV lines: a header in the reader's language, then one line per event,
    times in ISO 8601 in the installation's time zone."""
    # Translated now: the lines are written while the response streams, after the view.
    header = [
        _("When"),
        _("User name"),
        _("Name"),
        _("Action"),
        _("Client number"),
        _("Client reference"),
        _("Kind of record"),
        _("Record number"),
        _("Why"),
    ]
    return _csv_lines(header, events, references_of)


def _csv_lines(
    header: list[str], events: Iterable[AuditEvent], references_of: ReferenceLookup
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for batch in batched(events, EXPORT_BATCH):
        references = references_of(event.client_id for event in batch)
        for event in batch:
            actor = event.actor
            yield writer.writerow(
                [
                    _cell(timezone.localtime(event.at).isoformat(timespec="seconds")),
                    _cell(actor.username if actor else ""),
                    _cell(actor.get_full_name() if actor else ""),
                    _cell(event.action),
                    _cell(event.client_id),
                    _cell(references.get(event.client_id, "") if event.client_id else ""),
                    _cell(event.object_type),
                    _cell(event.object_id),
                    _cell(event.reason),
                ]
            )
