"""Lists on the pages are written as the reader's language writes them: no Latin comma
between Arabic words."""

import pytest
from django.template import Context, Template
from django.utils import translation

from web.language import spoken_list


@pytest.mark.parametrize(
    ("language", "written"),
    [("de", "A, B und C"), ("fr", "A, B et C"), ("uk", "A, B і C"), ("ar", "A وB وC")],
)
def test_a_list_is_joined_as_the_language_writes_it(language: str, written: str) -> None:
    with translation.override(language):
        assert spoken_list(["A", "B", "C"]) == written


def test_one_item_and_none_stand_alone() -> None:
    with translation.override("de"):
        assert (spoken_list(["A"]), spoken_list([])) == ("A", "")


def test_the_filter_joins_an_attribute_of_each_item() -> None:
    class Spoken:
        def __init__(self, language: str) -> None:
            self.language = language

    template = Template('{% load lisko_lists %}{{ items|spoken_list:"language" }}')

    with translation.override("ar"):
        written = template.render(Context({"items": [Spoken("العربية"), Spoken("التغرينية")]}))

    assert written == "العربية والتغرينية"
