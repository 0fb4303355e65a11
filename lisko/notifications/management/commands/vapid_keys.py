"""Print a new VAPID key pair for Web Push, as environment lines to keep with the settings."""

from typing import Any

from django.core.management.base import BaseCommand

from lisko.notifications.vapid import generate_key_pair


class Command(BaseCommand):
    help = "Print a new VAPID key pair (LISKO_VAPID_PRIVATE_KEY, LISKO_VAPID_PUBLIC_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        private, public = generate_key_pair()
        self.stdout.write(f"LISKO_VAPID_PRIVATE_KEY={private}\nLISKO_VAPID_PUBLIC_KEY={public}")
