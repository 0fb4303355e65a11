"""An association's page: its details (changed by those who keep the directory), its offers
with their places, and the offer pages: adding, changing, deactivating an offer."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lisko.accounts.models import User
from lisko.associations.models import Offer
from tests.factories.people import OfferFactory, ReferralFactory
from tests.web.directory.conftest import Directory, association_data, offer_data

pytestmark = pytest.mark.django_db


def page_of(directory: Directory) -> str:
    return reverse("directory:association", args=[directory.association.pk])


def edit_url(directory: Directory) -> str:
    return reverse("directory:edit_association", args=[directory.association.pk])


def new_offer_url(directory: Directory) -> str:
    return reverse("directory:new_offer", args=[directory.association.pk])


def offer_url(directory: Directory, offer: Offer) -> str:
    return reverse("directory:offer", args=[directory.association.pk, offer.pk])


def active_url(directory: Directory, offer: Offer) -> str:
    return reverse("directory:offer_active", args=[directory.association.pk, offer.pk])


# -- the page ----------------------------------------------------------------------------------


def test_it_shows_the_offers_with_field_languages_and_free_places(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(page_of(directory)).content.decode()

    row = page[page.index("German course A1") : page.index("Homework help")]
    assert "Language and education" in row
    assert "Arabic" in row
    assert "10 of 12" in row
    assert "Active" in row


def test_an_inactive_offer_is_listed_as_not_active(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(page_of(directory)).content.decode()

    assert "Not active" in page[page.index("Homework help") :]


def test_a_coordinator_reads_the_page_without_any_form(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.coordinator).get(page_of(directory)).content.decode()

    assert "German course A1" in page
    assert 'method="post" action="/associations/' not in page
    assert "Add an offer" not in page


def test_the_page_reads_as_many_queries_for_many_offers_as_for_few(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)
    http.get(page_of(directory))
    counted = []
    for more in (1, 8):
        OfferFactory.create_batch(
            more,
            association=directory.association,
            field_of_action=directory.language_field,
            languages=[directory.arabic, directory.tigrinya],
        )
        with CaptureQueriesContext(connection) as queries:
            assert http.get(page_of(directory)).status_code == 200
        counted.append(len(queries))

    assert counted[0] == counted[1], counted


# -- the details -------------------------------------------------------------------------------


def test_a_keeper_changes_the_details(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.admin).post(
        edit_url(directory), association_data(directory, name="Café Lëtzebuerg asbl")
    )

    assert answer.status_code == 302
    directory.association.refresh_from_db()
    assert directory.association.name == "Café Lëtzebuerg asbl"
    assert directory.association.municipality == directory.esch
    assert directory.association.organisation == directory.personas.organisation


def test_the_details_cannot_move_the_association_to_another_organisation(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    login(directory.personas.social_worker).post(
        edit_url(directory),
        association_data(directory, organisation=directory.personas.other_organisation.pk),
    )

    directory.association.refresh_from_db()
    assert directory.association.organisation == directory.personas.organisation


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 10_000}, "Ensure this value has at most 200 characters"),
        ({"description": "x" * 100_000}, "Ensure this value has at most 5,000 characters"),
        ({"municipality": "999999"}, "Select a valid choice."),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
    ids=["empty name", "long name", "long description", "unknown municipality", "bad website"],
)
def test_bad_details_are_refused_with_a_reason_and_nothing_changes(
    login: Callable[[User], HttpClient], directory: Directory, changes: dict, message: str
) -> None:
    answer = login(directory.personas.social_worker).post(
        edit_url(directory), association_data(directory, **changes)
    )

    assert answer.status_code == 400
    assert message in answer.content.decode()
    directory.association.refresh_from_db()
    assert directory.association.name == "Café Lëtzebuerg"
    assert directory.association.email == ""


# -- offers ------------------------------------------------------------------------------------


def test_a_keeper_adds_an_offer_with_its_languages(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        new_offer_url(directory), offer_data(directory)
    )

    assert answer.status_code == 302
    added = Offer.objects.get(title="Women's café")
    assert added.association == directory.association
    assert added.capacity == 8
    assert added.municipality == directory.esch
    assert added.is_active
    assert {language.code for language in added.languages.all()} == {"ara", "tir"}


def test_the_new_offer_form_starts_in_the_association_s_municipality(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = login(directory.personas.social_worker).get(new_offer_url(directory)).content.decode()

    selected = f'<option value="{directory.association.municipality_id}" selected>'
    assert selected in page


def test_a_keeper_changes_an_offer(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.admin).post(
        offer_url(directory, directory.course),
        offer_data(directory, title="German course A2", capacity="20", languages=["tir"]),
    )

    assert answer.status_code == 302
    directory.course.refresh_from_db()
    assert directory.course.title == "German course A2"
    assert directory.course.capacity == 20
    assert [language.code for language in directory.course.languages.all()] == ["tir"]


def test_the_offer_form_shows_what_is_saved(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    page = (
        login(directory.personas.social_worker)
        .get(offer_url(directory, directory.course))
        .content.decode()
    )

    assert 'value="German course A1"' in page
    assert 'value="12"' in page
    assert 'value="ara" id="id_languages_0" checked' in page
    assert 'value="tir" id="id_languages_1">' in page


def test_a_keeper_deactivates_an_offer_and_it_leaves_the_referral_search(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)

    answer = http.post(active_url(directory, directory.course), {"active": "0"})

    assert answer.status_code == 302
    directory.course.refresh_from_db()
    assert not directory.course.is_active
    page = http.get(page_of(directory)).content.decode()
    assert "no new client can be referred to it" in page


def test_a_keeper_activates_an_offer_again(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    login(directory.personas.social_worker).post(
        active_url(directory, directory.closed), {"active": "1"}
    )

    directory.closed.refresh_from_db()
    assert directory.closed.is_active


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "This field is required."),
        ({"title": "x" * 1_000_000}, "Ensure this value has at most 200 characters"),
        ({"schedule": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"capacity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"capacity": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"capacity": str(10**12)}, "Ensure this value is less than or equal to 10,000."),
        ({"capacity": "many"}, "Enter a whole number."),
        ({"capacity": None}, "This field is required."),
        ({"languages": ["xxx"]}, "Select a valid choice. xxx is not one of the available"),
        ({"municipality": "999999"}, "Select a valid choice."),
        ({"field_of_action": None}, "This field is required."),
    ],
    ids=[
        "empty title",
        "long title",
        "long schedule",
        "no places",
        "negative places",
        "10^12 places",
        "places in words",
        "no places given",
        "unknown language",
        "unknown municipality",
        "no field of action",
    ],
)
def test_a_bad_offer_is_refused_with_a_reason_and_nothing_changes(
    login: Callable[[User], HttpClient], directory: Directory, changes: dict, message: str
) -> None:
    http = login(directory.personas.social_worker)
    before = Offer.objects.count()

    added = http.post(new_offer_url(directory), offer_data(directory, **changes))
    changed = http.post(offer_url(directory, directory.course), offer_data(directory, **changes))

    for answer in (added, changed):
        assert answer.status_code == 400
        assert message in answer.content.decode()
    assert Offer.objects.count() == before
    directory.course.refresh_from_db()
    assert directory.course.title == "German course A1"
    assert directory.course.capacity == 12


def test_a_field_of_action_of_another_organisation_is_refused(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)

    answer = http.post(
        new_offer_url(directory), offer_data(directory, field_of_action=directory.other_field.pk)
    )

    assert answer.status_code == 400
    assert "Select a valid choice." in answer.content.decode()
    assert not Offer.objects.filter(title="Women's café").exists()


def test_places_cannot_drop_below_the_clients_taking_part(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    answer = login(directory.personas.social_worker).post(
        offer_url(directory, directory.course), offer_data(directory, capacity="1")
    )

    assert answer.status_code == 400
    assert "2 clients already take part" in answer.content.decode()
    directory.course.refresh_from_db()
    assert directory.course.capacity == 12


def test_an_offer_of_another_association_is_not_found_under_this_one(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    elsewhere = OfferFactory(
        association__organisation=directory.personas.organisation,
        field_of_action=directory.language_field,
    )
    http = login(directory.personas.social_worker)

    assert http.get(offer_url(directory, elsewhere)).status_code == 404
    assert http.post(offer_url(directory, elsewhere), offer_data(directory)).status_code == 404
    assert http.post(active_url(directory, elsewhere), {"active": "0"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_an_offer_of_another_organisation_is_not_found(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    http = login(directory.personas.social_worker)
    url = reverse(
        "directory:offer", args=[directory.other_association.pk, directory.other_offer.pk]
    )

    assert http.get(url).status_code == 404
    assert http.post(url, offer_data(directory)).status_code == 404


def test_a_referral_keeps_its_place_when_the_offer_is_deactivated(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    taking_part = ReferralFactory(
        client__organisation=directory.personas.organisation,
        client__social_worker=directory.personas.social_worker,
        offer=directory.course,
        status="in_progress",
    )

    login(directory.personas.social_worker).post(
        active_url(directory, directory.course), {"active": "0"}
    )

    taking_part.refresh_from_db()
    assert taking_part.status == "in_progress"


@pytest.mark.parametrize("page", ["offer", "new_offer"])
def test_an_offer_page_reads_as_many_queries_however_many_offers_the_association_has(
    login: Callable[[User], HttpClient], directory: Directory, page: str
) -> None:
    http = login(directory.personas.social_worker)
    url = offer_url(directory, directory.course) if page == "offer" else new_offer_url(directory)
    http.get(url)
    counted = []
    for more in (1, 8):
        OfferFactory.create_batch(
            more,
            association=directory.association,
            field_of_action=directory.language_field,
            languages=[directory.arabic, directory.tigrinya],
        )
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200
        counted.append(len(queries))

    assert counted[0] == counted[1], counted


def test_the_limit_in_a_refusal_is_written_as_the_reader_writes_numbers(
    login: Callable[[User], HttpClient], directory: Directory
) -> None:
    worker = directory.personas.social_worker
    worker.language = "de"
    worker.save(update_fields=["language"])

    answer = login(worker).post(
        new_offer_url(directory), offer_data(directory, capacity=str(10**12))
    )

    assert answer.status_code == 400
    assert "Dieser Wert muss kleiner oder gleich 10.000 sein." in answer.content.decode()
