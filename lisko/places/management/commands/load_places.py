"""`manage.py load_places [LU CH DE]`: load or update the real regions and municipalities."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lisko.places.loading import DATASETS, load_places


class Command(BaseCommand):
    help = "Load the regions and municipalities shipped in lisko/places/data (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "countries",
            nargs="*",
            metavar="COUNTRY",
            help=f"ISO codes of the countries to load: {', '.join(DATASETS)} (default: all).",
        )

    def handle(self, *args: Any, countries: list[str], **options: Any) -> None:
        chosen = [country.upper() for country in countries] or list(DATASETS)
        unknown = sorted(set(chosen) - set(DATASETS))
        if unknown:
            raise CommandError(f"No data for {', '.join(unknown)}; known: {', '.join(DATASETS)}.")
        count = load_places(chosen)
        self.stdout.write(f"Loaded {count} municipalities of {', '.join(chosen)}.")
