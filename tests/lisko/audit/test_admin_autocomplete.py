"""A search in an admin select box (autocomplete) is a list read, like a page of the list."""

import pytest
from django.test import Client as HttpClient

from lisko.audit.models import AuditEvent
from tests.factories.core import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db: None) -> HttpClient:
    http = HttpClient()
    http.force_login(UserFactory(is_staff=True, is_superuser=True))
    return http


def _lookup(http: HttpClient, term: str) -> list[str]:
    response = http.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "clients", "model_name": "consent", "field_name": "client"},
    )
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_an_autocomplete_lookup_of_clients_is_one_read_per_organisation(
    operator: HttpClient,
) -> None:
    first = ClientFactory(last_name="Haddad")
    second = ClientFactory(last_name="Haddadi", organisation=first.organisation)
    ClientFactory(last_name="Other", organisation=first.organisation)

    shown = _lookup(operator, "Hadd")

    event = AuditEvent.objects.get(reason="admin autocomplete")
    assert sorted(shown) == sorted([str(first.pk), str(second.pk)])
    assert (event.object_type, event.organisation_id, sorted(event.client_ids)) == (
        "clients.client",
        first.organisation_id,
        sorted([first.pk, second.pk]),
    )
    assert event.query == "Hadd"


def test_an_autocomplete_lookup_finding_nobody_records_nothing(operator: HttpClient) -> None:
    ClientFactory(last_name="Haddad")

    assert _lookup(operator, "Nobody") == []
    assert not AuditEvent.objects.filter(reason="admin autocomplete").exists()


def test_the_list_page_is_still_audited_as_a_list(operator: HttpClient) -> None:
    client = ClientFactory()

    operator.get("/admin/clients/client/")

    assert AuditEvent.objects.get(reason="admin list").client_ids == [client.pk]
