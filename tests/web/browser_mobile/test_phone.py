"""On a phone (360×740) in Debian's Chromium: an interpreter accepts an offer and finds it in
upcoming and in the iCal feed; a partner sees only their referrals; Arabic is right to left.

Screenshots land in screenshots/ (git-ignored) for a person to look at.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from lisko.appointments.models import Assignment
from lisko.associations.models import Association
from lisko.clients.models import Client, Consent
from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.core import ClientLanguageFactory, ConsentFactory, LanguageFactory
from tests.factories.people import AssociationFactory, OfferFactory
from tests.web.mobile.conftest import make_offer
from tests.web.partners.conftest import make_referral

# Playwright's sync API runs an event loop; Django's ORM calls from the test body are fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium at /usr/bin/chromium (.ci/system-packages).")
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _quick_logins(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    # The pages are under test here, not the background jobs the services ask for.
    settings.LISKO_JOBS_ENABLED = False


def phone(browser: Browser, live_server: LiveServer, language: str = "en") -> BrowserContext:
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id=settings.TIME_ZONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(30_000)
    return context


def log_in(page: Page, live_server: LiveServer, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def snap(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide: it scrolls sideways"


@pytest.fixture
def ivan(personas: Personas) -> Interpreter:
    from tests.factories.interpreting import InterpreterFactory

    return InterpreterFactory(
        organisation=personas.organisation, user=personas.interpreter, first_name="Ivan"
    )


@pytest.fixture
def amal(personas: Personas) -> Client:
    from tests.factories.core import ClientFactory

    personas.social_worker.first_name, personas.social_worker.last_name = "Sofia", "Martins"
    personas.social_worker.phone = "+352 621 123 456"
    personas.social_worker.save()
    client = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Zahranova",
        notes="Confidential",
    )
    # Amal agreed that the interpreter may know her first name.
    ConsentFactory(client=client, purpose=Consent.Purpose.INTERPRETING)
    return client


def test_an_interpreter_accepts_an_offer_and_finds_it_in_upcoming_and_in_the_calendar(
    browser: Browser, live_server: LiveServer, ivan: Interpreter, amal: Client
) -> None:
    offer = make_offer(ivan, amal)
    context = phone(browser, live_server)
    page = context.new_page()

    log_in(page, live_server, "ivan")
    assert page.url == f"{live_server.url}/me/"
    card = page.locator("article.offer")
    assert card.count() == 1
    assert "Amal" in card.inner_text()
    assert "Zahranova" not in page.content()
    assert_fits_the_phone(page)
    snap(page, "phone-en-1-offer")

    card.get_by_role("button", name="Accept").click()
    page.wait_for_url(f"{live_server.url}/me/upcoming/")
    booking = page.locator("article.booking")
    assert booking.count() == 1
    assert "Medical" in booking.inner_text()
    assert booking.get_by_role("link", name="Directions").count() == 1
    assert_fits_the_phone(page)
    snap(page, "phone-en-2-upcoming")
    offer.refresh_from_db()
    assert offer.state == Assignment.State.ACCEPTED

    page.get_by_role("link", name="Show these appointments in your phone's calendar").click()
    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.locator("#feed-url").input_value()
    assert feed_url.startswith(f"{live_server.url}/me/calendar/")
    assert_fits_the_phone(page)
    snap(page, "phone-en-3-calendar")

    feed = context.request.get(feed_url)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    text = feed.body().decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT\r\n" in text
    assert f"UID:assignment-{offer.pk}@" in text
    assert "SUMMARY:Interpreting: Medical (Arabic)" in text
    assert "Amal" not in text

    # Availability with thumbs: add a Tuesday window, save the week.
    page.get_by_role("link", name="Availability").click()
    tuesday = page.locator("fieldset.day-card").nth(1)
    tuesday.get_by_role("button", name="+ Add a time").click()
    tuesday = page.locator("fieldset.day-card").nth(1)
    tuesday.locator("input[name=start]").fill("08:30")
    tuesday.locator("input[name=end]").fill("12:00")
    assert_fits_the_phone(page)
    snap(page, "phone-en-5-availability")
    page.get_by_role("button", name="Save the week").click()
    assert "Your weekly availability has been saved." in page.inner_text("main")
    assert ivan.weekly_availability.filter(weekday=1).count() == 1

    # Offline, the upcoming appointments are still there (service worker cache).
    page.goto(f"{live_server.url}/me/upcoming/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    context.set_offline(True)
    page.reload()
    assert page.locator("article.booking").count() == 1
    assert page.locator("[data-offline-banner]").is_visible()
    snap(page, "phone-en-6-offline")
    context.close()


@pytest.fixture
def paula_association(personas: Personas) -> Association:
    return AssociationFactory(
        organisation=personas.organisation, name="Maison des femmes", partners=[personas.partner]
    )


def test_a_partner_sees_only_the_referrals_to_their_association(
    browser: Browser, live_server: LiveServer, personas: Personas, paula_association: Association
) -> None:
    own = make_referral(
        OfferFactory(association=paula_association, title="Women's café"),
        personas,
        first_name="Huda",
        consent__shared_details=[],
    )
    other = AssociationFactory(organisation=personas.organisation, name="Sports club")
    make_referral(OfferFactory(association=other, title="Football"), personas, first_name="Zeynep")
    context = phone(browser, live_server)
    page = context.new_page()

    log_in(page, live_server, "paula")

    assert page.url == f"{live_server.url}/partner/"
    assert "Huda" in page.inner_text("main")
    assert "Zeynep" not in page.content()
    assert_fits_the_phone(page)
    snap(page, "phone-en-7-partner-referrals")
    page.get_by_role("link", name="Huda").click()
    assert page.get_by_role("button", name="Accept the referral").count() == 1
    assert own.client.last_name not in page.content()
    assert_fits_the_phone(page)
    snap(page, "phone-en-8-partner-referral")
    context.close()


def test_the_same_pages_in_arabic_are_right_to_left(
    browser: Browser,
    live_server: LiveServer,
    personas: Personas,
    ivan: Interpreter,
    amal: Client,
    paula_association: Association,
) -> None:
    make_offer(ivan, amal)
    make_offer(ivan, amal, state=Assignment.State.ACCEPTED)
    referral = make_referral(
        OfferFactory(association=paula_association), personas, first_name="Huda"
    )
    ClientLanguageFactory(client=referral.client, language=LanguageFactory(code="ara"))
    # Logging in restores each user's saved language, so these two read Arabic by choice.
    for user in (personas.interpreter, personas.partner):
        user.language = "ar"
        user.save(update_fields=["language"])
    context = phone(browser, live_server, language="ar")
    page = context.new_page()

    log_in(page, live_server, "ivan")

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    tabs = page.locator(".tab-bar a")
    first_tab, last_tab = tabs.first.bounding_box(), tabs.last.bounding_box()
    assert first_tab and last_tab and first_tab["x"] > last_tab["x"], "tabs run right to left"
    accept = page.locator("article.offer button.primary").bounding_box()
    decline = page.locator("article.offer a.button").bounding_box()
    assert accept and decline and accept["x"] > decline["x"], "accept comes first, on the right"
    assert_fits_the_phone(page)
    snap(page, "phone-ar-1-offers")
    for path, name in [
        ("/me/upcoming/", "phone-ar-2-upcoming"),
        ("/me/availability/", "phone-ar-3-availability"),
        ("/me/timesheet/", "phone-ar-4-timesheet"),
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert_fits_the_phone(page)
        snap(page, name)
    back = page.locator(".month-nav svg.mirror").first
    assert "matrix(-1" in page.evaluate(
        "(element) => getComputedStyle(element).transform", back.element_handle()
    )

    partner = phone(browser, live_server, language="ar").new_page()
    log_in(partner, live_server, "paula")
    assert partner.evaluate("document.documentElement.dir") == "rtl"
    partner.goto(f"{live_server.url}/partner/referrals/{referral.pk}/")
    assert_fits_the_phone(partner)
    snap(partner, "phone-ar-5-partner-referral")
    context.close()
