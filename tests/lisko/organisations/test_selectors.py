import pytest
from django.contrib.auth.models import AnonymousUser

from lisko.organisations.models import FieldOfAction, Membership, Role
from lisko.organisations.selectors import (
    fields_of_action_for,
    is_member,
    members_of,
    organisation_of,
    organisations_of,
    roles_of,
)
from tests.factories.core import UserFactory


@pytest.mark.django_db
def test_roles_of_lists_every_role_a_user_holds(personas) -> None:
    Membership.objects.create(
        user=personas.social_worker, organisation=personas.organisation, role=Role.COORDINATOR
    )

    assert roles_of(personas.social_worker, personas.organisation) == {
        Role.SOCIAL_WORKER,
        Role.COORDINATOR,
    }


@pytest.mark.django_db
def test_a_stranger_holds_no_role_in_the_organisation(personas) -> None:
    assert roles_of(personas.other_social_worker, personas.organisation) == set()
    assert not is_member(personas.other_social_worker, personas.organisation)


@pytest.mark.django_db
def test_an_anonymous_user_belongs_nowhere(personas) -> None:
    anonymous = AnonymousUser()

    assert roles_of(anonymous, personas.organisation) == set()
    assert not is_member(anonymous, personas.organisation)
    assert organisation_of(anonymous) is None
    assert not organisations_of(anonymous).exists()


@pytest.mark.django_db
def test_is_member_checks_the_role_when_one_is_given(personas) -> None:
    assert is_member(personas.coordinator, personas.organisation, Role.COORDINATOR)
    assert not is_member(personas.coordinator, personas.organisation, Role.ADMIN)
    assert is_member(personas.coordinator, personas.organisation, [Role.ADMIN, Role.COORDINATOR])


@pytest.mark.django_db
def test_organisation_of_is_the_organisation_joined_first(personas) -> None:
    Membership.objects.create(
        user=personas.social_worker, organisation=personas.other_organisation, role=Role.PARTNER
    )

    assert organisation_of(personas.social_worker) == personas.organisation


@pytest.mark.django_db
def test_a_user_without_membership_has_no_organisation() -> None:
    assert organisation_of(UserFactory()) is None


@pytest.mark.django_db
def test_members_of_filters_by_role(personas) -> None:
    social_workers = {
        membership.user
        for membership in members_of(organisation=personas.organisation, role=Role.SOCIAL_WORKER)
    }

    assert social_workers == {personas.social_worker, personas.colleague}


@pytest.mark.django_db
def test_fields_of_action_come_in_their_configured_order(personas) -> None:
    FieldOfAction.objects.create(organisation=personas.organisation, key="b", name="B", position=2)
    FieldOfAction.objects.create(organisation=personas.organisation, key="a", name="A", position=1)

    keys = [field.key for field in fields_of_action_for(organisation=personas.organisation)]

    assert keys == ["a", "b"]
