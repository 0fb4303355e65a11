"""The stock-take: which offers exist where and how full they are, who is in the interpreter
pool for which language, and whether each municipality is reached on site in each language.

Offers count where they take place (`Offer.municipality`) and belong to the organisation of
their association; the pool counts where its members live (`Interpreter.home_municipality`).
Offers and the pool are counted as they are now; the period decides which languages are in
demand (reach) and when a certification counts as valid (its end)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from lisko.planning.figures import ChartKind, ChartSpec, Figure, Filters, Part, register
from lisko.planning.selectors import (
    field_of_action_rows,
    language_rows,
    municipality_rows,
    sort_key,
)
from lisko.planning.tables import TOTAL_ROW, Column, Measure, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.interpreters.models import Interpreter
    from lisko.planning.scope import PlanningScope

# What the reach table says of a municipality and language, by code; the table holds the
# words, in the reader's language. `reach_of` reads a cell back as its code.
REACH_LABELS = {
    "on_site": gettext_lazy("on site"),
    "remote": gettext_lazy("remote only"),
    "none": gettext_lazy("none"),
}


def reach_of(label: object) -> str | None:
    """The code ("on_site", "remote", "none") of a reach cell's words; None for anything else."""
    return next((code for code, words in REACH_LABELS.items() if str(words) == label), None)


# The languages named in an offer row before "and N more".
LANGUAGES_NAMED = 5
# The language columns of the reach table: the most demanded in the scope.
REACH_LANGUAGES = 12


# -- offers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Offer:
    field_of_action: str
    municipality_id: int
    capacity: int
    taken: frozenset[int]  # the clients who hold one of its places now
    languages: tuple[str, ...]

    @property
    def free(self) -> int:
        # An overbooked offer has no free places; it does not take any from the others.
        return max(0, self.capacity - len(self.taken))


def _offers(scope: PlanningScope, filters: Filters) -> list[_Offer]:
    """The active offers the scope counts, each with who takes a place in it and its languages:
    three queries, whatever the number of offers."""
    from lisko.associations.models import Offer
    from lisko.referrals.models import TAKING_A_PLACE, Referral

    offers = Offer.objects.filter(
        scope.covers(municipality="municipality_id", organisation="association__organisation_id"),
        is_active=True,
    )
    if filters.municipality_id is not None:
        offers = offers.filter(municipality_id=filters.municipality_id)
    if filters.field_of_action is not None:
        offers = offers.filter(field_of_action__key=filters.field_of_action)
    rows = list(
        offers.values_list("pk", "field_of_action__key", "municipality_id", "capacity").order_by()
    )
    ids = [row[0] for row in rows]
    taken: dict[int, set[int]] = defaultdict(set)
    for offer_id, client_id in (
        Referral.objects.filter(offer_id__in=ids, status__in=TAKING_A_PLACE)
        .values_list("offer_id", "client_id")
        .order_by()
        .distinct()
    ):
        taken[offer_id].add(client_id)
    languages: dict[int, list[str]] = defaultdict(list)
    for offer_id, code in (
        Offer.languages.through.objects.filter(offer_id__in=ids)
        .values_list("offer_id", "language__code")
        .order_by()
    ):
        languages[offer_id].append(code)
    return [
        _Offer(
            field_of_action=field,
            municipality_id=municipality_id,
            capacity=capacity,
            taken=frozenset(taken[pk]),
            languages=tuple(languages[pk]),
        )
        for pk, field, municipality_id, capacity in rows
    ]


def _languages_label(offers: Iterable[_Offer]) -> str:
    """The languages of these offers by name, the most common first, at most five named."""
    from lisko.languages.models import language_name

    locale = get_language() or "en"
    frequency = Counter(code for offer in offers for code in offer.languages)
    names = {code: language_name(code, locale) for code in frequency}
    ranked = sorted(frequency, key=lambda code: (-frequency[code], sort_key(names[code])))
    named = ", ".join(names[code] for code in ranked[:LANGUAGES_NAMED])
    more = len(ranked) - LANGUAGES_NAMED
    if more <= 0:
        return named
    return ngettext("{languages} and {count} more", "{languages} and {count} more", more).format(
        languages=named, count=more
    )


def _offer_columns(*, with_fields: bool, with_languages: bool) -> list[Column]:
    columns = [
        Column("offers", _("Offers"), Measure.NUMBER),
        Column("places", _("Places"), Measure.NUMBER),
    ]
    if with_fields:
        columns.append(Column("fields", _("Fields of action"), Measure.NUMBER))
    columns += [
        Column("taken", _("Places taken")),
        Column("free", _("Free places"), Measure.SUM, count_column="taken"),
    ]
    if with_languages:
        columns.append(Column("languages", _("Languages"), Measure.LABEL))
    return columns


def _offer_cells(
    row_key: str,
    offers: list[_Offer],
    counts: dict[tuple[str, str], int],
    values: dict[tuple[str, str], int | float | str | None],
) -> None:
    values[row_key, "offers"] = len(offers)
    values[row_key, "places"] = sum(offer.capacity for offer in offers)
    # A client in two offers of the row takes two places but is one person.
    counts[row_key, "taken"] = len(frozenset().union(*(offer.taken for offer in offers)))
    values[row_key, "free"] = sum(offer.free for offer in offers)


def _number_totals(
    offers: list[_Offer], values: dict[tuple[str, str], int | float | str | None]
) -> None:
    # Offers and places add up: the totals row shows them for all the offers counted.
    values[TOTAL_ROW, "offers"] = len(offers)
    values[TOTAL_ROW, "places"] = sum(offer.capacity for offer in offers)


def offers_by_field_of_action(scope: PlanningScope, filters: Filters) -> Table:
    """Active offers by field of action: how many, their places, taken and free, languages."""
    offers = _offers(scope, Filters(municipality_id=filters.municipality_id))
    by_field: dict[str, list[_Offer]] = defaultdict(list)
    for offer in offers:
        by_field[offer.field_of_action].append(offer)
    rows = field_of_action_rows(scope)
    counts: dict[tuple[str, str], int] = {}
    values: dict[tuple[str, str], int | float | str | None] = {}
    for key, _name in rows:
        _offer_cells(key, by_field[key], counts, values)
        values[key, "languages"] = _languages_label(by_field[key])
    _number_totals(offers, values)
    values[TOTAL_ROW, "languages"] = _languages_label(offers)
    return publish(
        RawTable(
            key="offers",
            title=_("Offers by field of action"),
            row_heading=_("Field of action"),
            columns=_offer_columns(with_fields=False, with_languages=True),
            rows=rows,
            counts=counts,
            values=values,
            note=_(
                "Active offers of the associations, by field of action, with the clients who "
                "hold one of their places now."
            ),
        ),
        threshold_=scope.threshold,
    )


def offers_by_municipality(scope: PlanningScope, filters: Filters) -> Table:
    """Active offers by the municipality they take place in."""
    offers = _offers(scope, Filters(field_of_action=filters.field_of_action))
    by_municipality: dict[str, list[_Offer]] = defaultdict(list)
    for offer in offers:
        by_municipality[str(offer.municipality_id)].append(offer)
    rows = municipality_rows(scope)
    counts: dict[tuple[str, str], int] = {}
    values: dict[tuple[str, str], int | float | str | None] = {}
    for key, _name in rows:
        _offer_cells(key, by_municipality[key], counts, values)
        values[key, "fields"] = len({offer.field_of_action for offer in by_municipality[key]})
    _number_totals(offers, values)
    # Fields offered anywhere in the scope: a field offered in two places counts once.
    values[TOTAL_ROW, "fields"] = len({offer.field_of_action for offer in offers})
    return publish(
        RawTable(
            key="offers-by-municipality",
            title=_("Offers by municipality"),
            row_heading=_("Municipality"),
            columns=_offer_columns(with_fields=True, with_languages=False),
            rows=rows,
            counts=counts,
            values=values,
            note=_(
                "Active offers of the associations, by the municipality they take place in, "
                "with the clients who hold one of their places now."
            ),
        ),
        threshold_=scope.threshold,
    )


# -- the interpreter pool ---------------------------------------------------------------------


def _pool(scope: PlanningScope, filters: Filters, *, with_availability: bool) -> list[Interpreter]:
    """The active interpreters and key persons the scope counts, by where they live, with
    their languages (and weekly availability): a constant handful of queries."""
    from lisko.interpreters.models import Interpreter

    pool = Interpreter.objects.filter(
        scope.covers(municipality="home_municipality_id"), is_active=True
    )
    if filters.municipality_id is not None:
        pool = pool.filter(home_municipality_id=filters.municipality_id)
    pool = pool.select_related("home_municipality").prefetch_related("languages__language__parent")
    if with_availability:
        pool = pool.prefetch_related("weekly_availability")
    return list(pool.order_by("pk"))


def _spoken(interpreter: Interpreter) -> set[str]:
    # The matcher's rule: a variety's speaker also speaks its macrolanguage.
    from lisko.matchingruns.problems import spoken_languages

    return set(spoken_languages(interpreter))


def weekly_minutes(interpreter: Interpreter) -> int:
    """The minutes a week the person can work: their weekly windows (overlaps counted once),
    at most their weekly limit."""
    by_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for window in interpreter.weekly_availability.all():
        start = window.start_time.hour * 60 + window.start_time.minute
        end = window.end_time.hour * 60 + window.end_time.minute
        by_day[window.weekday].append((start, end))
    minutes = 0
    for windows in by_day.values():
        reached = 0
        for start, end in sorted(windows):
            if end > max(start, reached):
                minutes += end - max(start, reached)
            reached = max(reached, end)
    limit = interpreter.weekly_minutes_limit
    return minutes if limit is None else min(minutes, limit)


def _certified_valid(interpreter: Interpreter, on: dt.date) -> bool:
    # A certification without an end date holds, as it does for the matcher.
    expires = interpreter.certification_expires
    return interpreter.level >= 1 and (expires is None or expires >= on)


def pool_by_language(scope: PlanningScope, filters: Filters) -> Table:
    """Interpreters and key persons by the languages they speak: head counts, hours a week,
    modalities and certification levels."""
    from lisko.interpreters.models import Interpreter

    people: dict[str, list[Interpreter]] = defaultdict(list)
    for interpreter in _pool(scope, filters, with_availability=True):
        for code in _spoken(interpreter):
            people[code].append(interpreter)
    rows = language_rows(people)
    counts: dict[tuple[str, str], int] = {}
    values: dict[tuple[str, str], int | float | str | None] = {}
    for code, _name in rows:
        speakers = people[code]
        tally = {
            "people": len(speakers),
            "interpreters": sum(p.kind == Interpreter.Kind.INTERPRETER for p in speakers),
            "key_persons": sum(p.kind == Interpreter.Kind.KEY_PERSON for p in speakers),
            "on_site": sum(p.works_on_site for p in speakers),
            "phone": sum(p.works_by_phone for p in speakers),
            "video": sum(p.works_by_video for p in speakers),
            "level_1": sum(p.level == 1 for p in speakers),
            "level_2": sum(p.level == 2 for p in speakers),
            "level_3": sum(p.level == 3 for p in speakers),
            "certified_valid": sum(_certified_valid(p, scope.period.end) for p in speakers),
        }
        for column, number in tally.items():
            counts[code, column] = number
        values[code, "weekly_hours"] = round(sum(weekly_minutes(p) for p in speakers) / 60, 1)
    return publish(
        RawTable(
            key="pool",
            title=_("Interpreters and key persons by language"),
            row_heading=_("Language"),
            columns=[
                Column("people", _("People")),
                Column("interpreters", _("Interpreters")),
                Column("key_persons", _("Key persons")),
                Column(
                    "weekly_hours", _("Hours a week"), Measure.SUM, unit="h", count_column="people"
                ),
                Column("on_site", _("On site")),
                Column("phone", _("By phone")),
                Column("video", _("By video")),
                Column("level_1", _("Level 1")),
                Column("level_2", _("Level 2")),
                Column("level_3", _("Level 3")),
                Column("certified_valid", _("Certification valid")),
            ],
            rows=rows,
            counts=counts,
            values=values,
            # A person who speaks two languages is in two rows: the rows do not add up.
            totals=False,
            note=_(
                "Active interpreters and key persons living in the region, by each language "
                "they speak (a variety also counts for its macrolanguage), with the hours a "
                "week they can work."
            ),
        ),
        threshold_=scope.threshold,
    )


# -- reach ------------------------------------------------------------------------------------


def demanded_languages(scope: PlanningScope) -> Counter[str]:
    """How often each language is asked for in the scope and period: clients who prefer it
    plus appointments in it."""
    from lisko.appointments.models import Appointment
    from lisko.planning.residents import clients_in_period

    demand: Counter[str] = Counter()
    for code, number in (
        clients_in_period(scope)
        .values_list("preferred_language__code")
        .annotate(number=Count("id"))
        .values_list("preferred_language__code", "number")
        .order_by()
    ):
        demand[code] += number
    start, end = scope.period.bounds()
    for code, number in (
        Appointment.objects.filter(
            scope.covers(municipality="client__municipality_id"), start__gte=start, start__lt=end
        )
        .exclude(status=Appointment.Status.DRAFT)
        .values_list("language__code")
        .annotate(number=Count("id"))
        .values_list("language__code", "number")
        .order_by()
    ):
        demand[code] += number
    return demand


def reach(scope: PlanningScope, filters: Filters) -> Table:
    """For each municipality and demanded language: can someone come on site, or only remotely?"""
    import numpy

    from lisko.places.models import Municipality
    from matching.travel import travel_minutes_many
    from matching.types import Location, Travel

    if filters.language is not None:
        codes = [filters.language]
    else:
        demand = demanded_languages(scope)
        names = dict(language_rows(demand))
        codes = sorted(demand, key=lambda code: (-demand[code], sort_key(names[code])))
        codes = codes[:REACH_LANGUAGES]
    names = dict(language_rows(codes))
    wanted = set(codes)
    rows = municipality_rows(scope)
    # Each interpreter who speaks a column's language: what they speak and whether on site.
    on_site: list[tuple[Interpreter, set[str]]] = []
    remote: set[str] = set()
    for interpreter in _pool(scope, Filters(), with_availability=False):
        spoken = _spoken(interpreter) & wanted
        if not spoken:
            continue
        if interpreter.works_by_phone or interpreter.works_by_video:
            remote |= spoken
        if interpreter.works_on_site:
            on_site.append((interpreter, spoken))
    centres = {
        str(pk): Location(latitude, longitude)
        for pk, latitude, longitude in Municipality.objects.filter(
            pk__in=[int(key) for key, _name in rows]
        ).values_list("pk", "latitude", "longitude")
    }
    # Travel minutes once per (home, municipality): most people travel from their municipality's
    # centre, so there are far fewer distinct homes than people. minutes[home, municipality].
    keys = [key for key, _name in rows]
    homes = sorted({interpreter.home for interpreter, _spoken in on_site})
    starts: list[Location | None] = [Location(*home) for home in homes for _key in keys]
    ends: list[Location | None] = [centres[key] for _home in homes for key in keys]
    minutes = numpy.array(travel_minutes_many(starts, ends, Travel()), dtype=numpy.int64).reshape(
        len(homes), len(keys)
    )
    row_of_home = {home: position for position, home in enumerate(homes)}
    # reached[code][municipality]: someone who speaks the language comes there on site.
    reached = {code: numpy.zeros(len(keys), dtype=bool) for code in codes}
    for interpreter, spoken in on_site:
        limit = interpreter.travel_limit_minutes
        travel = minutes[row_of_home[interpreter.home]]
        within = numpy.ones(len(keys), dtype=bool) if limit is None else travel <= limit
        for code in spoken:
            reached[code] |= within
    labels = {reach: str(label) for reach, label in REACH_LABELS.items()}
    values: dict[tuple[str, str], int | float | str | None] = {}
    for position, key in enumerate(keys):
        for code in codes:
            if reached[code][position]:
                values[key, code] = labels["on_site"]
            elif code in remote:
                values[key, code] = labels["remote"]
            else:
                values[key, code] = labels["none"]
    return publish(
        RawTable(
            key="reach",
            title=_("Reach of the interpreter pool"),
            row_heading=_("Municipality"),
            columns=[Column(code, names[code], Measure.LABEL) for code in codes],
            rows=rows,
            values=values,
            totals=False,
            note=_(
                "Whether an active interpreter or key person of the pool can come to the "
                "municipality's centre within their travel limit, or only work by phone or "
                "video, in each of the languages most asked for in the period."
            ),
        ),
        threshold_=scope.threshold,
    )


register(
    Figure(
        key="offers",
        part=Part.STOCK_TAKE,
        title=gettext_lazy("Offers by field of action"),
        build=offers_by_field_of_action,
        charts=(ChartSpec(ChartKind.BAR, ("places",)),),
        filters=frozenset({"municipality_id"}),
    )
)
register(
    Figure(
        key="offers-by-municipality",
        part=Part.STOCK_TAKE,
        title=gettext_lazy("Offers by municipality"),
        build=offers_by_municipality,
        charts=(ChartSpec(ChartKind.MAP, ("places",)), ChartSpec(ChartKind.BAR, ("offers",))),
        filters=frozenset({"field_of_action"}),
    )
)
register(
    Figure(
        key="pool",
        part=Part.STOCK_TAKE,
        title=gettext_lazy("Interpreters and key persons by language"),
        build=pool_by_language,
        charts=(ChartSpec(ChartKind.BAR, ("people",)),),
        filters=frozenset({"municipality_id"}),
    )
)
register(
    Figure(
        key="reach",
        part=Part.STOCK_TAKE,
        title=gettext_lazy("Reach of the interpreter pool"),
        build=reach,
        # The language columns differ by scope: an empty tuple draws every column.
        charts=(ChartSpec(ChartKind.HEAT, ()),),
        filters=frozenset({"language"}),
    )
)
