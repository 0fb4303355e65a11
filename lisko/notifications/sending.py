"""The one retry discipline for whatever is sent out of Lisko: e-mails and pushes to staff
(`Delivery`), text messages to clients (`ClientMessage`).

A row that is due is *claimed* first: its `due_at` moves a lease into the future and its
attempts count up, in one UPDATE, so two workers never send it both and a worker that dies
while sending leaves it to the sweep once the lease runs out. A failure is retried with
exponential backoff (2, 4, 8… minutes); after `attempts_allowed` the row is given up and stays
failed, with its last error, for the pages and the admin to show. A failure that no retry can
mend (`permanent`: nobody to send to, a number refused) is given up at once.
"""

import datetime as dt
import enum
import logging
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import F

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    SENT = "sent"
    NOT_DUE = "not_due"  # sent already, not yet due, or another worker holds it
    RETRY = "retry"
    GIVEN_UP = "given_up"
    PERMANENT = "permanent"


def send_once[Row: models.Model](
    *,
    rows: "models.QuerySet[Row]",
    pk: int,
    send: Callable[[Row], Any],
    now: dt.datetime,
    lease: dt.timedelta,
    attempts_allowed: int,
    permanent: tuple[type[Exception], ...],
    on_failure: Callable[[Row, Outcome, Exception], dict[str, Any]] | None = None,
) -> Outcome:
    """Claim the row `pk` of `rows` if it is due, send it, and record what came of it.

    `rows` needs the fields due_at, attempts, sent_at, failed_at and last_error; `on_failure`
    may add fields to the update that records a failure (e.g. a reason to show)."""
    claimed = rows.filter(pk=pk, due_at__lte=now, sent_at__isnull=True).update(
        due_at=now + lease, attempts=F("attempts") + 1
    )
    if not claimed:
        return Outcome.NOT_DUE
    row = rows.get(pk=pk)
    attempts: int = row.attempts  # type: ignore[attr-defined]
    try:
        send(row)
    except permanent as error:
        extra = on_failure(row, Outcome.PERMANENT, error) if on_failure else {}
        rows.filter(pk=pk).update(
            due_at=None, failed_at=now, last_error=(str(error) or "not reachable")[:300], **extra
        )
        return Outcome.PERMANENT
    except Exception as error:  # the server is away or refused: try again later
        logger.warning("Sending %s failed: %s", row, error)
        given_up = attempts >= attempts_allowed
        outcome = Outcome.GIVEN_UP if given_up else Outcome.RETRY
        extra = on_failure(row, outcome, error) if on_failure else {}
        rows.filter(pk=pk).update(
            due_at=None if given_up else now + dt.timedelta(minutes=2**attempts),
            failed_at=now if given_up else None,
            last_error=str(error)[:300],
            **extra,
        )
        return outcome
    rows.filter(pk=pk).update(sent_at=now, due_at=None, last_error="")
    return Outcome.SENT
