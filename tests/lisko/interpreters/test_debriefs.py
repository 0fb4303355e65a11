"""Duty of care: after an emotionally heavy assignment the interpreter asks for a debrief, the
coordinators are told, and a coordinator records it in the supervision log."""

import datetime as dt

import pytest
from django.utils import timezone

from lisko.appointments.models import Appointment
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.debriefs import ask_for_debrief, record_debrief
from lisko.interpreters.models import Debrief, Interpreter
from lisko.interpreters.selectors import debriefs_for
from lisko.notifications import outbox
from lisko.notifications.models import Notification, PendingNotice
from lisko.organisations.models import Membership, Role
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.interpreting import InterpreterFactory, heavy_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def ivan(personas: Personas) -> Interpreter:
    return InterpreterFactory(
        organisation=personas.organisation, user=personas.interpreter, first_name="Ivan"
    )


def asked(personas: Personas, ivan: Interpreter, **fields: object) -> Debrief:
    return ask_for_debrief(assignment=heavy_assignment(ivan), by=personas.interpreter, **fields)


def test_the_interpreter_asks_for_a_debrief_after_a_heavy_assignment(
    personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan, wish="  A call this week  ")

    assert debrief.is_open
    assert (debrief.interpreter, debrief.wish) == (ivan, "A call this week")


def test_the_coordinators_are_told_without_any_client_data(
    personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)
    client = debrief.assignment.appointment.client

    for pending_id in PendingNotice.objects.values_list("pk", flat=True):
        outbox.tell_pending(pending_id)

    notice = Notification.objects.get(kind=Notification.Kind.DEBRIEF_REQUESTED)
    assert notice.recipient == personas.coordinator
    assert "Ivan" in notice.title
    assert client.first_name not in notice.body and client.last_name not in notice.body


def test_a_debrief_cannot_be_asked_for_after_an_ordinary_assignment(
    personas: Personas, ivan: Interpreter
) -> None:
    assignment = heavy_assignment(ivan, kind=Appointment.Kind.SCHOOL)

    with pytest.raises(DomainError):
        ask_for_debrief(assignment=assignment, by=personas.interpreter)
    assert not Debrief.objects.exists()


def test_a_debrief_cannot_be_asked_for_before_the_assignment_began(
    personas: Personas, ivan: Interpreter
) -> None:
    assignment = heavy_assignment(ivan, days_ago=-2)

    with pytest.raises(DomainError):
        ask_for_debrief(assignment=assignment, by=personas.interpreter)


def test_a_debrief_cannot_be_asked_for_three_months_later(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError):
        ask_for_debrief(assignment=heavy_assignment(ivan, days_ago=91), by=personas.interpreter)


def test_a_debrief_is_asked_for_once(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)

    with pytest.raises(DomainError):
        ask_for_debrief(assignment=debrief.assignment, by=personas.interpreter)
    assert Debrief.objects.count() == 1


def test_a_wish_longer_than_300_characters_is_refused(
    personas: Personas, ivan: Interpreter
) -> None:
    with pytest.raises(DomainError):
        asked(personas, ivan, wish="x" * 301)
    assert not Debrief.objects.exists()


def test_only_the_interpreter_themself_may_ask(personas: Personas, ivan: Interpreter) -> None:
    with pytest.raises(NotFound):
        ask_for_debrief(assignment=heavy_assignment(ivan), by=personas.coordinator)


def test_an_interpreter_whose_role_ended_may_no_longer_ask(
    personas: Personas, ivan: Interpreter
) -> None:
    Membership.objects.filter(user=personas.interpreter, role=Role.INTERPRETER).delete()

    with pytest.raises(NotFound):
        asked(personas, ivan)


def test_the_coordinator_records_the_debrief(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)
    today = timezone.localdate()

    record_debrief(
        debrief=debrief, by=personas.coordinator, held_on=today, form="phone", note="Went well"
    )

    debrief.refresh_from_db()
    assert (debrief.held_on, debrief.form, debrief.held_by, debrief.record) == (
        today,
        "phone",
        personas.coordinator,
        "Went well",
    )


def test_a_debrief_in_the_future_is_refused(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)

    with pytest.raises(DomainError):
        record_debrief(
            debrief=debrief,
            by=personas.coordinator,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            form="phone",
        )
    debrief.refresh_from_db()
    assert debrief.is_open


def test_a_debrief_before_it_was_asked_for_is_refused(
    personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)

    with pytest.raises(DomainError):
        record_debrief(
            debrief=debrief,
            by=personas.coordinator,
            held_on=timezone.localdate() - dt.timedelta(days=3),
            form="phone",
        )


def test_an_unknown_form_is_refused(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)

    with pytest.raises(DomainError):
        record_debrief(
            debrief=debrief, by=personas.coordinator, held_on=timezone.localdate(), form="séance"
        )


def test_a_debrief_is_recorded_once(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)
    record_debrief(
        debrief=debrief, by=personas.coordinator, held_on=timezone.localdate(), form="group"
    )

    with pytest.raises(DomainError):
        record_debrief(
            debrief=debrief, by=personas.coordinator, held_on=timezone.localdate(), form="phone"
        )


def test_a_social_worker_may_not_record_a_debrief(personas: Personas, ivan: Interpreter) -> None:
    debrief = asked(personas, ivan)

    with pytest.raises(DomainError) as refusal:
        record_debrief(
            debrief=debrief, by=personas.social_worker, held_on=timezone.localdate(), form="phone"
        )
    assert refusal.value.code == "permission_denied"


def test_a_coordinator_of_another_organisation_neither_sees_nor_records_it(
    personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)
    stranger = make_member(organisation=personas.other_organisation, role=Role.COORDINATOR)

    assert not debriefs_for(user=stranger).exists()
    with pytest.raises(NotFound):
        record_debrief(debrief=debrief, by=stranger, held_on=timezone.localdate(), form="phone")
