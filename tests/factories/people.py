"""Factories for casework: fields of action, associations and offers, plans, referrals."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from lisko.associations.models import Association, Offer
from lisko.clients.models import Consent
from lisko.organisations.models import FieldOfAction
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone
from lisko.referrals.models import Referral, ReferralEvent
from tests.factories.core import (
    ClientFactory,
    ConsentFactory,
    MunicipalityFactory,
    OrganisationFactory,
)


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction
        django_get_or_create = ("organisation", "key")

    organisation = factory.SubFactory(OrganisationFactory)
    key = "language-education"
    name = "Language and education"
    position = 1


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Association {n}")
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def partners(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.partners.set(extracted)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"German course {n}")
    field_of_action = factory.SubFactory(
        FieldOfActionFactory, organisation=factory.SelfAttribute("..association.organisation")
    )
    municipality = factory.SubFactory(MunicipalityFactory)
    capacity = 10
    is_active = True

    @factory.post_generation
    def languages(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.languages.set(extracted)


class SharingConsentFactory(ConsentFactory):
    """The client's active consent to share with one association."""

    purpose = Consent.Purpose.SHARE_WITH_ASSOCIATION
    association = factory.SubFactory(
        AssociationFactory, organisation=factory.SelfAttribute("..client.organisation")
    )
    shared_details = factory.LazyFunction(lambda: ["last_name"])


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmpowermentPlan

    client = factory.SubFactory(ClientFactory)
    created_by = factory.LazyAttribute(lambda plan: plan.client.social_worker)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    field_of_action = factory.SubFactory(
        FieldOfActionFactory, organisation=factory.SelfAttribute("..plan.client.organisation")
    )
    wording = "I want to read letters from the authorities on my own."
    intake_level = 2
    created_by = factory.LazyAttribute(lambda goal: goal.plan.created_by)


class GoalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalReview

    goal = factory.SubFactory(GoalFactory)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    level = 3
    reviewed_by = factory.LazyAttribute(lambda review: review.goal.created_by)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    title = "Register for an A2 course"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    responsible_text = "The client"


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral sent with a matching, active consent."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    offer = factory.SubFactory(
        OfferFactory,
        association__organisation=factory.SelfAttribute("...client.organisation"),
    )
    consent = factory.SubFactory(
        SharingConsentFactory,
        client=factory.SelfAttribute("..client"),
        association=factory.SelfAttribute("..offer.association"),
    )
    status = Referral.Status.SENT
    created_by = factory.LazyAttribute(lambda referral: referral.client.social_worker)


class ReferralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(ReferralFactory)
    from_status = ""
    to_status = Referral.Status.SENT
    by = factory.LazyAttribute(lambda event: event.referral.created_by)
