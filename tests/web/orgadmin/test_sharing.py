"""The admin's page on sharing with planners: record and withdraw agreements, give planners
their regions; scoped to the organisation, bad input answered on the page."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lisko.organisations.models import Membership, Role
from lisko.planning.models import PlannerRegion, SharingAgreement
from tests.factories.core import RegionFactory, UserFactory, make_member
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db


def url(name: str, scene: Scene, *args: object) -> str:
    return f"{reverse(name, args=args)}?organisation={scene.personas.organisation.pk}"


@pytest.fixture
def district():
    return RegionFactory(name="Kreis Nord", kind="district", parent=RegionFactory(), country="LU")


def agreement_form(district, **fields):
    data = {
        "region": district.pk,
        "signed_on": "2026-11-02",
        "signed_by": "Dr. Maria Muster, director",
        "valid_from": "2026-11-02",
        "valid_until": "",
    }
    data.update(fields)
    return data


def test_the_admin_records_an_agreement(ada: HttpClient, scene: Scene, district) -> None:
    response = ada.post(url("orgadmin:sharing", scene), agreement_form(district), follow=True)

    assert response.status_code == 200
    agreement = SharingAgreement.objects.get(organisation=scene.personas.organisation)
    assert agreement.region == district
    assert "Kreis Nord" in response.content.decode()
    assert "in force" in response.content.decode()


def test_an_absurd_date_is_answered_on_the_page(ada: HttpClient, scene: Scene, district) -> None:
    response = ada.post(
        url("orgadmin:sharing", scene), agreement_form(district, signed_on="0001-01-01")
    )

    assert response.status_code == 200
    assert "Enter a date between the years" in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_the_admin_withdraws_an_agreement(ada: HttpClient, scene: Scene, district) -> None:
    ada.post(url("orgadmin:sharing", scene), agreement_form(district))
    agreement = SharingAgreement.objects.get()

    ada.post(url("orgadmin:sharing_withdraw", scene, agreement.pk))

    agreement.refresh_from_db()
    assert agreement.withdrawn_at is not None


def test_another_organisations_agreement_is_not_found(
    ada: HttpClient, scene: Scene, district
) -> None:
    foreign = SharingAgreement.objects.create(
        organisation=scene.personas.other_organisation,
        region=district,
        signed_on="2026-11-02",
        signed_by="Someone",
        valid_from="2026-11-02",
        recorded_by=UserFactory(),
    )

    response = ada.post(url("orgadmin:sharing_withdraw", scene, foreign.pk))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


def test_the_admin_gives_a_planner_a_region(ada: HttpClient, scene: Scene, district) -> None:
    planner = make_member(organisation=scene.personas.organisation, role=Role.PLANNER)
    membership = Membership.objects.get(user=planner)

    ada.post(
        url("orgadmin:planner_region_give", scene),
        {"membership": membership.pk, "region": district.pk},
    )

    assert PlannerRegion.objects.filter(membership=membership, region=district).exists()
    page = ada.get(url("orgadmin:sharing", scene)).content.decode()
    assert "Kreis Nord" in page


def test_a_social_worker_does_not_open_the_page(client: HttpClient, scene: Scene) -> None:
    client.force_login(scene.personas.social_worker)

    assert client.get(url("orgadmin:sharing", scene)).status_code in {403, 404}


@pytest.mark.parametrize("persona", ["social_worker", "coordinator", "planner"])
def test_only_an_admin_changes_what_is_shared(
    client: HttpClient, scene: Scene, district, persona: str
) -> None:
    organisation = scene.personas.organisation
    planner = make_member(organisation=organisation, role=Role.PLANNER)
    membership = Membership.objects.get(user=planner)
    planner_region = PlannerRegion.objects.create(membership=membership, region=district)
    agreement = SharingAgreement.objects.create(
        organisation=organisation,
        region=district,
        signed_on="2026-11-02",
        signed_by="Someone",
        valid_from="2026-11-02",
    )
    client.force_login(planner if persona == "planner" else getattr(scene.personas, persona))

    answers = [
        client.post(url("orgadmin:sharing", scene), agreement_form(district)).status_code,
        client.post(url("orgadmin:sharing_withdraw", scene, agreement.pk)).status_code,
        client.post(
            url("orgadmin:planner_region_give", scene),
            {"membership": membership.pk, "region": district.pk},
        ).status_code,
        client.post(url("orgadmin:planner_region_remove", scene, planner_region.pk)).status_code,
    ]

    assert set(answers) <= {403, 404}
    agreement.refresh_from_db()
    assert agreement.withdrawn_at is None
    assert PlannerRegion.objects.filter(pk=planner_region.pk).exists()
    assert SharingAgreement.objects.count() == 1


def test_the_button_says_what_it_records(ada: HttpClient, scene: Scene) -> None:
    # "Record" alone was translated as the noun ("Datensatz", "السجل").
    page = ada.get(url("orgadmin:sharing", scene)).content.decode()

    assert '<button type="submit" class="primary">Record the agreement</button>' in page
