"""Settings and fields of action: saved when sensible, refused with a message and nothing saved
when absurd."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.core.errors import DomainError
from lisko.organisations.models import FieldOfAction, Organisation
from lisko.organisations.services import update_settings
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db

SENSIBLE = {
    "offer_strategy": Organisation.OfferStrategy.BROADCAST,
    "broadcast_size": 4,
    "offer_expiry_hours": 12,
    "retention_months": 60,
}


def url(name: str, scene: Scene, *args: object) -> str:
    return f"{reverse(name, args=args)}?organisation={scene.personas.organisation.pk}"


def settings_of(organisation: Organisation) -> tuple:
    organisation.refresh_from_db()
    return (
        organisation.offer_strategy,
        organisation.broadcast_size,
        organisation.offer_expiry_hours,
        organisation.retention_months,
    )


def test_the_admin_changes_the_settings(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(url("orgadmin:settings", scene), SENSIBLE)

    assert response.status_code == 302
    assert settings_of(scene.personas.organisation) == ("broadcast", 4, 12, 60)
    assert settings_of(scene.personas.other_organisation) == ("sequential", 3, 24, 120)


@pytest.mark.parametrize(
    "changes",
    [
        {"broadcast_size": 0},
        {"broadcast_size": 500},
        {"offer_expiry_hours": 0},
        {"offer_expiry_hours": 99999},
        {"retention_months": 1},
        {"retention_months": 1200},
        {"retention_months": "ten"},
        {"offer_strategy": "lottery"},
    ],
)
def test_absurd_settings_are_refused_and_nothing_is_saved(
    ada: HttpClient, scene: Scene, changes: dict[str, object]
) -> None:
    before = settings_of(scene.personas.organisation)

    response = ada.post(url("orgadmin:settings", scene), {**SENSIBLE, **changes})

    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert settings_of(scene.personas.organisation) == before


def test_the_service_refuses_absurd_settings_with_a_translated_message(scene: Scene) -> None:
    with pytest.raises(DomainError) as error:
        update_settings(
            organisation=scene.personas.organisation,
            by=scene.personas.admin,
            **{**SENSIBLE, "retention_months": 0},
        )

    assert error.value.code == "setting_out_of_range"
    assert str(error.value) == "Keep closed cases for (months) must lie between 6 and 360."
    assert settings_of(scene.personas.organisation)[3] == 120


def test_the_admin_of_another_organisation_cannot_change_the_settings(scene: Scene) -> None:
    with pytest.raises(DomainError) as error:
        update_settings(organisation=scene.personas.organisation, by=scene.other_admin, **SENSIBLE)

    assert error.value.code == "not_found"


def test_the_admin_adds_renames_and_moves_fields_of_action(ada: HttpClient, scene: Scene) -> None:
    organisation = scene.personas.organisation

    ada.post(url("orgadmin:fields_of_action", scene), {"name": "Digital skills"})
    digital = FieldOfAction.objects.get(organisation=organisation, key="digital-skills")
    ada.post(url("orgadmin:rename_field_of_action", scene, digital.pk), {"name": "Digital life"})
    ada.post(url("orgadmin:move_field_of_action", scene, digital.pk), {"direction": "up"})

    names = list(
        FieldOfAction.objects.filter(organisation=organisation)
        .order_by("position")
        .values_list("name", flat=True)
    )
    assert names == ["Housing", "Digital life", "Work and income"]
    page = ada.get(url("orgadmin:fields_of_action", scene)).content.decode()
    assert "Digital life" in page
    assert "Esch field" not in page


def test_a_field_of_action_without_a_name_is_refused(ada: HttpClient, scene: Scene) -> None:
    field = FieldOfAction.objects.get(organisation=scene.personas.organisation, key="housing")

    response = ada.post(
        url("orgadmin:rename_field_of_action", scene, field.pk), {"name": "   "}, follow=True
    )

    field.refresh_from_db()
    assert field.name == "Housing"
    assert "This field is required." in response.content.decode()


def test_the_admin_asks_staff_for_a_second_factor(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(url("orgadmin:settings", scene), {**SENSIBLE, "require_two_factor": "on"})

    scene.personas.organisation.refresh_from_db()
    assert response.status_code == 302
    assert scene.personas.organisation.require_two_factor
    assert not scene.personas.other_organisation.require_two_factor


def test_the_two_factor_choice_names_its_help_for_screen_readers(
    ada: HttpClient, scene: Scene
) -> None:
    # Laid out by hand (checkbox, label, then help on a row of its own), not by Django.
    page = ada.get(url("orgadmin:settings", scene)).content.decode()

    assert 'aria-describedby="id_require_two_factor_helptext"' in page
    assert '<div class="helptext" id="id_require_two_factor_helptext">' in page
    assert '<label for="id_require_two_factor">' in page
