"""What an Access knows of the person asking: roles per organisation, read once."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lisko.access import SYSTEM, access_of, forget_access, roles
from lisko.organisations.models import Membership, Role
from lisko.organisations.services import add_member, remove_member


@pytest.mark.django_db
def test_an_access_lists_every_role_a_user_holds(personas) -> None:
    Membership.objects.create(
        user=personas.social_worker, organisation=personas.organisation, role=Role.COORDINATOR
    )
    forget_access(personas.social_worker)

    access = access_of(personas.social_worker)

    assert access.roles_by_organisation[personas.organisation.pk] == {
        Role.SOCIAL_WORKER,
        Role.COORDINATOR,
    }


@pytest.mark.django_db
def test_a_stranger_holds_nothing_in_an_organisation(personas) -> None:
    access = access_of(personas.other_social_worker)

    assert not access.belongs_to(personas.organisation.pk)
    assert not access.holds(roles.STAFF, personas.organisation.pk)


def test_an_anonymous_user_holds_nothing() -> None:
    access = access_of(AnonymousUser())

    assert (access.is_authenticated, access.roles, access.organisations(roles.STAFF)) == (
        False,
        frozenset(),
        [],
    )


def test_the_system_access_holds_every_role() -> None:
    assert SYSTEM.holds(roles.COORDINATING, 42)


@pytest.mark.django_db
def test_the_first_organisation_is_the_one_joined_first(personas) -> None:
    Membership.objects.create(
        user=personas.coordinator, organisation=personas.other_organisation, role=Role.COORDINATOR
    )
    forget_access(personas.coordinator)

    first = access_of(personas.coordinator).first_organisation(roles.COORDINATING)

    assert first == personas.organisation.pk


@pytest.mark.django_db
def test_giving_and_taking_a_role_is_seen_at_once_by_the_same_user_object(personas) -> None:
    user = personas.social_worker
    assert not access_of(user).holds(roles.COORDINATING)

    membership = add_member(
        organisation=personas.organisation, user=user, role=Role.COORDINATOR, by=personas.admin
    )
    assert access_of(user).holds(roles.COORDINATING)

    remove_member(membership=membership, by=personas.admin)
    assert not access_of(membership.user).holds(roles.COORDINATING)
