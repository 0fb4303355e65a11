"""Duty of care through Django: specialisations the appointment's kind requires, and the weekly
cap on emotionally heavy assignments, in the instant match and in batch runs."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import REQUIRED_SKILLS, Appointment, Assignment
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter, Skill
from lisko.languages.models import Language
from lisko.matchingruns.batch import plan_matching_run, request_matching_run, solve_part
from lisko.matchingruns.dispatch import match_request
from lisko.matchingruns.reasons import reason_sentence
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.factories.interpreting import AlternativeSlotFactory, AssignmentFactory, in_days
from tests.lisko.matchingruns.conftest import make_interpreter, make_request

pytestmark = pytest.mark.django_db
Kind = Appointment.Kind
Status = Appointment.Status


@pytest.fixture
def ivan(personas: Personas, arabic: Language, luxembourg: Municipality) -> Interpreter:
    return make_interpreter(
        organisation=personas.organisation,
        language=arabic,
        home=luxembourg,
        user=personas.interpreter,
        skills=[Skill.THERAPY, Skill.MEDICAL],
        max_heavy_per_week=1,
    )


def test_each_specialised_kind_requires_its_specialisation() -> None:
    assert REQUIRED_SKILLS[Kind.THERAPY] == {Skill.THERAPY}
    assert REQUIRED_SKILLS[Kind.ASYLUM_HEARING] == {Skill.ASYLUM_HEARING}
    assert Appointment(kind=Kind.SOCIAL_COUNSELLING).required_skills == frozenset()


def test_a_legal_appointment_is_not_offered_to_someone_without_the_legal_specialisation(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia, kind=Kind.LEGAL)

    assert match_request(appointment_id=appointment.pk) == []

    appointment.refresh_from_db()
    assert appointment.status == Status.UNFILLED
    assert appointment.unfilled_reason == "skill_missing"
    assert "specialisation" in reason_sentence(
        appointment.unfilled_reason, appointment.unfilled_data
    )


def test_a_therapy_session_is_offered_to_someone_trained_for_it(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    appointment = make_request(client=client_of_sofia, kind=Kind.THERAPY)

    [offer] = match_request(appointment_id=appointment.pk)

    assert offer.interpreter == ivan


def test_the_weekly_cap_on_heavy_assignments_counts_bookings_already_taken(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    booked = make_request(client=client_of_sofia, days=3, hour=8, kind=Kind.THERAPY)
    AssignmentFactory(appointment=booked, interpreter=ivan, state=Assignment.State.ACCEPTED)
    Appointment.objects.filter(pk=booked.pk).update(status=Status.CONFIRMED)
    heavy = make_request(client=client_of_sofia, days=3, hour=14, kind=Kind.THERAPY)
    light = make_request(client=client_of_sofia, days=3, hour=16, kind=Kind.MEDICAL)

    assert match_request(appointment_id=heavy.pk) == []
    [offer] = match_request(appointment_id=light.pk)

    heavy.refresh_from_db()
    assert heavy.unfilled_reason == "heavy_cap"
    assert "heavy" in reason_sentence(heavy.unfilled_reason, heavy.unfilled_data)
    assert offer.interpreter == ivan


def test_a_batch_run_gives_an_interpreter_no_more_heavy_assignments_than_their_cap(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    sessions = [
        make_request(client=client_of_sofia, days=3, hour=hour, kind=Kind.THERAPY)
        for hour in (9, 14)
    ]
    run = request_matching_run(organisation=personas.organisation, by=personas.coordinator)
    for part_id in plan_matching_run(run_id=run.pk):
        solve_part(part_id=part_id)

    statuses = sorted(
        Appointment.objects.filter(pk__in=[s.pk for s in sessions]).values_list("status", flat=True)
    )
    assert statuses == [Status.OFFERED, Status.UNFILLED]
    assert Appointment.objects.get(status=Status.UNFILLED).unfilled_reason == "heavy_cap"


def test_an_organisation_decides_which_kinds_are_heavy(
    personas: Personas, client_of_sofia: Client, ivan: Interpreter
) -> None:
    Organisation.objects.filter(pk=personas.organisation.pk).update(heavy_kinds=[])
    booked = make_request(client=client_of_sofia, days=3, hour=8, kind=Kind.THERAPY)
    AssignmentFactory(appointment=booked, interpreter=ivan, state=Assignment.State.ACCEPTED)
    Appointment.objects.filter(pk=booked.pk).update(status=Status.CONFIRMED)
    second = make_request(client=client_of_sofia, days=3, hour=14, kind=Kind.THERAPY)

    [offer] = match_request(appointment_id=second.pk)

    assert offer.interpreter == ivan


def days_to_monday_after_next() -> int:
    """Days from today to the Monday of the week after next: a week with no booking yet, and
    a full week before it."""
    return 14 - timezone.localdate().weekday()


def test_an_alternative_time_in_another_week_respects_that_weeks_heavy_cap(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    monday = days_to_monday_after_next()
    # Ivan's one heavy assignment of the week after next is taken on its Wednesday.
    booked = make_request(client=client_of_sofia, days=monday + 2, hour=9, kind=Kind.THERAPY)
    AssignmentFactory(appointment=booked, interpreter=ivan, state=Assignment.State.ACCEPTED)
    Appointment.objects.filter(pk=booked.pk).update(status=Status.CONFIRMED)
    # A session asked for at 5 in the morning the Friday before (nobody works then), or on
    # the Tuesday of the full week.
    session = make_request(client=client_of_sofia, days=monday - 3, hour=5, kind=Kind.THERAPY)
    AlternativeSlotFactory(
        appointment=session,
        start=in_days(monday + 1, 10),
        end=in_days(monday + 1, 10) + dt.timedelta(hours=1),
    )

    assert match_request(appointment_id=session.pk) == []

    session.refresh_from_db()
    assert session.unfilled_reason == "heavy_cap"


def test_an_alternative_time_in_a_week_with_room_is_offered(
    client_of_sofia: Client, ivan: Interpreter
) -> None:
    monday = days_to_monday_after_next()
    # The heavy assignment taken is in the week of the first choice, not of the alternative.
    booked = make_request(client=client_of_sofia, days=monday - 5, hour=9, kind=Kind.THERAPY)
    AssignmentFactory(appointment=booked, interpreter=ivan, state=Assignment.State.ACCEPTED)
    Appointment.objects.filter(pk=booked.pk).update(status=Status.CONFIRMED)
    session = make_request(client=client_of_sofia, days=monday + 1, hour=10, kind=Kind.THERAPY)
    Appointment.objects.filter(pk=session.pk).update(
        start=in_days(monday + 1, 5), end=in_days(monday + 1, 6)
    )
    AlternativeSlotFactory(
        appointment=session,
        start=in_days(monday + 2, 10),
        end=in_days(monday + 2, 10) + dt.timedelta(hours=1),
    )

    [offer] = match_request(appointment_id=session.pk)

    assert offer.interpreter == ivan
    assert offer.start == in_days(monday + 2, 10)
