"""`manage.py enforce_retention [--dry-run]`: anonymise closed cases past retention; report."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lisko.dataprotection.services import enforce_retention
from lisko.organisations.models import Organisation


class Command(BaseCommand):
    help = "Anonymise closed cases whose organisation's retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be anonymised and change nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        report = enforce_retention(dry_run=dry_run)
        names = dict(Organisation.objects.values_list("pk", "slug"))
        verb = "would be anonymised" if dry_run else "anonymised"
        for organisation_id in report.erased:
            erased = report.erased[organisation_id]
            held_back = report.held_back[organisation_id]
            due_soon = report.due_soon[organisation_id]
            self.stdout.write(f"{names.get(organisation_id, organisation_id)}:")
            self.stdout.write(f"  {verb}: {len(erased)} {_ids(erased)}")
            self.stdout.write(
                f"  held back: {len(held_back)} "
                + " ".join(f"{pk} ({', '.join(codes)})" for pk, codes in held_back.items())
            )
            self.stdout.write(f"  due within a month: {len(due_soon)} {_ids(due_soon)}")
            undated = report.undated[organisation_id]
            if undated:
                self.stdout.write(f"  closed without a closing date (never due): {undated}")
        total = sum(len(ids) for ids in report.erased.values())
        self.stdout.write(
            f"Total {verb}: {total}" + (" (dry run, nothing changed)" if dry_run else "")
        )


def _ids(ids: list[int]) -> str:
    return f"[{', '.join(str(pk) for pk in ids)}]" if ids else ""
