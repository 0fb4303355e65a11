import pytest

from lisko.core.errors import DomainError
from lisko.languages.models import Language
from lisko.languages.services import load_language, load_languages, macrolanguage_of


def test_dari_is_a_variety_of_persian() -> None:
    assert macrolanguage_of("prs") == "fas"


def test_a_macrolanguage_has_no_macrolanguage_itself() -> None:
    assert macrolanguage_of("ara") is None


@pytest.mark.django_db
def test_loading_a_variety_also_loads_its_macrolanguage() -> None:
    kurmanji = load_language(code="kmr")

    assert kurmanji.parent is not None
    assert kurmanji.parent.code == "kur"


@pytest.mark.django_db
def test_loading_languages_records_the_script_direction() -> None:
    arabic, ukrainian = load_languages(codes=["ara", "ukr"])

    assert arabic.is_right_to_left
    assert not ukrainian.is_right_to_left


@pytest.mark.django_db
def test_loading_the_same_codes_twice_keeps_one_row_each() -> None:
    load_languages(codes=["prs", "fas"])
    load_languages(codes=["prs"])

    assert Language.objects.filter(code__in=["prs", "fas"]).count() == 2


@pytest.mark.django_db
def test_an_unknown_code_refuses_the_whole_list() -> None:
    with pytest.raises(DomainError) as error:
        load_languages(codes=["ara", "qqq"])

    assert error.value.code == "unknown_language"
    assert not Language.objects.exists()


@pytest.mark.django_db
def test_a_two_letter_code_is_not_an_iso_639_3_code() -> None:
    with pytest.raises(DomainError):
        load_language(code="ar")


@pytest.mark.django_db
def test_a_stated_parent_overrides_the_registry() -> None:
    serbian, dari = load_languages(codes=["srp", "prs"], parents={"srp": None})

    assert serbian.parent is None
    assert dari.parent is not None
    assert dari.parent.code == "fas"


def test_a_variety_cldr_names_only_in_english_is_named_in_the_readers_language(db: None) -> None:
    levantine = Language(code="apc")

    assert levantine.display_name("de") == "Levantinisches Arabisch"
    assert levantine.display_name("en") == "Levantine Arabic"
