import datetime as dt

import pytest
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.clients import services
from lisko.clients.models import Client, ClientLanguage, Consent, HouseholdMember
from lisko.clients.selectors import caseload_for
from lisko.clients.services import (
    add_client_language,
    add_household_member,
    change_client_language,
    close_client,
    create_client,
    give_consent,
    remove_client_language,
    reopen_client,
    share_client,
    transfer_client,
    unshare_client,
    update_client,
    withdraw_consent,
)
from lisko.core.errors import DomainError, NotFound
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    ConsentFactory,
    LanguageFactory,
    MunicipalityFactory,
)
from tests.factories.people import AssociationFactory


@pytest.fixture
def client_of_sofia(personas) -> Client:
    return ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amina",
        reference="A-1",
    )


def new_client(personas, **fields: object) -> Client:
    arguments: dict[str, object] = {
        "organisation": personas.organisation,
        "by": personas.social_worker,
        "reference": "RC-2025-001",
        "first_name": "Amina",
        "last_name": "Haddad",
        "municipality": MunicipalityFactory(),
        "preferred_language": LanguageFactory(code="ara"),
        "birth_date": dt.date(1991, 4, 2),
        "arrival_date": dt.date(2024, 6, 1),
    }
    arguments.update(fields)
    return create_client(**arguments)  # type: ignore[arg-type]


def test_a_new_client_is_on_the_caseload_of_the_social_worker_who_opened_it(personas) -> None:
    client = new_client(personas)

    assert client.social_worker == personas.social_worker
    assert caseload_for(user=personas.social_worker) == [client]


def test_opening_a_client_is_written_to_the_audit_log(personas) -> None:
    client = new_client(personas)

    event = AuditEvent.objects.get(client_id=client.pk)
    assert event.action == AuditEvent.Action.CREATE
    assert event.actor == personas.social_worker
    assert event.organisation == personas.organisation


def test_a_client_may_be_opened_for_a_colleague(personas) -> None:
    client = new_client(personas, social_worker=personas.colleague)

    assert client.social_worker == personas.colleague


def test_a_social_worker_cannot_open_a_client_in_another_organisation(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, by=personas.other_social_worker)

    assert error.value.code == "not_a_social_worker"
    assert not Client.objects.exists()


def test_a_coordinator_cannot_open_a_client(personas) -> None:
    with pytest.raises(DomainError):
        new_client(personas, by=personas.coordinator)


def test_the_responsible_social_worker_must_belong_to_the_organisation(personas) -> None:
    with pytest.raises(DomainError):
        new_client(personas, social_worker=personas.other_social_worker)

    assert not Client.objects.exists()


def test_a_reference_already_in_use_is_refused(personas) -> None:
    new_client(personas)

    with pytest.raises(DomainError) as error:
        new_client(personas, first_name="Other")

    assert error.value.code == "duplicate_reference"
    assert Client.objects.count() == 1


def test_a_reference_taken_at_the_same_moment_is_refused_as_a_duplicate(
    personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_client(personas)
    really_taken = services._reference_taken
    checks = iter([False])  # the racing request's check ran before the first one saved
    monkeypatch.setattr(
        services, "_reference_taken", lambda client: next(checks, None) or really_taken(client)
    )

    with pytest.raises(DomainError) as error:
        new_client(personas, first_name="Other")

    assert error.value.code == "duplicate_reference"
    assert Client.objects.count() == 1


def test_the_same_reference_may_be_used_in_another_organisation(personas) -> None:
    new_client(personas)

    other = new_client(
        personas, organisation=personas.other_organisation, by=personas.other_social_worker
    )

    assert other.reference == "RC-2025-001"


def test_arrival_before_birth_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, birth_date=dt.date(2000, 1, 1), arrival_date=dt.date(1999, 1, 1))

    assert error.value.code == "arrival_before_birth"
    assert not Client.objects.exists()


def test_a_birth_in_year_one_is_refused_and_nothing_is_saved(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, birth_date=dt.date(1, 1, 1), arrival_date=None)

    assert error.value.code == "birth_too_early"
    assert not Client.objects.exists()


def test_an_arrival_in_year_9999_is_refused(personas) -> None:
    with pytest.raises(DomainError):
        new_client(personas, birth_date=dt.date(1990, 1, 1), arrival_date=dt.date(9999, 1, 1))

    assert not Client.objects.exists()


def test_a_birth_date_in_the_future_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(
            personas, birth_date=timezone.localdate() + dt.timedelta(days=1), arrival_date=None
        )

    assert error.value.code == "birth_in_future"


def test_a_client_without_a_name_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, last_name="  ")

    assert error.value.code == "name_missing"


def test_an_unknown_residence_status_is_refused(personas) -> None:
    with pytest.raises(DomainError):
        new_client(personas, residence_status="tourist")


def test_a_country_of_origin_is_a_two_letter_code(personas) -> None:
    with pytest.raises(DomainError) as error:
        new_client(personas, country_of_origin="Syria")

    assert error.value.code == "invalid_country"


def test_the_social_worker_updates_their_clients_details(personas, client_of_sofia) -> None:
    update_client(client=client_of_sofia, by=personas.social_worker, phone="+352 621 000 000")

    client_of_sofia.refresh_from_db()
    assert client_of_sofia.phone == "+352621000000"


def test_a_stranger_cannot_update_a_client(personas, client_of_sofia) -> None:
    with pytest.raises(NotFound):
        update_client(client=client_of_sofia, by=personas.other_social_worker, phone="1")


def test_a_colleague_without_the_shared_case_cannot_update_it(personas, client_of_sofia) -> None:
    with pytest.raises(NotFound):
        update_client(client=client_of_sofia, by=personas.colleague, phone="1")


def test_the_responsible_social_worker_cannot_be_changed_by_update(
    personas, client_of_sofia
) -> None:
    with pytest.raises(DomainError) as error:
        update_client(
            client=client_of_sofia, by=personas.social_worker, social_worker=personas.colleague
        )

    assert error.value.code == "not_editable"


def test_a_refused_update_changes_nothing(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError):
        update_client(
            client=client_of_sofia, by=personas.social_worker, first_name="Zaynab", last_name=""
        )

    client_of_sofia.refresh_from_db()
    assert client_of_sofia.first_name == "Amina"


def test_a_shared_case_can_be_worked_on_by_the_colleague(personas, client_of_sofia) -> None:
    share_client(client=client_of_sofia, with_user=personas.colleague, by=personas.social_worker)

    update_client(client=client_of_sofia, by=personas.colleague, notes="Met at the office.")

    client_of_sofia.refresh_from_db()
    assert client_of_sofia.notes == "Met at the office."


def test_a_case_cannot_be_shared_with_another_organisation(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError):
        share_client(
            client=client_of_sofia,
            with_user=personas.other_social_worker,
            by=personas.social_worker,
        )

    assert not client_of_sofia.shared_with.exists()


def test_unsharing_a_case_takes_it_off_the_colleagues_caseload(personas, client_of_sofia) -> None:
    share_client(client=client_of_sofia, with_user=personas.colleague, by=personas.social_worker)

    unshare_client(client=client_of_sofia, with_user=personas.colleague, by=personas.social_worker)

    assert caseload_for(user=personas.colleague) == []


def test_a_transferred_case_moves_to_the_new_social_worker(personas, client_of_sofia) -> None:
    transfer_client(client=client_of_sofia, to=personas.colleague, by=personas.social_worker)

    assert caseload_for(user=personas.colleague) == [client_of_sofia]
    assert caseload_for(user=personas.social_worker) == []


def test_a_closed_case_can_be_reopened(personas, client_of_sofia) -> None:
    close_client(client=client_of_sofia, by=personas.social_worker)

    reopen_client(client=client_of_sofia, by=personas.social_worker)

    client_of_sofia.refresh_from_db()
    assert client_of_sofia.is_active


def test_closing_a_closed_case_is_refused(personas, client_of_sofia) -> None:
    close_client(client=client_of_sofia, by=personas.social_worker)

    with pytest.raises(DomainError) as error:
        close_client(client=client_of_sofia, by=personas.social_worker)

    assert error.value.code == "already_closed"


def test_a_language_is_added_with_its_proficiency(personas, client_of_sofia) -> None:
    language = add_client_language(
        client=client_of_sofia,
        language=LanguageFactory(code="ukr"),
        proficiency=4,
        by=personas.social_worker,
    )

    assert language.proficiency == 4


@pytest.mark.parametrize("proficiency", [0, 6])
def test_a_proficiency_outside_one_to_five_is_refused(
    personas, client_of_sofia, proficiency
) -> None:
    with pytest.raises(DomainError) as error:
        add_client_language(
            client=client_of_sofia,
            language=LanguageFactory(code="ukr"),
            proficiency=proficiency,
            by=personas.social_worker,
        )

    assert error.value.code == "invalid_proficiency"
    assert not ClientLanguage.objects.exists()


def test_the_same_language_twice_is_refused(personas, client_of_sofia) -> None:
    ClientLanguageFactory(client=client_of_sofia, language=LanguageFactory(code="ukr"))

    with pytest.raises(DomainError) as error:
        add_client_language(
            client=client_of_sofia,
            language=LanguageFactory(code="ukr"),
            proficiency=3,
            by=personas.social_worker,
        )

    assert error.value.code == "duplicate_language"


def test_a_stranger_cannot_change_a_clients_language(personas, client_of_sofia) -> None:
    client_language = ClientLanguageFactory(client=client_of_sofia)

    with pytest.raises(NotFound):
        change_client_language(
            client_language=client_language, proficiency=1, by=personas.other_social_worker
        )


def test_a_household_member_is_added(personas, client_of_sofia) -> None:
    member = add_household_member(
        client=client_of_sofia,
        first_name="Yusuf",
        relation=HouseholdMember.Relation.CHILD,
        birth_date=dt.date(2018, 9, 1),
        by=personas.social_worker,
    )

    assert list(client_of_sofia.household.all()) == [member]


def test_a_household_member_with_an_unknown_relation_is_refused(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError) as error:
        add_household_member(
            client=client_of_sofia, first_name="Yusuf", relation="cousin", by=personas.social_worker
        )

    assert error.value.code == "invalid_relation"
    assert not HouseholdMember.objects.exists()


def test_consent_to_share_names_the_association_and_the_details(personas, client_of_sofia) -> None:
    association = AssociationFactory(organisation=personas.organisation)

    consent = give_consent(
        client=client_of_sofia,
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        association=association,
        shared_details=["last_name", "languages"],
        by=personas.social_worker,
    )

    assert consent.is_active
    assert consent.association == association
    assert consent.shared_details == ["last_name", "languages"]
    assert consent.recorded_by == personas.social_worker


def test_consent_to_share_without_an_association_is_refused(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError) as error:
        give_consent(
            client=client_of_sofia,
            purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
            by=personas.social_worker,
        )

    assert error.value.code == "association_missing"
    assert not Consent.objects.exists()


def test_consent_to_share_with_another_organisations_association_is_refused(
    personas, client_of_sofia
) -> None:
    foreign = AssociationFactory(organisation=personas.other_organisation)

    with pytest.raises(NotFound):
        give_consent(
            client=client_of_sofia,
            purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
            association=foreign,
            by=personas.social_worker,
        )


def test_consent_to_process_data_names_no_association(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError) as error:
        give_consent(
            client=client_of_sofia,
            purpose=Consent.Purpose.DATA_PROCESSING,
            association=AssociationFactory(organisation=personas.organisation),
            by=personas.social_worker,
        )

    assert error.value.code == "association_not_allowed"


def test_an_unknown_detail_to_share_is_refused(personas, client_of_sofia) -> None:
    with pytest.raises(DomainError) as error:
        give_consent(
            client=client_of_sofia,
            purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
            association=AssociationFactory(organisation=personas.organisation),
            shared_details=["bank_account"],
            by=personas.social_worker,
        )

    assert error.value.code == "invalid_shared_details"


def test_the_same_active_consent_twice_is_refused(personas, client_of_sofia) -> None:
    ConsentFactory(client=client_of_sofia, purpose=Consent.Purpose.INTERPRETING)

    with pytest.raises(DomainError) as error:
        give_consent(
            client=client_of_sofia, purpose=Consent.Purpose.INTERPRETING, by=personas.social_worker
        )

    assert error.value.code == "duplicate_consent"


def test_a_stranger_cannot_record_consent(personas, client_of_sofia) -> None:
    with pytest.raises(NotFound):
        give_consent(
            client=client_of_sofia,
            purpose=Consent.Purpose.INTERPRETING,
            by=personas.other_social_worker,
        )


def test_withdrawing_consent_records_who_and_when(personas, client_of_sofia) -> None:
    consent = ConsentFactory(client=client_of_sofia)

    withdraw_consent(consent=consent, by=personas.social_worker)

    consent.refresh_from_db()
    assert not consent.is_active
    assert consent.withdrawn_by == personas.social_worker


def test_withdrawing_consent_twice_is_refused(personas, client_of_sofia) -> None:
    consent = ConsentFactory(client=client_of_sofia)
    withdraw_consent(consent=consent, by=personas.social_worker)

    with pytest.raises(DomainError) as error:
        withdraw_consent(consent=consent, by=personas.social_worker)

    assert error.value.code == "already_withdrawn"


def test_the_preferred_language_is_among_the_clients_languages(personas) -> None:
    client = new_client(personas, birth_date=dt.date(1990, 1, 1), arrival_date=None)

    assert list(client.languages.values_list("language_id", flat=True)) == [
        client.preferred_language_id
    ]


def test_the_preferred_language_cannot_be_removed_from_the_clients_languages(personas) -> None:
    client = new_client(personas, birth_date=dt.date(1990, 1, 1), arrival_date=None)
    spoken = client.languages.get()

    with pytest.raises(DomainError) as error:
        remove_client_language(client_language=spoken, by=personas.social_worker)

    assert error.value.code == "preferred_language"
    assert client.languages.exists()
