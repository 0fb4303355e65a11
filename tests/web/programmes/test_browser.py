"""The programme pages in a real browser at 1280 px, in English and in Arabic (right to left):
the officer drafts a key-person-network application with two budget lines and submits it; the
canton's planner approves it and reads the canton-wide view. Screenshots go to
$LISKO_PLANNING_SHOTS (default screenshots/), programmes-<page>-<language>-1280.png."""

import os
from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from lisko.programmes.models import FundingApplication
from tests.factories.programmes import ProgrammeWorld
from tests.web.planning.test_browser import CHROMIUM, PASSWORD, SCREENSHOTS
from tests.web.planning.test_browser import browser as browser  # noqa: F401 (the fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
assert CHROMIUM


def shoot(page: Page, name: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / f"programmes-{name}-{language}-1280.png"), full_page=True
    )


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/", timeout=90_000)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


@pytest.fixture
def pages(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_officer_applies_and_the_canton_approves_in_the_browser(
    pages: Page, live_server: LiveServer, world: ProgrammeWorld, language: str
) -> None:
    for user in (world.officer, world.planner):
        user.language = language
        user.save(update_fields=["language"])
    page = pages
    base = live_server.url.replace("://localhost", "://127.0.0.1")

    log_in(page, base, "olga")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shoot(page, "officer-start", language)
    page.locator(f"a[href$='/agreements/{world.agreement.pk}/apply/']").first.click()
    page.locator("select[name=kind]").select_option("key_person_network")
    page.locator("input[name=title]").fill("Key-person network")
    page.locator("input[name=lines-0-label]").fill("Coordination")
    page.locator("input[name=lines-0-amount]").fill("18000")
    page.locator("input[name=lines-1-label]").fill("Training")
    page.locator("input[name=lines-1-amount]").fill("6500.50")
    shoot(page, "draft", language)
    page.locator("form button[type=submit].primary").click()
    page.locator(".card form button[type=submit].primary").click()  # submit to the canton
    application = FundingApplication.objects.get()
    assert application.status == FundingApplication.Status.SUBMITTED

    log_in(page, base, "petra")
    page.goto(f"{base}/programmes/applications/{application.pk}/")
    page.locator("input[name=decision][value=approve]").check()
    page.locator("input[name=amount_granted]").fill("20000")
    shoot(page, "decide", language)
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    expect(page.locator("form[action$='/payments/']")).to_be_visible()
    application.refresh_from_db()
    assert application.amount_granted == Decimal("20000.00")

    page.goto(f"{base}/programmes/regions/{world.canton.pk}/")
    expect(page.locator("table").first).to_contain_text(world.municipalities[0].name)
    shoot(page, "canton", language)
