"""What a newcomer's walk through the desk found (issue 16, items 14, 17 and 24): names instead
of codes, errors beside the form that failed, and the small things users see."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.languages.catalogue import LANGUAGES
from lisko.languages.models import Language
from lisko.languages.services import load_languages
from lisko.places.collation import name_key
from lisko.places.countries import country_choices, country_name
from lisko.plans.models import Goal, GoalReview, Milestone
from tests.factories.core import ClientFactory, LanguageFactory, MunicipalityFactory
from tests.factories.people import OfferFactory
from tests.web.staff.conftest import Scene, offer_to
from web.staff.forms import language_choices

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "web" / "static"


def in_language(http: HttpClient, language: str) -> HttpClient:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return http


def client_form(scene: Scene, **changes: str) -> dict[str, object]:
    return {
        "reference": "RC-0777",
        "first_name": "Nasrin",
        "last_name": "Ahmadi",
        "gender": "f",
        "country_of_origin": "AF",
        "municipality": scene.client.municipality_id,
        "preferred_language": scene.tigrinya.code,
        **changes,
    }


# Item 14: codes instead of names ------------------------------------------------------------


def test_the_country_of_origin_is_chosen_from_countries_named_in_the_readers_language(
    sofia: HttpClient, scene: Scene
) -> None:
    page = in_language(sofia, "de").get(reverse("staff:new_client")).content.decode()

    assert '<option value="AF">Afghanistan</option>' in page
    assert '<option value="SY">Syrien</option>' in page
    # Not sorted by bytes: "Ägypten" among the A's, not after "Zypern".
    assert page.index(">Ägypten<") < page.index(">Albanien<") < page.index(">Zypern<")


def test_the_country_list_holds_only_countries_of_iso_3166() -> None:
    codes = {code for code, _name in country_choices("en")}

    assert {"AF", "SY", "UA", "ER", "LU"} <= codes
    assert not codes & {"EU", "UN", "ZZ", "XA", "QO", "419"}
    assert len(codes) == 249


def test_an_unknown_country_code_is_refused_in_words_and_nothing_is_saved(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(reverse("staff:new_client"), client_form(scene, country_of_origin="QQ"))

    assert response.status_code == 200
    assert "Choose a country from the list." in response.content.decode()
    assert not Client.objects.filter(reference="RC-0777").exists()


def test_a_country_typed_in_small_letters_is_stored_as_its_code(
    sofia: HttpClient, scene: Scene
) -> None:
    sofia.post(reverse("staff:new_client"), client_form(scene, country_of_origin="af"))

    assert Client.objects.get(reference="RC-0777").country_of_origin == "AF"


def test_the_client_page_names_the_country_in_the_readers_language(
    sofia: HttpClient, scene: Scene
) -> None:
    Client.objects.filter(pk=scene.client.pk).update(country_of_origin="ER")

    page = in_language(sofia, "de").get(reverse("staff:client", args=[scene.client.pk]))

    assert "<dd>Eritrea</dd>" in page.content.decode()
    in_language(sofia, "ar")
    arabic = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()
    assert f"<dd>{country_name('ER', 'ar')}</dd>" in arabic
    assert "<dd>ER</dd>" not in arabic


def test_the_week_calendar_names_the_language_not_its_code(carla: HttpClient, scene: Scene) -> None:
    offer_to(scene, scene.interpreter)
    week = timezone.localdate(scene.appointment.start).isoformat()

    page = carla.get(reverse("staff:calendar"), {"week": week}).content.decode()

    assert "· Tigrinya<br>" in page
    assert "· tir<br>" not in page


@pytest.mark.parametrize("locale", [code for code, _name in settings.LANGUAGES])
def test_no_language_name_has_brackets_in_brackets_or_two_pairs(locale: str) -> None:
    languages = load_languages(codes=[code for code, _parent, _demand in LANGUAGES])
    assert Language.objects.filter(code="hbs").exists()  # Bosnian's macrolanguage, loaded too

    with translation.override(locale):
        names = [name for _code, name in language_choices(list(Language.objects.all()))]

    assert len(names) >= len(languages)
    for name in names:
        assert not re.search(r"\([^)]*\(", name), name  # "Bosnian (Serbian (Latin))"
        assert not re.search(r"\).*\(", name), name  # "Farsi (Iranian Persian) (Persian)"


def test_a_variety_names_its_macrolanguage_once() -> None:
    load_languages(codes=["prs", "pes", "bos", "apc"])

    with translation.override("en"):
        names = dict(language_choices(list(Language.objects.all())))

    assert names["prs"] == "Dari (Persian)"
    assert names["pes"] == "Farsi (Iranian Persian)"
    assert names["bos"] == "Bosnian (Serbo-Croatian)"
    assert names["apc"] == "Levantine Arabic"


# Item 17: errors beside the form that failed ------------------------------------------------


def test_an_over_long_goal_is_refused_beside_its_field_with_the_limit_and_the_text_kept(
    sofia: HttpClient, scene: Scene
) -> None:
    wording = "Open a bank account " * 101  # 2,020 characters
    response = sofia.post(
        reverse("staff:add_goal", args=[scene.client.pk]),
        {"field_of_action": scene.work_field.pk, "wording": wording, "intake_level": 2},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 2,000 characters" in page
    assert wording.strip() in page
    # The form posts to its own anchor and opens again, so the browser shows it, not the top.
    assert f'action="{reverse("staff:add_goal", args=[scene.client.pk])}#add-goal"' in page
    assert '<details class="form-panel" id="add-goal" open>' in page
    assert not Goal.objects.filter(wording__startswith="Open a bank").exists()


def test_an_over_long_review_note_is_refused_beside_it_and_kept(
    sofia: HttpClient, scene: Scene
) -> None:
    note = "x" * 2001
    reviews = GoalReview.objects.count()

    response = sofia.post(
        reverse("staff:review_goal", args=[scene.goal.pk]), {"level": 4, "note": note}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 2,000 characters" in page
    assert f'value="{note}"' in page
    assert f'<details class="form-panel" id="review-{scene.goal.pk}" open>' in page
    assert GoalReview.objects.count() == reviews


def test_a_step_without_a_date_keeps_its_title_and_says_what_is_missing(
    sofia: HttpClient, scene: Scene
) -> None:
    steps = Milestone.objects.count()

    response = sofia.post(
        reverse("staff:add_milestone", args=[scene.goal.pk]),
        {"title": "Ask the school for a meeting", "due_date": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Ask the school for a meeting"' in page
    assert "This field is required." in page
    assert f"#add-step-{scene.goal.pk}" in page
    assert Milestone.objects.count() == steps


def test_a_household_member_without_a_relation_is_refused_beside_the_form(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:add_household_member", args=[scene.client.pk]),
        {"first_name": "Selam", "relation": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="add-member" open' in page
    assert 'value="Selam"' in page


def test_a_consent_without_a_purpose_is_refused_beside_its_form(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(reverse("staff:give_consent", args=[scene.client.pk]), {"purpose": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="record-consent" open' in page
    assert "#record-consent" in page


def test_a_language_already_spoken_is_refused_beside_the_language_form(
    sofia: HttpClient, scene: Scene
) -> None:
    response = sofia.post(
        reverse("staff:add_client_language", args=[scene.client.pk]),
        {"language": scene.tigrinya.code, "proficiency": 3},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="add-language" open' in page


def test_a_search_of_the_caseload_audits_only_the_clients_found(
    sofia: HttpClient, scene: Scene
) -> None:
    other: Client = ClientFactory(  # type: ignore[assignment]
        organisation=scene.personas.organisation,
        social_worker=scene.personas.social_worker,
        first_name="Olena",
        last_name="Kovalenko",
    )

    page = sofia.get(reverse("staff:clients"), {"q": "tesf"}).content.decode()

    event = AuditEvent.objects.filter(reason="caseload search").get()
    assert event.client_ids == [scene.client.pk]
    assert event.query == "tesf"
    assert "Amal" in page and other.first_name not in page
    assert other.pk not in event.client_ids


# Item 24: polish ----------------------------------------------------------------------------


def test_municipalities_are_sorted_as_a_reader_sorts_them(sofia: HttpClient, scene: Scene) -> None:
    MunicipalityFactory(name="Kopstal")
    MunicipalityFactory(name="Käerjeng")

    for url in (
        reverse("staff:new_client"),
        reverse("staff:book", args=[scene.client.pk]),
        reverse("staff:find_offer", args=[scene.client.pk]),
    ):
        page = sofia.get(url).content.decode()
        assert page.index(">Käerjeng<") < page.index(">Kopstal<"), url


def test_names_sort_without_regard_to_accents_and_case() -> None:
    names = ["Kopstal", "käerjeng", "Ettelbruck", "Ésch-sur-Sûre", "Zypern", "Ägypten"]

    assert sorted(names, key=name_key) == [
        "Ägypten",
        "Ésch-sur-Sûre",
        "Ettelbruck",
        "käerjeng",
        "Kopstal",
        "Zypern",
    ]


def test_text_users_typed_takes_its_own_direction_on_the_client_page(
    sofia: HttpClient, scene: Scene
) -> None:
    Client.objects.filter(pk=scene.client.pk).update(notes="يفضل المواعيد الصباحية")

    page = sofia.get(reverse("staff:client", args=[scene.client.pk])).content.decode()

    assert '<span dir="auto">Amal Tesfay</span>' in page
    assert '<p class="notes" dir="auto">يفضل المواعيد الصباحية</p>' in page
    assert '<span dir="auto">Talk to my son&#x27;s teacher in French</span>' in page


def test_status_pills_do_not_wrap() -> None:
    css = (STATIC / "web" / "lisko.css").read_text()

    badge = re.search(r"^\.badge \{([^}]*)\}", css, re.MULTILINE)
    assert badge is not None and "white-space: nowrap" in badge.group(1)


def test_find_an_offer_starts_from_the_clients_language_and_municipality(
    sofia: HttpClient, scene: Scene
) -> None:
    elsewhere = MunicipalityFactory(name="Wiltz")
    OfferFactory(
        association__organisation=scene.personas.organisation,
        title="Sewing circle",
        field_of_action=scene.work_field,
        municipality=elsewhere,
        languages=[scene.tigrinya],
    )
    OfferFactory(
        association__organisation=scene.personas.organisation,
        title="Job coaching",
        field_of_action=scene.work_field,
        municipality=scene.client.municipality,
        languages=[LanguageFactory(code="fra")],
    )
    url = reverse("staff:find_offer", args=[scene.client.pk])

    first = sofia.get(url).content.decode()
    cleared = sofia.get(url, {"language": "", "municipality": "", "free_places": "on"})

    assert "Conversation café" in first
    assert "Sewing circle" not in first and "Job coaching" not in first
    assert '<option value="tir" selected>' in first
    everything = cleared.content.decode()
    assert "Sewing circle" in everything and "Job coaching" in everything


def test_the_pages_have_an_icon_and_favicon_ico_is_found(sofia: HttpClient, scene: Scene) -> None:
    page = sofia.get(reverse("staff:clients")).content.decode()
    response = sofia.get("/favicon.ico")

    assert 'rel="icon"' in page
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert (STATIC / "web" / "favicon.svg").exists()


def test_the_login_page_has_the_icon_too(client: HttpClient) -> None:
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()


def test_the_caseload_search_needs_the_same_queries_however_many_clients(
    sofia: HttpClient, scene: Scene, django_assert_max_num_queries: object
) -> None:
    for number in range(10):
        ClientFactory(
            organisation=scene.personas.organisation,
            social_worker=scene.personas.social_worker,
            last_name=f"Tesfay {number}",
        )
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert sofia.get(reverse("staff:clients"), {"q": "tesf"}).status_code == 200


def test_a_code_recorded_before_the_list_is_kept_when_other_details_are_saved(
    sofia: HttpClient, scene: Scene
) -> None:
    Client.objects.filter(pk=scene.client.pk).update(country_of_origin="XK")
    scene.client.refresh_from_db()
    url = reverse("staff:edit_client", args=[scene.client.pk])
    form = {
        "reference": scene.client.reference,
        "first_name": scene.client.first_name,
        "last_name": scene.client.last_name,
        "gender": scene.client.gender,
        "country_of_origin": "XK",
        "municipality": scene.client.municipality_id,
        "residence_status": scene.client.residence_status,
        "preferred_language": scene.tigrinya.code,
        "phone": "+352 691 222 333",
    }

    assert '<option value="XK" selected>XK</option>' in sofia.get(url).content.decode()
    sofia.post(url, form)

    scene.client.refresh_from_db()
    assert (scene.client.country_of_origin, scene.client.phone) == ("XK", "+352691222333")
