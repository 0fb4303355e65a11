from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lisko.demo.loader import load_demo_data
from lisko.organisations.models import Organisation


class Command(BaseCommand):
    help = "Load the deterministic demo data into an empty database."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            raise CommandError(
                "The database already holds organisations; demo data goes into an empty one."
            )
        summary = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}"))
