"""The matcher's reason codes as sentences, in the active language (for notifications).

One translated sentence per code, with named placeholders; call inside
`translation.override(reader.language)`.
"""

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lisko.languages.models import language_name

# Rules a hand-made offer can break, in the order the matcher applies them.
RULE_CODES = (
    "no_speaker",
    "level_requirement",
    "gender_requirement",
    "modality_not_offered",
    "conflict_of_interest",
    "not_available",
    "travel_limit",
    "fully_booked",
)


def _language(data: dict[str, Any]) -> str:
    code = str(data.get("language") or "")
    if not code:
        return _("this language")
    try:
        return language_name(code, get_language() or "en")
    except (ValueError, LookupError):
        return code


def reason_sentence(code: str, data: dict[str, Any] | None = None) -> str:
    """Why no interpreter was found for a request, as one sentence."""
    data = data or {}
    language = _language(data)
    if code == "no_speaker":
        return _("Nobody in the pool speaks {language} at the proficiency needed.").format(
            language=language
        )
    if code == "level_requirement":
        return _("People speak {language}, but none has the certification level needed.").format(
            language=language
        )
    if code == "gender_requirement":
        return _("Qualified people speak {language}, but none of the requested gender.").format(
            language=language
        )
    if code == "modality_not_offered":
        return _("Qualified people speak {language}, but none works in this modality.").format(
            language=language
        )
    if code == "conflict_of_interest":
        return _("Every qualified {language} interpreter has a conflict of interest.").format(
            language=language
        )
    if code == "excluded":
        return _(
            "Every qualified {language} interpreter has declined or let the offer expire."
        ).format(language=language)
    if code == "not_available":
        return _("No qualified {language} interpreter is available at that time.").format(
            language=language
        )
    if code == "travel_limit":
        return _("The place is too far for every available {language} interpreter.").format(
            language=language
        )
    if code == "fully_booked":
        count = len(data.get("busy_at_time", [])) + len(data.get("out_of_minutes", []))
        return ngettext(
            "The one suitable {language} interpreter is booked then or out of hours.",
            "All {count} suitable {language} interpreters are booked then or out of hours.",
            max(count, 1),
        ).format(count=count, language=language)
    if code == "invalid_time":
        return _("The appointment ends before it starts.")
    if code == "too_late":
        return _("The appointment began before anyone accepted it.")
    if code == "offer_refused":
        return _("The chosen person could not be offered the appointment.")
    return _("No interpreter could be found.")


def rule_sentence(code: str, data: dict[str, Any] | None = None) -> str:
    """A hard rule that a hand-made offer breaks, as one sentence for the coordinator."""
    data = data or {}
    language = _language(data)
    if code == "no_speaker":
        return _("Does not speak {language} at the proficiency needed.").format(language=language)
    if code == "level_requirement":
        return _("Does not have the certification level needed.")
    if code == "gender_requirement":
        return _("Is not of the requested gender.")
    if code == "modality_not_offered":
        return _("Does not work in this modality.")
    if code == "conflict_of_interest":
        return _("Has a conflict of interest with this client.")
    if code == "not_available":
        return _("Is not available at that time.")
    if code == "travel_limit":
        return _("The place is beyond this person's travel limit.")
    if code == "fully_booked":
        return _("Is already booked at that time or has no hours left that week.")
    return _("Breaks a matching rule.")


class Sentence:
    """A reason that becomes a sentence when rendered, in the language active at that moment."""

    def __init__(self, code: str, data: dict[str, Any] | None = None) -> None:
        self.code = code
        self.data = data or {}

    def __str__(self) -> str:
        return reason_sentence(self.code, self.data)
