"""The access module's rules, and every fast list selector tested equal to its plain rule.

Besides the personas of tests/conftest.py the world holds Dora, who is a social worker in
organisation A and an interpreter in organisation B; Cora, coordinator and admin of A; and a
client transferred from Sofia to Colin, with an appointment Sofia had booked.
"""

from dataclasses import dataclass

import pytest
from django.db.models import Model, Q, QuerySet

from lisko.access import access_of, require_role, roles
from lisko.access.rules import (
    appointment_rule,
    association_rule,
    client_rule,
    interpreter_rule,
    own_assignment_rule,
    partner_referral_rule,
)
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.selectors import appointment_list_for, offers_for_interpreter
from lisko.associations.models import Association
from lisko.associations.selectors import associations_for, associations_of_partner
from lisko.clients.models import Client
from lisko.clients.selectors import client_list_for
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Interpreter
from lisko.interpreters.selectors import interpreter_pool_for, own_interpreter_profile
from lisko.organisations.models import Membership, Role
from lisko.referrals.models import Referral
from lisko.referrals.selectors import partner_referrals
from tests.conftest import Personas
from tests.factories.core import ClientFactory, make_member
from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, InterpreterFactory
from tests.factories.people import AssociationFactory, ReferralFactory


@dataclass
class World:
    people: Personas
    dora: User  # social worker in A, interpreter in B
    cora: User  # coordinator and admin in A
    offered_to_dora: Appointment  # an appointment of B offered to Dora
    transferred: Client  # moved from Sofia to Colin
    transferred_appointment: Appointment  # booked by Sofia before the transfer

    def everyone(self) -> list[User]:
        people = self.people
        return [
            people.social_worker,
            people.other_social_worker,
            people.colleague,
            people.coordinator,
            people.interpreter,
            people.key_person,
            people.partner,
            people.admin,
            self.dora,
            self.cora,
        ]


@pytest.fixture
def world(personas: Personas) -> World:
    a, b = personas.organisation, personas.other_organisation
    dora = make_member(organisation=a, role=Role.SOCIAL_WORKER, username="dora")
    Membership.objects.create(user=dora, organisation=b, role=Role.INTERPRETER)
    cora = make_member(organisation=a, role=Role.COORDINATOR, username="cora")
    Membership.objects.create(user=cora, organisation=a, role=Role.ADMIN)
    dora_in_b = InterpreterFactory(organisation=b, user=dora)
    InterpreterFactory(organisation=a, user=personas.interpreter)
    offered = AssignmentFactory(
        appointment__client__organisation=b,
        appointment__client__social_worker=personas.other_social_worker,
        interpreter=dora_in_b,
    ).appointment
    for social_worker, organisation in (
        (personas.social_worker, a),
        (personas.colleague, a),
        (personas.other_social_worker, b),
        (dora, a),
    ):
        AppointmentFactory(
            client=ClientFactory(organisation=organisation, social_worker=social_worker)
        )
    shared = ClientFactory(organisation=a, social_worker=personas.colleague)
    shared.shared_with.add(personas.social_worker)
    AppointmentFactory(client=shared, booked_by=personas.social_worker)
    transferred = ClientFactory(organisation=a, social_worker=personas.social_worker)
    booked = AppointmentFactory(client=transferred, booked_by=personas.social_worker)
    transferred.social_worker = personas.colleague
    transferred.save()
    association = AssociationFactory(organisation=a)
    association.partners.add(personas.partner)
    ReferralFactory(client=shared, offer__association=association)
    AssociationFactory(organisation=b)
    return World(personas, dora, cora, offered, transferred, booked)


def ids(queryset: QuerySet[Model]) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def by_rule(model: type[Model], rule: Q) -> set[int]:
    return ids(model.objects.filter(rule))  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_fast_client_list_equals_the_client_rule_for_everyone(world: World) -> None:
    for user in world.everyone():
        assert ids(client_list_for(user=user)) == by_rule(Client, client_rule(access_of(user))), (
            user
        )


@pytest.mark.django_db
def test_the_fast_appointment_list_equals_the_appointment_rule_for_everyone(world: World) -> None:
    for user in world.everyone():
        assert ids(appointment_list_for(user=user)) == by_rule(
            Appointment, appointment_rule(access_of(user))
        ), user


@pytest.mark.django_db
def test_the_interpreters_offers_equal_their_assignment_rule(world: World) -> None:
    for user in world.everyone():
        rule = own_assignment_rule(access_of(user)) & Q(state=Assignment.State.OFFERED)
        assert ids(offers_for_interpreter(user=user)) == by_rule(Assignment, rule), user


@pytest.mark.django_db
def test_the_association_lists_together_equal_the_association_rule(world: World) -> None:
    for user in world.everyone():
        listed = ids(associations_for(user=user)) | ids(associations_of_partner(user=user))
        assert listed == by_rule(Association, association_rule(access_of(user))), user


@pytest.mark.django_db
def test_the_pool_and_the_own_profile_together_equal_the_interpreter_rule(world: World) -> None:
    for user in world.everyone():
        listed = ids(interpreter_pool_for(user=user, include_inactive=True))
        try:
            listed.add(own_interpreter_profile(user=user).pk)
        except NotFound:
            pass
        assert listed == by_rule(Interpreter, interpreter_rule(access_of(user))), user


@pytest.mark.django_db
def test_partner_referrals_equal_the_partner_referral_rule(world: World) -> None:
    for user in world.everyone():
        assert ids(partner_referrals(user=user)) == by_rule(
            Referral, partner_referral_rule(access_of(user))
        ), user


@pytest.mark.django_db
def test_a_social_worker_who_interprets_elsewhere_never_gets_the_staff_view_of_an_offer(
    world: World,
) -> None:
    assert world.offered_to_dora.pk not in ids(appointment_list_for(user=world.dora))
    assert ids(offers_for_interpreter(user=world.dora)) == set(
        world.offered_to_dora.assignments.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_an_ended_interpreter_role_ends_the_view_of_offers_at_once(world: World) -> None:
    Membership.objects.filter(user=world.dora, role=Role.INTERPRETER).delete()
    dora = User.objects.get(pk=world.dora.pk)  # the next request reads a fresh user

    assert not offers_for_interpreter(user=dora).exists()
    with pytest.raises(NotFound):
        own_interpreter_profile(user=dora)


@pytest.mark.django_db
def test_a_transferred_client_leaves_the_previous_social_workers_view(world: World) -> None:
    sofia, colin = world.people.social_worker, world.people.colleague

    assert world.transferred.pk not in ids(client_list_for(user=sofia))
    assert world.transferred_appointment.pk not in ids(appointment_list_for(user=sofia))
    assert world.transferred_appointment.pk in ids(appointment_list_for(user=colin))


@pytest.mark.django_db
def test_an_organisation_admin_does_not_coordinate(world: World) -> None:
    admin = access_of(world.people.admin)

    assert not admin.holds(roles.COORDINATING)
    assert admin.holds(roles.POOL_KEEPING)
    assert not appointment_list_for(user=world.people.admin).exists()


@pytest.mark.django_db
def test_a_coordinator_who_is_also_admin_sees_the_organisations_appointments(
    world: World,
) -> None:
    expected = ids(Appointment.objects.filter(organisation=world.people.organisation))

    assert ids(appointment_list_for(user=world.cora)) == expected


@pytest.mark.django_db
def test_the_access_is_read_once_per_user_object(
    world: World, django_assert_num_queries: object
) -> None:
    user = User.objects.get(pk=world.dora.pk)
    with django_assert_num_queries(1):  # type: ignore[operator]
        access_of(user)
        access_of(user)

    assert access_of(user).organisations(roles.CASEWORK) == [world.people.organisation.pk]
    assert access_of(user).organisations(roles.IN_THE_POOL) == [world.people.other_organisation.pk]


@pytest.mark.django_db
def test_a_stranger_to_the_organisation_is_told_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        require_role(
            by=world.people.other_social_worker,
            roles=roles.COORDINATING,
            organisation_id=world.people.organisation.pk,
            refusal="coordinators only",
        )


@pytest.mark.django_db
def test_a_member_without_the_role_is_refused_with_the_reason(world: World) -> None:
    with pytest.raises(DomainError) as refusal:
        require_role(
            by=world.people.social_worker,
            roles=roles.COORDINATING,
            organisation_id=world.people.organisation.pk,
            refusal="coordinators only",
        )

    assert (refusal.value.code, str(refusal.value)) == ("permission_denied", "coordinators only")


def test_a_background_job_may_do_what_any_role_may() -> None:
    require_role(by=None, roles=roles.COORDINATING, organisation_id=1, refusal="never")
