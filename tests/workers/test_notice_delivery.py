"""Notices through a real worker: the social worker hears of an accepted offer within moments,
and no notice is lost or sent twice when Redis restarts while interpreters accept.

The Redis restart runs on a redis-server of the test's own; the shared one is never touched.
Each test prints its figures as JSON (docs/notices.md reports them).
"""

import datetime as dt
import json
import statistics
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, create_offer
from lisko.interpreters.models import Interpreter
from lisko.notifications import outbox
from lisko.notifications.models import Notification, PendingNotice
from tests.conftest import Personas
from tests.factories.core import ClientFactory
from tests.factories.interpreting import AppointmentFactory, InterpreterFactory
from tests.workers.conftest import PrivateRedis, WorkerProcess, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]


def offers(personas: Personas, count: int) -> list[Assignment]:
    """`count` offers to one interpreter, each for an appointment of its own an hour apart."""
    interpreter: Interpreter = InterpreterFactory(
        organisation=personas.organisation, user=personas.interpreter
    )
    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)
    first = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    made = []
    for number in range(count):
        appointment = AppointmentFactory(
            client=client,
            status=Appointment.Status.REQUESTED,
            booked_by=personas.social_worker,
            start=first + dt.timedelta(hours=2 * number),
            end=first + dt.timedelta(hours=2 * number + 1),
        )
        made.append(
            create_offer(appointment=appointment, interpreter=interpreter, by=personas.coordinator)
        )
    return made


def accepted_notices(personas: Personas) -> int:
    return Notification.objects.filter(
        recipient=personas.social_worker, kind=Notification.Kind.ACCEPTED
    ).count()


@pytest.fixture
def worker_on_private_redis(
    private_redis: PrivateRedis, worker_queue: str, transactional_db: None
) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(queue=worker_queue, redis_url=private_redis.url)
    worker.log_path.write_bytes(b"")
    worker.start()
    worker.wait_until_consuming()
    yield worker
    worker.stop()


@pytest.mark.django_db(transaction=True)
def test_the_social_worker_hears_of_an_accepted_offer_within_seconds(
    celery_worker_process: WorkerProcess, personas: Personas
) -> None:
    celery_worker_process.wait_until_consuming()
    latencies = []
    for offer in offers(personas, 10):
        before = accepted_notices(personas)
        accepted = time.monotonic()
        accept_offer(assignment=offer, by=personas.interpreter)
        wait_until(
            lambda: accepted_notices(personas) > before,  # noqa: B023 (awaited in the loop)
            timeout_s=30,
            tick=0.02,
            message=celery_worker_process.log_tail(),
        )
        latencies.append(time.monotonic() - accepted)

    assert accepted_notices(personas) == 10
    print(
        json.dumps(
            {
                "accepted_offers": len(latencies),
                "accept_to_notice_median_ms": round(statistics.median(latencies) * 1000),
                "accept_to_notice_max_ms": round(max(latencies) * 1000),
            }
        )
    )


@pytest.mark.django_db(transaction=True)
def test_no_notice_is_lost_or_doubled_when_redis_restarts_while_offers_are_accepted(
    worker_on_private_redis: WorkerProcess, private_redis: PrivateRedis, personas: Personas
) -> None:
    assert private_redis.url != settings.REDIS_URL
    made = offers(personas, 30)
    down_s = 0.0
    for number, offer in enumerate(made):
        # Each accept writes its pending notice and enqueues its job on commit; Redis goes
        # down in the middle, so ten jobs are never enqueued.
        if number == 10:
            went_down = time.monotonic()
            private_redis.stop()
        if number == 20:
            private_redis.start()
            down_s = time.monotonic() - went_down
        accept_offer(assignment=offer, by=personas.interpreter)
    restarted = time.monotonic()

    def all_told() -> bool:
        if PendingNotice.objects.filter(told_at__isnull=True).exists():
            # The beat's sweep, run as if a minute had passed.
            outbox.tell_untold(now=timezone.now() + outbox.STALLED)
            return False
        return True

    recover_s = wait_until(
        all_told, timeout_s=120, tick=0.5, message=worker_on_private_redis.log_tail()
    )

    assert accepted_notices(personas) == 30
    assert (
        Notification.objects.filter(recipient=personas.social_worker)
        .values("key")
        .distinct()
        .count()
        == Notification.objects.filter(recipient=personas.social_worker).count()
    )
    assert not PendingNotice.objects.filter(failed_at__isnull=False).exists()
    print(
        json.dumps(
            {
                "accepted_offers": len(made),
                "redis_down_s": round(down_s, 1),
                "notices": accepted_notices(personas),
                "all_told_after_restart_s": round(recover_s, 1),
                "since_restart_s": round(time.monotonic() - restarted, 1),
            }
        )
    )
