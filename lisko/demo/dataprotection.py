"""The data-protection officer's walk: closed cases for the retention queue and one to erase.

Ada, the organisation admin, finds under /organisation/ the retention queue with two cases past
their retention and one due within the month, and a case closed last month that the client
asked to have erased (nothing keeps it). Any client of the caseload is ready for a subject
access export; the export itself is built by the worker when she asks for it.
"""

import datetime as dt
import random

from lisko.clients.models import Client, Consent
from lisko.clients.services import close_client
from lisko.dataprotection.selectors import NOTICE_MONTHS, months_before
from lisko.demo.clients import caseload
from lisko.demo.clock import Clock
from lisko.demo.people import People
from lisko.languages.models import Language
from lisko.places.models import Municipality

# Far from the other demo clients' numbers, so that references never meet.
FIRST_INDEX = 3000


def closed_cases(
    rng: random.Random,
    people: People,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    demand: list[tuple[str, int]],
    clock: Clock,
) -> list[Client]:
    """Four closed cases: two past retention, one due within the notice month, one closed
    last month (the one to erase on request). Returns them in that order."""
    organisation = people.organisation
    retention = organisation.retention_months
    closed_on = [
        months_before(clock.now, retention + 14),
        months_before(clock.now, retention + 2),
        months_before(clock.now, retention - NOTICE_MONTHS) - dt.timedelta(days=10),
        months_before(clock.now, 1),
    ]
    clients = caseload(
        rng,
        organisation,
        municipalities,
        languages,
        demand,
        [people.users["sofia"]],
        clock,
        count=len(closed_on),
        first_index=FIRST_INDEX,
    )
    for client, closed_at in zip(clients, closed_on, strict=True):
        close_client(client=client, by=client.social_worker)
        # Back-dating for the demo: the case was opened a year and a half before it closed,
        # and closed on its day, not when the demo was loaded.
        client.arrival_date = (closed_at - dt.timedelta(days=540)).date()
        client.created_at = closed_at - dt.timedelta(days=530)
        client.closed_at = closed_at
        Consent.objects.filter(client=client).update(given_at=client.created_at)
    Client.objects.bulk_update(clients, ["arrival_date", "created_at", "closed_at"])
    return clients
