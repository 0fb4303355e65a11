import pytest

from tests.workers.conftest import WorkerProcess
from workers.tasks import ping

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def test_a_separate_worker_process_runs_tasks_from_redis(
    celery_worker_process: WorkerProcess,
) -> None:
    assert ping.delay().get(timeout=30) == "pong"


def test_a_task_survives_a_worker_killed_hard(celery_worker_process: WorkerProcess) -> None:
    celery_worker_process.kill_hard()
    pending = ping.delay()

    celery_worker_process.start()

    assert pending.get(timeout=60) == "pong"
