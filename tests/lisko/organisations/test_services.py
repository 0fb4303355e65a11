import pytest
from django.utils import translation

from lisko.core.errors import DomainError
from lisko.organisations.models import FieldOfAction, Membership, Organisation, Role
from lisko.organisations.services import (
    DEFAULT_FIELDS_OF_ACTION,
    add_field_of_action,
    add_member,
    create_organisation,
    remove_member,
)
from tests.factories.core import UserFactory


@pytest.mark.django_db
def test_a_new_organisation_starts_with_the_six_default_fields_of_action() -> None:
    organisation = create_organisation(name="Caritas Luxembourg")

    fields = list(organisation.fields_of_action.order_by("position"))

    assert [field.key for field in fields] == [key for key, _name in DEFAULT_FIELDS_OF_ACTION]
    assert [field.position for field in fields] == [1, 2, 3, 4, 5, 6]
    assert fields[0].name == "Language and education"


@pytest.mark.django_db
def test_the_short_name_is_derived_from_the_name_when_none_is_given() -> None:
    organisation = create_organisation(name="Office social Esch")

    assert organisation.slug == "office-social-esch"


@pytest.mark.django_db
def test_a_default_field_of_action_is_shown_through_the_translation_catalog() -> None:
    organisation = create_organisation(name="Caritas")
    field = organisation.fields_of_action.get(key="housing")

    with translation.override("de"):
        # Without a German catalog the source text comes back; what matters is that the name
        # goes through gettext rather than being the stored string.
        assert field.display_name() == str(dict(DEFAULT_FIELDS_OF_ACTION)["housing"])


@pytest.mark.django_db
def test_a_renamed_default_field_of_action_keeps_the_organisations_name() -> None:
    organisation = create_organisation(name="Caritas")
    field = organisation.fields_of_action.get(key="housing")
    field.name = "Wohnen und Unterkunft"
    field.save()

    assert str(field) == "Wohnen und Unterkunft"


@pytest.mark.django_db
def test_a_taken_short_name_is_refused_and_nothing_is_created(personas) -> None:
    with pytest.raises(DomainError) as error:
        create_organisation(name="Another centre", slug="red-cross")

    assert error.value.code == "duplicate"
    assert Organisation.objects.filter(name="Another centre").count() == 0


@pytest.mark.django_db
def test_an_organisation_without_a_name_is_refused() -> None:
    with pytest.raises(DomainError):
        create_organisation(name="   ")

    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_an_admin_adds_a_member_in_a_role(personas) -> None:
    newcomer = UserFactory()

    membership = add_member(
        organisation=personas.organisation, user=newcomer, role=Role.INTERPRETER, by=personas.admin
    )

    assert membership.role == Role.INTERPRETER
    assert membership.organisation == personas.organisation


@pytest.mark.django_db
def test_a_social_worker_cannot_add_members(personas) -> None:
    newcomer = UserFactory()

    with pytest.raises(DomainError) as error:
        add_member(
            organisation=personas.organisation,
            user=newcomer,
            role=Role.ADMIN,
            by=personas.social_worker,
        )

    assert error.value.code == "forbidden"
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.django_db
def test_an_admin_of_another_organisation_cannot_add_members(personas) -> None:
    foreign_admin = UserFactory()
    Membership.objects.create(
        user=foreign_admin, organisation=personas.other_organisation, role=Role.ADMIN
    )

    with pytest.raises(DomainError):
        add_member(
            organisation=personas.organisation,
            user=foreign_admin,
            role=Role.ADMIN,
            by=foreign_admin,
        )


@pytest.mark.django_db
def test_the_same_role_twice_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        add_member(
            organisation=personas.organisation,
            user=personas.social_worker,
            role=Role.SOCIAL_WORKER,
            by=personas.admin,
        )

    assert error.value.code == "duplicate"


@pytest.mark.django_db
def test_an_unknown_role_is_refused(personas) -> None:
    with pytest.raises(DomainError) as error:
        add_member(
            organisation=personas.organisation,
            user=UserFactory(),
            role="janitor",
            by=personas.admin,
        )

    assert error.value.code == "invalid_role"


@pytest.mark.django_db
def test_an_admin_removes_a_role(personas) -> None:
    membership = Membership.objects.get(user=personas.colleague)

    remove_member(membership=membership, by=personas.admin)

    assert not Membership.objects.filter(user=personas.colleague).exists()


@pytest.mark.django_db
def test_the_last_admin_cannot_be_removed(personas) -> None:
    membership = Membership.objects.get(user=personas.admin)

    with pytest.raises(DomainError) as error:
        remove_member(membership=membership, by=personas.admin)

    assert error.value.code == "last_admin"
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_an_admin_adds_a_field_of_action_at_the_end(personas) -> None:
    create_organisation(name="Caritas", slug="caritas")
    organisation = Organisation.objects.get(slug="caritas")
    Membership.objects.create(user=personas.admin, organisation=organisation, role=Role.ADMIN)

    field = add_field_of_action(organisation=organisation, name="Digital skills", by=personas.admin)

    assert field.key == "digital-skills"
    assert field.position == 7


@pytest.mark.django_db
def test_a_field_of_action_with_a_taken_key_is_refused(personas) -> None:
    FieldOfAction.objects.create(organisation=personas.organisation, key="housing", name="Housing")

    with pytest.raises(DomainError) as error:
        add_field_of_action(organisation=personas.organisation, name="Housing", by=personas.admin)

    assert error.value.code == "duplicate"
