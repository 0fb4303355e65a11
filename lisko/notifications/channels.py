"""How a notice travels besides the app: one sender per channel, and who can be reached by it.

A sender raises on failure (the delivery is retried with backoff) and returns normally once
the notice is on its way. Web Push is signed with the installation's VAPID key
(LISKO_VAPID_PRIVATE_KEY / LISKO_VAPID_PUBLIC_KEY / LISKO_VAPID_SUBJECT)."""

import json
import logging
import smtplib
from collections.abc import Callable
from typing import Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.utils import timezone

from lisko.accounts.models import User
from lisko.notifications.models import Channel, Notification, PushSubscription

logger = logging.getLogger(__name__)


class NotReachable(Exception):
    """The person has no address for this channel (any more): nothing to retry."""


class AddressRefused(NotReachable):
    """The address is no e-mail address, or the mail server gave its final no (5xx)."""


def send_plain_email(*, to: str, subject: str, body: str) -> None:
    """One plain e-mail to someone outside Lisko (a newcomer, a client); AddressRefused when
    retrying cannot help, any other error when it may (a 4xx refusal, a server away)."""
    try:
        validate_email(to)
    except ValidationError:
        raise AddressRefused("not an e-mail address") from None
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        # 5xx is the server's final word on the address (no such mailbox); 4xx is passing.
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise AddressRefused(f"address refused ({codes[0]})") from error
        raise


def absolute(link: str) -> str:
    """An e-mail or a push needs the whole address; the app's own pages keep the path."""
    base = getattr(settings, "LISKO_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if base and link.startswith("/") else link


def send_by_email(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.email:
        raise NotReachable()
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{absolute(notification.link)}"
    message = EmailMessage(
        subject=notification.title,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    if notification.calendar_entry:
        message.attach("appointment.ics", notification.calendar_entry, "text/calendar")
    message.send()


def push_payload(notification: Notification) -> str:
    """What the service worker shows: title, text, and the page a tap opens."""
    return json.dumps(
        {
            "title": notification.title,
            "body": notification.body[:300],
            "url": notification.link or "/",
            "tag": notification.key,
        },
        ensure_ascii=False,
    )


def send_by_push(notification: Notification) -> None:
    """Push to each of the person's subscribed phones; a phone that is gone (404/410) is
    forgotten. Succeeds when at least one phone took it."""
    from pywebpush import WebPushException, webpush

    subscriptions = list(PushSubscription.objects.filter(user=notification.recipient))
    if not subscriptions or not settings.LISKO_VAPID_PRIVATE_KEY:
        raise NotReachable()
    delivered = 0
    errors: list[str] = []
    for subscription in subscriptions:
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=push_payload(notification),
                vapid_private_key=settings.LISKO_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.LISKO_VAPID_SUBJECT},
                ttl=24 * 3600,
                timeout=10,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()
                continue
            errors.append(str(error)[:100])
            continue
        PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
        delivered += 1
    if not delivered:
        if errors:
            raise ConnectionError("; ".join(errors))
        raise NotReachable()


SENDERS: Final[dict[str, Callable[[Notification], None]]] = {
    Channel.EMAIL: send_by_email,
    Channel.PUSH: send_by_push,
}


def reachable_by(user: User) -> set[str]:
    """The channels through which `user` can be reached now."""
    channels = set()
    if user.email:
        channels.add(Channel.EMAIL)
    if settings.LISKO_VAPID_PRIVATE_KEY and PushSubscription.objects.filter(user=user).exists():
        channels.add(Channel.PUSH)
    return channels
