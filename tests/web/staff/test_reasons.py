"""Reason codes become sentences; every code the matcher can give has its own."""

import pytest
from django.utils import translation

from matching.reasons import CODES
from web.staff.reasons import score_sentences, unfilled_sentence, warning_sentence

FALLBACK = "No interpreter could be found."


@pytest.mark.parametrize("code", CODES)
def test_every_matcher_reason_has_its_own_sentence(code: str) -> None:
    sentence = unfilled_sentence(code, {"language": "tir", "qualified": 2, "candidates": 2})
    assert sentence != FALLBACK and "{" not in sentence


def test_an_unknown_reason_still_reads_as_a_sentence() -> None:
    assert unfilled_sentence("something_new", {}) == FALLBACK


def test_a_reason_the_workflow_adds_is_worded_by_the_domain() -> None:
    assert unfilled_sentence("too_late", {}) == "The appointment began before anyone accepted it."


def test_the_language_is_named_in_the_readers_language() -> None:
    with translation.override("de"):
        assert "Ukrainisch" in unfilled_sentence("no_speaker", {"language": "ukr"})


def test_the_score_explains_travel_continuity_and_language() -> None:
    sentences = score_sentences(
        {"travel_minutes": 1, "continuity_miss": True, "proficiency_gap": 1}, language="Dari"
    )
    assert sentences == [
        "About 1 minute of travel there and back.",
        "Has not worked with this client before.",
        "Speaks Dari at level 4 of 5.",
    ]


def test_an_empty_score_explains_nothing() -> None:
    assert score_sentences(None, language="Dari") == []


def test_a_weekly_limit_warning_names_the_minutes() -> None:
    sentence = warning_sentence("over_weekly_limit", {"booked": 540, "limit": 600})
    assert sentence == "Would go over the weekly limit: 540 of 600 minutes already booked."


def test_no_continuity_miss_for_a_brand_new_client_does_not_read_as_continuity() -> None:
    sentences = score_sentences(
        {"travel_minutes": 0, "continuity_miss": False, "proficiency_gap": 0}, language="Dari"
    )
    assert "Knows this client from earlier appointments." not in sentences
    assert sentences == ["No travel needed.", "Speaks Dari at level 5 of 5."]


def test_continuity_is_claimed_only_when_the_caller_knows_the_history() -> None:
    score = {"continuity_miss": False}
    assert score_sentences(score, language="Dari", knows_client=True) == [
        "Knows this client from earlier appointments."
    ]
    assert score_sentences(score, language="Dari", knows_client=False) == [
        "Has not worked with this client before."
    ]
