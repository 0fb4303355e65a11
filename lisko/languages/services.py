"""Loading languages by their ISO 639-3 code, with the macrolanguage they belong to."""

import functools
from collections.abc import Iterable, Mapping

import langcodes
from django.db import transaction
from django.utils.translation import gettext as _
from language_data.registry_parser import parse_registry

from lisko.core.errors import DomainError
from lisko.languages.models import RIGHT_TO_LEFT_SCRIPTS, Language


@functools.cache
def _registry() -> dict[str, dict[str, str]]:
    """IANA language subtags (two or three letters) to their registry entry."""
    return {
        entry["Subtag"]: entry
        for entry in parse_registry()
        if entry.get("Type") == "language" and "Subtag" in entry
    }


@functools.cache
def _alpha3_to_alpha2() -> dict[str, str]:
    # Only plain two-letter codes: langcodes also lists tags such as fa-AF → prs.
    return {
        alpha3: alpha2 for alpha2, alpha3 in langcodes.LANGUAGE_ALPHA3.items() if len(alpha2) == 2
    }


def _registry_entry(code: str) -> dict[str, str] | None:
    """The registry entry of an ISO 639-3 code; languages with a two-letter code are filed so."""
    registry = _registry()
    return registry.get(_alpha3_to_alpha2().get(code, code))


def _as_alpha3(subtag: str) -> str:
    return langcodes.LANGUAGE_ALPHA3.get(subtag, subtag)


def macrolanguage_of(code: str) -> str | None:
    """The ISO 639-3 code of the macrolanguage `code` is a variety of (e.g. prs → fas), if any."""
    entry = _registry_entry(code)
    if entry is None or "Macrolanguage" not in entry:
        return None
    return _as_alpha3(entry["Macrolanguage"])


def is_right_to_left(code: str) -> bool:
    """True when the language is usually written in a right-to-left script."""
    entry = _registry_entry(code)
    if entry is not None and entry.get("Suppress-Script") in RIGHT_TO_LEFT_SCRIPTS:
        return True
    script = langcodes.Language.get(code).maximize().script
    return script in RIGHT_TO_LEFT_SCRIPTS


def _validated(code: str) -> str:
    normalised = code.strip().lower()
    if len(normalised) != 3 or not normalised.isalpha() or _registry_entry(normalised) is None:
        raise DomainError(
            _("{code} is not an ISO 639-3 language code.").format(code=code),
            code="unknown_language",
        )
    return normalised


@transaction.atomic
def load_languages(
    *, codes: Iterable[str], parents: Mapping[str, str | None] | None = None
) -> list[Language]:
    """Create or update the languages with these ISO 639-3 codes and their macrolanguages.

    The macrolanguage comes from the IANA registry unless `parents` names one (or None) for a
    code: e.g. an organisation may keep Serbian apart from Serbo-Croatian. Safe to run again:
    existing languages keep their id. One unknown code refuses the whole list.
    """
    wanted = [_validated(code) for code in codes]
    chosen = {
        _validated(code): (_validated(parent) if parent else None)
        for code, parent in (parents or {}).items()
    }
    loaded: dict[str, Language] = {}
    for code in wanted:
        loaded[code] = _load_one(code, loaded, chosen)
    return [loaded[code] for code in dict.fromkeys(wanted)]


def _load_one(code: str, loaded: dict[str, Language], chosen: Mapping[str, str | None]) -> Language:
    if code in loaded:
        return loaded[code]
    parent_code = chosen[code] if code in chosen else macrolanguage_of(code)
    parent = _load_one(parent_code, loaded, chosen) if parent_code and parent_code != code else None
    language, _created = Language.objects.update_or_create(
        code=code,
        defaults={"parent": parent, "is_right_to_left": is_right_to_left(code)},
    )
    loaded[code] = language
    return language


def load_language(*, code: str) -> Language:
    """Create or update one language (and its macrolanguage) by ISO 639-3 code."""
    return load_languages(codes=[code])[0]
