"""A short text per field of action for the social report, written from published cells only.

The sentences read the tables every page shows ("offers", "referrals", "plan-progress"),
never a count of their own, so the text can say nothing a table would hide: a hidden count is
said as "fewer than N", as the tables say it; a hidden sum or share is left out. A figure
that is not there (not registered in this version) leaves its sentences out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lisko.core.errors import NotFound
from lisko.planning.figures import Filters, figure
from lisko.planning.selectors import field_of_action_rows
from lisko.planning.tables import Cell, Table

if TYPE_CHECKING:
    from lisko.planning.scope import PlanningScope

# The published tables the text is written from.
SOURCES = ("offers", "referrals", "plan-progress")


def field_of_action_texts(scope: PlanningScope) -> list[tuple[str, str]]:
    """(title, paragraph) per field of action of the scope, in their usual order."""
    tables: dict[str, Table] = {}
    for key in SOURCES:
        try:
            tables[key] = figure(key).table(scope, Filters())
        except NotFound:
            continue
    texts = []
    for key, name in field_of_action_rows(scope):
        sentences = [
            *_offer_sentences(tables.get("offers"), key),
            *_referral_sentences(tables.get("referrals"), key),
            *_progress_sentences(tables.get("plan-progress"), key),
        ]
        texts.append((name, " ".join(sentences)))
    return texts


def _cell(table: Table, row_key: str, column_key: str) -> Cell | None:
    """The published cell, or None when the table has no such row or column."""
    columns = [column.key for column in table.columns]
    if column_key not in columns:
        return None
    for row in table.rows:
        if row.key == row_key:
            return row.cells[columns.index(column_key)]
    return None


def _number(value: int | float | str | None) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def _count(cell: Cell | None) -> int | None:
    """A shown count as an int; None when hidden or missing."""
    if cell is None or not cell.shown or isinstance(cell.value, str):
        return None
    return int(cell.value or 0)


def _offer_sentences(table: Table | None, key: str) -> list[str]:
    if table is None:
        return []
    offers = _count(_cell(table, key, "offers"))
    places = _count(_cell(table, key, "places"))
    if offers is None or places is None:
        return []
    if offers == 0:
        return [_("There is no offer in this field of action.")]
    free = _count(_cell(table, key, "free"))
    if free is None:
        # The free places are hidden with the places taken: say nothing about them.
        return [
            ngettext(
                "{offers} offer with {places} places.",
                "{offers} offers with {places} places.",
                offers,
            ).format(offers=_number(offers), places=_number(places))
        ]
    return [
        ngettext(
            "{offers} offer with {places} places, {free} of them free.",
            "{offers} offers with {places} places, {free} of them free.",
            offers,
        ).format(offers=_number(offers), places=_number(places), free=_number(free))
    ]


def _referral_sentences(table: Table | None, key: str) -> list[str]:
    if table is None:
        return []
    sent_cell = _cell(table, key, "sent")
    if sent_cell is None:
        return []
    threshold = _number(table.threshold)
    if sent_cell.suppressed:
        sentences = [
            _("Fewer than {threshold} referrals were sent in the period.").format(
                threshold=threshold
            )
        ]
    else:
        sent = _count(sent_cell) or 0
        if sent == 0:
            return [_("No referrals were sent in the period.")]
        sentences = [
            ngettext(
                "{count} referral was sent in the period.",
                "{count} referrals were sent in the period.",
                sent,
            ).format(count=_number(sent))
        ]
    no_places = _cell(table, key, "declined_no_places")
    if no_places is None:
        return sentences
    if no_places.suppressed:
        sentences.append(
            _("Fewer than {threshold} were declined for lack of places.").format(
                threshold=threshold
            )
        )
    elif (declined := _count(no_places)) == 0:
        sentences.append(_("None was declined for lack of places."))
    elif declined is not None:
        sentences.append(
            ngettext(
                "{count} was declined for lack of places.",
                "{count} were declined for lack of places.",
                declined,
            ).format(count=_number(declined))
        )
    return sentences


def _progress_sentences(table: Table | None, key: str) -> list[str]:
    if table is None:
        return []
    reviewed_cell = _cell(table, key, "reviewed")
    if reviewed_cell is None:
        return []
    if reviewed_cell.suppressed:
        return [
            _("Fewer than {threshold} goals were reviewed.").format(
                threshold=_number(table.threshold)
            )
        ]
    reviewed = _count(reviewed_cell) or 0
    if reviewed == 0:
        return [_("No goals were reviewed.")]
    share = _cell(table, key, "rose_share")
    if share is None or not share.shown or isinstance(share.value, str):
        return [
            ngettext("{count} goal was reviewed.", "{count} goals were reviewed.", reviewed).format(
                count=_number(reviewed)
            )
        ]
    return [
        ngettext(
            # xgettext:no-python-format
            "Of {count} reviewed goal, {percent} % rose in independence.",
            "Of {count} reviewed goals, {percent} % rose in independence.",
            reviewed,
        ).format(count=_number(reviewed), percent=_number(round(float(share.value or 0) * 100)))
    ]
