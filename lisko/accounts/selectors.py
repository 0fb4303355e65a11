"""Reading a person's own API tokens (the devices signed in)."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from lisko.accounts.models import DeviceToken, User


def open_tokens_for(*, user: User, now: dt.datetime | None = None) -> QuerySet[DeviceToken]:
    """`user`'s tokens that still work (a password change ends them all), newest first."""
    return DeviceToken.objects.filter(
        user=user,
        revoked_at__isnull=True,
        expires_at__gt=now or timezone.now(),
        password_fingerprint=user.get_session_auth_hash(),
    ).order_by("-created_at", "-id")
