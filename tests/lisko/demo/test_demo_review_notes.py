"""The demo's review notes agree with the level reached (issue 16, item 24)."""

import random

import pytest

from lisko.demo.clients import review_note


@pytest.mark.parametrize("level", [4, 5])
def test_a_client_who_manages_well_is_never_said_to_need_more_support(level: int) -> None:
    rng = random.Random(7)

    notes = {review_note(rng, level) for _draw in range(200)}

    assert "Needs more support." not in notes


def test_a_client_at_level_one_is_never_said_to_manage_alone() -> None:
    rng = random.Random(7)

    notes = {review_note(rng, 1) for _draw in range(200)}

    assert "Manages this alone now." not in notes
    assert "Needs more support." in notes
