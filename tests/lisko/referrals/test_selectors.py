import pytest

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, Consent
from lisko.clients.services import withdraw_consent
from lisko.core.errors import NotFound
from lisko.organisations.models import Membership
from lisko.referrals.models import Referral
from lisko.referrals.selectors import (
    details_for_partner,
    referral_for,
    referral_for_partner,
    referrals_for_partner,
    referrals_for_social_worker,
)
from tests.factories.core import ClientFactory, ClientLanguageFactory, LanguageFactory
from tests.factories.people import AssociationFactory, GoalFactory, PlanFactory, ReferralFactory


@pytest.fixture
def client_of_sofia(personas) -> Client:
    return ClientFactory(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name="Amina",
        last_name="Haddad",
        phone="+352 600",
    )


@pytest.fixture
def referral(personas, client_of_sofia) -> Referral:
    return ReferralFactory(
        client=client_of_sofia,
        offer__association=AssociationFactory(
            organisation=personas.organisation, partners=[personas.partner]
        ),
        created_by=personas.social_worker,
    )


def test_the_partner_sees_referrals_to_their_association(personas, referral) -> None:
    assert referrals_for_partner(user=personas.partner) == [referral]


def test_the_partner_sees_nothing_of_other_associations(personas, referral) -> None:
    ReferralFactory(client__organisation=personas.organisation)

    assert referrals_for_partner(user=personas.partner) == [referral]


def test_withdrawing_consent_hides_the_referral_from_the_partner_at_once(
    personas, referral
) -> None:
    withdraw_consent(consent=referral.consent, by=personas.social_worker)

    assert referrals_for_partner(user=personas.partner) == []
    with pytest.raises(NotFound):
        referral_for_partner(user=personas.partner, referral_id=referral.pk)


def test_a_partner_who_lost_the_role_sees_nothing(personas, referral) -> None:
    Membership.objects.filter(user=personas.partner).delete()

    assert referrals_for_partner(user=personas.partner) == []


def test_the_partner_list_is_written_to_the_audit_log(personas, referral) -> None:
    referrals_for_partner(user=personas.partner)

    event = AuditEvent.objects.get()
    assert event.actor == personas.partner
    assert event.client_id == referral.client_id
    assert event.reason == "partner referrals"


def test_the_partner_sees_only_the_details_the_client_consented_to(personas, referral) -> None:
    referral.consent.shared_details = [Consent.SharedDetail.LAST_NAME]
    referral.consent.save()

    details = details_for_partner(referral=referral)

    assert details == {"first_name": "Amina", "last_name": "Haddad"}


def test_sharing_languages_and_the_goal_shows_them(personas, referral) -> None:
    ClientLanguageFactory(client=referral.client, language=LanguageFactory(code="ukr"))
    referral.goal = GoalFactory(plan=PlanFactory(client=referral.client), wording="Play football.")
    referral.save()
    referral.consent.shared_details = [Consent.SharedDetail.LANGUAGES, Consent.SharedDetail.GOAL]
    referral.consent.save()

    details = details_for_partner(referral=referral)

    assert details["goal"] == "Play football."
    assert details["languages"] == ["Ukrainian"]
    assert "phone" not in details


def test_the_social_worker_sees_the_referrals_of_their_caseload(personas, referral) -> None:
    ReferralFactory(client__organisation=personas.organisation)

    assert referrals_for_social_worker(user=personas.social_worker) == [referral]


def test_the_social_worker_filters_by_client(personas, referral) -> None:
    other_client = ClientFactory(
        organisation=personas.organisation, social_worker=personas.social_worker
    )
    ReferralFactory(client=other_client)

    assert referrals_for_social_worker(
        user=personas.social_worker, client_id=referral.client_id
    ) == [referral]


def test_a_stranger_sees_no_referral(personas, referral) -> None:
    assert referrals_for_social_worker(user=personas.other_social_worker) == []
    assert referrals_for_partner(user=personas.other_social_worker) == []
    with pytest.raises(NotFound):
        referral_for(user=personas.other_social_worker, referral_id=referral.pk)
    with pytest.raises(NotFound):
        referrals_for_social_worker(user=personas.other_social_worker, client_id=referral.client_id)


def test_a_referral_page_brings_its_history_and_is_audited(personas, referral) -> None:
    found = referral_for(user=personas.social_worker, referral_id=referral.pk)

    assert found.pk == referral.pk
    assert AuditEvent.objects.get().reason == "referral page"


def test_the_partner_cannot_open_a_referral_of_another_association(personas, referral) -> None:
    foreign = ReferralFactory(client__organisation=personas.organisation)

    with pytest.raises(NotFound):
        referral_for_partner(user=personas.partner, referral_id=foreign.pk)
