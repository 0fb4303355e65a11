"""The coordinator's debriefs page: open requests with a form to record them, and the
supervision log; nobody else's."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.interpreters.debriefs import ask_for_debrief
from lisko.interpreters.models import Debrief, Interpreter
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.interpreting import InterpreterFactory, heavy_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def ivan(personas: Personas) -> Interpreter:
    return InterpreterFactory(
        organisation=personas.organisation, user=personas.interpreter, first_name="Ivan"
    )


def asked(personas: Personas, ivan: Interpreter, days_ago: int = 1) -> Debrief:
    return ask_for_debrief(
        assignment=heavy_assignment(ivan, days_ago=days_ago), by=personas.interpreter
    )


def test_the_coordinator_sees_the_open_request(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)
    client.force_login(personas.coordinator)

    page = client.get(reverse("staff:debriefs")).content.decode()

    assert reverse("staff:record_debrief", args=[debrief.pk]) in page
    assert "Ivan" in page


def test_recording_moves_it_to_the_supervision_log(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)
    client.force_login(personas.coordinator)
    prefix = f"debrief-{debrief.pk}"

    client.post(
        reverse("staff:record_debrief", args=[debrief.pk]),
        {
            f"{prefix}-held_on": timezone.localdate().isoformat(),
            f"{prefix}-form": "conversation",
            f"{prefix}-note": "Talked for an hour",
        },
    )

    debrief.refresh_from_db()
    assert debrief.held_by == personas.coordinator
    page = client.get(reverse("staff:debriefs")).content.decode()
    assert "Talked for an hour" in page


def test_an_absurd_date_gets_a_form_error_and_changes_nothing(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    debrief = asked(personas, ivan)
    client.force_login(personas.coordinator)
    prefix = f"debrief-{debrief.pk}"

    answer = client.post(
        reverse("staff:record_debrief", args=[debrief.pk]),
        {f"{prefix}-held_on": "9999-12-31", f"{prefix}-form": "phone"},
    )

    assert answer.status_code == 400
    debrief.refresh_from_db()
    assert debrief.is_open


def test_a_coordinator_of_another_organisation_gets_not_found(
    client: HttpClient, personas: Personas, ivan: Interpreter
) -> None:
    from lisko.organisations.models import Role

    debrief = asked(personas, ivan)
    client.force_login(make_member(organisation=personas.other_organisation, role=Role.COORDINATOR))

    answer = client.post(reverse("staff:record_debrief", args=[debrief.pk]), {})

    assert answer.status_code == 404
    assert "Ivan" not in client.get(reverse("staff:debriefs")).content.decode()


def test_the_page_reads_the_same_few_rows_however_many_requests(
    client: HttpClient,
    personas: Personas,
    ivan: Interpreter,
    django_assert_max_num_queries: object,
) -> None:
    for days_ago in range(1, 7):
        asked(personas, ivan, days_ago=days_ago)
    client.force_login(personas.coordinator)

    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(reverse("staff:debriefs"))
