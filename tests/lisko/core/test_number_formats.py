"""Amounts are grouped by thousands in every language Lisko speaks, as the reader writes them
(Django groups none in Arabic and Persian and knows no Tigrinya)."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "120,000.50"),
        ("de", "120.000,50"),
        ("fr", "120\xa0000,50"),
        ("ar", "120.000,50"),
        ("uk", "120\xa0000,50"),
        ("ti", "120,000.50"),
        ("fa", "120,000.50"),
        ("pt", "120.000,50"),
    ],
)
def test_an_amount_is_grouped_by_thousands(language: str, written: str) -> None:
    with translation.override(language):
        assert number_format(Decimal("120000.50"), 2, force_grouping=True) == written
