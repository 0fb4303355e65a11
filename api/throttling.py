"""API rate limits per person (or per address when signed out), read from the settings on
each request, so an operator's LISKO_API_RATE_* and a test's settings both take effect."""

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(scope: str) -> str | None:
    rates: dict[str, Any] = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    return rates.get(scope)


class PersonRateThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return _rate(self.scope)


class AddressRateThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return _rate(self.scope)
