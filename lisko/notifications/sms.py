"""Text messages (SMS) through a gateway: one interface, a console backend, one provider.

`send_sms(to=..., text=...)` hands a message to the backend named by LISKO_SMS_BACKEND:

- ``console`` (the default, the demo and the tests): writes the message to the log and keeps
  it in `outbox`, as Django's locmem e-mail backend keeps e-mails in `mail.outbox`;
- ``twilio``: Twilio's REST API through the `twilio` library, with LISKO_SMS_TWILIO_ACCOUNT_SID,
  LISKO_SMS_TWILIO_AUTH_TOKEN and a sender, LISKO_SMS_FROM (a number in E.164 or an
  alphanumeric sender id) or LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID;
- ``disabled``: every message fails as undeliverable (an installation without SMS).

A backend raises `SmsError` when the message is not on its way: `SmsRefused` when the gateway
refused it for good (a number that cannot receive texts: retrying will not help), plain
`SmsError` when it may work later (the gateway is away, a timeout, a limit).
"""

import logging
from dataclasses import dataclass
from typing import Final, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message is not on its way; it may be tried again later."""


class SmsRefused(SmsError):
    """The gateway refused the message for good (the number cannot receive it)."""


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> str:
        """Hand one message to the gateway; returns the gateway's id for it. Raises SmsError."""
        ...


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str


# What the console backend sent, oldest first; tests empty it (see tests/conftest.py usage).
outbox: list[SentSms] = []


class ConsoleBackend:
    """Writes each message to the log and keeps it in `outbox`: nothing leaves the machine."""

    def send(self, to: str, text: str) -> str:
        outbox.append(SentSms(to=to, text=text))
        logger.info("SMS to %s:\n%s", to, text)
        return f"console-{len(outbox)}"


class DisabledBackend:
    """No gateway is set up: every message is refused, and shown so on the staff pages."""

    def send(self, to: str, text: str) -> str:
        raise SmsRefused("SMS is not set up on this installation (LISKO_SMS_BACKEND=disabled).")


# Twilio error codes that say the number itself is the problem: no retry will help.
# https://www.twilio.com/docs/api/errors (21211 invalid 'To', 21610 unsubscribed, 21614 not
# a mobile number, 21408 region not enabled, 21612 not reachable from this sender).
TWILIO_REFUSALS: Final = frozenset({21211, 21408, 21610, 21612, 21614})


class TwilioBackend:
    """Twilio's Programmable Messaging. `base_url` replaces https://api.twilio.com, for a
    local fake in tests or a Twilio-compatible gateway."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        base_url: str = "",
        timeout: float = 10.0,
    ) -> None:
        if not account_sid or not auth_token:
            raise SmsError("Twilio needs LISKO_SMS_TWILIO_ACCOUNT_SID and _AUTH_TOKEN.")
        if not sender and not messaging_service_sid:
            raise SmsError("Twilio needs LISKO_SMS_FROM or LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID.")
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        self.client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
        if base_url:
            self.client.api.base_url = base_url.rstrip("/")
        self.sender = sender
        self.messaging_service_sid = messaging_service_sid

    def send(self, to: str, text: str) -> str:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        sender = (
            {"messaging_service_sid": self.messaging_service_sid}
            if self.messaging_service_sid
            else {"from_": self.sender}
        )
        try:
            message = self.client.messages.create(to=to, body=text, **sender)
        except TwilioRestException as error:
            detail = f"Twilio {error.status} {error.code}: {error.msg}"
            if error.code in TWILIO_REFUSALS:
                raise SmsRefused(detail) from error
            raise SmsError(detail) from error
        except (TwilioException, OSError) as error:  # connection refused, timeout, TLS
            raise SmsError(f"Twilio unreachable: {error}") from error
        if getattr(message, "status", "") == "failed":
            raise SmsError(f"Twilio failed the message {message.sid}")
        return str(message.sid)


BACKENDS: Final = ("console", "twilio", "disabled")


def backend() -> SmsBackend:
    """The backend the settings name (read each time, so tests may change the settings)."""
    name = settings.LISKO_SMS_BACKEND
    if name == "console":
        return ConsoleBackend()
    if name == "disabled":
        return DisabledBackend()
    if name == "twilio":
        return TwilioBackend(
            account_sid=settings.LISKO_SMS_TWILIO_ACCOUNT_SID,
            auth_token=settings.LISKO_SMS_TWILIO_AUTH_TOKEN,
            sender=settings.LISKO_SMS_FROM,
            messaging_service_sid=settings.LISKO_SMS_TWILIO_MESSAGING_SERVICE_SID,
            base_url=settings.LISKO_SMS_TWILIO_BASE_URL,
        )
    raise SmsError(f"Unknown LISKO_SMS_BACKEND {name!r}: choose one of {', '.join(BACKENDS)}.")


def send_sms(*, to: str, text: str) -> str:
    """Send one text message to `to` (E.164); returns the gateway's id. Raises SmsError."""
    return backend().send(to, text)
