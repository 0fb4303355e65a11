"""Ids typed into query strings and forms: what can name a row, and what cannot."""

import pytest

from lisko.core.limits import LARGEST_ID, parse_id


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", 1), (" 42 ", 42), (str(LARGEST_ID), LARGEST_ID)]
)
def test_a_possible_id_is_read(raw: str, expected: int) -> None:
    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "0", "-1", "1.5", "²", "١٢", "12a", str(LARGEST_ID + 1), "9" * 20, "1" * 5000]
)
def test_what_cannot_be_an_id_is_none(raw: str) -> None:
    assert parse_id(raw) is None
