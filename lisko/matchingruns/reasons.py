"""Every code of the matcher and the workflow as one translated sentence: the only table.

Three vocabularies, each worded once and used by pages, API and e-mail alike:
- reason codes: why a request was left without an interpreter (`reason_sentence`), with a
  short form to head a group of requests (`reason_summary`);
- warning codes: what speaks against offering an appointment to one person by hand
  (`warning_sentence`), from the matcher's own rule table (`matching.rules`);
Sentences use named placeholders; call inside `translation.override(reader.language)` when
writing for someone else.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from lisko.clients.models import Gender
from lisko.interpreters.models import Modality
from lisko.languages.models import language_name


def _language(data: dict[str, Any], fallback: str = "") -> str:
    code = data.get("language") or fallback
    if not code:
        return _("this language")
    try:
        return language_name(str(code), get_language() or "en")
    except (ValueError, LookupError):
        return str(code)


def count_of(data: dict[str, Any], key: str) -> int:
    """A count in a code's data: a number, or the length of a list of ids."""
    value = data.get(key, 0)
    if isinstance(value, list | tuple):
        return len(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _choice(choices: list[tuple[str, Any]], value: object) -> str:
    return str(dict(choices).get(str(value or ""), "")).lower()


def reason_sentence(code: str, data: dict[str, Any] | None = None, *, language: str = "") -> str:
    """Why no interpreter was found for a request, as one sentence for a social worker.

    `language` names the appointment's language where the data does not."""
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
    if code == "certification_expired":
        return _(
            "People speak {language} at the level needed, but their certification lapses "
            "before the appointment ends."
        ).format(language=name)
    if code == "skill_missing":
        return _(
            "Qualified people speak {language}, but none has every specialisation this "
            "appointment needs."
        ).format(language=name)
    if code == "gender_requirement":
        return _(
            "Qualified people speak {language}, but none of them is of the requested gender "
            "({gender})."
        ).format(language=name, gender=_choice(Gender.choices, data.get("gender")))
    if code == "modality_not_offered":
        return _(
            "Qualified people speak {language}, but none of them works this way ({modality})."
        ).format(language=name, modality=_choice(Modality.choices, data.get("modality")))
    if code == "conflict_of_interest":
        return _(
            "Every qualified {language} interpreter has a conflict of interest with this client."
        ).format(language=name)
    if code == "excluded":
        return _(
            "Every qualified {language} interpreter has already declined or been excluded."
        ).format(language=name)
    if code == "not_available":
        count = count_of(data, "qualified")
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
        count = count_of(data, "candidates")
        return ngettext(
            "The one suitable {language} interpreter is already booked at that time or has no "
            "hours left this week.",
            "All {count} suitable {language} interpreters are already booked at that time or "
            "have no hours left this week.",
            count,
        ).format(count=count, language=name)
    if code == "heavy_cap":
        return _(
            "Every suitable {language} interpreter has reached their limit of emotionally heavy "
            "assignments."
        ).format(language=name)
    if code == "invalid_time":
        return _("The appointment ends before it starts.")
    if code == "time_out_of_range":
        return _("The appointment's date is outside the range Lisko can plan.")
    if code == "too_late":
        return _("The appointment began before anyone accepted it.")
    if code == "not_considered":
        return _("The matching run did not consider this appointment.")
    if code == "offer_refused":
        return _("The chosen person could not be offered the appointment.")
    if code == "unknown_interpreter":
        return _("The chosen person is no longer in the pool.")
    if code == "expired":
        return _("The offers expired without an answer.")
    return _("No interpreter could be found.")


SUMMARIES: dict[str, Promise] = {
    "no_speaker": gettext_lazy("Nobody in the pool speaks the language well enough."),
    "level_requirement": gettext_lazy(
        "Speakers exist, but none with the certification level needed."
    ),
    "certification_expired": gettext_lazy("Speakers exist, but their certification lapses."),
    "skill_missing": gettext_lazy("Speakers exist, but none with the specialisation needed."),
    "gender_requirement": gettext_lazy(
        "Qualified speakers exist, but none of the requested gender."
    ),
    "modality_not_offered": gettext_lazy("Qualified speakers exist, but none works this way."),
    "conflict_of_interest": gettext_lazy("Every qualified speaker has a conflict of interest."),
    "excluded": gettext_lazy("Every qualified speaker has declined or was excluded."),
    "not_available": gettext_lazy("Qualified speakers exist, but none is available at that time."),
    "travel_limit": gettext_lazy("The place is too far for every available speaker."),
    "fully_booked": gettext_lazy("Everyone suitable is booked then or out of hours."),
    "heavy_cap": gettext_lazy("Everyone suitable has reached their limit of heavy assignments."),
    "invalid_time": gettext_lazy("The appointment ends before it starts."),
    "time_out_of_range": gettext_lazy("The date is outside the range Lisko can plan."),
    "too_late": gettext_lazy("The appointment began before anyone accepted it."),
    "not_considered": gettext_lazy("The run did not consider the appointment."),
    "offer_refused": gettext_lazy("The chosen person could not be offered the appointment."),
    "unknown_interpreter": gettext_lazy("The chosen person is no longer in the pool."),
    "expired": gettext_lazy("The offers expired without an answer."),
}


def reason_summary(code: str) -> str:
    """A reason without its details, to head a group of requests left open for it."""
    return str(SUMMARIES.get(code, gettext_lazy("No interpreter could be found.")))


def warning_sentence(code: str, data: dict[str, Any] | None = None) -> str:
    """What speaks against offering this appointment to this person by hand."""
    data = data or {}
    if code == "already_offered":
        return _("Already has an open offer for this appointment.")
    if code == "conflict_of_interest":
        return _("Has a conflict of interest with this client.")
    if code == "busy":
        return _("Is already booked at that time, including travel.")
    if code == "proficiency_below" and not data.get("proficiency"):
        return _("Does not speak the appointment's language.")
    if code == "proficiency_below":
        return _("Speaks the language at level {proficiency}; {required} is needed.").format(
            proficiency=data.get("proficiency"), required=data.get("required")
        )
    if code == "level_below":
        return _("Has certification level {level}; {required} is needed.").format(
            level=data.get("level"), required=data.get("required")
        )
    if code == "certification_expired":
        return _("The certification will have expired by then.")
    if code == "skill_missing":
        return _("Lacks a specialisation this appointment needs.")
    if code == "gender_differs":
        return _("Is not of the gender requested for this appointment.")
    if code == "modality_not_offered":
        return _("Does not work this way ({modality}).").format(
            modality=_choice(Modality.choices, data.get("modality"))
        )
    if code == "not_available":
        return _("Has not said they are available at that time.")
    if code == "travel_limit":
        return _(
            "The place is {minutes} minutes away, beyond this person's travel limit of {limit}."
        ).format(minutes=data.get("travel_min", "?"), limit=data.get("limit", "?"))
    if code == "over_weekly_limit":
        return _(
            "Would go over the weekly limit: {booked} of {limit} minutes already booked."
        ).format(booked=data.get("booked"), limit=data.get("limit"))
    if code == "over_heavy_cap":
        return _(
            "Would go over their limit of emotionally heavy assignments: {heavy} of {limit}."
        ).format(heavy=data.get("heavy", "?"), limit=data.get("limit", "?"))
    return _("Does not meet a requirement of this appointment.")


class Sentence:
    """A reason that becomes a sentence when rendered, in the language active at that moment."""

    def __init__(self, code: str, data: dict[str, Any] | None = None) -> None:
        self.code = code
        self.data = data or {}

    def __str__(self) -> str:
        return reason_sentence(self.code, self.data)
