"""The notices still to be told, kept in the database with the change they tell of.

A service calls `announce(telling, **ids)` inside its own transaction: the pending notice is
committed with the change or not at all. After the commit a job tells it (`tell_pending`); if
the broker was away or the worker died, the sweep (`tell_untold`) finds it. Telling is
idempotent (see `notify`), so a notice told twice reaches its reader once.
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Final

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lisko.core.jobs import TELL_NOTICE, enqueue
from lisko.notifications import client_messages, services
from lisko.notifications.models import PendingNotice

logger = logging.getLogger(__name__)

# Each telling and the one function that tells it, given the pending notice's arguments.
TELLERS: Final[dict[str, Callable[..., Any]]] = {
    "new_offer": services.tell_new_offer,
    "withdrawn": services.tell_withdrawn,
    "unfilled": services.tell_unfilled,
    "accepted": services.tell_accepted,
    "declined": services.tell_declined,
    "referral_received": services.tell_referral_received,
    "referral_withdrawn": services.tell_referral_withdrawn,
    "referral_answered": services.tell_referral_answered,
    "debrief_requested": services.tell_debrief_requested,
    # Municipal programmes (lisko/programmes).
    "application_submitted": services.tell_application_submitted,
    # Text messages to the client, where they consented (lisko/notifications/client_messages.py).
    "client_confirmed": client_messages.tell_client_confirmed,
    "client_changed": client_messages.tell_client_changed,
    "client_cancelled": client_messages.tell_client_cancelled,
}
ATTEMPTS: Final = 5
# A pending notice not told this long after it was written has lost its job.
STALLED: Final = dt.timedelta(minutes=1)


def announce(telling: str, **arguments: int | str) -> PendingNotice:
    """Keep a notice to be told once the surrounding transaction commits."""
    if telling not in TELLERS:
        raise ValueError(f"Unknown telling: {telling}")
    pending = PendingNotice.objects.create(telling=telling, arguments=arguments)
    enqueue(TELL_NOTICE, pending.pk)
    return pending


def tell_pending(pending_id: int, *, now: dt.datetime | None = None) -> bool:
    """Tell one pending notice; True once it is told. An error counts as an attempt; after
    ATTEMPTS the notice is given up and stays visible in the admin with its last error."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = (
            PendingNotice.objects.select_for_update(skip_locked=True)
            .filter(pk=pending_id, told_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if pending is None:  # told already, given up, or being told right now
            return False
        PendingNotice.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1)
    try:
        TELLERS[pending.telling](**pending.arguments)
    except Exception as error:
        logger.exception("Telling %s failed", pending)
        failed = pending.attempts + 1 >= ATTEMPTS
        PendingNotice.objects.filter(pk=pending.pk).update(
            last_error=str(error)[:300], failed_at=now if failed else None
        )
        return False
    PendingNotice.objects.filter(pk=pending.pk).update(told_at=now)
    return True


def tell_untold(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The sweep: tell the pending notices whose job was lost; returns how many were told."""
    now = now or timezone.now()
    untold = PendingNotice.objects.filter(
        told_at__isnull=True, failed_at__isnull=True, created_at__lte=now - STALLED
    ).order_by("created_at")
    return sum(tell_pending(pk, now=now) for pk in untold.values_list("pk", flat=True)[:limit])
