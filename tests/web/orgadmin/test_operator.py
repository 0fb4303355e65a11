"""Django's admin is for the operator of the installation alone."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories.core import UserFactory
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db


def test_staff_status_with_view_permissions_does_not_open_djangos_admin(
    client: HttpClient, scene: Scene
) -> None:
    admin = scene.personas.admin
    admin.is_staff = True
    admin.save()
    admin.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(admin)

    response = client.get(reverse("admin:clients_client_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_operator_opens_djangos_admin(client: HttpClient, scene: Scene) -> None:
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:clients_client_changelist")).status_code == 200


def test_the_operator_is_no_organisation_admin(client: HttpClient, scene: Scene) -> None:
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))

    response = client.get(
        reverse("orgadmin:audit_log"), {"organisation": scene.personas.organisation.pk}
    )

    assert response.status_code == 403
    assert "client page of organisation A" not in response.content.decode()
