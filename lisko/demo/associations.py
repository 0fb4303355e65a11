"""The directory of associations and their offers, and the referrals sent to them, with the
partners' answers."""

import datetime as dt
import random

from lisko.accounts.models import User
from lisko.associations.models import Association, Offer
from lisko.associations.services import add_partner, create_association, create_offer
from lisko.clients.models import Client, Consent
from lisko.clients.services import give_consent, renew_consent
from lisko.core.errors import DomainError
from lisko.demo.catalogue import ASSOCIATIONS, WOMEN_ONLY_OFFERS
from lisko.demo.clients import PlannedGoal
from lisko.demo.clock import Clock
from lisko.demo.people import People, create_logins
from lisko.languages.models import Language
from lisko.organisations.models import Role
from lisko.organisations.services import add_member
from lisko.places.models import Municipality
from lisko.referrals.models import DeclineCode, Referral, ReferralEvent
from lisko.referrals.services import (
    accept_referral,
    complete_referral,
    decline_referral,
    refer_client,
    start_referral,
)

# How far each referral has come; the partner's answers follow the referral's own transitions.
STORIES = ["sent", "sent", "accepted", "in_progress", "in_progress", "completed", "declined"]


def directory(
    people: People,
    municipalities: dict[str, Municipality],
    languages: dict[str, Language],
    password: str,
) -> tuple[list[Association], list[Offer]]:
    """The associations and offers, entered by the organisation admin. Paula answers for the
    first two; every other association has a contact person with a partner login of its own."""
    admin = people.admin
    associations: list[Association] = []
    offers: list[Offer] = []
    for association_name, place, items in ASSOCIATIONS:
        association = create_association(
            organisation=people.organisation,
            name=association_name,
            municipality=municipalities[place],
            email=_email_of(association_name),
            description=f"{association_name} welcomes newcomers in {place}.",
            by=admin,
        )
        associations.append(association)
        for title, field, codes, capacity, schedule in items:
            offers.append(
                create_offer(
                    association=association,
                    title=title,
                    field_of_action=people.fields[field],
                    municipality=municipalities[place],
                    capacity=capacity,
                    schedule=schedule,
                    languages=[languages[code] for code in codes],
                    by=admin,
                )
            )
    contacts = create_logins(
        [
            User(
                username=f"contact{index:02d}",
                first_name="Contact",
                last_name=association.name[:150],
                email=f"contact{index:02d}@demo.lisko.lu",
                password=password,
                language="fr",
            )
            for index, association in enumerate(associations[2:], start=3)
        ]
    )
    for contact in contacts:
        add_member(organisation=people.organisation, user=contact, role=Role.PARTNER, by=admin)
    for association in associations[:2]:
        add_partner(association=association, user=people.users["paula"], by=admin)
    for association, contact in zip(associations[2:], contacts, strict=True):
        add_partner(association=association, user=contact, by=admin)
    return associations, offers


def referrals(
    rng: random.Random,
    clients: list[Client],
    offers: list[Offer],
    planned: list[PlannedGoal],
    clock: Clock,
) -> list[Referral]:
    """150 clients referred over the last two months, each to an offer that serves one of
    their goals; the partner answers as the story says."""
    goals_by_client: dict[int, list[PlannedGoal]] = {}
    for item in planned:
        goals_by_client.setdefault(item.goal.plan.client_id, []).append(item)
    partner_of = {
        association.pk: association.partners.get()
        for association in {offer.association for offer in offers}
    }
    sent_referrals: list[Referral] = []
    for client in rng.sample(clients, 150):
        matching = [
            (item.goal, offer)
            for item in goals_by_client.get(client.pk, [])
            for offer in offers
            if offer.field_of_action_id == item.goal.field_of_action_id
            and (client.gender == "f" or offer.title not in WOMEN_ONLY_OFFERS)
        ]
        if not matching:
            continue
        goal, offer = rng.choice(matching)
        sent = clock.at(clock.today - dt.timedelta(days=rng.randint(1, 60)), 11)
        details = ["languages", "goal"] + (["contact"] if rng.random() < 0.6 else [])
        story = rng.choice(STORIES)
        worker = client.social_worker
        consent = sharing_consent(client, offer.association, details, given_at=sent)
        try:
            referral = refer_client(
                client=client,
                offer=offer,
                consent=consent,
                goal=goal,
                note="Client is motivated; prefers afternoons.",
                by=worker,
            )
        except DomainError as error:
            if error.code != "offer_full":
                raise
            continue  # the client waits for a place; the consent stays on record
        partner = partner_of[offer.association_id]
        try:
            _answer(referral, story, partner)
        except DomainError as error:
            if error.code != "offer_full":
                raise
        referral.created_at = referral.updated_at = sent
        sent_referrals.append(referral)
    # Back-dating for the demo: sent on the day drawn, each answer two days after the last
    # (the referral services stamp referrals and events with the real moment).
    Referral.objects.bulk_update(sent_referrals, ["created_at", "updated_at"], batch_size=500)
    events = list(ReferralEvent.objects.filter(referral__in=sent_referrals).order_by("pk"))
    sent_on = {referral.pk: referral.created_at for referral in sent_referrals}
    steps: dict[int, int] = {}
    for event in events:
        step = steps[event.referral_id] = steps.get(event.referral_id, -1) + 1
        event.at = min(sent_on[event.referral_id] + dt.timedelta(days=2 * step), clock.now)
    ReferralEvent.objects.bulk_update(events, ["at"], batch_size=500)
    return sent_referrals


def sharing_consent(
    client: Client, association: Association, details: list[str], *, given_at: dt.datetime
) -> Consent:
    """The client's consent to share with the association, given at `given_at` and standing
    today: sharing consents expire after a year, and the demo's clock may lie in the past, so
    an expired one is renewed as the social worker would at the next meeting."""
    consent = give_consent(
        client=client,
        purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION,
        association=association,
        shared_details=details,
        given_at=given_at,
        by=client.social_worker,
    )
    if consent.is_expired:
        consent = renew_consent(consent=consent, by=client.social_worker)
    return consent


def _answer(referral: Referral, story: str, partner: User) -> None:
    if story == "declined":
        decline_referral(
            referral=referral,
            by=partner,
            reason="The group is full until spring.",
            code=DeclineCode.NO_PLACES,
        )
        return
    if story == "sent":
        return
    accept_referral(referral=referral, by=partner)
    if story == "accepted":
        return
    start_referral(referral=referral, by=partner)
    if story == "completed":
        complete_referral(
            referral=referral,
            by=partner,
            outcome="Completed the course and joined the follow-up group.",
        )


def _email_of(association_name: str) -> str:
    return f"contact@{''.join(ch for ch in association_name.lower() if ch.isalnum())[:20]}.lu"
