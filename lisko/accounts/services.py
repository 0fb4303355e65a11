"""API tokens per device: issued at sign-in, ended by expiry, revocation or a password change."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.accounts.models import DeviceToken, User
from lisko.core.errors import DomainError, NotFound

SECRET_BYTES = 32
# last_used_at is a hint for the person's device list, not an audit: write it at most this often.
USE_RECORDED_EVERY = dt.timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user: User, device: str = "", now: dt.datetime | None = None) -> str:
    """A new token for one device of `user`; returns its secret, which is never stored."""
    if not user.is_active:
        raise DomainError(_("This account is not active."), code="inactive")
    device = device.strip()
    if len(device) > 100:
        raise DomainError(
            _("The device name is too long: at most {limit} characters.").format(limit=100),
            code="invalid",
        )
    now = now or timezone.now()
    secret = secrets.token_urlsafe(SECRET_BYTES)
    DeviceToken.objects.create(
        user=user,
        key_hash=_hash(secret),
        device=device,
        password_fingerprint=user.get_session_auth_hash(),
        expires_at=now + dt.timedelta(days=settings.LISKO_API_TOKEN_DAYS),
    )
    return secret


def user_of_token(*, secret: str, now: dt.datetime | None = None) -> tuple[User, DeviceToken]:
    """The user a token secret belongs to, while it is valid; NotFound otherwise."""
    now = now or timezone.now()
    token = (
        DeviceToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if (
        token is None
        or not token.user.is_active
        or token.password_fingerprint != token.user.get_session_auth_hash()
    ):
        raise NotFound()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        DeviceToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


def revoke_token(*, token_id: int, by: User, now: dt.datetime | None = None) -> None:
    """End one of `by`'s own tokens (a device signed out, or lost); another's is not found."""
    revoked = DeviceToken.objects.filter(pk=token_id, user=by, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
    if not revoked:
        raise NotFound()


def revoke_all_tokens(*, user: User, now: dt.datetime | None = None) -> int:
    """End every token of `user`; returns how many were open."""
    return DeviceToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
