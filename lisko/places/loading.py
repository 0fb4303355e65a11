"""Loading the real places Lisko ships: regions and municipalities from lisko/places/data/.

Each data file holds one country's part as rows of
`level1, level1_code, level2, level2_code, code, name, latitude, longitude, population`:
level1 is the region right under the country, level2 (blank where there is none) the region
under level1, and the municipality belongs to the lowest of them. Lines starting with `#` name
the source. Loading is safe to run twice: regions are matched by (parent, name), countries by
their code, municipalities by (country, official number) or, without a number, (country, name).
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from django.db import transaction

from lisko.places.models import Municipality, Region

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Dataset:
    country: str  # ISO 3166-1 alpha-2
    country_name: str
    file: str
    level1: Region.Kind
    level2: Region.Kind | None


DATASETS: dict[str, Dataset] = {
    "LU": Dataset("LU", "Luxembourg", "luxembourg.csv", Region.Kind.CANTON, None),
    "CH": Dataset("CH", "Switzerland", "lucerne.csv", Region.Kind.CANTON, Region.Kind.CONSTITUENCY),
    "DE": Dataset(
        "DE", "Germany", "schleswig_flensburg.csv", Region.Kind.DISTRICT, Region.Kind.AMT
    ),
}


@dataclass(frozen=True)
class Row:
    level1: str
    level1_code: str
    level2: str
    level2_code: str
    code: str
    name: str
    latitude: float
    longitude: float
    population: int | None


def read_rows(path: Path) -> list[Row]:
    """The municipality rows of one data file, its `#` header lines skipped."""
    with path.open(encoding="utf-8", newline="") as file:
        lines: Iterator[str] = (line for line in file if not line.startswith("#"))
        return [
            Row(
                level1=record["level1"],
                level1_code=record["level1_code"],
                level2=record["level2"],
                level2_code=record["level2_code"],
                code=record["code"],
                name=record["name"],
                latitude=float(record["latitude"]),
                longitude=float(record["longitude"]),
                population=int(record["population"]) if record["population"] else None,
            )
            for record in csv.DictReader(lines)
        ]


def load_places(countries: Iterable[str] = ("LU", "CH", "DE")) -> int:
    """Load (or update) the regions and municipalities of these countries; return how many
    municipalities were loaded."""
    loaded = 0
    with transaction.atomic():
        for country in countries:
            loaded += _load(DATASETS[country.upper()])
    return loaded


def _centre(rows: list[Row]) -> dict[str, float]:
    return {
        "latitude": round(fmean(row.latitude for row in rows), 4),
        "longitude": round(fmean(row.longitude for row in rows), 4),
    }


def _region(*, parent: Region, name: str, kind: str, code: str, rows: list[Row]) -> Region:
    region, _ = Region.objects.update_or_create(
        parent=parent,
        name=name,
        defaults={"kind": kind, "country": parent.country, "code": code, **_centre(rows)},
    )
    return region


def _load(dataset: Dataset) -> int:
    rows = read_rows(DATA / dataset.file)
    country, _ = Region.objects.update_or_create(
        kind=Region.Kind.COUNTRY,
        country=dataset.country,
        defaults={"name": dataset.country_name, "parent": None, **_centre(rows)},
    )
    # under[level1 name]: its rows; under[level1 name, level2 name]: the rows of that level2.
    under: dict[str | tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        under[row.level1].append(row)
        if row.level2:
            under[row.level1, row.level2].append(row)
    lowest: dict[str | tuple[str, str], Region] = {}
    for key, group in under.items():
        if isinstance(key, str):
            lowest[key] = _region(
                parent=country,
                name=key,
                kind=dataset.level1,
                code=group[0].level1_code,
                rows=group,
            )
    for key, group in under.items():
        if isinstance(key, tuple):
            if dataset.level2 is None:
                raise ValueError(f"{dataset.file} has a second level its country lacks.")
            lowest[key] = _region(
                parent=lowest[key[0]],
                name=key[1],
                kind=dataset.level2,
                code=group[0].level2_code,
                rows=group,
            )
    for row in rows:
        region = lowest[(row.level1, row.level2) if row.level2 else row.level1]
        _municipality(country=dataset.country, row=row, region=region)
    return len(rows)


def _municipality(*, country: str, row: Row, region: Region) -> Municipality:
    # By official number first; by name for rows without one, and for a municipality that an
    # earlier load (or the district migration) stored before it had its number.
    existing = None
    if row.code:
        existing = Municipality.objects.filter(country=country, code=row.code).first()
    if existing is None:
        existing = Municipality.objects.filter(country=country, name=row.name).first()
    municipality = existing or Municipality(country=country)
    municipality.name = row.name
    municipality.region = region
    municipality.code = row.code
    municipality.latitude = row.latitude
    municipality.longitude = row.longitude
    municipality.population = row.population
    municipality.save()
    return municipality
