"""The planning pages in a real browser at 1280 px, in English and in Arabic (right to left):
a planner logs in, lands on the district, opens the needs analysis, drills down to a
municipality and downloads a table. Screenshots go to $LISKO_PLANNING_SHOTS (default
screenshots/), planning-<page>-<language>-1280.png."""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from lisko.planning.models import SocialReport
from tests.web.planning.conftest import Planning, populate

# Playwright's sync API runs an event loop in this thread; the ORM calls here are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(
    os.environ.get("LISKO_PLANNING_SHOTS", Path(__file__).resolve().parents[3] / "screenshots")
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Chromium at /usr/bin/chromium (.ci/system-packages).")
        pytest.skip("needs Chromium at /usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield browser
        browser.close()


def shoot(page: Page, name: str, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"planning-{name}-{language}-1280.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_planner_reads_the_district_and_drills_down(
    browser: Browser, live_server: LiveServer, planning: Planning, language: str
) -> None:
    populate(planning.world, clients=150)
    planning.planner.username = "petra"
    planning.planner.language = language
    planning.planner.save()
    region = planning.world.region
    SocialReport.objects.create(
        region=region,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        language=language,
        requested_by=planning.planner,
        organisation_ids=sorted(planning.world.shared),
        status=SocialReport.Status.RUNNING,
        steps_done=3,
        steps_total=9,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    # The machine may be busy: charts take matplotlib a moment on a cold server.
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    # Chromium here resolves "localhost" to ::1, where the live server does not listen.
    base = live_server.url.replace("://localhost", "://127.0.0.1")
    # The first page of a fresh server loads the URLconf: give it time on a busy machine.
    page.goto(f"{base}/login/", timeout=90_000)
    page.locator("input[name=username]").fill("petra")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text(region.name)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    shoot(page, "region", language)

    page.locator(".tabs a").nth(2).click(timeout=60_000)  # the needs analysis (charts)
    expect(page.locator("section#clients-by-municipality")).to_be_visible()
    shoot(page, "needs", language)

    municipality = planning.world.municipalities[0]
    page.locator(
        f"section#clients-by-municipality tbody a[href*='municipality={municipality.pk}']"
    ).first.click()
    expect(page.locator(".active-filters")).to_contain_text(municipality.name)
    shoot(page, "needs-municipality", language)

    page.locator(".tabs a").nth(1).click()  # the stock-take
    expect(page.locator("section#offers")).to_be_visible()
    shoot(page, "stock-take", language)

    page.locator(".tabs a").nth(3).click()
    shoot(page, "gaps", language)

    page.locator(".tabs a").nth(4).click()
    expect(page.locator("#report-list progress")).to_be_visible()
    shoot(page, "reports", language)

    page.goto(f"{base}/planning/")  # back to the start: one region, so its overview
    page.locator(".maps details summary").first.click()
    with page.expect_download() as download:
        page.locator(".maps details a[download]").first.click()
    assert download.value.suggested_filename.endswith(".csv")
    assert not [error for error in errors if "Content Security Policy" in error], errors
    context.close()
