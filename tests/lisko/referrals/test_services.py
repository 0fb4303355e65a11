from dataclasses import dataclass

import pytest
from django.utils import timezone

from lisko.associations.models import Association, Offer
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, Consent
from lisko.clients.services import withdraw_consent
from lisko.core.errors import DomainError, NotFound
from lisko.plans.models import Goal
from lisko.referrals.models import DeclineCode, Referral
from lisko.referrals.services import (
    accept_referral,
    complete_referral,
    decline_referral,
    drop_referral,
    refer_client,
    start_referral,
)
from tests.factories.core import ClientFactory, ConsentFactory
from tests.factories.people import (
    AssociationFactory,
    GoalFactory,
    OfferFactory,
    PlanFactory,
    ReferralFactory,
    SharingConsentFactory,
)


@dataclass
class Case:
    client: Client
    association: Association
    offer: Offer
    consent: Consent


@pytest.fixture
def case(personas) -> Case:
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    association = AssociationFactory(
        organisation=personas.organisation, partners=[personas.partner]
    )
    offer = OfferFactory(association=association, capacity=2)
    consent = SharingConsentFactory(
        client=client, association=association, recorded_by=personas.social_worker
    )
    return Case(client=client, association=association, offer=offer, consent=consent)


def refer(personas, case: Case, **fields: object) -> Referral:
    arguments: dict[str, object] = {
        "client": case.client,
        "offer": case.offer,
        "consent": case.consent,
        "by": personas.social_worker,
    }
    arguments.update(fields)
    return refer_client(**arguments)  # type: ignore[arg-type]


def test_a_referral_is_sent_with_the_clients_consent(personas, case) -> None:
    referral = refer(personas, case, note="Loves football.")

    assert referral.status == Referral.Status.SENT
    assert referral.note == "Loves football."
    [event] = referral.events.all()
    assert (event.from_status, event.to_status, event.by) == ("", "sent", personas.social_worker)


def test_a_referral_is_written_to_the_audit_log(personas, case) -> None:
    referral = refer(personas, case)

    event = AuditEvent.objects.get(object_type="referrals.referral")
    assert event.action == AuditEvent.Action.CREATE
    assert event.client_id == case.client.pk
    assert event.object_id == str(referral.pk)


def test_a_referral_may_serve_a_goal_of_the_clients_plan(personas, case) -> None:
    goal = GoalFactory(plan=PlanFactory(client=case.client))

    referral = refer(personas, case, goal=goal)

    assert list(goal.referrals.all()) == [referral]


def test_a_goal_of_another_clients_plan_is_refused(personas, case) -> None:
    other_client = ClientFactory(
        organisation=personas.organisation, social_worker=personas.social_worker
    )
    goal = GoalFactory(plan=PlanFactory(client=other_client))

    with pytest.raises(DomainError) as error:
        refer(personas, case, goal=goal)

    assert error.value.code == "goal_other_client"
    assert not Referral.objects.exists()


def test_a_closed_goal_is_refused(personas, case) -> None:
    goal = GoalFactory(plan=PlanFactory(client=case.client), status=Goal.Status.DROPPED)

    with pytest.raises(DomainError) as error:
        refer(personas, case, goal=goal)

    assert error.value.code == "goal_closed"


def test_a_referral_without_consent_to_share_is_refused(personas, case) -> None:
    processing = ConsentFactory(client=case.client, purpose=Consent.Purpose.DATA_PROCESSING)

    with pytest.raises(DomainError) as error:
        refer(personas, case, consent=processing)

    assert error.value.code == "consent_wrong_purpose"
    assert not Referral.objects.exists()


def test_consent_for_another_association_is_refused(personas, case) -> None:
    other = SharingConsentFactory(client=case.client)

    with pytest.raises(DomainError) as error:
        refer(personas, case, consent=other)

    assert error.value.code == "consent_other_association"
    assert not Referral.objects.exists()


def test_another_clients_consent_is_refused(personas, case) -> None:
    other_client = ClientFactory(
        organisation=personas.organisation, social_worker=personas.social_worker
    )
    other = SharingConsentFactory(client=other_client, association=case.association)

    with pytest.raises(DomainError) as error:
        refer(personas, case, consent=other)

    assert error.value.code == "consent_other_client"


def test_withdrawn_consent_is_refused(personas, case) -> None:
    withdraw_consent(consent=case.consent, by=personas.social_worker)

    with pytest.raises(DomainError) as error:
        refer(personas, case)

    assert error.value.code == "consent_withdrawn"
    assert not Referral.objects.exists()


def test_a_referral_to_an_inactive_offer_is_refused(personas, case) -> None:
    case.offer.is_active = False
    case.offer.save()

    with pytest.raises(DomainError) as error:
        refer(personas, case)

    assert error.value.code == "offer_inactive"


def test_a_referral_to_a_full_offer_is_refused(personas, case) -> None:
    for status in (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS):
        ReferralFactory(client__organisation=personas.organisation, offer=case.offer, status=status)

    with pytest.raises(DomainError) as error:
        refer(personas, case)

    assert error.value.code == "offer_full"
    assert not Referral.objects.filter(client=case.client).exists()


def test_a_second_open_referral_to_the_same_offer_is_refused(personas, case) -> None:
    refer(personas, case)

    with pytest.raises(DomainError) as error:
        refer(personas, case)

    assert error.value.code == "duplicate_referral"


def test_a_client_may_be_referred_again_after_a_declined_referral(personas, case) -> None:
    first = refer(personas, case)
    decline_referral(referral=first, reason="Course is for women only.", by=personas.partner)

    second = refer(personas, case)

    assert second.pk != first.pk


def test_a_closed_case_is_not_referred(personas, case) -> None:
    case.client.is_active = False
    case.client.save()

    with pytest.raises(DomainError) as error:
        refer(personas, case)

    assert error.value.code == "client_closed"


def test_a_stranger_cannot_refer_a_client(personas, case) -> None:
    with pytest.raises(NotFound):
        refer(personas, case, by=personas.other_social_worker)


def test_a_colleague_without_the_shared_case_cannot_refer_the_client(personas, case) -> None:
    with pytest.raises(NotFound):
        refer(personas, case, by=personas.colleague)


def test_an_offer_of_another_organisation_is_not_found(personas, case) -> None:
    foreign = OfferFactory(association=AssociationFactory(organisation=personas.other_organisation))

    with pytest.raises(NotFound):
        refer(personas, case, offer=foreign)


def test_the_partner_accepts_starts_and_completes_a_referral(personas, case) -> None:
    referral = refer(personas, case)

    accept_referral(referral=referral, by=personas.partner)
    start_referral(referral=referral, by=personas.partner)
    complete_referral(referral=referral, outcome="Finished the A1 course.", by=personas.partner)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert referral.outcome == "Finished the A1 course."
    history = [(event.from_status, event.to_status) for event in referral.events.all()]
    assert history == [
        ("", "sent"),
        ("sent", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "completed"),
    ]


def test_the_partner_declines_with_a_reason(personas, case) -> None:
    referral = refer(personas, case)

    decline_referral(referral=referral, reason="No places for adults.", by=personas.partner)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == "No places for adults."


def test_the_partner_declines_with_a_reason_code(personas, case) -> None:
    referral = refer(personas, case)

    decline_referral(
        referral=referral,
        reason="The group is full until May.",
        code=DeclineCode.NO_PLACES,
        by=personas.partner,
    )

    referral.refresh_from_db()
    assert referral.decline_code == DeclineCode.NO_PLACES
    assert referral.decline_reason == "The group is full until May."


def test_a_decline_without_a_code_counts_as_another_reason(personas, case) -> None:
    referral = refer(personas, case)

    decline_referral(referral=referral, reason="No.", by=personas.partner)

    referral.refresh_from_db()
    assert referral.decline_code == DeclineCode.OTHER


def test_an_unknown_decline_code_is_refused(personas, case) -> None:
    referral = refer(personas, case)

    with pytest.raises(DomainError) as error:
        decline_referral(referral=referral, reason="No.", code="too_busy", by=personas.partner)

    assert error.value.code == "decline_code_unknown"
    assert str(error.value.message) == "Choose from the list why the referral is declined."
    referral.refresh_from_db()
    assert (referral.status, referral.decline_code) == (Referral.Status.SENT, "")


def test_an_unknown_decline_code_from_a_stranger_is_not_found(personas, case) -> None:
    referral = refer(personas, case)

    with pytest.raises(NotFound):
        decline_referral(
            referral=referral, reason="No.", code="too_busy", by=personas.social_worker
        )


def test_declining_without_a_reason_is_refused(personas, case) -> None:
    referral = refer(personas, case)

    with pytest.raises(DomainError) as error:
        decline_referral(referral=referral, reason="  ", by=personas.partner)

    assert error.value.code == "reason_missing"
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_completing_without_an_outcome_is_refused(personas, case) -> None:
    referral = ReferralFactory(
        client=case.client,
        offer=case.offer,
        consent=case.consent,
        status=Referral.Status.IN_PROGRESS,
    )

    with pytest.raises(DomainError) as error:
        complete_referral(referral=referral, outcome="", by=personas.partner)

    assert error.value.code == "outcome_missing"


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Referral.Status.SENT, "complete"),
        (Referral.Status.SENT, "start"),
        (Referral.Status.ACCEPTED, "accept"),
        (Referral.Status.ACCEPTED, "decline"),
        (Referral.Status.DECLINED, "accept"),
        (Referral.Status.COMPLETED, "drop"),
        (Referral.Status.DROPPED, "start"),
    ],
)
def test_an_invalid_status_transition_is_refused(personas, case, status, action) -> None:
    referral = ReferralFactory(
        client=case.client, offer=case.offer, consent=case.consent, status=status
    )
    actions = {
        "accept": lambda: accept_referral(referral=referral, by=personas.partner),
        "decline": lambda: decline_referral(referral=referral, reason="No.", by=personas.partner),
        "start": lambda: start_referral(referral=referral, by=personas.partner),
        "complete": lambda: complete_referral(
            referral=referral, outcome="Done.", by=personas.partner
        ),
        "drop": lambda: drop_referral(referral=referral, by=personas.partner),
    }

    with pytest.raises(DomainError) as error:
        actions[action]()

    assert error.value.code == "invalid_transition"
    referral.refresh_from_db()
    assert referral.status == status
    assert not referral.events.exists()


def test_accepting_when_the_offer_has_filled_up_is_refused(personas, case) -> None:
    referral = refer(personas, case)
    for _ in range(2):
        ReferralFactory(
            client__organisation=personas.organisation,
            offer=case.offer,
            status=Referral.Status.ACCEPTED,
        )

    with pytest.raises(DomainError) as error:
        accept_referral(referral=referral, by=personas.partner)

    assert error.value.code == "offer_full"


def test_a_partner_of_another_association_cannot_act(personas, case) -> None:
    referral = refer(personas, case)
    case.association.partners.clear()
    AssociationFactory(organisation=personas.organisation, partners=[personas.partner])

    with pytest.raises(NotFound):
        accept_referral(referral=referral, by=personas.partner)


def test_the_social_worker_cannot_act_as_the_partner(personas, case) -> None:
    referral = refer(personas, case)

    with pytest.raises(NotFound):
        accept_referral(referral=referral, by=personas.social_worker)


def test_once_consent_is_withdrawn_the_partner_cannot_act(personas, case) -> None:
    referral = refer(personas, case)
    withdraw_consent(consent=case.consent, by=personas.social_worker)

    with pytest.raises(NotFound):
        accept_referral(referral=referral, by=personas.partner)


def test_the_social_worker_withdraws_a_sent_referral(personas, case) -> None:
    referral = refer(personas, case)

    drop_referral(referral=referral, reason="Client moved away.", by=personas.social_worker)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.DROPPED
    # Kept for colleagues only: the association is not told why.
    assert (referral.events.last().staff_note, referral.events.last().note) == (
        "Client moved away.",
        "",
    )
    assert referral.outcome == ""


def test_the_partner_reports_a_client_who_dropped_out(personas, case) -> None:
    referral = ReferralFactory(
        client=case.client,
        offer=case.offer,
        consent=case.consent,
        status=Referral.Status.IN_PROGRESS,
    )

    drop_referral(referral=referral, reason="Stopped coming.", by=personas.partner)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.DROPPED
    assert referral.outcome == "Stopped coming."


def test_a_stranger_cannot_drop_a_referral(personas, case) -> None:
    referral = refer(personas, case)

    with pytest.raises(NotFound):
        drop_referral(referral=referral, by=personas.other_social_worker)


def test_a_status_change_records_who_and_when(personas, case) -> None:
    referral = refer(personas, case)
    before = timezone.now()

    accept_referral(referral=referral, note="Welcome on Monday.", by=personas.partner)

    event = referral.events.last()
    assert event.by == personas.partner
    assert event.note == "Welcome on Monday."
    assert event.at >= before
