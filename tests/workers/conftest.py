"""A real Celery worker process for the tests that depend on one.

The worker is a separate OS process, consuming from Redis and writing to the same PostgreSQL
test database as the test (so those tests use `transaction=True`: the worker must see commits).
Each test session gets its own queue, so parallel runs on one Redis never steal each other's work.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from workers.celery import app

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """One `celery worker` OS process; can be killed hard and started again."""

    def __init__(self, *, queue: str, concurrency: int = 2) -> None:
        self.queue = queue
        self.concurrency = concurrency
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(settings.VAR_DIR) / f"worker-{queue}.log"

    def environment(self) -> dict[str, str]:
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        return {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": settings.REDIS_URL,
            "LISKO_CELERY_QUEUE": self.queue,
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(self.concurrency),
                "--queues",
                self.queue,
                "--hostname",
                f"test-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_consuming()

    def wait_until_consuming(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.log_path.exists() and b" ready." in self.log_path.read_bytes():
                return
            assert self.process is not None and self.process.poll() is None, self.log_tail()
            time.sleep(0.2)
        raise AssertionError(f"The worker did not start in {timeout_s} s:\n{self.log_tail()}")

    def kill_hard(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children, mid-task."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log_path.write_bytes(b"")  # so the next start waits for its own "ready"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no worker log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A queue of this test's own; the test process publishes to it."""
    if not settings.REDIS_URL:
        pytest.fail("Worker tests need Redis: set REDIS_URL.")
    queue = f"lisko-test-{uuid.uuid4().hex[:10]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous


@pytest.fixture
def celery_worker_process(worker_queue: str, transactional_db: None) -> Iterator[WorkerProcess]:
    """A running worker process consuming this test's queue."""
    worker = WorkerProcess(queue=worker_queue)
    worker.log_path.write_bytes(b"")
    worker.start()
    yield worker
    worker.stop()
