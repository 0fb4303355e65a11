"""What every planning figure needs besides its own counts: the rows it may have (the scope's
municipalities, languages, fields of action) and the drill-down filters, checked once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from lisko.core.errors import DomainError, NotFound
from lisko.core.limits import parse_id
from lisko.planning.figures import Filters
from lisko.planning.scope import PlanningScope

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,8}$")
_FIELD_KEY = re.compile(r"^[-a-z0-9_]{1,40}$")


def sort_key(label: str) -> str:
    """Alphabetical order that ignores accents and case (Ämter among the A, Élodie among E)."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def parse_filters(query: Mapping[str, str]) -> Filters:
    """Filters from a query string; a malformed one is a translated DomainError."""
    municipality = (query.get("municipality") or "").strip()
    language = (query.get("language") or "").strip()
    field = (query.get("field_of_action") or "").strip()
    # A number that cannot be an id is refused, not dropped (the page would show the whole
    # region as if narrowed).
    municipality_id = parse_id(municipality) if municipality else None
    if municipality and municipality_id is None:
        raise DomainError(_("Choose a municipality from the list."), code="invalid_filter")
    if language and not _LANGUAGE_CODE.match(language):
        raise DomainError(_("Choose a language from the list."), code="invalid_filter")
    if field and not _FIELD_KEY.match(field):
        raise DomainError(_("Choose a field of action from the list."), code="invalid_filter")
    return Filters(
        municipality_id=municipality_id,
        language=language or None,
        field_of_action=field or None,
    )


def check_filters(scope: PlanningScope, filters: Filters) -> Filters:
    """Refuse (NotFound) a municipality outside the scope, an unknown language or field."""
    from lisko.languages.models import Language
    from lisko.organisations.models import FieldOfAction

    if filters.municipality_id is not None and filters.municipality_id not in (
        scope.municipality_ids
    ):
        raise NotFound()
    if filters.language is not None and not Language.objects.filter(code=filters.language).exists():
        raise NotFound()
    if (
        filters.field_of_action is not None
        and not FieldOfAction.objects.filter(key=filters.field_of_action).exists()
    ):
        raise NotFound()
    return filters


def municipality_rows(
    scope: PlanningScope, filters: Filters | None = None
) -> list[tuple[str, str]]:
    """(municipality id as text, name) for every municipality of the scope, alphabetically;
    only the one chosen when the filters name one."""
    from lisko.places.models import Municipality

    ids: Iterable[int] = scope.municipality_ids
    if filters is not None and filters.municipality_id is not None:
        ids = [filters.municipality_id]
    rows = [
        (str(pk), name)
        for pk, name in Municipality.objects.filter(pk__in=list(ids)).values_list("pk", "name")
    ]
    return sorted(rows, key=lambda row: sort_key(row[1]))


def municipality_points(scope: PlanningScope) -> dict[str, tuple[float, float, str]]:
    """Row key → (latitude, longitude, name) of the scope's municipalities, for the map."""
    from lisko.places.models import Municipality

    return {
        str(pk): (lat, lon, name)
        for pk, lat, lon, name in Municipality.objects.filter(
            pk__in=list(scope.municipality_ids)
        ).values_list("pk", "latitude", "longitude", "name")
    }


def language_rows(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name in the reader's language) for the given codes, alphabetically by name."""
    from django.utils.translation import get_language

    from lisko.languages.models import language_name

    locale = get_language() or "en"
    rows = [(code, language_name(code, locale)) for code in set(codes)]
    return sorted(rows, key=lambda row: sort_key(row[1]))


def field_of_action_rows(scope: PlanningScope) -> list[tuple[str, str]]:
    """(key, name) of the fields of action of the organisations counted, in their usual order.

    Organisations may rename or add fields; a key stands for one field across them, named as
    the first organisation (by position) names it."""
    from lisko.organisations.models import FieldOfAction

    seen: dict[str, tuple[int, str]] = {}
    for field in FieldOfAction.objects.filter(organisation_id__in=scope.organisation_ids).order_by(
        "position", "organisation_id"
    ):
        seen.setdefault(field.key, (field.position, field.display_name()))
    return [(key, name) for key, (_, name) in sorted(seen.items(), key=lambda item: item[1][0])]
