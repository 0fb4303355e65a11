"""The headline figures that lead a region's overview, each compared with the period before:
which figure and column each reads, and which way is good. The overview page shows them, and
the planning store keeps their tables of the period before ready (lisko/planning/published.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Headline:
    key: str
    label: Promise
    figure_key: str
    column_keys: tuple[str, ...]  # the first of these that the table has
    rising_is_good: bool = True  # more clients is neutral-to-good; more unfilled requests is not


HEADLINES: tuple[Headline, ...] = (
    Headline("clients", gettext_lazy("Clients"), "clients-by-municipality", ("total",)),
    Headline("requests", gettext_lazy("Interpreting requests"), "interpreting", ("requested",)),
    Headline(
        "unfilled",
        gettext_lazy("Requests left unfilled"),
        "interpreting",
        ("unfilled",),
        rising_is_good=False,
    ),
    Headline("hours", gettext_lazy("Hours interpreted"), "interpreting", ("served_hours", "hours")),
    Headline("offers", gettext_lazy("Offers"), "offers", ("offers",)),
    Headline("places", gettext_lazy("Places in offers"), "offers", ("places",)),
    Headline("referrals", gettext_lazy("Referrals sent"), "referrals", ("sent",)),
)


def headline_figure_keys() -> list[str]:
    return list(dict.fromkeys(headline.figure_key for headline in HEADLINES))
