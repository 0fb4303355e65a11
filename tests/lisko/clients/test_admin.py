"""The admin pages of the app open, list, search and show one object without errors."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.audit.models import AuditEvent
from tests.factories.core import ClientFactory, ConsentFactory, UserFactory
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


def test_a_page_of_the_client_list_is_one_audited_read_with_the_search(http) -> None:
    clients = [ClientFactory(last_name=f"Haddad{n}") for n in range(3)]

    response = http.get(reverse("admin:clients_client_changelist"), {"q": "Haddad"})

    assert response.status_code == 200
    reads = AuditEvent.objects.filter(object_type="clients.client")
    assert reads.count() == 3  # one per organisation shown: each client has its own here
    assert {tuple(event.client_ids) for event in reads} == {(client.pk,) for client in clients}
    assert {event.query for event in reads} == {"Haddad"}
    assert {event.reason for event in reads} == {"admin list"}


def test_a_page_of_one_organisations_consents_is_one_event(http) -> None:
    client = ClientFactory()
    other = ClientFactory(organisation=client.organisation)
    consents = [ConsentFactory(client=client), ConsentFactory(client=other)]

    http.get(reverse("admin:clients_consent_changelist"))

    event = AuditEvent.objects.get(object_type="clients.consent")
    assert sorted(event.client_ids) == sorted(consent.client_id for consent in consents)
    assert event.organisation_id == client.organisation_id


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (lambda: ReferralEventFactory().referral, "referrals.referral"),
        (lambda: MilestoneFactory().goal, "plans.goal"),
        (lambda: MilestoneFactory().goal.plan, "plans.empowermentplan"),
        (lambda: ConsentFactory(), "clients.consent"),
    ],
)
def test_opening_client_data_in_the_admin_is_an_audited_read(http, factory, model: str) -> None:
    obj = factory()
    app_label, model_name = model.split(".")

    response = http.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))

    assert response.status_code == 200
    event = AuditEvent.objects.get(object_type=model)
    assert (event.action, event.object_id) == ("read", str(obj.pk))
    assert event.client_id is not None


def test_deleting_a_client_in_the_admin_is_logged_as_a_delete_not_a_read(http) -> None:
    consent = ConsentFactory()

    response = http.post(
        reverse("admin:clients_consent_delete", args=[consent.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="clients.consent", object_id=str(consent.pk))
    assert event.action == "delete"
    assert event.client_id == consent.client_id


def test_a_change_saved_in_the_admin_is_logged_as_an_update(db: None) -> None:
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from lisko.clients.models import Consent

    consent = ConsentFactory()
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)

    site._registry[Consent].log_change(request, consent, "changed")

    event = AuditEvent.objects.get()
    assert (event.action, event.client_id) == ("update", consent.client_id)


def test_the_audit_trail_in_the_admin_is_itself_read_on_the_record(http) -> None:
    client = ClientFactory()
    http.get(reverse("admin:clients_client_change", args=[client.pk]))

    http.get(reverse("admin:audit_auditevent_changelist"))

    listing = AuditEvent.objects.get(object_type="audit.auditevent")
    assert listing.client_ids == [client.pk]
