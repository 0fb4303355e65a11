"""From request to offer: the instant match for one appointment, and the next candidate after
a decline or an expiry.

`match_request` is the whole step. It locks the appointment and acts only while it is a
request with no offer open, so any number of concurrent or repeated calls make one offer
sequence. It runs again (through `lisko.core.jobs`) whenever an appointment becomes a request:
booked with a request, declined or expired by everyone asked, changed, re-run by a coordinator.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import create_offer, mark_unfilled
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.matchingruns.problems import (
    assigned_from,
    build_problem,
    declined_interpreter_ids,
    fit_travel,
)
from lisko.matchingruns.services import Assigned
from lisko.organisations.models import Organisation
from matching.instant import rank

logger = logging.getLogger(__name__)


@transaction.atomic
def match_request(*, appointment_id: int, now: dt.datetime | None = None) -> list[Assignment]:
    """Offer a request to its best candidate (or the top k, for broadcast), or mark it unfilled.

    Returns the offers made; none when the appointment is not an open request any more.
    """
    now = now or timezone.now()
    appointment = (
        Appointment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation", "language", "municipality", "client")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or appointment.status != Appointment.Status.REQUESTED:
        return []
    if Assignment.objects.filter(
        appointment=appointment, state__in=Assignment.OPEN_STATES
    ).exists():
        return []
    if appointment.start <= now:
        mark_unfilled(appointment=appointment, reason_code="too_late", data={})
        return []
    organisation = appointment.organisation
    wanted = (
        organisation.broadcast_size
        if organisation.offer_strategy == Organisation.OfferStrategy.BROADCAST
        else 1
    )
    problem = build_problem(organisation_id=organisation.pk, appointments=[appointment])
    excluded = {
        (str(appointment.pk), str(interpreter_id))
        for interpreter_id in declined_interpreter_ids(appointment=appointment)
    }
    result = rank(problem, str(appointment.pk), wanted=max(1, wanted), excluded_pairs=excluded)
    if not result.assignments:
        reason = result.unassigned[0] if result.unassigned else None
        code = reason.code if reason is not None else "not_considered"
        mark_unfilled(
            appointment=appointment, reason_code=code, data=dict(reason.data) if reason else {}
        )
        return []
    chosen = [assigned_from(row) for row in result.assignments]
    offers: list[Assignment] = []
    interpreters = Interpreter.objects.in_bulk([decision.interpreter_id for decision in chosen])
    for decision in chosen:
        fitted = fit_travel({appointment.pk: decision})[appointment.pk]
        assert isinstance(fitted, Assigned)
        try:
            offers.append(
                create_offer(
                    appointment=appointment,
                    interpreter=interpreters[decision.interpreter_id],
                    by=None,
                    travel_minutes=fitted.travel_minutes,
                    score=fitted.score,
                    start=fitted.start,
                    now=now,
                )
            )
        except DomainError as error:  # e.g. a conflict of interest declared a moment ago
            logger.warning("Offer for appointment %s refused: %s", appointment.pk, error.code)
    if not offers:
        mark_unfilled(appointment=appointment, reason_code="offer_refused", data={})
    return offers
