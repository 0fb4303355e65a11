"""Codes become sentences: why the matcher left a request open, why it chose a person, and what
speaks against an offer made by hand. One translated sentence per case, named placeholders."""

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lisko.clients.models import Gender
from lisko.interpreters.models import Modality
from lisko.languages.models import language_name
from lisko.matchingruns.reasons import reason_sentence


def _language(data: dict[str, Any], fallback: str = "") -> str:
    code = data.get("language") or fallback
    if not code:
        return _("this language")
    try:
        return language_name(str(code), get_language() or "en")
    except (ValueError, LookupError):
        return str(code)


def _count(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, list | tuple):
        return len(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def unfilled_sentence(code: str, data: dict[str, Any] | None, *, language: str = "") -> str:
    """The matcher's reason code for an open request, as one sentence for a social worker."""
    data = data or {}
    name = _language(data, language)
    if code == "no_speaker":
        return _(
            "Nobody in the pool speaks {language} at the proficiency this appointment needs."
        ).format(language=name)
    if code == "level_requirement":
        return _(
            "People speak {language}, but none has certification level {level} or higher."
        ).format(language=name, level=data.get("min_level", "?"))
    if code == "gender_requirement":
        gender = dict(Gender.choices).get(data.get("gender", ""), "")
        return _(
            "Qualified people speak {language}, but none of them is of the requested gender "
            "({gender})."
        ).format(language=name, gender=str(gender).lower())
    if code == "modality_not_offered":
        modality = dict(Modality.choices).get(data.get("modality", ""), "")
        return _(
            "Qualified people speak {language}, but none of them works this way ({modality})."
        ).format(language=name, modality=str(modality).lower())
    if code == "conflict_of_interest":
        return _(
            "Every qualified {language} interpreter has a conflict of interest with this client."
        ).format(language=name)
    if code == "excluded":
        return _(
            "Every qualified {language} interpreter has already declined or been excluded."
        ).format(language=name)
    if code == "not_available":
        count = _count(data, "qualified")
        return ngettext(
            "{count} qualified {language} interpreter exists, but is not available at that "
            "time. Alternative times would help.",
            "{count} qualified {language} interpreters exist, but none is available at that "
            "time. Alternative times would help.",
            count,
        ).format(count=count, language=name)
    if code == "travel_limit":
        return _(
            "Available {language} interpreters live too far away; the nearest is {minutes} "
            "minutes away. A phone or video appointment would help."
        ).format(language=name, minutes=data.get("nearest_travel_min", "?"))
    if code == "fully_booked":
        count = _count(data, "candidates")
        return ngettext(
            "The one suitable {language} interpreter is already booked at that time or has no "
            "hours left this week.",
            "All {count} suitable {language} interpreters are already booked at that time or "
            "have no hours left this week.",
            count,
        ).format(count=count, language=name)
    if code == "invalid_time":
        return _("The appointment ends before it starts.")
    if code == "not_considered":
        return _("The matching run did not consider this appointment.")
    if code == "offer_refused":
        return _("The chosen person could not be offered the appointment.")
    if code == "unknown_interpreter":
        return _("The chosen person is no longer in the pool.")
    if code == "expired":
        return _("The offers expired without an answer.")
    # Codes the workflow adds (e.g. too_late) are worded once, in the domain.
    return reason_sentence(code, data)


SUMMARIES = {
    "no_speaker": _lazy("Nobody in the pool speaks the language well enough."),
    "level_requirement": _lazy("Speakers exist, but none with the certification level needed."),
    "gender_requirement": _lazy("Qualified speakers exist, but none of the requested gender."),
    "modality_not_offered": _lazy("Qualified speakers exist, but none works this way."),
    "conflict_of_interest": _lazy("Every qualified speaker has a conflict of interest."),
    "excluded": _lazy("Every qualified speaker has declined or was excluded."),
    "not_available": _lazy("Qualified speakers exist, but none is available at that time."),
    "travel_limit": _lazy("The place is too far for every available speaker."),
    "fully_booked": _lazy("Everyone suitable is booked then or out of hours."),
    "invalid_time": _lazy("The appointment ends before it starts."),
    "not_considered": _lazy("The run did not consider the appointment."),
    "offer_refused": _lazy("The chosen person could not be offered the appointment."),
    "unknown_interpreter": _lazy("The chosen person is no longer in the pool."),
}


def reason_summary(code: str) -> str:
    """A reason without its details, to head a group of requests left open for it."""
    return str(SUMMARIES.get(code, _lazy("No interpreter could be found.")))


def warning_sentence(code: str, data: dict[str, Any]) -> str:
    """What speaks against offering this appointment to this person by hand."""
    if code == "already_offered":
        return _("Already has an open offer for this appointment.")
    if code == "conflict_of_interest":
        return _("Has a conflict of interest with this client.")
    if code == "busy":
        return _("Is already booked at that time, including travel.")
    if code == "proficiency_below":
        return _("Speaks the language at level {proficiency}; {required} is needed.").format(
            proficiency=data.get("proficiency"), required=data.get("required")
        )
    if code == "level_below":
        return _("Has certification level {level}; {required} is needed.").format(
            level=data.get("level"), required=data.get("required")
        )
    if code == "gender_differs":
        return _("Is not of the gender requested for this appointment.")
    if code == "modality_not_offered":
        modality = dict(Modality.choices).get(data.get("modality", ""), "")
        return _("Does not work this way ({modality}).").format(modality=str(modality).lower())
    if code == "not_available":
        return _("Has not said they are available at that time.")
    if code == "over_weekly_limit":
        return _(
            "Would go over the weekly limit: {booked} of {limit} minutes already booked."
        ).format(booked=data.get("booked"), limit=data.get("limit"))
    if code == "certification_expired":
        return _("The certification will have expired by then.")
    return _("Does not meet a requirement of this appointment.")


def score_sentences(score: dict[str, Any] | None, *, language: str) -> list[str]:
    """Why the matcher proposed this person, from an assignment's score breakdown."""
    score = score or {}
    sentences: list[str] = []
    if "travel_minutes" in score:
        minutes = _count(score, "travel_minutes")
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
    if "continuity_miss" in score:
        if score["continuity_miss"]:
            sentences.append(_("Has not worked with this client before."))
        else:
            sentences.append(_("Knows this client from earlier appointments."))
    if "proficiency_gap" in score or "proficiency" in score:
        level = score.get("proficiency")
        if level is None:
            level = 5 - _count(score, "proficiency_gap")
        sentences.append(
            _("Speaks {language} at level {level} of 5.").format(language=language, level=level)
        )
    return sentences
