import pytest

from lisko.associations.selectors import (
    association_for,
    associations_for,
    associations_of_partner,
    offer_for,
    offers_matching,
)
from lisko.core.errors import NotFound
from lisko.languages.models import Language
from lisko.referrals.models import Referral
from tests.factories.core import LanguageFactory, MunicipalityFactory
from tests.factories.people import (
    AssociationFactory,
    FieldOfActionFactory,
    OfferFactory,
    ReferralFactory,
)


def offer_of(personas, **fields: object):
    fields.setdefault("association", AssociationFactory(organisation=personas.organisation))
    return OfferFactory(**fields)


def matching_titles(personas, **filters: object) -> list[str]:
    return [offer.title for offer in offers_matching(user=personas.social_worker, **filters)]


def test_offers_are_found_by_field_of_action(personas) -> None:
    housing = FieldOfActionFactory(
        organisation=personas.organisation, key="housing", name="Housing"
    )
    offer_of(personas, title="Flat search", field_of_action=housing)
    offer_of(personas, title="German A1")

    assert matching_titles(personas, field_of_action=housing) == ["Flat search"]


def test_offers_are_found_by_municipality(personas) -> None:
    esch = MunicipalityFactory(name="Esch-sur-Alzette", latitude=49.5, longitude=5.98)
    offer_of(personas, title="Café Esch", municipality=esch)
    offer_of(personas, title="Café Luxembourg")

    assert matching_titles(personas, municipality=esch) == ["Café Esch"]


def test_offers_are_found_by_language(personas) -> None:
    ukrainian = LanguageFactory(code="ukr")
    offer_of(personas, title="Ukrainian club", languages=[ukrainian])
    offer_of(personas, title="Arabic club", languages=[LanguageFactory(code="ara")])

    assert matching_titles(personas, language=ukrainian) == ["Ukrainian club"]


def test_a_variety_also_finds_offers_in_its_macrolanguage(personas) -> None:
    persian = LanguageFactory(code="fas")
    dari = Language.objects.create(code="prs", parent=persian, is_right_to_left=True)
    offer_of(personas, title="Persian homework help", languages=[persian])

    assert matching_titles(personas, language=dari) == ["Persian homework help"]


def test_full_offers_are_left_out_unless_asked_for(personas) -> None:
    full = offer_of(personas, title="Full course", capacity=1)
    ReferralFactory(
        client__organisation=personas.organisation, offer=full, status=Referral.Status.IN_PROGRESS
    )
    offer_of(personas, title="Open course")

    assert matching_titles(personas) == ["Open course"]
    assert set(matching_titles(personas, with_free_places=False)) == {"Full course", "Open course"}


def test_sent_and_ended_referrals_take_no_place(personas) -> None:
    offer = offer_of(personas, title="Course", capacity=1)
    for status in (Referral.Status.SENT, Referral.Status.DECLINED, Referral.Status.COMPLETED):
        ReferralFactory(client__organisation=personas.organisation, offer=offer, status=status)

    [found] = offers_matching(user=personas.social_worker)
    assert found.free_places == 1


def test_inactive_offers_are_left_out(personas) -> None:
    offer_of(personas, title="Paused course", is_active=False)

    assert matching_titles(personas) == []


def test_offers_of_another_organisation_are_never_found(personas) -> None:
    offer_of(
        personas,
        title="Foreign",
        association=AssociationFactory(organisation=personas.other_organisation),
    )

    assert matching_titles(personas) == []


def test_a_stranger_sees_no_associations_of_another_organisation(personas) -> None:
    association = AssociationFactory(organisation=personas.organisation)

    assert not associations_for(user=personas.other_social_worker).exists()
    with pytest.raises(NotFound):
        association_for(user=personas.other_social_worker, association_id=association.pk)


def test_an_association_comes_with_its_offers(personas) -> None:
    offer = offer_of(personas)

    association = association_for(user=personas.social_worker, association_id=offer.association_id)

    assert list(association.offers.all()) == [offer]


def test_an_offer_shows_its_free_places(personas) -> None:
    offer = offer_of(personas, capacity=4)
    ReferralFactory(
        client__organisation=personas.organisation, offer=offer, status=Referral.Status.ACCEPTED
    )

    assert offer_for(user=personas.social_worker, offer_id=offer.pk).free_places == 3


def test_an_offer_of_another_organisation_is_not_found(personas) -> None:
    offer = offer_of(personas)

    with pytest.raises(NotFound):
        offer_for(user=personas.other_social_worker, offer_id=offer.pk)


def test_a_partner_sees_only_their_own_associations(personas) -> None:
    own = AssociationFactory(organisation=personas.organisation, partners=[personas.partner])
    AssociationFactory(organisation=personas.organisation)

    assert list(associations_of_partner(user=personas.partner)) == [own]
