"""Reading places: the region tree and the municipalities inside a set of regions."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from lisko.places.models import Municipality, Region


class RegionTree:
    """Every region, read once, with its parents and children at hand (no further queries)."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._regions: dict[int, Region] = {region.pk: region for region in regions}
        self._children: dict[int | None, list[Region]] = defaultdict(list)
        # Regions come in the model's order (country, name), so children and roots keep it.
        for region in self._regions.values():
            self._children[region.parent_id].append(region)

    def get(self, region_id: int) -> Region | None:
        return self._regions.get(region_id)

    def roots(self) -> list[Region]:
        return list(self._children[None])

    def children(self, region_id: int) -> list[Region]:
        return list(self._children.get(region_id, []))

    def descendants(self, region_id: int) -> frozenset[int]:
        """The region and every region below it; empty for an unknown region."""
        if region_id not in self._regions:
            return frozenset()
        found = {region_id}
        pending = [region_id]
        while pending:
            for child in self._children.get(pending.pop(), []):
                if child.pk not in found:
                    found.add(child.pk)
                    pending.append(child.pk)
        return frozenset(found)

    def ancestors(self, region_id: int) -> list[Region]:
        """The path from the root down to the region itself, for breadcrumbs."""
        path: list[Region] = []
        region = self._regions.get(region_id)
        while region is not None and region not in path:
            path.append(region)
            region = self._regions.get(region.parent_id) if region.parent_id else None
        return path[::-1]


def region_tree() -> RegionTree:
    """All regions as a tree, in one query (read afresh on every call: regions may change)."""
    return RegionTree(Region.objects.all())


def municipalities_in(region_ids: Iterable[int]) -> QuerySet[Municipality]:
    """The municipalities whose region is one of these (pass a region's descendants to include
    everything below it)."""
    return Municipality.objects.filter(region_id__in=list(region_ids)).select_related("region")
