"""From request to offer: the instant match, the next candidate, and unfilled requests."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import (
    accept_offer,
    cancel_appointment,
    change_appointment,
    decline_offer,
    expire_offers,
    request_interpreter,
)
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.languages.models import Language
from lisko.matchingruns.dispatch import match_request
from lisko.notifications.models import Notification, PendingNotice
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from tests.conftest import Personas, SentTasks
from tests.factories.core import LanguageFactory, make_member
from tests.factories.interpreting import AssignmentFactory, ConflictOfInterestFactory
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from workers import tasks

Status = Appointment.Status
State = Assignment.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def near(personas: Personas, arabic: Language, luxembourg: Municipality) -> Interpreter:
    return make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        user=personas.interpreter,
        first_name="Ivan",
    )


@pytest.fixture
def far(personas: Personas, arabic: Language, far_away: Municipality) -> Interpreter:
    return make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=far_away,
        user=make_member(organisation=personas.organisation, role="interpreter"),
        first_name="Farid",
    )


def offers_of(appointment: Appointment) -> list[Assignment]:
    return list(appointment.assignments.order_by("pk"))


def test_a_request_is_offered_to_the_best_candidate(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)

    offers = match_request(appointment_id=appointment.pk)

    appointment.refresh_from_db()
    assert [offer.interpreter for offer in offers] == [near]
    assert appointment.status == Status.OFFERED
    assert offers[0].expires_at is not None and offers[0].expires_at > timezone.now()


def test_a_broadcast_organisation_offers_the_top_candidates_at_once(
    client_of_sofia: Client, near: Interpreter, far: Interpreter, personas: Personas
) -> None:
    Organisation.objects.filter(pk=personas.organisation.pk).update(
        offer_strategy=Organisation.OfferStrategy.BROADCAST, broadcast_size=3
    )
    appointment = make_request(client=client_of_sofia)

    offers = match_request(appointment_id=appointment.pk)

    assert {offer.interpreter for offer in offers} == {near, far}


def test_the_first_accept_of_a_broadcast_wins_and_the_second_is_told_why(
    client_of_sofia: Client, near: Interpreter, far: Interpreter, personas: Personas
) -> None:
    Organisation.objects.filter(pk=personas.organisation.pk).update(
        offer_strategy=Organisation.OfferStrategy.BROADCAST
    )
    appointment = make_request(client=client_of_sofia)
    first, second = sorted(match_request(appointment_id=appointment.pk), key=lambda o: o.pk)

    accept_offer(assignment=first, by=first.interpreter.user)
    from lisko.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        accept_offer(assignment=second, by=second.interpreter.user)

    assert refused.value.code == "taken"
    appointment.refresh_from_db()
    assert appointment.status == Status.CONFIRMED


# When one of a broadcast's interpreters accepts -------------------------------------------


@pytest.fixture
def broadcast(personas: Personas) -> None:
    """Sofia's organisation offers each request to its top candidates at once."""
    Organisation.objects.filter(pk=personas.organisation.pk).update(
        offer_strategy=Organisation.OfferStrategy.BROADCAST
    )


def broadcast_offers(appointment: Appointment) -> dict[Interpreter, Assignment]:
    """The appointment offered to its top candidates at once, by interpreter."""
    return {offer.interpreter: offer for offer in match_request(appointment_id=appointment.pk)}


def run_notices(sent_tasks: SentTasks) -> None:
    """Tell the pending notices the services asked for, as the worker would."""
    for (pending_id,) in sent_tasks.named("lisko.notify.tell"):
        tasks.tell_notice.apply(args=[pending_id]).get()


def pending(telling: str) -> list[dict[str, object]]:
    """The arguments of the notices of `telling` that the services left to be told."""
    return [
        notice.arguments for notice in PendingNotice.objects.filter(telling=telling).order_by("pk")
    ]


def test_the_other_offered_interpreters_are_told_the_appointment_was_taken(
    broadcast: None,
    client_of_sofia: Client,
    near: Interpreter,
    far: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    offers = broadcast_offers(make_request(client=client_of_sofia))

    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(assignment=offers[near], by=near.user)
    run_notices(sent_tasks)

    assert pending("withdrawn") == [{"assignment_id": offers[far].pk, "reason": "taken"}]
    notice = Notification.objects.get(recipient=far.user)
    assert (notice.kind, notice.key) == (Notification.Kind.TAKEN, f"withdrawn:{offers[far].pk}")


def test_the_interpreter_who_accepted_is_not_told_it_was_taken(
    broadcast: None,
    client_of_sofia: Client,
    near: Interpreter,
    far: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    offers = broadcast_offers(make_request(client=client_of_sofia))

    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(assignment=offers[near], by=near.user)
    run_notices(sent_tasks)

    assert not Notification.objects.filter(recipient=near.user).exists()


def test_an_interpreter_only_proposed_to_is_not_told_it_was_taken(
    client_of_sofia: Client,
    near: Interpreter,
    far: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [offer] = match_request(appointment_id=appointment.pk)
    proposal = AssignmentFactory(
        appointment=appointment, interpreter=far, state=State.PROPOSED, offered_at=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        accept_offer(assignment=offer, by=near.user)

    proposal.refresh_from_db()
    assert proposal.state == State.WITHDRAWN
    assert pending("withdrawn") == []


def test_a_decline_passes_the_request_to_the_next_candidate(
    client_of_sofia: Client,
    near: Interpreter,
    far: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [first] = match_request(appointment_id=appointment.pk)

    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(assignment=first, by=near.user, reason="not_available")
    assert sent_tasks.named("lisko.dispatch.match_request") == [(appointment.pk,)]
    [second] = match_request(appointment_id=appointment.pk)

    assert second.interpreter == far


def test_an_expired_offer_passes_the_request_to_the_next_candidate(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)
    [first] = match_request(appointment_id=appointment.pk)

    expire_offers(now=first.expires_at + dt.timedelta(seconds=1))
    [second] = match_request(appointment_id=appointment.pk)

    first.refresh_from_db()
    assert (first.state, second.interpreter) == (State.EXPIRED, far)


def test_when_everyone_declined_the_request_is_unfilled_and_the_coordinator_is_told(
    client_of_sofia: Client,
    near: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [offer] = match_request(appointment_id=appointment.pk)
    decline_offer(assignment=offer, by=near.user, reason="too_far")

    with django_capture_on_commit_callbacks(execute=True):
        assert match_request(appointment_id=appointment.pk) == []

    appointment.refresh_from_db()
    assert (appointment.status, appointment.unfilled_reason) == (Status.UNFILLED, "excluded")
    assert pending("unfilled") == [{"appointment_id": appointment.pk}]


def test_a_request_nobody_speaks_is_unfilled_with_the_matchers_reason(
    client_of_sofia: Client, near: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia, language=LanguageFactory(code="tir"))

    match_request(appointment_id=appointment.pk)

    appointment.refresh_from_db()
    assert (appointment.status, appointment.unfilled_reason) == (Status.UNFILLED, "no_speaker")
    assert appointment.unfilled_data["language"] == "tir"


def test_matching_a_request_twice_makes_one_offer(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)

    match_request(appointment_id=appointment.pk)
    match_request(appointment_id=appointment.pk)

    assert len(offers_of(appointment)) == 1


def test_an_interpreter_booked_at_that_time_is_not_offered_it(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)
    other = make_request(client=client_of_sofia, status=Status.CONFIRMED)
    AssignmentFactory(
        appointment=other,
        interpreter=near,
        state=State.ACCEPTED,
        blocked_from=other.start - dt.timedelta(minutes=15),
        blocked_until=other.end + dt.timedelta(minutes=15),
    )

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter == far


def test_the_weekly_limit_counts_minutes_already_accepted(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    Interpreter.objects.filter(pk=near.pk).update(weekly_minutes_limit=90)
    appointment = make_request(client=client_of_sofia, days=3, hour=14)
    earlier = make_request(client=client_of_sofia, days=3, hour=8, status=Status.CONFIRMED)
    AssignmentFactory(appointment=earlier, interpreter=near, state=State.ACCEPTED)

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter == far


def test_a_conflict_of_interest_keeps_the_interpreter_out(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    ConflictOfInterestFactory(interpreter=near, client=client_of_sofia)
    appointment = make_request(client=client_of_sofia)

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter == far


def test_requesting_an_interpreter_enqueues_the_instant_match_after_commit(
    client_of_sofia: Client,
    personas: Personas,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia, status=Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_interpreter(appointment=appointment, by=personas.social_worker)
        assert sent_tasks.calls == []
    for callback in callbacks:
        callback()

    assert sent_tasks.named("lisko.dispatch.match_request") == [(appointment.pk,)]


def test_a_new_offer_asks_for_the_interpreter_to_be_told(
    client_of_sofia: Client,
    near: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)

    with django_capture_on_commit_callbacks(execute=True):
        [offer] = match_request(appointment_id=appointment.pk)

    assert pending("new_offer") == [{"assignment_id": offer.pk}]


def test_a_change_withdraws_the_offer_tells_the_interpreter_and_matches_again(
    client_of_sofia: Client,
    near: Interpreter,
    personas: Personas,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [offer] = match_request(appointment_id=appointment.pk)

    with django_capture_on_commit_callbacks(execute=True):
        change_appointment(
            appointment=appointment,
            by=personas.social_worker,
            start=appointment.start + dt.timedelta(hours=2),
            end=appointment.end + dt.timedelta(hours=2),
        )

    offer.refresh_from_db()
    assert offer.state == State.WITHDRAWN
    assert pending("withdrawn") == [{"assignment_id": offer.pk, "reason": "changed"}]
    assert sent_tasks.named("lisko.dispatch.match_request") == [(appointment.pk,)]
    [again] = match_request(appointment_id=appointment.pk)
    assert again.interpreter == near


def test_a_cancellation_tells_the_booked_interpreter(
    client_of_sofia: Client,
    near: Interpreter,
    personas: Personas,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [offer] = match_request(appointment_id=appointment.pk)
    accept_offer(assignment=offer, by=near.user)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment=appointment, by=personas.social_worker)

    assert pending("withdrawn") == [{"assignment_id": offer.pk, "reason": "cancelled"}]


def test_an_appointment_that_began_unanswered_is_unfilled(
    client_of_sofia: Client, near: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)

    match_request(appointment_id=appointment.pk, now=appointment.start + dt.timedelta(minutes=1))

    appointment.refresh_from_db()
    assert (appointment.status, appointment.unfilled_reason) == (Status.UNFILLED, "too_late")


def test_the_jobs_a_decline_asks_for_run_inline_to_the_next_offer(
    client_of_sofia: Client,
    near: Interpreter,
    far: Interpreter,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    appointment = make_request(client=client_of_sofia)
    [first] = match_request(appointment_id=appointment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(assignment=first, by=near.user, reason="not_available")

    with django_capture_on_commit_callbacks(execute=True):
        sent_tasks.run_inline()

    offered = Assignment.objects.filter(appointment=appointment, state=Assignment.State.OFFERED)
    assert [offer.interpreter_id for offer in offered] == [far.pk]


def test_the_instant_match_offers_the_nearest_and_keeps_the_other_as_alternative(
    client_of_sofia: Client, near: Interpreter, far: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia)

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter_id == near.pk
    assert [row["interpreter_id"] for row in offer.score["alternatives"]] == [far.pk]
