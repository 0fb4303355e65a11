import pytest
from django.utils import translation

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import FieldOfAction, Membership, Organisation, Role
from lisko.organisations.services import (
    DEFAULT_FIELDS_OF_ACTION,
    add_field_of_action,
    add_member,
    create_member_account,
    create_organisation,
    give_role,
    move_field_of_action,
    remove_member,
    rename_field_of_action,
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


@pytest.mark.django_db
def test_a_superuser_outside_the_organisation_cannot_change_its_setup(personas) -> None:
    operator = UserFactory(is_staff=True, is_superuser=True)

    with pytest.raises(NotFound):
        add_member(organisation=personas.organisation, user=operator, role=Role.ADMIN, by=operator)

    assert not Membership.objects.filter(user=operator).exists()


@pytest.mark.django_db
def test_giving_and_taking_a_role_is_written_to_the_audit_trail(personas) -> None:
    membership = add_member(
        organisation=personas.organisation,
        user=UserFactory(),
        role=Role.COORDINATOR,
        by=personas.admin,
    )
    remove_member(membership=membership, by=personas.admin)

    assert list(
        AuditEvent.objects.filter(organisation=personas.organisation)
        .order_by("id")
        .values_list("actor", "action", "object_type", "reason")
    ) == [
        (personas.admin.pk, "create", "organisations.membership", "role given: coordinator"),
        (personas.admin.pk, "delete", "organisations.membership", "role taken away: coordinator"),
    ]


@pytest.mark.django_db
def test_a_role_is_given_to_an_account_found_by_its_email_address(personas) -> None:
    nina = UserFactory(username="nina", email="nina@example.org")

    membership = give_role(
        organisation=personas.organisation,
        login=" Nina@Example.org ",
        role=Role.SOCIAL_WORKER,
        by=personas.admin,
    )

    assert membership.user == nina


@pytest.mark.django_db
def test_an_email_address_shared_by_two_accounts_is_refused(personas) -> None:
    UserFactory(email="office@example.org")
    UserFactory(email="office@example.org")

    with pytest.raises(DomainError) as error:
        give_role(
            organisation=personas.organisation,
            login="office@example.org",
            role=Role.SOCIAL_WORKER,
            by=personas.admin,
        )

    assert error.value.code == "ambiguous_login"


@pytest.mark.django_db
def test_a_new_account_gets_its_role_and_a_usable_password(personas) -> None:
    membership = create_member_account(
        organisation=personas.organisation,
        username="omar",
        first_name="Omar",
        last_name="Haddad",
        email="omar@example.org",
        role=Role.PARTNER,
        password="a long first password 42",
        language="ar",
        by=personas.admin,
    )

    assert membership.user.check_password("a long first password 42")
    assert not membership.user.is_superuser


@pytest.mark.django_db
def test_a_social_worker_cannot_open_accounts(personas) -> None:
    with pytest.raises(DomainError) as error:
        create_member_account(
            organisation=personas.organisation,
            username="omar",
            first_name="Omar",
            last_name="Haddad",
            email="omar@example.org",
            role=Role.ADMIN,
            password="a long first password 42",
            language="en",
            by=personas.social_worker,
        )

    assert error.value.code == "forbidden"
    assert not User.objects.filter(username="omar").exists()


@pytest.mark.django_db
def test_fields_of_action_move_up_and_down_and_stop_at_the_ends(personas) -> None:
    organisation = create_organisation(name="Caritas", slug="caritas")
    Membership.objects.create(user=personas.admin, organisation=organisation, role=Role.ADMIN)
    first, second = organisation.fields_of_action.order_by("position")[:2]

    move_field_of_action(field=second, up=True, by=personas.admin)
    move_field_of_action(field=second, up=True, by=personas.admin)

    keys = list(organisation.fields_of_action.order_by("position").values_list("key", flat=True))
    assert keys[:2] == [second.key, first.key]
    assert sorted(organisation.fields_of_action.values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]


@pytest.mark.django_db
def test_a_field_of_action_name_longer_than_the_column_is_refused(personas) -> None:
    field = FieldOfAction.objects.create(
        organisation=personas.organisation, key="housing", name="Housing"
    )

    with pytest.raises(DomainError) as error:
        rename_field_of_action(field=field, name="x" * 101, by=personas.admin)

    assert error.value.code == "name_too_long"
    field.refresh_from_db()
    assert field.name == "Housing"
