"""Travel minutes between places, exactly as `lisko-matching/1` defines them."""

from __future__ import annotations

import math

import numpy

from matching.types import Location, Travel

EARTH_RADIUS_KM = 6371.0088
SAME_PLACE_KM = 0.05
"""Two places closer than 50 m are the same place: no travel between them."""


def haversine_km(first: Location, second: Location) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1 = math.radians(first.lat), math.radians(first.lon)
    lat2, lon2 = math.radians(second.lat), math.radians(second.lon)
    half_chord = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half_chord))


def travel_minutes(first: Location | None, second: Location | None, travel: Travel) -> int:
    """One-way minutes; 0 when either end is remote (None) or both are the same place."""
    if first is None or second is None:
        return 0
    kilometres = haversine_km(first, second)
    if kilometres < SAME_PLACE_KM:
        return 0
    return travel.overhead_min + math.ceil(
        kilometres * travel.detour_factor / travel.speed_kmh * 60
    )


def max_travel_minutes(places: list[Location], travel: Travel) -> int:
    """An upper bound on the travel minutes between any two of these places."""
    if not places:
        return 0
    south = Location(min(p.lat for p in places), min(p.lon for p in places))
    north = Location(max(p.lat for p in places), max(p.lon for p in places))
    south_east = Location(south.lat, north.lon)
    north_west = Location(north.lat, south.lon)
    # On a sphere the longest distance inside a lat/lon box is near a diagonal or an edge;
    # the 20 % margin and the extra kilometre keep this a safe upper bound.
    longest = (
        1.2
        * max(
            haversine_km(south, north),
            haversine_km(south_east, north_west),
            haversine_km(south, south_east),
            haversine_km(north_west, north),
        )
        + 1.0
    )
    return (
        travel.overhead_min + math.ceil(longest * travel.detour_factor / travel.speed_kmh * 60) + 1
    )


def travel_minutes_many(
    firsts: list[Location | None], seconds: list[Location | None], travel: Travel
) -> list[int]:
    """`travel_minutes` for many pairs of places at once; the same integers, exactly.

    numpy may differ from the math module in the last bit, so every value within a hair of a
    rounding edge (the 50 m rule, a whole minute) is recomputed with the exact formula.
    """
    count = len(firsts)
    known = [k for k in range(count) if firsts[k] is not None and seconds[k] is not None]
    result = [0] * count
    if not known:
        return result
    lat1 = numpy.radians([firsts[k].lat for k in known])  # type: ignore[union-attr]
    lon1 = numpy.radians([firsts[k].lon for k in known])  # type: ignore[union-attr]
    lat2 = numpy.radians([seconds[k].lat for k in known])  # type: ignore[union-attr]
    lon2 = numpy.radians([seconds[k].lon for k in known])  # type: ignore[union-attr]
    half_chord = (
        numpy.sin((lat2 - lat1) / 2) ** 2
        + numpy.cos(lat1) * numpy.cos(lat2) * numpy.sin((lon2 - lon1) / 2) ** 2
    )
    kilometres = 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.sqrt(half_chord))
    driving = kilometres * travel.detour_factor / travel.speed_kmh * 60
    minutes = travel.overhead_min + numpy.ceil(driving)
    minutes[kilometres < SAME_PLACE_KM] = 0
    edge = (numpy.abs(driving - numpy.round(driving)) < 1e-6) | (
        numpy.abs(kilometres - SAME_PLACE_KM) < 1e-9
    )
    values = minutes.astype(numpy.int64).tolist()
    for position in numpy.flatnonzero(edge).tolist():
        k = known[position]
        values[position] = travel_minutes(firsts[k], seconds[k], travel)
    for position, k in enumerate(known):
        result[k] = values[position]
    return result
