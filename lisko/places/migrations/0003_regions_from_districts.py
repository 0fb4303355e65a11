"""Turn each municipality's old `district` text into a region.

Each country gets a country region, and each distinct district under it a canton (Luxembourg,
Switzerland) or a district (elsewhere); a municipality without a district belongs to its
country. Names match what `load_places` loads, so loading the real data afterwards updates
these regions instead of duplicating them."""

from collections import defaultdict
from statistics import fmean
from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

COUNTRY_NAMES = {"LU": "Luxembourg", "CH": "Switzerland", "DE": "Germany"}
CANTON_COUNTRIES = {"LU", "CH"}


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    return fmean(lat for lat, _ in points), fmean(lon for _, lon in points)


def regions_from_districts(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The historical models, which still have `district` (the typed current ones have not).
    Municipality: Any = apps.get_model("places", "Municipality")
    Region: Any = apps.get_model("places", "Region")
    municipalities = list(Municipality.objects.all())
    # members[country][district]: the municipalities that named that district ("" for none).
    members: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for municipality in municipalities:
        members[municipality.country][municipality.district.strip()].append(municipality)
    for country, districts in members.items():
        everyone = [m for group in districts.values() for m in group]
        latitude, longitude = _centre([(m.latitude, m.longitude) for m in everyone])
        country_region = Region.objects.create(
            name=COUNTRY_NAMES.get(country, country),
            kind="country",
            country=country,
            latitude=latitude,
            longitude=longitude,
        )
        for district, group in districts.items():
            region = country_region
            if district:
                latitude, longitude = _centre([(m.latitude, m.longitude) for m in group])
                region = Region.objects.create(
                    name=district,
                    kind="canton" if country in CANTON_COUNTRIES else "district",
                    parent=country_region,
                    country=country,
                    latitude=latitude,
                    longitude=longitude,
                )
            for municipality in group:
                municipality.region = region
    Municipality.objects.bulk_update(municipalities, ["region"], batch_size=500)


def districts_from_regions(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Municipality: Any = apps.get_model("places", "Municipality")
    for municipality in Municipality.objects.select_related("region"):
        if municipality.region is not None and municipality.region.kind != "country":
            municipality.district = municipality.region.name
            municipality.save(update_fields=["district"])


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_region"),
    ]

    operations = [
        migrations.RunPython(regions_from_districts, districts_from_regions),
    ]
