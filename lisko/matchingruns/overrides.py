"""Coordinator overrides: offer by hand (with a warning for every rule it breaks), lock an
offer, match a request again.

The warnings come from the matcher itself: the pair is matched alone, and each time the
matcher names the rule that stops it, that rule is noted and lifted, until nothing stops it.
So the list follows the matcher's own rules and order, whatever happens inside `matching/`.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, require_role, roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.selectors import booked_minutes as booked_minutes_of
from lisko.appointments.services import create_offer, withdraw_offers
from lisko.appointments.transitions import move_appointments
from lisko.core.errors import DomainError, NotFound
from lisko.core.jobs import MATCH_REQUEST, enqueue
from lisko.interpreters.models import ConflictOfInterest, Interpreter
from lisko.interpreters.selectors import availability_windows_for
from lisko.matchingruns.problems import (
    appointment_for_matcher,
    certification_lapses,
    interpreter_for_matcher,
    spoken_languages,
)
from lisko.matchingruns.reasons import warning_sentence
from matching import rules

Rule = tuple[str, dict[str, Any]]


def broken_rules(*, appointment: Appointment, interpreter: Interpreter) -> list[Rule]:
    """Every hard matching rule that offering `appointment` to `interpreter` breaks, as
    (warning code, data) in the order of the matcher's rule table."""
    [candidate] = _candidates(appointment=appointment, interpreters=[interpreter])
    return list(candidate.warnings)


def override_warnings(*, appointment: Appointment, interpreter: Interpreter) -> list[str]:
    """The broken rules as sentences for the coordinator, in the active language."""
    return [
        warning_sentence(code, data)
        for code, data in broken_rules(appointment=appointment, interpreter=interpreter)
    ]


def _require_coordinator(*, by: User, organisation_id: int) -> None:
    require_role(
        by=by,
        roles=roles.COORDINATING,
        organisation_id=organisation_id,
        refusal=_("Only a coordinator can change who is offered an appointment."),
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
        move_appointments(
            Appointment.objects.filter(pk=appointment.pk),
            Appointment.Status.REQUESTED,
            unfilled_reason="",
            unfilled_data={},
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
    move_appointments(
        Appointment.objects.filter(pk=appointment.pk),
        Appointment.Status.REQUESTED,
        unfilled_reason="",
        unfilled_data={},
    )
    enqueue(MATCH_REQUEST, appointment.pk)
    appointment.refresh_from_db()
    return appointment


# The candidate list of the override page --------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An interpreter a coordinator might offer an appointment to by hand, and what speaks
    against it: warnings as (code, data), empty when nothing does; sentences are made on display."""

    interpreter: Interpreter
    proficiency: int
    warnings: tuple[tuple[str, dict[str, Any]], ...]


def _override_warnings(
    *,
    appointment: Appointment,
    interpreter: Interpreter,
    proficiency: int,
    windows: list[tuple[dt.datetime, dt.datetime]],
    booked_minutes: int,
    is_busy: bool,
    has_conflict: bool,
    has_open_offer: bool,
) -> list[tuple[str, dict[str, Any]]]:
    """Every hard rule of the matcher this offer would break, as (code, data): the matcher's
    own rule table decides (matching.rules), in its order."""
    language = appointment.language.code
    pair_interpreter = dataclasses.replace(
        interpreter_for_matcher(interpreter, availability=windows, minutes_used=0),
        languages={language: proficiency},
    )
    lapses = certification_lapses(interpreter)
    return rules.override_warnings(
        appointment_for_matcher(appointment),
        pair_interpreter,
        windows=windows,
        booked_minutes=booked_minutes,
        busy=is_busy,
        conflict_of_interest=has_conflict,
        already_offered=has_open_offer,
        certification_lapses=lapses,
    )


def override_candidates(*, user: User, appointment: Appointment) -> list[Candidate]:
    """The active interpreters of the pool who speak the appointment's language (or its
    macrolanguage or a variety of it), best fitting first, each with its warnings."""
    if not access_of(user).holds(roles.COORDINATING, appointment.organisation_id):
        raise NotFound()
    language = appointment.language
    related_codes = {language.pk}
    if language.parent_id:
        related_codes.add(language.parent_id)
    interpreters = list(
        Interpreter.objects.filter(
            organisation_id=appointment.organisation_id,
            is_active=True,
        )
        .filter(
            Q(languages__language_id__in=related_codes)
            | Q(languages__language__parent_id=language.pk)
        )
        .distinct()
        .select_related("home_municipality")
        .prefetch_related("languages__language__parent")
    )
    candidates = _candidates(appointment=appointment, interpreters=interpreters)
    candidates.sort(
        key=lambda c: (len(c.warnings), -c.proficiency, c.interpreter.last_name, c.interpreter.pk)
    )
    return candidates


def _candidates(*, appointment: Appointment, interpreters: list[Interpreter]) -> list[Candidate]:
    """Each of these interpreters with the rules an offer to them would break (the caller has
    decided who may see them)."""
    language = appointment.language
    day = timezone.localdate(appointment.start)
    windows = availability_windows_for(interpreters=interpreters, date_from=day, date_until=day)
    week_start = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=day.weekday()), dt.time.min)
    )
    booked = booked_minutes_of(
        interpreters=Q(interpreter__in=interpreters),
        start=week_start,
        end=week_start + dt.timedelta(days=7),
    )
    busy = set(
        Assignment.objects.filter(
            interpreter__in=interpreters,
            state=Assignment.State.ACCEPTED,
            blocked_from__lt=appointment.end,
            blocked_until__gt=appointment.start,
        )
        .exclude(appointment=appointment)
        .values_list("interpreter_id", flat=True)
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(
            interpreter__in=interpreters, client_id=appointment.client_id
        ).values_list("interpreter_id", flat=True)
    )
    open_offer = set(
        Assignment.objects.filter(
            appointment=appointment, state__in=Assignment.OPEN_STATES
        ).values_list("interpreter_id", flat=True)
    )
    candidates = []
    for interpreter in interpreters:
        proficiency = spoken_languages(interpreter).get(language.code, 0)
        candidates.append(
            Candidate(
                interpreter=interpreter,
                proficiency=proficiency,
                warnings=tuple(
                    _override_warnings(
                        appointment=appointment,
                        interpreter=interpreter,
                        proficiency=proficiency,
                        windows=windows.get(interpreter.pk, []),
                        booked_minutes=booked.get(interpreter.pk, 0),
                        is_busy=interpreter.pk in busy,
                        has_conflict=interpreter.pk in conflicts,
                        has_open_offer=interpreter.pk in open_offer,
                    )
                ),
            )
        )
    return candidates
