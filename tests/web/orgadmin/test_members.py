"""Members and roles: the admin sees the organisation's people, gives and takes roles, opens
accounts; the last admin stays."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.organisations.models import Membership, Role
from tests.factories.core import UserFactory
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db


def url(name: str, scene: Scene, *args: object) -> str:
    return f"{reverse(name, args=args)}?organisation={scene.personas.organisation.pk}"


def test_the_admin_sees_the_members_with_their_roles(ada: HttpClient, scene: Scene) -> None:
    page = ada.get(url("orgadmin:members", scene)).content.decode()

    assert scene.personas.social_worker.username in page
    assert scene.personas.partner.username in page
    assert "Association partner" in page
    assert scene.personas.other_social_worker.username not in page
    assert scene.other_admin.username not in page


def test_the_admin_gives_a_role_to_an_existing_account(ada: HttpClient, scene: Scene) -> None:
    newcomer = UserFactory(username="nina", email="nina@example.org")

    response = ada.post(
        url("orgadmin:give_role", scene), {"login": "NINA@example.org", "role": Role.COORDINATOR}
    )

    assert response.status_code == 302
    assert Membership.objects.filter(
        user=newcomer, organisation=scene.personas.organisation, role=Role.COORDINATOR
    ).exists()
    assert AuditEvent.objects.filter(
        organisation=scene.personas.organisation, reason="role given: coordinator"
    ).exists()


def test_an_unknown_account_is_refused_with_a_message(ada: HttpClient, scene: Scene) -> None:
    before = Membership.objects.count()

    response = ada.post(
        url("orgadmin:give_role", scene),
        {"login": "nobody", "role": Role.SOCIAL_WORKER},
        follow=True,
    )

    assert "No active account has this user name or e-mail address." in response.content.decode()
    assert Membership.objects.count() == before


def test_the_admin_takes_a_role_away(ada: HttpClient, scene: Scene) -> None:
    membership = Membership.objects.get(user=scene.personas.colleague)

    response = ada.post(url("orgadmin:remove_role", scene, membership.pk), follow=True)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "no longer holds the role Social worker" in response.content.decode()


def test_the_last_admin_cannot_be_removed(ada: HttpClient, scene: Scene) -> None:
    # Dora is an admin of A too; without her, Ada is the last one.
    Membership.objects.filter(user=scene.dual, organisation=scene.personas.organisation).delete()
    own = Membership.objects.get(user=scene.personas.admin, role=Role.ADMIN)

    response = ada.post(url("orgadmin:remove_role", scene, own.pk), follow=True)

    assert "The organisation would have no administrator left." in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_an_admin_who_gives_up_the_admin_role_leaves_the_pages(
    ada: HttpClient, scene: Scene
) -> None:
    own = Membership.objects.get(user=scene.personas.admin, role=Role.ADMIN)

    response = ada.post(url("orgadmin:remove_role", scene, own.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert ada.get(url("orgadmin:members", scene)).status_code == 403


def test_the_admin_opens_an_account_with_a_role(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(
        url("orgadmin:new_member", scene),
        {
            "username": "omar",
            "first_name": "Omar",
            "last_name": "Haddad",
            "email": "omar@example.org",
            "language": "fr",
            "role": Role.INTERPRETER,
            "password": "a long first password 42",
            "password_again": "a long first password 42",
        },
    )

    assert response.status_code == 302
    omar = User.objects.get(username="omar")
    assert omar.check_password("a long first password 42")
    assert (omar.language, omar.is_staff, omar.is_superuser) == ("fr", False, False)
    assert list(omar.memberships.values_list("organisation_id", "role")) == [
        (scene.personas.organisation.pk, Role.INTERPRETER)
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "sofia"}, "The user name sofia is already taken."),
        ({"username": "no spaces"}, "A user name may contain only letters"),
        ({"password": "123", "password_again": "123"}, "This password is too short."),
        ({"password_again": "something else"}, "The two passwords differ."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"role": "janitor"}, "Select a valid choice."),
    ],
)
def test_a_bad_new_account_is_refused_and_nothing_is_created(
    ada: HttpClient, scene: Scene, changes: dict[str, str], message: str
) -> None:
    data = {
        "username": "omar",
        "first_name": "Omar",
        "last_name": "Haddad",
        "email": "omar@example.org",
        "language": "en",
        "role": Role.INTERPRETER,
        "password": "a long first password 42",
        "password_again": "a long first password 42",
        **changes,
    }
    users, memberships = User.objects.count(), Membership.objects.count()

    response = ada.post(url("orgadmin:new_member", scene), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
