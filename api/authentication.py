"""`Authorization: Token <secret>`: a per-device token with a lifetime (lisko.accounts)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from lisko.accounts.services import user_of_token
from lisko.core.errors import NotFound


class DeviceTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        try:
            return user_of_token(secret=key)
        except NotFound:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or was revoked; please sign in again.")
            ) from None
