"""The admin pages of the app open, list, search and show one object without errors."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.audit.models import AuditEvent
from tests.factories.core import ClientFactory, UserFactory
from tests.factories.people import GoalReviewFactory, MilestoneFactory, ReferralEventFactory


@pytest.fixture
def http(db: None) -> HttpClient:
    http = HttpClient()
    http.force_login(UserFactory(is_staff=True, is_superuser=True))
    return http


@pytest.fixture
def objects(db: None) -> None:
    ReferralEventFactory()
    GoalReviewFactory(goal=MilestoneFactory().goal)


@pytest.mark.parametrize("model", ["clients.client", "clients.consent"])
def test_the_admin_lists_searches_and_opens(http, objects, model: str) -> None:
    app_label, model_name = model.split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")

    assert http.get(changelist).status_code == 200
    assert http.get(changelist, {"q": "a"}).status_code == 200
    assert http.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


def test_opening_a_client_in_the_admin_is_audited(http) -> None:
    client = ClientFactory()

    response = http.get(reverse("admin:clients_client_change", args=[client.pk]))

    assert response.status_code == 200
    assert AuditEvent.objects.get(client_id=client.pk).reason == "admin"
