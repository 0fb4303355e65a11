"""A refused page says what it is for and who may open it, not that the account has no role."""

import pytest
from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import resolve, reverse

from lisko.organisations.models import Role
from tests.conftest import Personas
from tests.factories.core import make_member

pytestmark = pytest.mark.django_db


def test_a_social_worker_on_the_pool_is_not_told_their_account_has_no_role(
    sofia: HttpClient,
) -> None:
    response = sofia.get(reverse("staff:pool"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "has no role in an organisation" not in page
    assert "This page is not for your role" in page
    assert "interpreter pool" in page  # the decorator's purpose, or the generic text
    assert reverse("home") in page


def test_a_person_without_any_role_is_told_so_on_the_start_page(
    client: HttpClient, personas: Personas
) -> None:
    stranger = make_member(organisation=personas.organisation, role=Role.PARTNER, username="x")
    stranger.memberships.all().delete()
    client.force_login(stranger)

    page = client.get(reverse("home")).content.decode()

    assert "Your account has no role in an organisation yet." in page


def test_the_refusal_names_the_pages_purpose_and_the_roles_that_may_open_it() -> None:
    request = RequestFactory().get(reverse("staff:pool"))
    request.resolver_match = resolve(reverse("staff:pool"))
    context = {
        "page_purpose": "This page serves those who keep the interpreter pool.",
        "allowed_roles": [Role.COORDINATOR.label, Role.ADMIN.label],
    }

    page = render_to_string("web/no_role.html", context, request=request)

    assert "This page serves those who keep the interpreter pool." in page
    assert "It is open to these roles:" in page
    assert "<li>Coordinator</li>" in page and "<li>Organisation admin</li>" in page
    assert "has no role in an organisation" not in page


def test_without_a_purpose_the_refusal_still_says_the_page_is_for_another_role() -> None:
    request = RequestFactory().get(reverse("staff:pool"))
    request.resolver_match = resolve(reverse("staff:pool"))

    page = render_to_string("web/no_role.html", {}, request=request)

    assert "This page is for colleagues with another role in your organisation." in page
