"""Coordinator overrides: offer by hand (with a warning for every rule it breaks), lock an
offer, match a request again.

The warnings come from the matcher itself: the pair is matched alone, and each time the
matcher names the rule that stops it, that rule is noted and lifted, until nothing stops it.
So the list follows the matcher's own rules and order, whatever happens inside `matching/`.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import MATCH_REQUEST, create_offer, withdraw_offers
from lisko.core.errors import DomainError, NotFound
from lisko.core.jobs import enqueue
from lisko.interpreters.models import Interpreter
from lisko.interpreters.selectors import roles_in
from lisko.matchingruns.problems import build_problem
from lisko.matchingruns.reasons import rule_sentence
from lisko.organisations.models import Role
from matching import types as m
from matching.rematch import rematch

Rule = tuple[str, dict[str, Any]]


def _only_pair(problem: m.Problem, change: Callable[[m.Interpreter], m.Interpreter]) -> m.Problem:
    return dataclasses.replace(
        problem, interpreters=tuple(change(person) for person in problem.interpreters)
    )


def _lift(code: str, problem: m.Problem) -> m.Problem | None:
    """The problem with the rule `code` lifted for the one pair, or None if it cannot be."""
    [appointment] = problem.appointments
    replace = dataclasses.replace
    if code == "no_speaker":
        return _only_pair(
            problem,
            lambda p: replace(p, languages={**p.languages, appointment.language: 5}),
        )
    if code == "level_requirement":
        return _only_pair(problem, lambda p: replace(p, level=max(p.level, appointment.min_level)))
    if code == "gender_requirement":
        return _only_pair(problem, lambda p: replace(p, gender=appointment.gender))
    if code == "modality_not_offered":
        return _only_pair(
            problem, lambda p: replace(p, modalities=(*p.modalities, appointment.modality))
        )
    if code == "conflict_of_interest":
        return replace(problem, blocked=frozenset())
    if code == "not_available":
        window = ((appointment.start, appointment.end),)
        return _only_pair(problem, lambda p: replace(p, availability=window))
    if code == "travel_limit":
        return _only_pair(problem, lambda p: replace(p, max_travel_min=None))
    if code == "fully_booked":
        return _only_pair(problem, lambda p: replace(p, max_minutes=None))
    return None


def broken_rules(*, appointment: Appointment, interpreter: Interpreter) -> list[Rule]:
    """Every hard matching rule that offering `appointment` to `interpreter` breaks, in order."""
    problem = build_problem(
        organisation_id=appointment.organisation_id,
        appointments=[appointment],
        interpreters=[interpreter],
    )
    broken: list[Rule] = []
    while len(broken) < 10:
        result = rematch(problem, {}, [str(appointment.pk)], time_limit_s=0.1)
        if result.assignments or not result.unassigned:
            break
        reason = result.unassigned[0]
        broken.append((reason.code, dict(reason.data)))
        lifted = _lift(reason.code, problem)
        if lifted is None:
            break
        problem = lifted
    return broken


def override_warnings(*, appointment: Appointment, interpreter: Interpreter) -> list[str]:
    """The broken rules as sentences for the coordinator, in the active language."""
    return [
        rule_sentence(code, data)
        for code, data in broken_rules(appointment=appointment, interpreter=interpreter)
    ]


def _require_coordinator(*, by: User, organisation_id: int) -> None:
    roles = roles_in(user=by, organisation_id=organisation_id)
    if not roles:
        raise NotFound()
    if Role.COORDINATOR not in roles:
        raise DomainError(
            _("Only a coordinator can change who is offered an appointment."),
            code="permission_denied",
        )


@transaction.atomic
def assign_by_hand(
    *, appointment: Appointment, interpreter: Interpreter, by: User, confirm: bool = False
) -> Assignment:
    """Offer the appointment to a person the coordinator chose; the offers open to others are
    withdrawn. Breaking a matching rule needs `confirm`."""
    appointment = Appointment.objects.select_for_update(of=("self",), no_key=True).get(
        pk=appointment.pk
    )
    _require_coordinator(by=by, organisation_id=appointment.organisation_id)
    if appointment.status in (Appointment.Status.CONFIRMED, Appointment.Status.DONE):
        raise DomainError(
            _("This appointment is already confirmed; withdraw the booking first."),
            code="confirmed",
        )
    if appointment.status == Appointment.Status.CANCELLED:
        raise DomainError(_("This appointment is cancelled."), code="cancelled")
    broken = broken_rules(appointment=appointment, interpreter=interpreter)
    if broken and not confirm:
        raise DomainError(
            _("This offer breaks matching rules; confirm to make it anyway."),
            code="needs_confirmation",
        )
    withdraw_offers(appointment=appointment, by=by)
    if appointment.status != Appointment.Status.REQUESTED:
        Appointment.objects.filter(pk=appointment.pk).update(
            status=Appointment.Status.REQUESTED, unfilled_reason="", unfilled_data={}
        )
    appointment.refresh_from_db()
    return create_offer(
        appointment=appointment,
        interpreter=interpreter,
        by=by,
        score={"manual": True, "broken_rules": [code for code, _data in broken]},
    )


@transaction.atomic
def lock_offer(*, assignment: Assignment, by: User) -> Assignment:
    """Keep an offer open for this person until the appointment starts: it no longer expires
    and passes to the next candidate."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",), no_key=True)
        .select_related("appointment")
        .get(pk=assignment.pk)
    )
    _require_coordinator(by=by, organisation_id=assignment.appointment.organisation_id)
    if assignment.state != Assignment.State.OFFERED:
        raise DomainError(_("Only an open offer can be locked."), code="offer_closed")
    assignment.expires_at = assignment.appointment.start
    assignment.score = {**assignment.score, "locked_by": by.pk}
    assignment.save(update_fields=["expires_at", "score"])
    return assignment


@transaction.atomic
def rematch_request(*, appointment: Appointment, by: User) -> Appointment:
    """Match a request again from scratch: open offers are withdrawn (bookings stay), and an
    unfilled request is looked for again."""
    appointment = Appointment.objects.select_for_update(of=("self",), no_key=True).get(
        pk=appointment.pk
    )
    _require_coordinator(by=by, organisation_id=appointment.organisation_id)
    if appointment.status not in (
        Appointment.Status.REQUESTED,
        Appointment.Status.OFFERED,
        Appointment.Status.UNFILLED,
    ):
        raise DomainError(
            _("Only a request that is open, offered or unfilled can be matched again."),
            code="not_open",
        )
    withdraw_offers(appointment=appointment, by=by)
    Appointment.objects.filter(pk=appointment.pk).update(
        status=Appointment.Status.REQUESTED, unfilled_reason="", unfilled_data={}
    )
    enqueue(MATCH_REQUEST, appointment.pk)
    appointment.refresh_from_db()
    return appointment
