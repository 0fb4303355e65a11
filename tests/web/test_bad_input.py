"""Absurd dates, numbers and durations on the staff, phone and partner pages: a clear,
translated refusal (or the page as it was), never a server error, and nothing changed.

The fuzz part posts and gets each absurd value into every form field and query parameter that
parses a date, a time, a month, a week or a number, as the persona who uses that page.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from lisko.appointments.models import Appointment, Assignment
from lisko.associations.models import Offer
from lisko.clients.models import Client
from lisko.interpreters.models import Absence, Interpreter
from lisko.plans.models import Goal
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory, MunicipalityFactory
from tests.factories.interpreting import (
    AppointmentFactory,
    AssignmentFactory,
    InterpreterFactory,
    in_days,
)
from tests.factories.people import AssociationFactory, GoalFactory, OfferFactory, PlanFactory

pytestmark = pytest.mark.django_db

ABSURD_DATES = [
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "99999-01-01",
    "-0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "garbage",
    "9" * 40,
]
ABSURD_MONTHS = ["0001-01", "9999-12", "99999-1", "2026-13", "-5-01", "9" * 40 + "-1", "x"]
ABSURD_TIMES = ["25:00", "-1:00", "99999", "9" * 40, "garbage"]
ABSURD_NUMBERS = ["-1", "0", "9" * 40, str(2**63), "1e999", "nan", "²", "garbage"]


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "en"
    settings.LISKO_JOBS_ENABLED = False


@dataclass
class Scene:
    personas: Personas
    client: Client
    goal: Goal
    appointment: Appointment
    finished: Assignment
    ivan: Interpreter
    offer: Offer


@pytest.fixture
def scene(personas: Personas) -> Scene:
    language = LanguageFactory(code="tir")
    municipality = MunicipalityFactory()
    amal = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        municipality=municipality,
        preferred_language=language,
        birth_date=dt.date(1990, 5, 1),
    )
    goal = GoalFactory(plan=PlanFactory(client=amal))
    appointment = AppointmentFactory(
        client=amal,
        language=language,
        municipality=municipality,
        start=in_days(3, 9),
        end=in_days(3, 10),
        status=Appointment.Status.REQUESTED,
    )
    ivan = InterpreterFactory(organisation=personas.organisation, user=personas.interpreter)
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=3)
    finished = AssignmentFactory(
        appointment=AppointmentFactory(
            client=amal,
            language=language,
            municipality=municipality,
            start=start,
            end=start + dt.timedelta(hours=1),
            status=Appointment.Status.CONFIRMED,
        ),
        interpreter=ivan,
        state=Assignment.State.ACCEPTED,
    )
    association = AssociationFactory(
        organisation=personas.organisation, partners=[personas.partner]
    )
    offer = OfferFactory(association=association, capacity=3, languages=[language])
    return Scene(personas, amal, goal, appointment, finished, ivan, offer)


def as_user(user: object) -> HttpClient:
    http = HttpClient()
    http.force_login(user)  # type: ignore[arg-type]
    return http


def _booking(scene: Scene, **fields: str) -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=2)
    return {
        "kind": Appointment.Kind.MEDICAL,
        "date": day.isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
        "modality": "phone",
        "language": "tir",
        "who": "0",
        "min_proficiency": "3",
        "priority": "1",
        **fields,
    }


# The findings, one by one -------------------------------------------------------------------


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_the_week_calendar_refuses_a_week_out_of_range_with_a_message(
    scene: Scene, week: str
) -> None:
    response = as_user(scene.personas.coordinator).get(reverse("staff:calendar"), {"week": week})

    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()


def test_the_timesheet_refuses_month_9999_with_a_message(scene: Scene) -> None:
    response = as_user(scene.personas.interpreter).get(
        reverse("mobile:timesheet"), {"month": "9999-12"}
    )

    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()


def test_an_absence_in_year_9999_is_refused_and_not_stored(scene: Scene) -> None:
    response = as_user(scene.personas.interpreter).post(
        reverse("mobile:absence_add"), {"first_day": "9999-12-31", "last_day": "9999-12-31"}
    )

    assert response.status_code == 400
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert not Absence.objects.filter(interpreter=scene.ivan).exists()


def test_a_time_log_in_year_9999_is_refused_and_changes_nothing(scene: Scene) -> None:
    response = as_user(scene.personas.interpreter).post(
        reverse("mobile:log_time", args=[scene.finished.pk]),
        {"date": "9999-12-31", "start": "23:00", "end": "01:00", "travel": "0"},
    )

    scene.finished.refresh_from_db()
    assert response.status_code == 400
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert scene.finished.state == Assignment.State.ACCEPTED


def test_a_booking_on_9999_12_31_is_refused_next_to_the_date(scene: Scene) -> None:
    before = Appointment.objects.count()

    response = as_user(scene.personas.social_worker).post(
        reverse("staff:book", args=[scene.client.pk]), _booking(scene, date="9999-12-31")
    )

    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert Appointment.objects.count() == before


def test_a_booking_three_years_ahead_is_refused(scene: Scene) -> None:
    before = Appointment.objects.count()
    day = timezone.localdate() + dt.timedelta(days=3 * 365)

    response = as_user(scene.personas.social_worker).post(
        reverse("staff:book", args=[scene.client.pk]), _booking(scene, date=day.isoformat())
    )

    assert "An appointment can be booked at most 730 days ahead." in response.content.decode()
    assert Appointment.objects.count() == before


def test_an_eighteen_hour_appointment_is_refused(scene: Scene) -> None:
    before = Appointment.objects.count()

    response = as_user(scene.personas.social_worker).post(
        reverse("staff:book", args=[scene.client.pk]),
        _booking(scene, start_time="05:00", end_time="23:00"),
    )

    assert "An appointment can last at most 12 hours." in response.content.decode()
    assert Appointment.objects.count() == before


def test_an_alternative_slot_in_year_9999_is_refused(scene: Scene) -> None:
    before = Appointment.objects.count()

    response = as_user(scene.personas.social_worker).post(
        reverse("staff:book", args=[scene.client.pk]),
        _booking(scene, alt1_date="9999-12-31", alt1_start="09:00", alt1_end="10:00"),
    )

    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert Appointment.objects.count() == before


def test_a_client_born_in_year_one_is_refused(scene: Scene) -> None:
    response = as_user(scene.personas.social_worker).post(
        reverse("staff:edit_client", args=[scene.client.pk]),
        {
            "reference": scene.client.reference,
            "first_name": scene.client.first_name,
            "last_name": scene.client.last_name,
            "birth_date": "0001-01-01",
            "municipality": scene.client.municipality_id,
            "preferred_language": "tir",
        },
    )

    scene.client.refresh_from_db()
    assert "Enter a date between the years 1900 and 2200." in response.content.decode()
    assert scene.client.birth_date == dt.date(1990, 5, 1)


def test_a_client_born_more_than_120_years_ago_is_refused(scene: Scene) -> None:
    response = as_user(scene.personas.social_worker).post(
        reverse("staff:edit_client", args=[scene.client.pk]),
        {
            "reference": scene.client.reference,
            "first_name": scene.client.first_name,
            "last_name": scene.client.last_name,
            "birth_date": "1901-01-01",
            "municipality": scene.client.municipality_id,
            "preferred_language": "tir",
        },
    )

    scene.client.refresh_from_db()
    assert "Enter a birth date less than 120 years ago." in response.content.decode()
    assert scene.client.birth_date == dt.date(1990, 5, 1)


# The fuzz: every field and parameter that parses a date, a time or a number -------------------


def _fuzz_cases() -> list[tuple[str, str, str, str, str]]:
    """(persona, method, page, field, value) for each absurd value in each field."""
    cases: list[tuple[str, str, str, str, str]] = []

    def add(persona: str, method: str, page: str, field: str, values: list[str]) -> None:
        cases.extend((persona, method, page, field, value) for value in values)

    # Staff pages, query parameters.
    add("coordinator", "get", "calendar", "week", ABSURD_DATES)
    add("coordinator", "get", "pool", "kind", ABSURD_NUMBERS)
    add("social_worker", "get", "book", "goal", ABSURD_NUMBERS)
    add("social_worker", "get", "clients", "q", ABSURD_NUMBERS)
    add("social_worker", "get", "referrals", "status", ABSURD_NUMBERS)
    # Staff forms.
    for field in ("date", "alt1_date"):
        add("social_worker", "post", "book", field, ABSURD_DATES)
    for field in ("start_time", "end_time", "alt1_start", "alt1_end"):
        add("social_worker", "post", "book", field, ABSURD_TIMES)
    for field in ("who", "min_proficiency", "priority", "municipality", "goal"):
        add("social_worker", "post", "book", field, ABSURD_NUMBERS)
    add("social_worker", "post", "add_milestone", "due_date", ABSURD_DATES)
    add("social_worker", "post", "review_goal", "level", ABSURD_NUMBERS)
    add("social_worker", "post", "add_goal", "intake_level", ABSURD_NUMBERS)
    for field in ("birth_date", "arrival_date"):
        add("social_worker", "post", "edit_client", field, ABSURD_DATES)
    add("social_worker", "post", "edit_client", "municipality", ABSURD_NUMBERS)
    add("social_worker", "post", "new_client", "birth_date", ABSURD_DATES)
    add("social_worker", "post", "add_household_member", "birth_date", ABSURD_DATES)
    add("social_worker", "post", "add_client_language", "proficiency", ABSURD_NUMBERS)
    add("coordinator", "post", "override", "interpreter", ABSURD_NUMBERS)
    # Phone pages.
    add("interpreter", "get", "timesheet", "month", ABSURD_MONTHS)
    add("interpreter", "post", "log_time", "date", ABSURD_DATES)
    for field in ("start", "end"):
        add("interpreter", "post", "log_time", field, ABSURD_TIMES)
    add("interpreter", "post", "log_time", "travel", ABSURD_NUMBERS)
    for field in ("first_day", "last_day"):
        add("interpreter", "post", "absence_add", field, ABSURD_DATES)
    add("interpreter", "post", "availability", "weekday", ABSURD_NUMBERS)
    for field in ("start", "end"):
        add("interpreter", "post", "availability", field, ABSURD_TIMES)
    # Partner pages.
    add("partner", "get", "partner_referrals", "show", ABSURD_NUMBERS)
    add("partner", "post", "offer_edit", "capacity", ABSURD_NUMBERS)
    add("partner", "post", "offer_edit", "languages", ABSURD_NUMBERS)
    return cases


def _address(scene: Scene, page: str) -> str:
    addresses = {
        "calendar": reverse("staff:calendar"),
        "pool": reverse("staff:pool"),
        "clients": reverse("staff:clients"),
        "referrals": reverse("staff:referrals"),
        "book": reverse("staff:book", args=[scene.client.pk]),
        "add_milestone": reverse("staff:add_milestone", args=[scene.goal.pk]),
        "review_goal": reverse("staff:review_goal", args=[scene.goal.pk]),
        "add_goal": reverse("staff:add_goal", args=[scene.client.pk]),
        "edit_client": reverse("staff:edit_client", args=[scene.client.pk]),
        "new_client": reverse("staff:new_client"),
        "add_household_member": reverse("staff:add_household_member", args=[scene.client.pk]),
        "add_client_language": reverse("staff:add_client_language", args=[scene.client.pk]),
        "override": reverse("staff:override", args=[scene.appointment.pk]),
        "timesheet": reverse("mobile:timesheet"),
        "log_time": reverse("mobile:log_time", args=[scene.finished.pk]),
        "absence_add": reverse("mobile:absence_add"),
        "availability": reverse("mobile:availability"),
        "partner_referrals": reverse("partners:referrals"),
        "offer_edit": reverse("partners:offer_edit", args=[scene.offer.pk]),
    }
    return addresses[page]


def _valid_form(scene: Scene, page: str) -> dict[str, str]:
    """A form that would pass, so that the absurd value is the only thing wrong with it."""
    today = timezone.localdate()
    client = {
        "reference": scene.client.reference,
        "first_name": "Amal",
        "last_name": "Tesfay",
        "birth_date": "1990-05-01",
        "municipality": str(scene.client.municipality_id),
        "preferred_language": "tir",
    }
    start = timezone.localtime(scene.finished.appointment.start)
    forms = {
        "book": _booking(scene),
        "add_milestone": {"title": "Enrol", "due_date": (today + dt.timedelta(days=9)).isoformat()},
        "review_goal": {"level": "3"},
        "add_goal": {"wording": "Find work", "intake_level": "2"},
        "edit_client": client,
        "new_client": {**client, "reference": "RC-NEW"},
        "add_household_member": {"first_name": "Sami", "relation": "child"},
        "add_client_language": {"language": "tir", "proficiency": "3"},
        "override": {"interpreter": str(scene.ivan.pk)},
        "log_time": {
            "date": start.date().isoformat(),
            "start": start.strftime("%H:%M"),
            "end": (start + dt.timedelta(hours=1)).strftime("%H:%M"),
            "travel": "10",
        },
        "absence_add": {
            "first_day": (today + dt.timedelta(days=5)).isoformat(),
            "last_day": (today + dt.timedelta(days=6)).isoformat(),
        },
        "availability": {"weekday": "0", "start": "08:00", "end": "12:00", "save": "1"},
        "offer_edit": {"description": "Café", "schedule": "Thu", "capacity": "3"},
    }
    return dict(forms.get(page, {}))


@pytest.mark.parametrize(("persona", "method", "page", "field", "value"), _fuzz_cases())
def test_absurd_input_never_fails_the_server(
    scene: Scene, persona: str, method: str, page: str, field: str, value: str
) -> None:
    http = as_user(getattr(scene.personas, persona))
    address = _address(scene, page)

    if method == "get":
        response = http.get(address, {field: value})
    else:
        response = http.post(address, {**_valid_form(scene, page), field: value})

    assert response.status_code < 500
