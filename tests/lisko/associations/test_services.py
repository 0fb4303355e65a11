import pytest

from lisko.associations.models import Association, Offer
from lisko.associations.services import (
    add_partner,
    create_association,
    create_offer,
    remove_partner,
    update_association,
    update_offer,
)
from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.referrals.models import Referral
from tests.factories.core import LanguageFactory, MunicipalityFactory, UserFactory
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    OfferFactory,
    ReferralFactory,
)


@pytest.fixture
def association(personas) -> Association:
    return AssociationFactory(organisation=personas.organisation, name="Sportverein Bonnevoie")


def test_a_social_worker_adds_an_association(personas) -> None:
    association = create_association(
        organisation=personas.organisation,
        name=" Women's café Esch ",
        municipality=MunicipalityFactory(),
        by=personas.social_worker,
    )

    assert association.name == "Women's café Esch"
    assert association.organisation == personas.organisation


def test_an_interpreter_cannot_add_an_association(personas) -> None:
    with pytest.raises(DomainError) as error:
        create_association(
            organisation=personas.organisation,
            name="Club",
            municipality=MunicipalityFactory(),
            by=personas.interpreter,
        )

    assert error.value.code == "forbidden"
    assert not Association.objects.exists()


def test_a_stranger_cannot_add_an_association_to_another_organisation(personas) -> None:
    with pytest.raises(NotFound):
        create_association(
            organisation=personas.organisation,
            name="Club",
            municipality=MunicipalityFactory(),
            by=personas.other_social_worker,
        )


def test_an_association_without_a_name_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        create_association(
            organisation=personas.organisation,
            name="",
            municipality=MunicipalityFactory(),
            by=personas.admin,
        )

    assert error.value.code == "name_missing"


def test_an_association_is_updated(personas, association) -> None:
    update_association(association=association, email="info@club.lu", by=personas.social_worker)

    association.refresh_from_db()
    assert association.email == "info@club.lu"


def test_an_association_cannot_move_to_another_organisation(personas, association) -> None:
    with pytest.raises(DomainError) as error:
        update_association(
            association=association,
            organisation=personas.other_organisation,
            by=personas.social_worker,
        )

    assert error.value.code == "not_editable"


def test_a_partner_user_is_added_to_the_association(personas, association) -> None:
    add_partner(association=association, user=personas.partner, by=personas.social_worker)

    assert list(association.partners.all()) == [personas.partner]


def test_only_an_association_partner_can_be_added_as_partner(personas, association) -> None:
    with pytest.raises(DomainError) as error:
        add_partner(association=association, user=personas.interpreter, by=personas.social_worker)

    assert error.value.code == "not_a_partner"


def test_a_partner_user_is_removed(personas, association) -> None:
    association.partners.add(personas.partner)

    remove_partner(association=association, user=personas.partner, by=personas.social_worker)

    assert not association.partners.exists()


def test_an_offer_is_created_with_its_languages(personas, association) -> None:
    arabic = LanguageFactory(code="ara")

    offer = create_offer(
        association=association,
        title="Football for teenagers",
        field_of_action=FieldOfActionFactory(organisation=personas.organisation),
        municipality=MunicipalityFactory(),
        capacity=12,
        languages=[arabic],
        by=personas.social_worker,
    )

    assert offer.capacity == 12
    assert list(offer.languages.all()) == [arabic]


@pytest.mark.parametrize("capacity", [0, -3])
def test_an_offer_without_places_is_refused(personas, association, capacity) -> None:
    with pytest.raises(DomainError) as error:
        create_offer(
            association=association,
            title="Football",
            field_of_action=FieldOfActionFactory(organisation=personas.organisation),
            municipality=MunicipalityFactory(),
            capacity=capacity,
            by=personas.social_worker,
        )

    assert error.value.code == "invalid_capacity"
    assert not Offer.objects.exists()


@pytest.mark.parametrize(("language", "most"), [("en", "10,000"), ("de", "10.000")])
def test_too_many_places_are_refused_with_the_limit_in_the_readers_locale(
    personas, association, language, most
) -> None:
    from django.utils import translation

    with translation.override(language), pytest.raises(DomainError) as error:
        create_offer(
            association=association,
            title="Football",
            field_of_action=FieldOfActionFactory(organisation=personas.organisation),
            municipality=MunicipalityFactory(),
            capacity=10**12,
            by=personas.social_worker,
        )

    assert error.value.code == "too_many_places"
    assert most in str(error.value.message)
    assert not Offer.objects.exists()


def test_an_offer_in_a_field_of_action_of_another_organisation_is_refused(
    personas, association
) -> None:
    with pytest.raises(DomainError) as error:
        create_offer(
            association=association,
            title="Football",
            field_of_action=FieldOfActionFactory(organisation=personas.other_organisation),
            municipality=MunicipalityFactory(),
            capacity=5,
            by=personas.social_worker,
        )

    assert error.value.code == "foreign_field_of_action"


def test_an_offer_is_deactivated(personas, association) -> None:
    offer = OfferFactory(association=association)

    update_offer(offer=offer, is_active=False, by=personas.social_worker)

    offer.refresh_from_db()
    assert not offer.is_active


def test_an_offers_languages_are_replaced(personas, association) -> None:
    offer = OfferFactory(association=association, languages=[LanguageFactory(code="ara")])
    ukrainian = LanguageFactory(code="ukr")

    update_offer(offer=offer, languages=[ukrainian], by=personas.social_worker)

    assert list(offer.languages.all()) == [ukrainian]


def test_places_cannot_drop_below_the_clients_taking_part(personas, association) -> None:
    offer = OfferFactory(association=association, capacity=3)
    for _ in range(2):
        ReferralFactory(
            client__organisation=personas.organisation, offer=offer, status=Referral.Status.ACCEPTED
        )

    with pytest.raises(DomainError) as error:
        update_offer(offer=offer, capacity=1, by=personas.social_worker)

    assert error.value.code == "capacity_below_taken"
    offer.refresh_from_db()
    assert offer.capacity == 3


def test_an_unknown_offer_field_is_refused(personas, association) -> None:
    offer = OfferFactory(association=association)

    with pytest.raises(DomainError) as error:
        update_offer(offer=offer, association=AssociationFactory(), by=personas.social_worker)

    assert error.value.code == "not_editable"


def test_a_stranger_cannot_change_an_offer(personas, association) -> None:
    offer = OfferFactory(association=association)

    with pytest.raises(NotFound):
        update_offer(offer=offer, capacity=99, by=personas.other_social_worker)


def test_a_superuser_outside_the_organisation_cannot_add_an_association(personas) -> None:
    operator = UserFactory(is_staff=True, is_superuser=True)

    with pytest.raises(NotFound):
        create_association(
            organisation=personas.organisation,
            name="Club",
            municipality=MunicipalityFactory(),
            by=operator,
        )

    assert not Association.objects.exists()


def test_adding_an_association_is_in_the_audit_trail(personas) -> None:
    association = create_association(
        organisation=personas.organisation,
        name="Club",
        municipality=MunicipalityFactory(),
        by=personas.social_worker,
    )

    event = AuditEvent.objects.get(object_type="associations.association")
    assert (event.actor, event.action, event.object_id, event.organisation_id) == (
        personas.social_worker,
        AuditEvent.Action.CREATE,
        str(association.pk),
        personas.organisation.pk,
    )
    assert event.client_id is None


def test_changing_an_association_names_the_fields_changed_in_the_audit_trail(
    personas, association
) -> None:
    update_association(
        association=association, email="info@club.lu", phone="+352 1", by=personas.social_worker
    )

    event = AuditEvent.objects.get(object_type="associations.association")
    assert event.action == AuditEvent.Action.UPDATE
    assert event.reason == "association changed: email, phone"


def test_adding_and_changing_an_offer_are_in_the_audit_trail(personas, association) -> None:
    offer = create_offer(
        association=association,
        title="Football",
        field_of_action=FieldOfActionFactory(organisation=personas.organisation),
        municipality=MunicipalityFactory(),
        capacity=12,
        by=personas.social_worker,
    )
    update_offer(offer=offer, capacity=10, languages=[], by=personas.social_worker)

    events = AuditEvent.objects.filter(object_type="associations.offer").order_by("pk")
    assert [(event.action, event.reason) for event in events] == [
        (AuditEvent.Action.CREATE, "offer added"),
        (AuditEvent.Action.UPDATE, "offer changed: capacity, languages"),
    ]


def test_a_refused_offer_change_leaves_no_audit_event(personas, association) -> None:
    offer = OfferFactory(association=association)

    with pytest.raises(DomainError):
        update_offer(offer=offer, capacity=0, by=personas.social_worker)

    assert not AuditEvent.objects.filter(object_type="associations.offer").exists()
