"""Travel minutes between places, exactly as `lisko-matching/1` defines them."""

from __future__ import annotations

import math

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
