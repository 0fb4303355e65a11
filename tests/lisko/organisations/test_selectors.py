import pytest

from lisko.organisations.models import FieldOfAction, Role
from lisko.organisations.selectors import fields_of_action_for, members_of


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
