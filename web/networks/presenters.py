"""How networks read on a page: counts and hidden cells in words, months in the reader's
locale, names for the keepers only. Works on what the selectors read; never queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lisko.networks.coverage import Coverage
from lisko.networks.models import KeyPersonNetwork, Outreach
from lisko.networks.selectors import MonthOutreach, NetworkSummary
from lisko.planning.tables import Cell

KINDS = list(Outreach.Kind.choices)


def network_url(network: KeyPersonNetwork) -> str:
    return reverse("networks:network", kwargs={"network_id": network.pk})


def count(cell: Cell, threshold: int) -> str:
    """A published count: its number, "fewer than N" when hidden, "–" when there is none."""
    if cell.suppressed:
        return _("fewer than {threshold}").format(threshold=threshold)
    if cell.value is None:
        return "–"
    return number_format(cell.value, force_grouping=True)


def grouped(number: int) -> str:
    """A count as the reader's language writes it, thousands grouped (1’250, 1.250, 1 250)."""
    return number_format(number, force_grouping=True)


def month_rows(months: list[MonthOutreach]) -> dict[str, Any]:
    """The per-month table: one row a month (latest first), per kind the entries and the
    people reached, then a total row; counts written in the reader's locale."""
    rows = [
        {
            "month": month.month,
            "cells": [
                (grouped(month.entries.get(kind, 0)), grouped(month.people.get(kind, 0)))
                for kind, _label in KINDS
            ],
            "entries": grouped(month.total_entries),
            "people": grouped(month.total_people),
        }
        for month in months
    ]
    totals = [
        (
            grouped(sum(month.entries.get(kind, 0) for month in months)),
            grouped(sum(month.people.get(kind, 0) for month in months)),
        )
        for kind, _label in KINDS
    ]
    return {
        "kinds": [label for _kind, label in KINDS],
        "rows": rows,
        "totals": totals,
        "entries": grouped(sum(month.total_entries for month in months)),
        "people": grouped(sum(month.total_people for month in months)),
    }


def coverage(found: Coverage) -> dict[str, Any]:
    return {
        "covered": [name for _code, name in found.covered],
        "needs": [
            {
                "name": need.name,
                "newcomers": count(need.newcomers, found.threshold),
                "covered": need.covered,
            }
            for need in found.needs
        ],
        "gaps": [need.name for need in found.gaps],
        "total": count(found.total, found.threshold),
        "threshold": found.threshold,
        "has_suppressed": found.has_suppressed,
    }


def summary_row(summary: NetworkSummary) -> dict[str, Any]:
    """What a planner reads of a network: never a member's name."""
    network = summary.network
    return {
        "name": network.name,
        "municipality": network.municipality.name,
        "organisation": network.organisation.name,
        "url": network_url(network),
        "members": grouped(summary.members),
        "languages": [name for _code, name in summary.languages],
        "trainings": grouped(summary.trainings),
        "outreach": grouped(summary.outreach_entries),
        "people": grouped(summary.people_reached),
    }


def coordinator_of(network: KeyPersonNetwork, *, keeper: bool) -> str:
    """The coordinator's name for keepers; for a planner the office, or "one of the staff"."""
    if network.coordinator is not None and keeper:
        name = network.coordinator.get_full_name() or network.coordinator.get_username()
        if network.coordinating_office:
            return _("{name}, {office}").format(name=name, office=network.coordinating_office)
        return name
    if network.coordinating_office:
        return network.coordinating_office
    return _("One of the staff of {organisation}").format(organisation=network.organisation.name)
