"""Registering a client, correcting the details, and keeping languages and household up to date."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, ClientLanguage, HouseholdMember
from lisko.organisations.models import Membership, Role
from tests.factories.core import (
    ClientFactory,
    ClientLanguageFactory,
    HouseholdMemberFactory,
    LanguageFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from tests.web.staff.conftest import Scene, login

pytestmark = pytest.mark.django_db


def new_client_form(scene: Scene, **changes: Any) -> dict[str, Any]:
    """What a social worker types to register Olena, changed as a test needs."""
    return {
        "reference": "RC-0420",
        "first_name": "Olena",
        "last_name": "Kovalenko",
        "birth_date": "1988-04-12",
        "gender": "f",
        "country_of_origin": "ua",
        "municipality": scene.client.municipality_id,
        "arrival_date": "2022-03-20",
        "residence_status": "temporary",
        "preferred_language": LanguageFactory(code="ukr").code,
        "phone": "+352 691 000 111",
        "notes": "Prefers appointments in the morning.",
        **changes,
    }


def details_form(client: Client, **changes: Any) -> dict[str, Any]:
    """The edit form as it arrives for `client`, with `changes` typed in."""
    return {
        "reference": client.reference,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "birth_date": client.birth_date.isoformat() if client.birth_date else "",
        "gender": client.gender,
        "country_of_origin": client.country_of_origin,
        "municipality": client.municipality_id,
        "arrival_date": client.arrival_date.isoformat() if client.arrival_date else "",
        "residence_status": client.residence_status,
        "preferred_language": client.preferred_language.code,
        "phone": client.phone,
        "notes": client.notes,
        **changes,
    }


# Registering a client -----------------------------------------------------------------------


def test_the_caseload_links_to_the_new_client_page(sofia: HttpClient) -> None:
    page = sofia.get(reverse("staff:clients")).content.decode()
    assert reverse("staff:new_client") in page


def test_a_social_worker_registers_a_client_and_lands_on_its_page(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(reverse("staff:new_client"), new_client_form(scene))

    olena = Client.objects.get(reference="RC-0420")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:client", args=[olena.pk])
    assert olena.organisation == scene.personas.organisation
    assert olena.social_worker == scene.personas.social_worker
    assert (olena.first_name, olena.last_name) == ("Olena", "Kovalenko")
    assert olena.birth_date == dt.date(1988, 4, 12)
    assert olena.country_of_origin == "UA"
    assert olena.residence_status == "temporary"
    assert olena.preferred_language.code == "ukr"
    page = sofia.get(response["Location"]).content.decode()
    assert "The case of Olena Kovalenko is open." in page


def test_registering_a_client_is_audited(sofia: HttpClient, scene: Scene) -> None:
    sofia.post(reverse("staff:new_client"), new_client_form(scene))
    olena = Client.objects.get(reference="RC-0420")
    assert AuditEvent.objects.filter(
        actor=scene.personas.social_worker, action="create", client_id=olena.pk
    ).exists()


def test_a_duplicate_reference_shows_the_translated_message_and_creates_nothing(
    sofia: HttpClient, scene: Scene
) -> None:
    sofia.cookies["django_language"] = "de"
    before = Client.objects.count()

    response = sofia.post(reverse("staff:new_client"), new_client_form(scene, reference="RC-0001"))

    assert response.status_code == 200
    assert Client.objects.count() == before
    page = response.content.decode()
    reference_field = page[page.index('for="id_reference"') : page.index('id="id_reference"')]
    assert "Die Referenz RC-0001 wird bereits verwendet." in reference_field
    assert 'value="Olena"' in page  # what was typed is kept


def test_a_missing_name_shows_the_form_again_and_creates_nothing(
    sofia: HttpClient, scene: Scene
) -> None:
    before = Client.objects.count()
    response = sofia.post(reverse("staff:new_client"), new_client_form(scene, first_name="  "))
    assert response.status_code == 200
    assert Client.objects.count() == before
    assert "Please correct the fields marked below." in response.content.decode()


def test_a_birth_date_in_the_future_is_refused_next_to_the_field(
    sofia: HttpClient, scene: Scene
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = sofia.post(
        reverse("staff:new_client"),
        new_client_form(scene, birth_date=tomorrow.isoformat(), arrival_date=""),
    )
    page = response.content.decode()
    birth_field = page[page.index('for="id_birth_date"') : page.index('id="id_birth_date"')]
    assert "The birth date cannot be in the future." in birth_field
    assert not Client.objects.filter(reference="RC-0420").exists()


def test_a_social_worker_of_two_organisations_chooses_where_the_case_opens(
    sofia: HttpClient, scene: Scene
) -> None:
    second = OrganisationFactory(name="Integration office Dudelange")
    Membership.objects.create(
        user=scene.personas.social_worker, organisation=second, role=Role.SOCIAL_WORKER
    )
    assert "Integration office Dudelange" in sofia.get(reverse("staff:new_client")).content.decode()

    sofia.post(reverse("staff:new_client"), new_client_form(scene, organisation=second.pk))

    assert Client.objects.get(reference="RC-0420").organisation == second


def test_the_case_cannot_be_opened_in_an_organisation_the_social_worker_is_not_in(
    sofia: HttpClient, scene: Scene
) -> None:
    second = OrganisationFactory()
    Membership.objects.create(
        user=scene.personas.social_worker, organisation=second, role=Role.SOCIAL_WORKER
    )
    foreign = scene.personas.other_organisation.pk
    response = sofia.post(reverse("staff:new_client"), new_client_form(scene, organisation=foreign))
    assert response.status_code == 200
    assert not Client.objects.filter(reference="RC-0420").exists()


def test_the_new_client_page_needs_the_same_queries_for_more_languages_and_places(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: Any
) -> None:
    for code in ("ara", "fas", "prs", "kmr", "som", "rus", "ukr", "eng"):
        LanguageFactory(code=code)
    for name in ("Esch-sur-Alzette", "Differdange", "Dudelange", "Ettelbruck"):
        MunicipalityFactory(name=name)
    with django_assert_max_num_queries(7):
        assert sofia.get(reverse("staff:new_client")).status_code == 200


# Correcting the details -----------------------------------------------------------------------


def test_the_client_page_links_to_the_edit_page(sofia: HttpClient, scene: Scene) -> None:
    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()
    assert reverse("staff:edit_client", args=[scene.client.pk]) in page


def test_the_edit_page_starts_from_the_current_details(sofia: HttpClient, scene: Scene) -> None:
    page = sofia.get(reverse("staff:edit_client", args=[scene.client.pk])).content.decode()
    assert 'value="RC-0001"' in page and 'value="Amal"' in page and 'value="1990-05-17"' in page
    assert '<option value="tir" selected>' in page


def test_editing_details_changes_them_and_is_audited(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:edit_client", args=[scene.client.pk]),
        details_form(scene.client, last_name="Tesfay-Berhane", phone="+352 621 123 456"),
    )

    assert response["Location"] == reverse("staff:client", args=[scene.client.pk])
    scene.client.refresh_from_db()
    assert scene.client.last_name == "Tesfay-Berhane"
    assert scene.client.phone == "+352621123456"
    assert AuditEvent.objects.filter(
        actor=scene.personas.social_worker,
        action="update",
        client_id=scene.client.pk,
        reason="client changed",
    ).exists()


def test_saving_unchanged_details_changes_nothing(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:edit_client", args=[scene.client.pk]), details_form(scene.client)
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(client_id=scene.client.pk, action="update").exists()


def test_an_edit_the_service_refuses_shows_its_message_and_changes_nothing(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:edit_client", args=[scene.client.pk]),
        details_form(scene.client, last_name="Changed", arrival_date="1980-01-01"),
    )

    assert response.status_code == 200
    assert "The arrival date cannot be before the birth date." in response.content.decode()
    scene.client.refresh_from_db()
    assert scene.client.last_name == "Tesfay"


def test_a_colleague_the_case_is_shared_with_may_correct_the_details(
    client: HttpClient, scene: Scene
) -> None:
    scene.client.shared_with.add(scene.personas.colleague)
    colin = login(client, scene.personas.colleague)
    colin.post(
        reverse("staff:edit_client", args=[scene.client.pk]),
        details_form(scene.client, first_name="Amala"),
    )
    scene.client.refresh_from_db()
    assert scene.client.first_name == "Amala"


def test_the_edit_page_needs_the_same_queries_for_a_fuller_record(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: Any
) -> None:
    for code in ("ara", "fas", "prs", "kmr", "som", "rus"):
        ClientLanguageFactory(client=scene.client, language=LanguageFactory(code=code))
        HouseholdMemberFactory(client=scene.client)
    with django_assert_max_num_queries(14):
        assert sofia.get(reverse("staff:edit_client", args=[scene.client.pk])).status_code == 200


# Languages --------------------------------------------------------------------------------


def test_a_language_is_added_with_its_proficiency(sofia: HttpClient, scene: Scene) -> None:
    LanguageFactory(code="ara")
    response = sofia.post(
        reverse("staff:add_client_language", args=[scene.client.pk]),
        {"language": "ara", "proficiency": "3"},
        follow=True,
    )
    spoken = ClientLanguage.objects.get(client=scene.client, language__code="ara")
    assert spoken.proficiency == 3
    assert "Arabic is added to the client&#x27;s languages." in response.content.decode()
    assert AuditEvent.objects.filter(client_id=scene.client.pk, reason="language added").exists()


def test_a_language_the_client_already_speaks_is_refused_with_the_domain_message(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:add_client_language", args=[scene.client.pk]),
        {"language": "tir", "proficiency": "2"},
        follow=True,
    )
    assert "already among the client&#x27;s languages" in response.content.decode()
    assert ClientLanguage.objects.get(client=scene.client, language=scene.tigrinya).proficiency == 5


def test_the_proficiency_in_a_language_is_changed(sofia: HttpClient, scene: Scene) -> None:
    spoken = ClientLanguage.objects.get(client=scene.client, language=scene.tigrinya)
    sofia.post(
        reverse("staff:change_client_language", args=[scene.client.pk, spoken.pk]),
        {"proficiency": "4"},
    )
    spoken.refresh_from_db()
    assert spoken.proficiency == 4


def test_a_proficiency_outside_one_to_five_is_refused(sofia: HttpClient, scene: Scene) -> None:
    spoken = ClientLanguage.objects.get(client=scene.client, language=scene.tigrinya)
    response = sofia.post(
        reverse("staff:change_client_language", args=[scene.client.pk, spoken.pk]),
        {"proficiency": "9"},
        follow=True,
    )
    spoken.refresh_from_db()
    assert spoken.proficiency == 5
    assert "Choose a proficiency from 1 to 5." in response.content.decode()


def test_a_language_is_removed(sofia: HttpClient, scene: Scene) -> None:
    spoken = ClientLanguageFactory(
        client=scene.client, language=LanguageFactory(code="fra"), proficiency=2
    )
    response = sofia.post(
        reverse("staff:remove_client_language", args=[scene.client.pk, spoken.pk])
    )
    assert response["Location"] == reverse("staff:client", args=[scene.client.pk])
    assert not ClientLanguage.objects.filter(pk=spoken.pk).exists()
    assert AuditEvent.objects.filter(client_id=scene.client.pk, reason="language removed").exists()


def test_the_preferred_language_is_not_removed_and_the_page_says_why(
    sofia: HttpClient, scene: Scene
) -> None:
    spoken = ClientLanguage.objects.get(client=scene.client, language=scene.tigrinya)

    page = sofia.post(
        reverse("staff:remove_client_language", args=[scene.client.pk, spoken.pk]), follow=True
    ).content.decode()

    assert ClientLanguage.objects.filter(pk=spoken.pk).exists()
    assert "choose another preferred language first" in page


def test_another_clients_language_answers_404_under_this_clients_address(
    sofia: HttpClient, scene: Scene
) -> None:
    other = ClientFactory(
        organisation=scene.personas.organisation, social_worker=scene.personas.social_worker
    )
    theirs = ClientLanguageFactory(client=other)
    url = reverse("staff:remove_client_language", args=[scene.client.pk, theirs.pk])
    assert sofia.post(url).status_code == 404
    assert ClientLanguage.objects.filter(pk=theirs.pk).exists()


# Household ----------------------------------------------------------------------------------


def test_a_household_member_is_added(sofia: HttpClient, scene: Scene) -> None:
    response = sofia.post(
        reverse("staff:add_household_member", args=[scene.client.pk]),
        {"first_name": "Selam", "last_name": "Tesfay", "relation": "child", "birth_date": ""},
        follow=True,
    )
    member = HouseholdMember.objects.get(client=scene.client)
    assert (member.first_name, member.relation, member.birth_date) == ("Selam", "child", None)
    assert "Selam is added to the household." in response.content.decode()


def test_a_household_member_without_a_first_name_is_refused(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:add_household_member", args=[scene.client.pk]),
        {"first_name": " ", "relation": "child"},
    )
    assert not HouseholdMember.objects.exists()
    # Said beside the first name, in the form that was sent.
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_household_member_is_removed(sofia: HttpClient, scene: Scene) -> None:
    member = HouseholdMemberFactory(client=scene.client, first_name="Selam")
    response = sofia.post(
        reverse("staff:remove_household_member", args=[scene.client.pk, member.pk]), follow=True
    )
    assert not HouseholdMember.objects.filter(pk=member.pk).exists()
    assert "Selam is removed from the household." in response.content.decode()
    assert AuditEvent.objects.filter(
        client_id=scene.client.pk, reason="household member removed"
    ).exists()


def test_the_client_page_needs_the_same_queries_for_more_languages_and_household(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: Any
) -> None:
    for code in ("ara", "fas", "prs", "kmr", "som", "rus"):
        ClientLanguageFactory(client=scene.client, language=LanguageFactory(code=code))
        HouseholdMemberFactory(client=scene.client)
    with django_assert_max_num_queries(34):
        assert sofia.get(reverse("staff:client", args=[scene.client.pk])).status_code == 200


# Strangers ----------------------------------------------------------------------------------


def _new_routes(scene: Scene) -> list[tuple[str, list[int], dict[str, Any]]]:
    spoken = ClientLanguage.objects.get(client=scene.client, language=scene.tigrinya)
    member = HouseholdMemberFactory(client=scene.client, first_name="Selam")
    LanguageFactory(code="ara")
    client_id = scene.client.pk
    return [
        ("staff:edit_client", [client_id], details_form(scene.client, first_name="Stranger")),
        ("staff:add_client_language", [client_id], {"language": "ara", "proficiency": "3"}),
        ("staff:change_client_language", [client_id, spoken.pk], {"proficiency": "1"}),
        ("staff:remove_client_language", [client_id, spoken.pk], {}),
        ("staff:add_household_member", [client_id], {"first_name": "X", "relation": "child"}),
        ("staff:remove_household_member", [client_id, member.pk], {}),
    ]


def test_another_organisations_social_worker_gets_404_and_changes_nothing(
    client: HttpClient, scene: Scene
) -> None:
    samir = login(client, scene.personas.other_social_worker)
    for name, args, data in _new_routes(scene):
        assert samir.post(reverse(name, args=args), data).status_code == 404, name

    scene.client.refresh_from_db()
    assert scene.client.first_name == "Amal"
    assert list(scene.client.languages.values_list("language__code", "proficiency")) == [("tir", 5)]
    assert list(scene.client.household.values_list("first_name", flat=True)) == ["Selam"]
    assert not AuditEvent.objects.filter(actor=scene.personas.other_social_worker).exists()
