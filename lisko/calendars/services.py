"""Private calendar addresses: creating one, revoking it, opening it from a calendar app."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from lisko.accounts.models import User
from lisko.calendars.models import CalendarFeedToken
from lisko.core.errors import NotFound

# 32 random bytes: guessing an address is hopeless, and the URL stays short enough to copy.
SECRET_BYTES = 32


def hash_secret(secret: str) -> str:
    """What is stored of a secret: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_feed_token(*, user: User) -> tuple[CalendarFeedToken, str]:
    """A new private calendar address for `user`; an earlier one stops working.

    Returns the token and the secret, which is shown once and never stored.
    """
    if not user.is_authenticated:
        raise NotFound()
    # Lock the user's row so that two clicks cannot leave two active addresses behind.
    User.objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    revoke_feed_tokens(user=user)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token = CalendarFeedToken.objects.create(user=user, token_hash=hash_secret(secret))
    return token, secret


@transaction.atomic
def revoke_feed_tokens(*, user: User, now: dt.datetime | None = None) -> int:
    """End every active calendar address of `user`; returns how many. Safe to run twice."""
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def open_feed(*, secret: str, now: dt.datetime | None = None) -> User:
    """The user whose active address this secret is, noting the read; NotFound otherwise."""
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        raise NotFound()
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_read_at=now or timezone.now())
    return token.user
