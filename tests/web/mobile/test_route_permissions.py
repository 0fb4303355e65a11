"""Every phone-app and partner-portal route, asked by every persona: who gets what.

Generated from the URL configuration, so a new route without an entry here fails the test.
"""

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, get_resolver, reverse

from lisko.interpreters.models import Interpreter
from tests.conftest import Personas
from tests.factories.interpreting import AbsenceFactory
from tests.factories.people import AssociationFactory, OfferFactory
from tests.web.mobile.conftest import make_booking
from tests.web.partners.conftest import make_referral

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "social_worker",
    "other_social_worker",
    "coordinator",
    "interpreter",
    "key_person",
    "partner",
    "admin",
]
# Pages anyone may fetch: the installable app's files, and the feed (its secret is the key).
PUBLIC = {"mobile:service_worker", "mobile:manifest", "mobile:offline", "mobile:calendar_feed"}
# Routes that only take POST: a GET is refused whoever asks (once logged in).
POST_ONLY = {
    "mobile:accept",
    "mobile:log_time",
    "mobile:ask_debrief",
    "mobile:absence_add",
    "mobile:absence_remove",
    "mobile:notice_read",
    "mobile:push_subscribe",
    "mobile:push_unsubscribe",
    "partners:referral_action",
}


def _route_names() -> list[str]:
    names = []
    for namespace in ("mobile", "partners"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            assert pattern.name, f"a {namespace} route has no name"
            names.append(f"{namespace}:{pattern.name}")
    return names


ROUTES = _route_names()


def _expected(route: str, persona: str) -> int:
    if route in PUBLIC:
        return 404 if route == "mobile:calendar_feed" else 200  # a made-up secret
    if persona == "anonymous":
        return 302
    if route in POST_ONLY:
        return 405
    if route.startswith("partners:"):
        return 200 if persona == "partner" else 404
    if persona == "interpreter":
        return 200
    if persona == "key_person":
        # Kaya has a profile of her own, but the booking in the URL is Ivan's.
        return 404 if "assignment_id" in _url_kwargs(route) else 200
    return 404


@pytest.fixture
def objects(personas: Personas, ivan: Interpreter, kaya_profile: Interpreter, amal) -> dict:
    booking = make_booking(ivan, amal)
    association = AssociationFactory(
        organisation=personas.organisation, partners=[personas.partner]
    )
    referral = make_referral(OfferFactory(association=association), personas)
    return {
        "assignment_id": booking.pk,
        "absence_id": AbsenceFactory(interpreter=ivan).pk,
        "referral_id": referral.pk,
        "offer_id": referral.offer_id,
        "notification_id": 999_999,
        "action": "accept",
        "secret": "A" * 43,
    }


def _url(route: str, objects: dict) -> str:
    pattern = next(
        p
        for p in get_resolver().namespace_dict[route.split(":")[0]][1].url_patterns
        if p.name == route.split(":")[1]
    )
    kwargs = {name: objects[name] for name in pattern.pattern.regex.groupindex}
    return reverse(route, kwargs=kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_route_answers_each_persona_as_expected(
    client: HttpClient, personas: Personas, persona: str, objects: dict
) -> None:
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    wrong = []
    for route in ROUTES:
        expected = _expected(route, persona)
        status = client.get(_url(route, objects)).status_code
        if status != expected:
            wrong.append(f"{route}: {status}, expected {expected}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def _url_kwargs(route: str) -> set[str]:
    pattern = next(
        p
        for p in get_resolver().namespace_dict[route.split(":")[0]][1].url_patterns
        if p.name == route.split(":")[1]
    )
    return set(pattern.pattern.regex.groupindex)
