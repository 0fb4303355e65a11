"""Why the matcher chose a person, from an assignment's score, as sentences for staff pages.

The sentences for reason and warning codes live once in lisko.matchingruns.reasons (pages, API
and e-mail use them alike); this module re-exports them for the staff presenters."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lisko.matchingruns.reasons import (
    count_of,
    reason_sentence,
    reason_summary,
    warning_sentence,
)

__all__ = ["reason_summary", "score_sentences", "unfilled_sentence", "warning_sentence"]


def unfilled_sentence(code: str, data: dict[str, Any] | None, *, language: str = "") -> str:
    """The matcher's reason code for an open request, as one sentence for a social worker (the
    one sentence per code is lisko.matchingruns.reasons)."""
    return reason_sentence(code, data, language=language)


def score_sentences(
    score: dict[str, Any] | None, *, language: str, knows_client: bool | None = None
) -> list[str]:
    """Why the matcher proposed this person, from an assignment's score breakdown.

    `knows_client` says whether this person has interpreted for this client before, where the
    caller knows it.
    """
    score = score or {}
    sentences: list[str] = []
    if "travel_minutes" in score:
        minutes = count_of(score, "travel_minutes")
        if minutes == 0:
            sentences.append(_("No travel needed."))
        else:
            sentences.append(
                ngettext(
                    "About {minutes} minute of travel there and back.",
                    "About {minutes} minutes of travel there and back.",
                    minutes,
                ).format(minutes=minutes)
            )
    # The matcher counts a continuity miss only for clients with earlier bookings, so "no miss"
    # also describes a brand-new client: continuity is claimed only when the caller knows it.
    if score.get("continuity_miss") or knows_client is False:
        sentences.append(_("Has not worked with this client before."))
    elif knows_client:
        sentences.append(_("Knows this client from earlier appointments."))
    if "proficiency_gap" in score or "proficiency" in score:
        level = score.get("proficiency")
        if level is None:
            level = 5 - count_of(score, "proficiency_gap")
        sentences.append(
            _("Speaks {language} at level {level} of 5.").format(language=language, level=level)
        )
    return sentences
