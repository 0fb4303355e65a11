"""The organisation admin in a real browser: log in, reach the members from the dashboard, give a
role, search the audit log. Screenshots go to screenshots/orgadmin-*.png."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from lisko.organisations.models import Role
from tests.factories.core import UserFactory
from tests.web.orgadmin.conftest import Scene, audit

# Playwright's sync API runs an event loop in this thread; the ORM calls here are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"


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


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"orgadmin-{name}-1280.png"), full_page=True)


def test_an_admin_gives_a_role_and_searches_the_audit_log(
    browser: Browser, live_server: LiveServer, scene: Scene
) -> None:
    UserFactory(username="nina", first_name="Nina", last_name="Kovač", email="nina@example.org")
    for number in range(3):
        audit(scene.personas.colleague, scene.client_a, f"client page, visit {number}")
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Members and roles").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members and roles")

    page.get_by_label("User name or e-mail address").fill("nina@example.org")
    page.get_by_label("Role", exact=True).select_option(Role.COORDINATOR.value)
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Nina Kovač is now Coordinator in the organisation.")).to_be_visible()
    shoot(page, "members")

    page.get_by_role("link", name="Audit log").first.click()
    page.get_by_label("Client", exact=True).fill("RC-0001")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("client page, visit 2")).to_be_visible()
    expect(page.get_by_text("client page of organisation B")).to_have_count(0)
    shoot(page, "audit-log")

    page.get_by_role("link", name="Settings").first.click()
    page.get_by_label("Candidates per broadcast").fill("500")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    shoot(page, "settings")

    page.get_by_role("link", name="Fields of action").first.click()
    page.get_by_role("button", name="Down Housing").click()
    expect(page.get_by_role("textbox").first).to_have_value("Work and income")
    shoot(page, "fields-of-action")
    context.close()
