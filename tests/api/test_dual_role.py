"""A person with a staff role in one organisation and an interpreter role in another.

Dora is a social worker in A and an interpreter in B. An appointment of B is offered to her: she
sees it as an interpreter does (time, place, first name), never the staff view, and not at all
once her interpreter role ends. (Privacy issue, finding 1.)
"""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.calendars.services import create_feed_token
from lisko.organisations.models import Membership, Role
from tests.api.conftest import ApiFor
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.interpreting import AssignmentFactory, InterpreterFactory


@pytest.fixture
def dora(personas: Personas) -> User:
    user = make_member(organisation=personas.organisation, role=Role.SOCIAL_WORKER, username="dora")
    Membership.objects.create(
        user=user, organisation=personas.other_organisation, role=Role.INTERPRETER
    )
    InterpreterFactory(organisation=personas.other_organisation, user=user)
    return user


@pytest.fixture
def offered(personas: Personas, dora: User) -> Assignment:
    return AssignmentFactory(
        appointment__client__organisation=personas.other_organisation,
        appointment__client__social_worker=personas.other_social_worker,
        interpreter=dora.interpreter_profile,
    )


def end_interpreter_role(dora: User) -> None:
    Membership.objects.filter(user=dora, role=Role.INTERPRETER).delete()


@pytest.mark.django_db
def test_the_staff_api_answers_404_for_an_appointment_offered_to_her_elsewhere(
    api_for: ApiFor, dora: User, offered: Assignment
) -> None:
    api = api_for(dora)
    pk = offered.appointment_id

    answers = [
        api.get(f"/api/appointments/{pk}/").status_code,
        api.get(f"/api/appointments/{pk}/offers/").status_code,
        api.patch(
            f"/api/appointments/{pk}/", {"notes_for_interpreter": "x"}, format="json"
        ).status_code,
    ]

    assert answers == [404, 404, 404]
    assert Appointment.objects.get(pk=pk).notes_for_interpreter != "x"


@pytest.mark.django_db
def test_the_staff_appointment_list_leaves_out_what_is_offered_to_her_elsewhere(
    api_for: ApiFor, dora: User, offered: Assignment
) -> None:
    rows = api_for(dora).get("/api/appointments/").json()["results"]

    assert offered.appointment_id not in {row["id"] for row in rows}


@pytest.mark.django_db
def test_the_staff_appointment_page_answers_404_for_an_offer_elsewhere(
    client: HttpClient, dora: User, offered: Assignment
) -> None:
    client.force_login(dora)

    response = client.get(reverse("staff:appointment", args=[offered.appointment_id]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_she_sees_the_offer_as_an_interpreter_while_the_role_lasts(
    api_for: ApiFor, dora: User, offered: Assignment
) -> None:
    rows = api_for(dora).get("/api/me/offers/").json()["results"]

    assert [row["id"] for row in rows] == [offered.pk]


@pytest.mark.django_db
def test_an_ended_interpreter_role_ends_her_offers_at_once(
    api_for: ApiFor, dora: User, offered: Assignment
) -> None:
    api = api_for(dora)
    end_interpreter_role(dora)

    assert api.get("/api/me/offers/").status_code == 403
    assert api.post(f"/api/me/offers/{offered.pk}/accept/").status_code == 403
    assert Assignment.objects.get(pk=offered.pk).state == Assignment.State.OFFERED


@pytest.mark.django_db
def test_an_ended_interpreter_role_empties_her_calendar_feed(
    client: HttpClient, dora: User, offered: Assignment
) -> None:
    offered.state = Assignment.State.ACCEPTED
    offered.save()
    _token, secret = create_feed_token(user=dora)
    feed = reverse("mobile:calendar_feed", args=[secret])
    assert b"BEGIN:VEVENT" in client.get(feed).content

    end_interpreter_role(dora)

    assert b"BEGIN:VEVENT" not in client.get(feed).content


@pytest.mark.django_db
def test_an_ended_interpreter_role_leaves_only_her_staff_role_in_me(
    api_for: ApiFor, dora: User, personas: Personas
) -> None:
    end_interpreter_role(dora)

    memberships = api_for(dora).get("/api/me/").json()["memberships"]

    assert [(m["organisation"], m["role"]) for m in memberships] == [
        (personas.organisation.pk, Role.SOCIAL_WORKER)
    ]


@pytest.mark.django_db
def test_an_organisation_admin_reaches_no_appointment(
    api_for: ApiFor, personas: Personas, offered: Assignment
) -> None:
    # An admin keeps configuration, people and the audit trail; appointments are for those who
    # book and those who coordinate.
    api = api_for(personas.admin)
    own = AssignmentFactory(
        appointment__client__organisation=personas.organisation,
        appointment__start=offered.appointment.start + dt.timedelta(days=1),
    )

    assert api.get(f"/api/appointments/{own.appointment_id}/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/appointments/?client={}", "/api/referrals/?client={}"])
def test_a_foreign_id_in_a_filter_answers_as_an_unknown_id_does(
    api_for: ApiFor, personas: Personas, path: str
) -> None:
    # Otherwise "400 for unknown, 200 for foreign" tells that another organisation's client exists.
    foreign = AssignmentFactory(appointment__client__organisation=personas.other_organisation)
    api = api_for(personas.social_worker)

    foreign_answer = api.get(path.format(foreign.appointment.client_id))
    unknown_answer = api.get(path.format(10**9))

    assert (foreign_answer.status_code, unknown_answer.status_code) == (200, 200)
    assert foreign_answer.json()["results"] == unknown_answer.json()["results"] == []


@pytest.mark.django_db
def test_an_interpreter_is_not_given_the_address_of_a_phone_appointment(
    api_for: ApiFor, dora: User, offered: Assignment
) -> None:
    Appointment.objects.filter(pk=offered.appointment_id).update(
        modality="phone", address="Rue de la Gare 1", remote_link="tel:+352 123"
    )

    [row] = api_for(dora).get("/api/me/offers/").json()["results"]

    assert (row["appointment"]["address"], row["appointment"]["remote_link"]) == (
        "",
        "tel:+352 123",
    )
