"""Redis restarts under load: every request still finishes, nothing is stuck after the sweep.

The test runs its own redis-server (append-only file on) and restarts that one; the shared
Redis other tests use is never touched.
"""

import datetime as dt
import json
import random
import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from lisko.appointments.models import Appointment
from lisko.appointments.services import request_interpreter
from lisko.matchingruns.sweeps import sweep_stuck
from tests.conftest import Personas
from tests.workers.conftest import PrivateRedis, WorkerProcess, wait_until
from tests.workers.test_chaos import FINAL, add_requests, build_pool

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def worker_on_private_redis(
    private_redis: PrivateRedis, worker_queue: str, transactional_db: None
) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(queue=worker_queue, redis_url=private_redis.url)
    worker.log_path.write_bytes(b"")
    worker.start()
    yield worker
    worker.stop()


@pytest.mark.django_db(transaction=True)
def test_every_request_finishes_although_redis_restarts_under_load(
    worker_on_private_redis: WorkerProcess, private_redis: PrivateRedis, personas: Personas
) -> None:
    assert private_redis.url != settings.REDIS_URL
    rng = random.Random(7)
    build_pool(personas.organisation, rng)
    ids = add_requests(personas, 30, rng)
    Appointment.objects.filter(pk__in=ids).update(status=Appointment.Status.DRAFT)

    started = time.monotonic()
    down_s = 0.0
    for number, appointment in enumerate(Appointment.objects.filter(pk__in=ids)):
        # Each request enqueues its instant match on commit; Redis goes down in the middle.
        request_interpreter(appointment=appointment, by=personas.social_worker)
        if number == 10:
            went_down = time.monotonic()
            private_redis.stop()
        if number == 20:
            private_redis.start()
            down_s = time.monotonic() - went_down
    restarted = time.monotonic()

    def finished() -> bool:
        done = not Appointment.objects.filter(pk__in=ids).exclude(status__in=FINAL).exists()
        if not done:  # the beat's sweep
            sweep_stuck(stalled=dt.timedelta(seconds=3))
        return done

    recover_s = wait_until(
        finished, timeout_s=120, tick=1.0, message=worker_on_private_redis.log_tail()
    )

    assert sweep_stuck(stalled=dt.timedelta(0)).requests_enqueued == 0
    print(
        json.dumps(
            {
                "requests": len(ids),
                "redis_down_s": round(down_s, 1),
                "recovered_after_restart_s": round(recover_s, 1),
                "total_s": round(time.monotonic() - started, 1),
                "since_restart_s": round(time.monotonic() - restarted, 1),
            }
        )
    )
