import pytest

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, Consent
from lisko.clients.selectors import active_consents_for, caseload_for, client_for
from lisko.core.errors import NotFound
from lisko.organisations.models import Membership
from tests.factories.core import ClientFactory, ClientLanguageFactory, ConsentFactory


@pytest.fixture
def client_of_sofia(personas) -> Client:
    return ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)


def test_the_caseload_holds_own_and_shared_clients(personas, client_of_sofia) -> None:
    colleagues_client = ClientFactory(
        organisation=personas.organisation, social_worker=personas.colleague
    )
    colleagues_client.shared_with.add(personas.social_worker)
    ClientFactory(organisation=personas.organisation, social_worker=personas.colleague)

    caseload = caseload_for(user=personas.social_worker)

    assert set(caseload) == {client_of_sofia, colleagues_client}


def test_a_stranger_sees_no_client_of_another_organisation(personas, client_of_sofia) -> None:
    assert caseload_for(user=personas.other_social_worker) == []


def test_a_case_shared_across_organisations_stays_invisible(personas, client_of_sofia) -> None:
    # Even a wrong share (not possible through the services) shows nothing across the line.
    client_of_sofia.shared_with.add(personas.other_social_worker)

    assert caseload_for(user=personas.other_social_worker) == []


def test_closed_cases_leave_the_caseload_unless_asked_for(personas, client_of_sofia) -> None:
    client_of_sofia.is_active = False
    client_of_sofia.save()

    assert caseload_for(user=personas.social_worker) == []
    assert caseload_for(user=personas.social_worker, include_closed=True) == [client_of_sofia]


def test_a_social_worker_who_left_the_organisation_sees_nothing(personas, client_of_sofia) -> None:
    Membership.objects.filter(user=personas.social_worker).delete()

    assert caseload_for(user=personas.social_worker) == []


def test_reading_the_caseload_writes_one_audit_event_naming_the_client(
    personas, client_of_sofia
) -> None:
    caseload_for(user=personas.social_worker)

    event = AuditEvent.objects.get()
    assert event.action == AuditEvent.Action.READ
    assert event.client_id == client_of_sofia.pk
    assert event.client_ids == [client_of_sofia.pk]
    assert event.reason == "caseload"


def test_a_search_showing_many_clients_writes_one_event_with_the_query_and_their_ids(
    personas,
) -> None:
    shown = [
        ClientFactory(
            organisation=personas.organisation,
            social_worker=personas.social_worker,
            last_name=f"Haddad{n:02d}",
        )
        for n in range(12)
    ]
    ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Olena",
        last_name="Koval",
    )

    caseload = caseload_for(user=personas.social_worker, query="hadDAD")

    assert caseload == shown
    event = AuditEvent.objects.get()
    assert event.query == "hadDAD"
    assert event.reason == "caseload search"
    assert event.client_ids == [client.pk for client in shown]
    assert event.client_id is None
    assert event.organisation == personas.organisation


def test_a_search_matches_the_full_name_and_the_reference(personas) -> None:
    amal = ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amal",
        last_name="Haddad",
        reference="LX-0042",
    )

    assert caseload_for(user=personas.social_worker, query="amal hadd") == [amal]
    assert caseload_for(user=personas.social_worker, query="lx-0042") == [amal]


def test_a_search_showing_nobody_writes_no_event(personas, client_of_sofia) -> None:
    assert caseload_for(user=personas.social_worker, query="nobody by this name") == []

    assert not AuditEvent.objects.exists()


def test_the_client_page_brings_languages_household_and_consents(personas, client_of_sofia) -> None:
    ClientLanguageFactory(client=client_of_sofia)
    ConsentFactory(client=client_of_sofia)

    client = client_for(user=personas.social_worker, client_id=client_of_sofia.pk)

    assert len(client.languages.all()) == 1
    assert len(client.consents.all()) == 1


def test_reading_a_client_is_written_to_the_audit_log(personas, client_of_sofia) -> None:
    client_for(user=personas.social_worker, client_id=client_of_sofia.pk)

    event = AuditEvent.objects.get()
    assert event.actor == personas.social_worker
    assert event.client_id == client_of_sofia.pk
    assert event.organisation == personas.organisation
    assert event.reason == "client page"


def test_a_stranger_gets_not_found_for_another_organisations_client(
    personas, client_of_sofia
) -> None:
    with pytest.raises(NotFound):
        client_for(user=personas.other_social_worker, client_id=client_of_sofia.pk)

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("persona", ["colleague", "coordinator", "interpreter", "partner", "admin"])
def test_no_one_but_the_caseload_reads_a_client(personas, client_of_sofia, persona) -> None:
    with pytest.raises(NotFound):
        client_for(user=getattr(personas, persona), client_id=client_of_sofia.pk)


def test_a_missing_client_is_not_found(personas) -> None:
    with pytest.raises(NotFound):
        client_for(user=personas.social_worker, client_id=999_999)


def test_withdrawn_consents_are_not_active(personas, client_of_sofia) -> None:
    active = ConsentFactory(client=client_of_sofia, purpose=Consent.Purpose.INTERPRETING)
    withdrawn = ConsentFactory(client=client_of_sofia)
    withdrawn.withdrawn_at = withdrawn.given_at
    withdrawn.withdrawn_by = personas.social_worker
    withdrawn.save()

    consents = active_consents_for(user=personas.social_worker, client_id=client_of_sofia.pk)

    assert list(consents) == [active]
