"""A social worker's day in a real browser: log in, open a client, add a goal, book an appointment
with an interpreter request, and watch the confirmation arrive in the live status box.

The matching workflow (a Celery task) is simulated by calling the offer services directly.
"""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, create_offer
from lisko.clients.models import Client
from lisko.organisations.models import Role
from tests.conftest import Personas
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    LanguageFactory,
    MunicipalityFactory,
    make_member,
)
from tests.factories.interpreting import InterpreterFactory, InterpreterLanguageFactory
from tests.factories.people import FieldOfActionFactory, PlanFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls here are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"
WIDTHS = (1280, 1920)


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.LANGUAGE_CODE = "en"
    # The workflow is simulated below; nothing is sent to a broker.
    settings.LISKO_JOBS_ENABLED = False


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium at /usr/bin/chromium (.ci/system-packages).")
        pytest.skip("needs Chromium at /usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def amal(personas: Personas) -> Client:
    organisation = personas.organisation
    tigrinya = LanguageFactory(code="tir")
    FieldOfActionFactory(
        organisation=organisation, key="language-education", name="Language and education"
    )
    FieldOfActionFactory(
        organisation=organisation, key="work-income", name="Work and income", position=2
    )
    amal = ClientFactory(
        organisation=organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Tesfay",
        municipality=MunicipalityFactory(),
        preferred_language=tigrinya,
    )
    ClientLanguageFactory(client=amal, language=tigrinya, proficiency=5)
    PlanFactory(client=amal)
    return amal


def log_in(page: Page, live_server: LiveServer, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def policy_violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports on the console, as they come."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.screenshot(path=str(SCREENSHOTS / f"staff-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 1000})


def test_a_social_worker_books_an_interpreter_and_sees_the_confirmation_arrive(
    browser: Browser, live_server: LiveServer, personas: Personas, amal: Client
) -> None:
    yonas_user = make_member(
        organisation=personas.organisation, role=Role.INTERPRETER, username="yonas"
    )
    yonas = InterpreterFactory(
        organisation=personas.organisation,
        user=yonas_user,
        first_name="Yonas",
        last_name="Tesfamariam",
    )
    InterpreterLanguageFactory(interpreter=yonas, language=amal.preferred_language, proficiency=5)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = policy_violations(page)

    log_in(page, live_server, "sofia")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    page.get_by_role("link", name="Clients").click()
    page.get_by_role("link", name="Amal Tesfay").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amal Tesfay")

    # Add a goal, with the keyboard where a social worker would use it.
    page.get_by_label("Field of action").select_option(label="Work and income")
    page.get_by_label("Goal in the client's words").fill("Find a part-time job in a kitchen")
    page.get_by_label("Independence today").select_option("2")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("“Find a part-time job in a kitchen”")).to_be_visible()
    shoot(page, "client")

    page.get_by_role("link", name="Book an appointment").click()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("Kind of appointment").select_option("social_counselling")
    page.get_by_label("Date", exact=True).fill(tomorrow.isoformat())
    page.get_by_label("From", exact=True).fill("10:00")
    page.get_by_label("Until", exact=True).fill("11:00")
    page.get_by_label("Goal it serves").select_option(
        label="Work and income: Find a part-time job in a kitchen"
    )
    expect(page.get_by_label("Request an interpreter or key person now")).to_be_checked()
    shoot(page, "book")
    page.get_by_role("button", name="Book", exact=True).click()

    status = page.locator("#appointment-status")
    expect(status).to_contain_text("Interpreter requested")
    appointment = Appointment.objects.get(client=amal)
    assert appointment.status == Appointment.Status.REQUESTED

    # The workflow would do this: offer the appointment, and the interpreter accepts on his phone.
    offer = create_offer(
        appointment=appointment,
        interpreter=yonas,
        by=None,
        score={"travel_minutes": 24, "continuity_miss": True, "proficiency_gap": 0},
    )
    expect(status).to_contain_text("Offered to Yonas Tesfamariam", timeout=10_000)
    accept_offer(assignment=offer, by=yonas_user)
    expect(status).to_contain_text("Yonas Tesfamariam will interpret.", timeout=10_000)
    expect(status).to_contain_text("About 24 minutes of travel there and back.")
    assert Assignment.objects.get(appointment=appointment).state == Assignment.State.ACCEPTED
    shoot(page, "appointment")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    shoot(page, "dashboard")
    # The live status box polled under the Content-Security-Policy without a single violation.
    assert violations == []
    context.close()


def test_a_second_social_worker_cannot_open_the_first_ones_client(
    browser: Browser, live_server: LiveServer, personas: Personas, amal: Client
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, personas.colleague.username)
    expect(page.get_by_role("heading", name="Today")).to_be_visible()

    response = page.goto(f"{live_server.url}/clients/{amal.pk}/")

    assert response is not None and response.status == 404
    expect(page.get_by_text("Amal")).to_have_count(0)
    context.close()


def test_the_api_documentation_renders_from_the_project_alone(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = policy_violations(page)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "blob:", "data:"))
            else None
        ),
    )

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Lisko API", timeout=15_000)
    shoot(page, "api-docs")
    page.goto(f"{live_server.url}/api/redoc/")
    expect(page.get_by_text("Lisko API").first).to_be_visible(timeout=15_000)

    # Redoc's footer names its maker with a logo from its CDN; the policy blocks it, so nothing
    # is fetched from outside, and the page needs nothing else.
    assert [text for text in violations if "cdn.redoc.ly/redoc/logo" not in text] == []
    assert [url for url in outside if "cdn.redoc.ly/redoc/logo" not in url] == []
    context.close()
