"""In a real browser: a refused goal comes back beside its form, scrolled into view, with the text
as typed (issue 16, item 17); the country is chosen by its name."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from lisko.clients.models import Client
from tests.conftest import Personas
from tests.web.browser.test_staff_flow import _fast_settings, amal, browser, log_in, shoot

__all__ = ["_fast_settings", "amal", "browser"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_goal_is_shown_beside_its_form_in_view_with_the_text_kept(
    browser: Browser, live_server: LiveServer, personas: Personas, amal: Client
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "sofia")
    page.goto(f"{live_server.url}/clients/{amal.pk}/")

    wording = "Learn to read the letters from the job centre " * 45
    page.get_by_label("Field of action").select_option(label="Work and income")
    # The browser's maxlength stops typing at 2,000 characters; a paste or an old browser does not.
    page.get_by_label("Goal in the client's words").evaluate(
        "(area, text) => { area.removeAttribute('maxlength'); area.value = text; }", wording
    )
    page.get_by_role("button", name="Add the goal").click()

    assert page.url.endswith("#add-goal")
    error = page.locator("#add-goal .errorlist")
    expect(error).to_contain_text("at most 2,000 characters")
    expect(error).to_be_in_viewport()
    expect(page.get_by_label("Goal in the client's words")).to_have_value(wording)
    shoot(page, "goal-refused")
    context.close()


def test_the_country_of_origin_is_picked_by_its_name(
    browser: Browser, live_server: LiveServer, personas: Personas, amal: Client
) -> None:
    personas.social_worker.language = "de"
    personas.social_worker.save(update_fields=["language"])
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "sofia")  # the login page is English; her pages are German
    page.goto(f"{live_server.url}/clients/{amal.pk}/edit/")

    page.get_by_label("Herkunftsland").select_option(label="Äthiopien")
    page.locator("form.client-form button[type=submit].primary").click()

    expect(page.locator("dl.facts")).to_contain_text("Äthiopien")
    amal.refresh_from_db()
    assert amal.country_of_origin == "ET"
    context.close()
