"""Push on a phone in Debian's Chromium: the interpreter is offered notices on this phone; a
notice pushed to the installed app is shown with the offer's title and opens the offer; after
accepting, the social worker finds "Interpreter found" among their notices.

No push service is reachable from here, so the push is handed to the service worker through
Chromium's DevTools (ServiceWorker.deliverPushMessage) with the very payload Lisko sends; the
encryption and the HTTP call to a push service are tested against a loopback push service in
tests/lisko/notifications/test_push.py.
"""

import time

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.notifications import outbox
from lisko.notifications.channels import push_payload
from lisko.notifications.models import Notification, PendingNotice
from lisko.notifications.vapid import generate_key_pair
from tests.conftest import Personas
from tests.web.browser_mobile import test_phone
from tests.web.browser_mobile.test_phone import assert_fits_the_phone, log_in, phone, snap
from tests.web.mobile.conftest import make_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The phone walk's fixtures: one Chromium per module, Ivan of the pool and his client Amal.
browser = test_phone.browser
ivan = test_phone.ivan
amal = test_phone.amal


@pytest.fixture(autouse=True)
def _push_keys(settings: Settings) -> None:
    settings.LISKO_VAPID_PRIVATE_KEY, settings.LISKO_VAPID_PUBLIC_KEY = generate_key_pair()


def tell_everything() -> None:
    for pending in PendingNotice.objects.filter(told_at__isnull=True).order_by("pk"):
        outbox.tell_pending(pending.pk)


def service_worker_registration(page: Page) -> str:
    """The id DevTools gives the page's service worker registration, once it runs."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    session = page.context.new_cdp_session(page)
    registrations: list[str] = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(r["registrationId"] for r in event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert registrations, "the service worker never registered"
    page.context.service_worker_session = session  # type: ignore[attr-defined]
    return registrations[-1]


def shown_notices(page: Page) -> list[dict[str, str]]:
    return page.evaluate(
        """navigator.serviceWorker.ready
            .then((registration) => registration.getNotifications())
            .then((notices) => notices.map(
                (n) => ({title: n.title, body: n.body, url: n.data.url})))"""
    )


@pytest.mark.parametrize("language", ["en", "de", "ar", "ti", "fa"])
def test_the_offers_page_offers_notices_on_this_phone(
    browser: Browser, live_server: LiveServer, ivan: Interpreter, language: str
) -> None:
    assert ivan.user is not None
    ivan.user.language = language
    ivan.user.save(update_fields=["language"])
    context = phone(browser, live_server, language)
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()

    log_in(page, live_server, "ivan")
    panel = page.locator("[data-push-panel]")
    panel.wait_for(state="visible")

    snap(page, f"phone-{language}-push-panel")
    assert panel.get_by_role("button").count() == 1
    assert_fits_the_phone(page)


def test_a_pushed_offer_is_shown_and_a_tap_leads_to_accepting_it(
    browser: Browser,
    live_server: LiveServer,
    ivan: Interpreter,
    amal: Client,
    personas: Personas,
) -> None:
    context = phone(browser, live_server)
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    log_in(page, live_server, "ivan")
    registration = service_worker_registration(page)

    offer = make_offer(ivan, amal)
    outbox.announce("new_offer", assignment_id=offer.pk)
    tell_everything()
    notice = Notification.objects.get(recipient=personas.interpreter)
    page.context.service_worker_session.send(  # type: ignore[attr-defined]
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration, "data": push_payload(notice)},
    )
    deadline = time.monotonic() + 10
    while not (shown := shown_notices(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(100)

    assert [(n["title"], n["url"]) for n in shown] == [(notice.title, notice.link)]
    assert "Zahranova" not in shown[0]["body"]

    # What a tap does: the service worker opens the notice's page.
    page.goto(f"{live_server.url}{shown[0]['url']}")
    page.locator("article.offer").get_by_role("button", name="Accept").click()
    page.wait_for_url(f"{live_server.url}/me/upcoming/")
    tell_everything()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    social_worker = desk.new_page()
    log_in(social_worker, live_server, personas.social_worker.username)
    social_worker.goto(f"{live_server.url}/notices/")
    assert "Interpreter found" in social_worker.locator("main").inner_text()
    snap(social_worker, "desk-en-notices-accepted")
