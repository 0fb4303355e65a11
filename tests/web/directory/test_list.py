"""The directory's list: the organisation's associations with municipality, active offers and
free places; the form to add one for those who keep the directory; a link in the navigation."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lisko.accounts.models import User
from lisko.associations.models import Association
from tests.factories.people import AssociationFactory, OfferFactory
from tests.web.directory.conftest import Directory, association_data

pytestmark = pytest.mark.django_db
INDEX = "/associations/"


def row_of(page: str, name: str) -> str:
    """The table row that names the association."""
    start = page.index(name)
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def test_it_lists_the_associations_with_municipality_active_offers_and_free_places(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(INDEX).content.decode()

    row = row_of(page, "Café Lëtzebuerg")
    # One active offer (the homework help is not), with 12 places of which 2 are taken.
    assert "Luxembourg" in row
    assert '<td class="num">1</td><td class="num">10</td>' in row


def test_it_lists_no_association_of_another_organisation(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(INDEX).content.decode()

    assert "Esch Sportverein" not in page


def test_an_offer_over_its_places_counts_no_negative_free_places(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    directory.course.capacity = 1  # two clients take part already
    directory.course.save()
    OfferFactory(association=directory.association, capacity=3, title="Chess club")

    page = login(directory.personas.social_worker).get(INDEX).content.decode()

    assert '<td class="num">2</td><td class="num">3</td>' in row_of(page, "Café Lëtzebuerg")


@pytest.mark.parametrize("persona", ["social_worker", "admin", "coordinator"])
def test_the_navigation_links_the_directory_for_every_reader(
    login: Callable[[User], HttpClient], directory: Directory, persona: str
) -> None:
    page = login(getattr(directory.personas, persona)).get(reverse("staff:dashboard"))

    assert f'href="{INDEX}"' in page.content.decode()


def test_the_directory_link_is_marked_as_the_current_page(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(INDEX).content.decode()

    assert f'href="{INDEX}" aria-current="page"' in page


@pytest.mark.parametrize("persona", ["social_worker", "admin"])
def test_a_keeper_finds_the_form_to_add_an_association(
    login: Callable[[User], HttpClient], directory: Directory, persona: str
) -> None:
    page = login(getattr(directory.personas, persona)).get(INDEX).content.decode()

    assert "Add an association" in page


def test_a_coordinator_reads_the_list_without_the_form(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.coordinator).get(INDEX).content.decode()

    assert "Café Lëtzebuerg" in page
    assert "Add an association" not in page


def test_a_keeper_adds_an_association_and_lands_on_its_page(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        reverse("directory:new_association"), association_data(directory)
    )

    added = Association.objects.get(name="Sportverein Esch")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("directory:association", args=[added.pk])
    assert added.organisation == directory.personas.organisation
    assert added.municipality == directory.esch
    assert added.website == "https://sport.example"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "   "}, "This field is required."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"description": "x" * 5001}, "Ensure this value has at most 5,000 characters"),
        ({"municipality": "999999"}, "Select a valid choice."),
        ({"municipality": "Esch"}, "Select a valid choice."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"phone": "1" * 33}, "Ensure this value has at most 32 characters"),
    ],
    ids=[
        "empty name",
        "long name",
        "long description",
        "unknown municipality",
        "text id",
        "bad e-mail",
        "long phone",
    ],
)
def test_a_bad_association_is_refused_with_a_reason_and_nothing_is_added(
    login: Callable[[User], HttpClient], directory: Directory, changes: dict, message: str
) -> None:
    before = Association.objects.count()

    answer = login(directory.personas.social_worker).post(
        reverse("directory:new_association"), association_data(directory, **changes)
    )

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert Association.objects.count() == before


def test_an_association_cannot_be_added_to_another_organisation(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    before = Association.objects.count()

    answer = login(directory.personas.social_worker).post(
        reverse("directory:new_association"),
        association_data(directory, organisation=directory.personas.other_organisation.pk),
    )

    assert answer.status_code == 400
    assert "Select a valid choice." in answer.content.decode()
    assert Association.objects.count() == before


def test_the_refusal_is_translated(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    answer = http.post(reverse("directory:new_association"), association_data(directory, name=""))

    assert answer.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in answer.content.decode()


def test_the_list_reads_as_many_queries_for_many_associations_as_for_few(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)
    http.get(INDEX)  # the session and the access, read once
    counted = []
    for more in (1, 6):
        for _ in range(more):
            association = AssociationFactory(
                organisation=directory.personas.organisation,
                municipality=directory.esch,
                partners=[directory.personas.partner],
            )
            OfferFactory.create_batch(
                3,
                association=association,
                field_of_action=directory.language_field,
                languages=[directory.arabic, directory.tigrinya],
            )
        with CaptureQueriesContext(connection) as queries:
            assert http.get(INDEX).status_code == 200
        counted.append(len(queries))

    assert counted[0] == counted[1], counted


def test_someone_keeping_two_directories_chooses_the_organisation_but_not_one_they_only_read(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    from lisko.organisations.models import Membership, Role
    from tests.factories.core import OrganisationFactory

    sofia = directory.personas.social_worker
    second = OrganisationFactory(name="Caritas Nord")
    read_only = OrganisationFactory(name="Planning office Süd")
    Membership.objects.create(user=sofia, organisation=second, role=Role.ADMIN)
    Membership.objects.create(user=sofia, organisation=read_only, role=Role.COORDINATOR)
    http = login(sofia)

    page = http.get(INDEX).content.decode()
    form = page[page.index('id="new-association"') :]
    assert "Caritas Nord" in form
    assert "Planning office Süd" not in form

    refused = http.post(
        reverse("directory:new_association"),
        association_data(directory, organisation=read_only.pk),
    )
    added = http.post(
        reverse("directory:new_association"), association_data(directory, organisation=second.pk)
    )

    assert refused.status_code == 400
    assert added.status_code == 302
    assert Association.objects.get(name="Sportverein Esch").organisation == second
