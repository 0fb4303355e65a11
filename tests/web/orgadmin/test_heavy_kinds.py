"""The admin chooses which kinds of appointment count as emotionally heavy, as checkboxes."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.organisations.models import Organisation
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db

SENSIBLE = {
    "offer_strategy": Organisation.OfferStrategy.SEQUENTIAL,
    "broadcast_size": 3,
    "offer_expiry_hours": 24,
    "retention_months": 120,
}


def _url(scene: Scene) -> str:
    return f"{reverse('orgadmin:settings')}?organisation={scene.personas.organisation.pk}"


def test_the_settings_page_ticks_the_current_heavy_kinds(ada: HttpClient, scene: Scene) -> None:
    html = ada.get(_url(scene)).content.decode()

    assert 'value="therapy" id="id_heavy_kinds_6" checked' in html
    assert 'value="medical" id="id_heavy_kinds_2">' in html


def test_the_admin_changes_the_heavy_kinds(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(_url(scene), {**SENSIBLE, "heavy_kinds": ["therapy", "medical"]})

    assert response.status_code == 302
    scene.personas.organisation.refresh_from_db()
    assert scene.personas.organisation.heavy_kinds == ["medical", "therapy"]
    scene.personas.other_organisation.refresh_from_db()
    assert scene.personas.other_organisation.heavy_kinds == [
        "therapy",
        "asylum_hearing",
        "child_protection",
    ]


def test_no_kind_ticked_means_none_is_heavy(ada: HttpClient, scene: Scene) -> None:
    ada.post(_url(scene), SENSIBLE)

    scene.personas.organisation.refresh_from_db()
    assert scene.personas.organisation.heavy_kinds == []


def test_an_unknown_kind_is_refused_and_nothing_is_saved(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(_url(scene), {**SENSIBLE, "heavy_kinds": ["therapy", "bungee"]})

    assert response.status_code == 200
    assert "Select a valid choice. bungee is not one of the available choices." in (
        response.content.decode()
    )
    scene.personas.organisation.refresh_from_db()
    assert scene.personas.organisation.heavy_kinds == [
        "therapy",
        "asylum_hearing",
        "child_protection",
    ]


def test_the_service_refuses_an_unknown_kind(scene: Scene) -> None:
    from lisko.core.errors import DomainError
    from lisko.organisations.services import update_settings

    with pytest.raises(DomainError) as refusal:
        update_settings(
            organisation=scene.personas.organisation,
            by=scene.personas.admin,
            heavy_kinds=["bungee"],
            **SENSIBLE,
        )

    assert refusal.value.code == "invalid_heavy_kinds"
