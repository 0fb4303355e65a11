"""The ranked list of gaps: where demand goes unmet, the figures that show it and what could be
done about it.

Every gap is read off published tables only (`publish` has applied the small-cell rule), so no
hidden count can leak through a sentence: a hidden figure is said as "fewer than N", and a
gap is weighed only with figures that are shown. Five kinds, each from its own tables:

1. interpreters_missing: requests in a language go unfilled because nobody in the pool speaks
   it or nobody is free (the matcher's reasons), where the client lives no one comes on site
   ("remote only" or "none" in the reach table): recruit people, as many as the unfilled hours
   a week need.
2. switch_to_remote: on-site requests in a language go unfilled because the speakers live too
   far, but speakers work by phone or video ("remote only"): offer those appointments remotely.
3. offer_missing: clients living in a municipality have goals in a field of action, and no
   active offer of that field exists there or anywhere else in its region.
4. waiting_list: referrals to a field of action are declined for lack of places, or wait long
   for an answer: add places.
5. key_persons_missing: many clients prefer a language, and no key person in the pool speaks it.

Weights are unmet demand: hours (1, 2) or persons and referrals (3, 4, 5); larger first."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lisko.core.errors import NotFound
from lisko.planning import published
from lisko.planning.figures import Filters, Gap, figure
from lisko.planning.stocktake import REACH_LABELS
from lisko.planning.tables import TOTAL_ROW, Cell, Column, RawTable, Table, publish

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope

# At most this many gaps are listed.
MOST_GAPS = 20
# The languages with the most unfilled requests whose municipalities and reasons are looked at.
LANGUAGES_EXAMINED = 5
# The matcher's reasons that say supply is missing: nobody speaks the language (well enough, at
# the level needed), or every speaker is busy or out of hours.
MISSING_SPEAKERS = frozenset(
    {
        "no_speaker",
        "level_requirement",
        "certification_expired",
        "not_available",
        "fully_booked",
        "heavy_cap",
    }
)
# The reasons that say speakers exist but do not come on site: too far, or remote only.
TOO_FAR = frozenset({"travel_limit", "modality_not_offered"})
# When no served appointment of the language shows its hours, an appointment is taken to last
# this long (the booking form's default).
USUAL_HOURS = 1.0
# The hours a week one newly recruited interpreter or key person is counted on for: most work
# part-time or as volunteers next to another job (a planning assumption, said in the estimate).
HOURS_PER_PERSON_A_WEEK = 4.0
# A referral answered after this many days (median) waits long.
LONG_WAIT_DAYS = 21
# "Many clients" of a community: at least this many times the threshold.
COMMUNITY_FACTOR = 2

KIND_ORDER = (
    "interpreters_missing",
    "switch_to_remote",
    "offer_missing",
    "waiting_list",
    "key_persons_missing",
)


# -- reading published tables -----------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """A published table, read by (row key, column key). Only shown values come out."""

    table: Table

    def cell(self, row_key: str, column_key: str) -> Cell | None:
        columns = [column.key for column in self.table.columns]
        if column_key not in columns:
            return None
        rows = [*self.table.rows, *([self.table.totals] if self.table.totals else [])]
        for row in rows:
            if row.key == row_key:
                return row.cells[columns.index(column_key)]
        return None

    def value(self, row_key: str, column_key: str) -> float | None:
        """The number shown in the cell; None when hidden, empty, absent or not a number."""
        cell = self.cell(row_key, column_key)
        if cell is None or not cell.shown or isinstance(cell.value, str):
            return None
        return cell.value

    def label(self, row_key: str) -> str:
        return next((row.label for row in self.table.rows if row.key == row_key), row_key)

    def column(self, column_key: str) -> Column | None:
        return next((c for c in self.table.columns if c.key == column_key), None)

    def row_keys(self) -> list[str]:
        return [row.key for row in self.table.rows]


def _read(key: str, scope: PlanningScope, filters: Filters | None = None) -> _Read | None:
    """The published figure, or None while it is not registered (that kind of gap is skipped)."""
    try:
        found = figure(key)
    except NotFound:
        return None
    return _Read(found.table(scope, filters or Filters()))


def _count(read: _Read, row_key: str, column_key: str) -> tuple[str, int]:
    """A count as a sentence says it: the number, or "fewer than N" when it is hidden; with
    the number that chooses the sentence's plural form."""
    cell = read.cell(row_key, column_key)
    if cell is not None and cell.shown and isinstance(cell.value, int | float):
        return number_format(cell.value), int(cell.value)
    threshold = read.table.threshold
    return _("fewer than {threshold}").format(threshold=number_format(threshold)), threshold


def _hours(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)


# -- 1 and 2: interpreters ----------------------------------------------------------------------


def _average_hours(interpreting: _Read, code: str) -> float:
    """How long an appointment in this language lasts on average, from the served ones shown;
    from all languages when those are hidden; USUAL_HOURS when none is shown."""
    for row_key in (code, TOTAL_ROW):
        hours = interpreting.value(row_key, "hours")
        served = interpreting.value(row_key, "served")
        if hours and served:
            return hours / served
    return USUAL_HOURS


def _reason_counts(reasons: _Read) -> tuple[int, int, str | None]:
    """(shown unfilled requests for lack of speakers, for distance, the most frequent reason
    row of either), from a reasons table."""
    missing = too_far = 0
    best: tuple[float, str] | None = None
    for row_key in reasons.row_keys():
        number = reasons.value(row_key, "unfilled")
        if not number:
            continue
        if row_key in MISSING_SPEAKERS:
            missing += int(number)
        elif row_key in TOO_FAR:
            too_far += int(number)
        else:
            continue
        if best is None or number > best[0]:
            best = (number, row_key)
    return missing, too_far, best[1] if best else None


def _interpreter_gaps(scope: PlanningScope) -> list[Gap]:
    interpreting = _read("interpreting", scope)
    reach = _read("reach", scope)
    if interpreting is None or reach is None:
        return []
    weeks = scope.period.days / 7
    # The reach table's words, as it words them.
    remote_only, nobody = str(REACH_LABELS["remote"]), str(REACH_LABELS["none"])
    unfilled = {
        code: value
        for code in interpreting.row_keys()
        if (value := interpreting.value(code, "unfilled"))
    }
    ranked = sorted(unfilled, key=lambda code: -unfilled[code])[:LANGUAGES_EXAMINED]
    gaps: list[Gap] = []
    for code in ranked:
        reasons = _read("unfilled-reasons", scope, Filters(language=code))
        by_municipality = _read("interpreting-by-municipality", scope, Filters(language=code))
        if reasons is None or by_municipality is None or reach.column(code) is None:
            continue
        missing, too_far, reason = _reason_counts(reasons)
        if not missing and not too_far:
            continue
        language = interpreting.label(code)
        average = _average_hours(interpreting, code)
        found = []
        for municipality in by_municipality.row_keys():
            requests = by_municipality.value(municipality, "unfilled")
            reached = reach.cell(municipality, code)
            if not requests or reached is None or reached.value not in (remote_only, nobody):
                continue
            kind = _kind(remote=reached.value == remote_only, missing=missing, too_far=too_far)
            if kind is None:
                continue
            found.append(municipality)
            gaps.append(
                _interpreter_gap(
                    kind=kind,
                    code=code,
                    language=language,
                    place=by_municipality.label(municipality),
                    municipality_id=int(municipality),
                    requests=by_municipality,
                    row_key=municipality,
                    reach_label=str(reached.value),
                    reasons=reasons,
                    reason=reason,
                    average=average,
                    weeks=weeks,
                )
            )
        # Demand spread thinly: no municipality shows its count, the region does. A gap of the
        # region when no municipality with requests is reached on site.
        if found:
            continue
        labels = {
            str(reach.cell(municipality, code).value)  # type: ignore[union-attr]
            for municipality in by_municipality.row_keys()
            if not _none_requested(by_municipality, municipality)
            and reach.cell(municipality, code) is not None
        }
        if not labels or not labels <= {remote_only, nobody}:
            continue
        kind = _kind(remote=labels == {remote_only}, missing=missing, too_far=too_far)
        if kind is None:
            continue
        gaps.append(
            _interpreter_gap(
                kind=kind,
                code=code,
                language=language,
                place=scope.region.name,
                municipality_id=None,
                requests=interpreting,
                row_key=code,
                reach_label=nobody if labels == {nobody} else remote_only,
                reasons=reasons,
                reason=reason,
                average=average,
                weeks=weeks,
            )
        )
    return gaps


def _kind(*, remote: bool, missing: int, too_far: int) -> str | None:
    """Which gap the reasons show where nobody comes on site: speakers too far but working
    remotely (`remote`) and distance the commoner reason: switch to remote; speakers missing
    or busy: recruit; neither: no interpreter gap that the reasons support."""
    if remote and too_far and too_far >= missing:
        return "switch_to_remote"
    if missing:
        return "interpreters_missing"
    return None


def _none_requested(table: _Read, row_key: str) -> bool:
    # A shown zero: nothing unfilled there. A hidden cell may hold requests.
    cell = table.cell(row_key, "unfilled")
    return cell is not None and cell.shown and cell.value == 0


def _interpreter_gap(
    *,
    kind: str,
    code: str,
    language: str,
    place: str,
    municipality_id: int | None,
    requests: _Read,
    row_key: str,
    reach_label: str,
    reasons: _Read,
    reason: str | None,
    average: float,
    weeks: float,
) -> Gap:
    unfilled = requests.value(row_key, "unfilled") or 0
    hours = unfilled * average
    a_week = hours / weeks if weeks else hours
    count, number = _count(requests, row_key, "unfilled")
    evidence = [
        ngettext(
            "{count} request for {language} from clients living in {place} went unfilled in "
            "the period.",
            "{count} requests for {language} from clients living in {place} went unfilled in "
            "the period.",
            number,
        ).format(count=count, language=language, place=place),
        _("Reach of the interpreter pool for {language} in {place}: {reach}.").format(
            language=language, place=place, reach=reach_label
        ),
    ]
    if reason is not None:
        count, number = _count(reasons, reason, "unfilled")
        evidence.append(
            ngettext(
                "The most frequent reason the matcher gave for {language} ({count} request): "
                "{reason}",
                "The most frequent reason the matcher gave for {language} ({count} requests): "
                "{reason}",
                number,
            ).format(language=language, count=count, reason=reasons.label(reason))
        )
    if kind == "switch_to_remote":
        return Gap(
            kind=kind,
            weight=round(hours, 1),
            title=_("On-site interpreting in {language} out of reach in {place}").format(
                language=language, place=place
            ),
            evidence=tuple(evidence),
            action=_(
                "Offer appointments in {language} in {place} by phone or video: the pool's "
                "speakers of {language} work remotely."
            ).format(language=language, place=place),
            municipality_id=municipality_id,
            language=code,
        )
    people = max(1, math.ceil(a_week / HOURS_PER_PERSON_A_WEEK))
    evidence.append(
        _(
            "Estimate: {requests} unfilled requests × {duration} h on average ÷ {weeks} weeks "
            "= {hours} h a week, at {per_person} h a week per person."
        ).format(
            requests=number_format(unfilled),
            duration=_hours(average),
            weeks=_hours(weeks),
            hours=_hours(a_week),
            per_person=_hours(HOURS_PER_PERSON_A_WEEK),
        )
    )
    return Gap(
        kind="interpreters_missing",
        weight=round(hours, 1),
        title=_("Interpreters missing for {language} in {place}").format(
            language=language, place=place
        ),
        evidence=tuple(evidence),
        action=ngettext(
            "Recruit {count} interpreter or key person for {language} in {place}, for about "
            "{hours} h a week.",
            "Recruit {count} interpreters or key persons for {language} in {place}, for about "
            "{hours} h a week.",
            people,
        ).format(count=number_format(people), language=language, place=place, hours=_hours(a_week)),
        municipality_id=municipality_id,
        language=code,
    )


# -- 3: offers --------------------------------------------------------------------------------


def goals_by_municipality(scope: PlanningScope) -> Table:
    """Clients with a goal open at some time in the period, by where they live × field of
    action, published like any figure (a client with two goals in a field counts once)."""
    from lisko.planning.selectors import field_of_action_rows, municipality_rows
    from lisko.plans.models import Goal

    start, end = scope.period.bounds()
    fields = field_of_action_rows(scope)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for municipality_id, key, number in (
        Goal.objects.filter(
            scope.covers(
                municipality="plan__client__municipality_id",
                organisation="plan__client__organisation_id",
            ),
            Q(closed_at__isnull=True) | Q(closed_at__gte=start),
            created_at__lt=end,
        )
        .values_list("plan__client__municipality_id", "field_of_action__key")
        .annotate(number=Count("plan__client_id", distinct=True))
        .values_list("plan__client__municipality_id", "field_of_action__key", "number")
        .order_by()
    ):
        counts[str(municipality_id), key] = number
    rows = municipality_rows(scope)
    return publish(
        RawTable(
            key="goals-by-municipality",
            title=_("Clients with goals by municipality and field of action"),
            row_heading=_("Municipality"),
            columns=[Column(key, name) for key, name in fields],
            rows=rows,
            counts={(row, key): counts[row, key] for row, _label in rows for key, _name in fields},
            # A client may have goals in two fields: the rows do not add up to persons.
            totals=False,
        )
    )


def _offer_gaps(scope: PlanningScope) -> list[Gap]:
    from lisko.places.models import Municipality

    if _registered("offers-by-municipality") is None:
        return []
    goals = _Read(goals_by_municipality(scope))
    regions = dict(
        Municipality.objects.filter(pk__in=list(scope.municipality_ids)).values_list(
            "pk", "region__name"
        )
    )
    gaps: list[Gap] = []
    for field in goals.table.columns:
        wanted = {
            municipality: clients
            for municipality in goals.row_keys()
            if (clients := goals.value(municipality, field.key))
        }
        if not wanted:
            continue
        offers = _read("offers-by-municipality", scope, Filters(field_of_action=field.key))
        if offers is None:
            return []
        offered_in: dict[str | None, float] = defaultdict(float)
        for municipality in offers.row_keys():
            offered_in[regions.get(int(municipality))] += offers.value(municipality, "offers") or 0
        for municipality, clients in wanted.items():
            region = regions.get(int(municipality))
            if offered_in[region]:
                continue
            place = goals.label(municipality)
            count, number = _count(goals, municipality, field.key)
            gaps.append(
                Gap(
                    kind="offer_missing",
                    weight=float(clients),
                    title=_("No offer for {field} in {place}").format(
                        field=field.label, place=place
                    ),
                    evidence=(
                        ngettext(
                            "{count} client living in {place} has a goal in {field}.",
                            "{count} clients living in {place} have a goal in {field}.",
                            number,
                        ).format(count=count, place=place, field=field.label),
                        _(
                            "No active offer for {field} takes place in {place} or elsewhere in "
                            "{region}."
                        ).format(field=field.label, place=place, region=region or place),
                    ),
                    action=_("Find or fund an offer for {field} in {place}.").format(
                        field=field.label, place=place
                    ),
                    municipality_id=int(municipality),
                    field_of_action=field.key,
                )
            )
    return gaps


def _registered(key: str) -> object | None:
    try:
        return figure(key)
    except NotFound:
        return None


# -- 4: waiting lists -------------------------------------------------------------------------


def _waiting_gaps(scope: PlanningScope) -> list[Gap]:
    from lisko.referrals.models import Referral

    if not hasattr(Referral, "decline_code"):
        return []
    referrals = _read("referrals", scope)
    if referrals is None:
        return []
    gaps: list[Gap] = []
    for field in referrals.row_keys():
        declined = referrals.value(field, "declined_no_places") or 0
        days = referrals.value(field, "median_days_to_answer")
        waits = days is not None and days >= LONG_WAIT_DAYS
        if not declined and not waits:
            continue
        name = referrals.label(field)
        count, number = _count(referrals, field, "sent")
        evidence = [
            ngettext(
                "{count} referral to {field} was sent in the period.",
                "{count} referrals to {field} were sent in the period.",
                number,
            ).format(count=count, field=name)
        ]
        if declined:
            count, number = _count(referrals, field, "declined_no_places")
            evidence.append(
                ngettext(
                    "{count} of them was declined for lack of places.",
                    "{count} of them were declined for lack of places.",
                    number,
                ).format(count=count)
            )
        if waits:
            evidence.append(
                ngettext(
                    "Half of them waited {days} day or longer for an answer.",
                    "Half of them waited {days} days or longer for an answer.",
                    round(days or 0),
                ).format(days=number_format(days or 0))
            )
        waiting = referrals.value(field, "waiting") or 0
        gaps.append(
            Gap(
                kind="waiting_list",
                weight=float(declined + (waiting if waits else 0)),
                title=_("Waiting list in {field}").format(field=name),
                evidence=tuple(evidence),
                action=_("Add places in {field}.").format(field=name),
                field_of_action=field,
            )
        )
    return gaps


# -- 5: key persons ---------------------------------------------------------------------------


def _key_person_gaps(scope: PlanningScope) -> list[Gap]:
    clients = _read("clients-by-municipality", scope)
    pool = _read("pool", scope)
    if clients is None or pool is None:
        return []
    many = COMMUNITY_FACTOR * clients.table.threshold
    spoken = set(pool.row_keys())
    gaps: list[Gap] = []
    for column in clients.table.columns:
        if column.key in ("other", "total"):
            continue
        community = clients.value(TOTAL_ROW, column.key)
        if not community or community < many:
            continue
        if column.key in spoken:
            cell = pool.cell(column.key, "key_persons")
            # Hidden: there may be key persons; the gap is not certain.
            if cell is None or not cell.shown or cell.value:
                continue
        count, number = _count(clients, TOTAL_ROW, column.key)
        evidence = [
            ngettext(
                "{count} client in {region} prefers {language}.",
                "{count} clients in {region} prefer {language}.",
                number,
            ).format(count=count, region=scope.region.name, language=column.label),
            _("No key person in the pool speaks {language}.").format(language=column.label),
        ]
        most = _largest(clients, column.key)
        if most is not None:
            evidence.append(
                _("The largest number of them live in {place} ({count}).").format(
                    place=clients.label(most), count=_count(clients, most, column.key)[0]
                )
            )
        gaps.append(
            Gap(
                kind="key_persons_missing",
                weight=float(community),
                title=_("No key person for the {language} community").format(language=column.label),
                evidence=tuple(evidence),
                action=_("Train key persons of the {language} community.").format(
                    language=column.label
                ),
                municipality_id=int(most) if most is not None else None,
                language=column.key,
            )
        )
    return gaps


def _largest(read: _Read, column_key: str) -> str | None:
    shown = {row: value for row in read.row_keys() if (value := read.value(row, column_key))}
    return max(shown, key=lambda row: shown[row]) if shown else None


# -- the list ---------------------------------------------------------------------------------

FAMILIES: tuple[Callable[[PlanningScope], list[Gap]], ...] = (
    _interpreter_gaps,
    _offer_gaps,
    _waiting_gaps,
    _key_person_gaps,
)


def ranked_gaps(scope: PlanningScope) -> list[Gap]:
    """The gaps of the scope's period, the largest unmet demand first, at most twenty."""
    return published.kept("gaps", scope, Filters(), lambda: _ranked(scope))


def _ranked(scope: PlanningScope) -> list[Gap]:
    gaps = [gap for family in FAMILIES for gap in family(scope)]
    gaps.sort(key=lambda gap: (-gap.weight, KIND_ORDER.index(gap.kind), gap.title))
    return gaps[:MOST_GAPS]
