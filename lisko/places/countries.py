"""Countries by their ISO 3166-1 alpha-2 code, named in the reader's language (CLDR via Babel).

A client's country of origin is stored as its code; every page that shows it or offers a choice
of countries asks here, so that "AF" reads "Afghanistan", "Afghanistan" or "أفغانستان" alike.
"""

import functools

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

from lisko.places.collation import name_key

# CLDR names regions that are not countries of ISO 3166-1: reserved codes (Ascension, Ceuta
# and Melilla, Canary Islands…), groupings (EU, UN), test and user-assigned codes (XA, XK, ZZ).
NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


@functools.cache
def _territories(locale: str) -> dict[str, str]:
    try:
        names = Locale.parse(locale.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").territories
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_ISO_3166
    }


def _locale(locale: str | None) -> str:
    return locale or get_language() or "en"


def is_country(code: str) -> bool:
    """True for the ISO 3166-1 alpha-2 code of a country (upper case)."""
    return code in _territories("en")


def country_name(code: str, locale: str | None = None) -> str:
    """The name of the country `code` in `locale` (default: the active language); an unknown
    code is shown as it is rather than hidden."""
    return _territories(_locale(locale)).get(code.upper(), code)


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """Every country as (code, name), by name in the reader's language."""
    names = _territories(_locale(locale))
    return sorted(names.items(), key=lambda item: name_key(item[1]))
